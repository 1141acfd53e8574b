// KeePassXC's one-time-code attributes, read as KeePassXC's Totp::parseSettings
// reads them (src/totp/totp.cpp) and given back as one otpauth:// URI.

package kdbx

import (
	"net/url"
	"strconv"
	"strings"
)

// The attributes KeePassXC keeps one-time-code settings in.
const (
	FieldOTP          = "otp"           // an otpauth:// URI, or KeeOTP's key=…&size=…&step=…
	FieldTOTPSeed     = "TOTP Seed"     // older: the base32 secret
	FieldTOTPSettings = "TOTP Settings" // older: "period;digits" or "period;S" (Steam)
)

// OTP returns the entry's one-time-code setting as an otpauth:// URI, and
// whether it has one. Like KeePassXC it prefers "TOTP Settings" with
// "TOTP Seed" when both forms are present, and reads "otp" otherwise: an
// otpauth:// URI is returned unchanged; KeeOTP's and the older form are
// turned into the URI KeePassXC would write for them (label and issuer from
// the title and user name, digits bounded to 1..10 and period to 1..60 as
// KeePassXC bounds them, Steam codes as encoder=steam).
func (e *Entry) OTP() (string, bool) {
	if settings, ok := e.Field(FieldTOTPSettings); ok {
		return e.legacyOTP(settings.Value)
	}
	f, ok := e.Field(FieldOTP)
	if !ok || strings.TrimSpace(f.Value) == "" {
		return "", false
	}
	v := strings.TrimSpace(f.Value)
	if u, err := url.Parse(v); err == nil && u.Scheme == "otpauth" {
		return v, true
	}
	q, err := url.ParseQuery(v)
	if err != nil || !q.Has("key") {
		return "", false
	}
	digits, period := atoiOr(q.Get("size"), 6), atoiOr(q.Get("step"), 30)
	return e.otpURI(q.Get("key"), digits, period, false, q.Get("otpHashMode"))
}

// legacyOTP reads "TOTP Settings" ("30;6", "30;S") with "TOTP Seed".
func (e *Entry) legacyOTP(settings string) (string, bool) {
	seed := e.Get(FieldTOTPSeed)
	digits, period, steam := 6, 30, false
	if parts := strings.Split(settings, ";"); len(parts) >= 2 {
		if parts[1] == "S" {
			steam, digits = true, 5
		} else {
			period, digits = atoiOr(parts[0], 0), atoiOr(parts[1], 0)
		}
	}
	return e.otpURI(seed, digits, period, steam, "")
}

// otpURI builds the URI KeePassXC's Totp::writeSettings writes.
func (e *Entry) otpURI(secret string, digits, period int, steam bool, algorithm string) (string, bool) {
	secret = sanitizeBase32(secret)
	if secret == "" {
		return "", false
	}
	digits, period = max(1, min(digits, 10)), max(1, min(period, 60))
	title, user := e.Get(FieldTitle), e.Get(FieldUserName)
	if title == "" {
		title = "KeePassXC"
	}
	if user == "" {
		user = "none"
	}
	var b strings.Builder
	b.WriteString("otpauth://totp/" + percentEncode(title) + ":" + percentEncode(user))
	b.WriteString("?secret=" + secret + "&period=" + strconv.Itoa(period) + "&digits=" + strconv.Itoa(digits))
	b.WriteString("&issuer=" + percentEncode(title))
	if steam {
		b.WriteString("&encoder=steam")
	}
	switch strings.ToUpper(algorithm) {
	case "SHA256", "SHA512":
		b.WriteString("&algorithm=" + strings.ToUpper(algorithm))
	}
	return b.String(), true
}

// percentEncode escapes all but RFC 3986's unreserved characters, as Qt's
// QUrl::toPercentEncoding does.
func percentEncode(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for _, c := range []byte(s) {
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}

// sanitizeBase32 is KeePassXC's Base32::sanitizeInput without padding, in
// upper case: 0, 1 and 8 read as O, L and B, anything else not base32 is
// dropped.
func sanitizeBase32(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		switch {
		case c == '0':
			b.WriteByte('O')
		case c == '1':
			b.WriteByte('L')
		case c == '8':
			b.WriteByte('B')
		case 'A' <= c && c <= 'Z', '2' <= c && c <= '7':
			b.WriteByte(c)
		case 'a' <= c && c <= 'z':
			b.WriteByte(c - 'a' + 'A')
		}
	}
	return b.String()
}

// atoiOr parses s, or returns def when s is not a number (KeePassXC's
// toUInt yields 0 then, which the bounds lift to 1).
func atoiOr(s string, def int) int {
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0
	}
	return n
}

// SetOTP stores an otpauth:// URI the way KeePassXC does: in the protected
// "otp" attribute, replacing the older attributes.
func (e *Entry) SetOTP(uri string) {
	kept := e.Fields[:0]
	for _, f := range e.Fields {
		if f.Key != FieldTOTPSeed && f.Key != FieldTOTPSettings {
			kept = append(kept, f)
		}
	}
	e.Fields = kept
	e.Set(FieldOTP, uri, true)
}
