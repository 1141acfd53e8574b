// Reading and writing otpauth:// URIs (Google's Key Uri Format with the
// extensions other apps write).

package otp

import (
	"net/url"
	"strconv"
	"strings"
)

// MaxURILen bounds the otpauth:// URIs read: room for the longest secret
// and names, percent-encoded.
const MaxURILen = 8 << 10

// Parse reads what a user pastes as a one-time code: an otpauth:// URI (see
// [ParseURI]) or a bare base32 secret (see [ParseSecret]). Surrounding
// white space is ignored. A Google Authenticator export is refused with a
// hint: it holds several keys; read it with [ParseMigration].
func Parse(s string) (Key, error) {
	t := strings.TrimSpace(s)
	switch {
	case hasPrefixFold(t, "otpauth://"):
		return ParseURI(t)
	case hasPrefixFold(t, "otpauth-migration:"):
		return Key{}, invalidf("this is a Google Authenticator export, which may hold several codes: import it instead")
	case strings.Contains(t, ":"):
		return Key{}, invalidf("expected an otpauth:// URI or a base32 secret")
	}
	return ParseSecret(t)
}

// ParseURI reads an otpauth:// URI:
//
//	otpauth://TYPE/[ISSUER:]ACCOUNT?secret=BASE32[&issuer=ISSUER][&algorithm=SHA1|SHA256|SHA512]
//	          [&digits=6..10][&period=SECONDS][&counter=N][&encoder=steam]
//
// TYPE is totp, hotp or steam (case-insensitive). The label is
// percent-decoded and split at its first colon (literal or %3A); spaces
// after the colon are dropped. When both the label's issuer and the issuer
// parameter are given they must agree (ignoring case, and '+' for a space);
// a mismatch is an error. secret is lenient base32 as in [ParseSecret].
// counter is required for hotp. KeePassXC marks Steam keys
// "otpauth://totp/...&encoder=steam"; Aegis and andOTP write
// "otpauth://steam/..."; both are read. For Steam, digits, period and
// algorithm may only repeat Steam's fixed values. period is ignored for
// hotp and counter for time-based keys; unknown parameters (image, color,
// ...) are ignored; a parameter given twice is an error.
//
// Errors wrap [ErrInvalid] and never contain the secret.
func ParseURI(s string) (Key, error) {
	if len(s) > MaxURILen {
		return Key{}, invalidf("URI is longer than %d bytes", MaxURILen)
	}
	s = strings.TrimSpace(s)
	if !hasPrefixFold(s, "otpauth://") {
		return Key{}, invalidf("URI does not start with otpauth://")
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			return Key{}, invalidf("URI contains a control character")
		}
	}
	if strings.Contains(s, "#") {
		return Key{}, invalidf("URI contains '#': write it as %%23")
	}
	rest := s[len("otpauth://"):]
	rawQuery := ""
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		rest, rawQuery = rest[:i], rest[i+1:]
	}
	typeName, rawLabel, _ := strings.Cut(rest, "/")

	p, err := parseQuery(rawQuery)
	if err != nil {
		return Key{}, err
	}
	k, err := keyOfType(typeName, p)
	if err != nil {
		return Key{}, err
	}
	if err := p.apply(&k); err != nil {
		return Key{}, err
	}
	if err := k.setLabel(rawLabel, p); err != nil {
		return Key{}, err
	}
	if err := k.Validate(); err != nil {
		return Key{}, err
	}
	return k, nil
}

// params holds the known query parameters, decoded. A nil pointer means
// the parameter was absent.
type params struct {
	secret, issuer, algorithm, digits, period, counter, encoder *string
}

// parseQuery splits a raw query into the known parameters.
func parseQuery(raw string) (params, error) {
	var p params
	for piece := range strings.SplitSeq(raw, "&") {
		if piece == "" {
			continue
		}
		rawName, rawValue, _ := strings.Cut(piece, "=")
		name, err := url.QueryUnescape(rawName)
		if err != nil {
			// An unknown parameter's bad escape is no reason to refuse.
			continue
		}
		slot := p.slot(strings.ToLower(name))
		if slot == nil {
			continue
		}
		if *slot != nil {
			return params{}, invalidf("parameter %s is given twice", strings.ToLower(name))
		}
		value, err := url.QueryUnescape(rawValue)
		if err != nil {
			return params{}, invalidf("parameter %s has a bad %%-escape", strings.ToLower(name))
		}
		*slot = &value
	}
	if p.secret == nil {
		return params{}, invalidf("URI has no secret parameter")
	}
	return p, nil
}

// slot returns where the parameter called name goes, or nil if unknown.
func (p *params) slot(name string) **string {
	switch name {
	case "secret":
		return &p.secret
	case "issuer":
		return &p.issuer
	case "algorithm":
		return &p.algorithm
	case "digits":
		return &p.digits
	case "period":
		return &p.period
	case "counter":
		return &p.counter
	case "encoder":
		return &p.encoder
	}
	return nil
}

// keyOfType starts a key with the defaults of the URI's type, decoding the
// secret.
func keyOfType(typeName string, p params) (Key, error) {
	var t Type
	switch strings.ToLower(typeName) {
	case "totp":
		t = TOTP
	case "hotp":
		t = HOTP
	case "steam":
		t = Steam
	case "":
		return Key{}, invalidf("URI has no type: expected otpauth://totp/ or otpauth://hotp/")
	default:
		return Key{}, invalidf("type must be totp, hotp or steam")
	}
	if p.encoder != nil {
		switch {
		case !strings.EqualFold(*p.encoder, "steam"):
			return Key{}, invalidf("encoder must be steam")
		case t == HOTP:
			return Key{}, invalidf("the steam encoder needs a time-based key (totp)")
		}
		t = Steam
	}
	secret, err := decodeSecret(*p.secret)
	if err != nil {
		return Key{}, err
	}
	return NewKey(t, secret)
}

// apply sets algorithm, digits, period and counter from the parameters.
func (p params) apply(k *Key) error {
	if p.algorithm != nil {
		a, err := parseAlgorithm(*p.algorithm)
		if err != nil {
			return err
		}
		if k.Type == Steam && a != SHA1 {
			return invalidf("Steam codes use SHA1")
		}
		k.Algorithm = a
	}
	if p.digits != nil {
		d, ok := smallNumber(*p.digits)
		if k.Type == Steam {
			if d != SteamDigits {
				return invalidf("Steam codes have %d characters", SteamDigits)
			}
		} else if !ok || d < MinDigits || d > MaxDigits {
			return invalidf("digits must be %d to %d", MinDigits, MaxDigits)
		}
		k.Digits = d
	}
	if p.period != nil && k.Type.TimeBased() {
		s, ok := smallNumber(*p.period)
		if k.Type == Steam {
			if s != DefaultPeriod {
				return invalidf("Steam codes change every %d seconds", DefaultPeriod)
			}
		} else if !ok || s < 1 || s > MaxPeriod {
			return invalidf("period must be 1 to %d seconds", MaxPeriod)
		}
		k.Period = s
	}
	if k.Type == HOTP {
		if p.counter == nil {
			return invalidf("an hotp URI needs a counter parameter")
		}
		c, err := strconv.ParseUint(*p.counter, 10, 64)
		if err != nil || !isDigits(*p.counter) {
			return invalidf("counter must be a whole number from 0 to %d", uint64(1<<64-1))
		}
		k.Counter = c
	}
	return nil
}

// parseAlgorithm reads SHA1, SHA256 or SHA512 in any case, with or without
// a hyphen after SHA.
func parseAlgorithm(s string) (Algorithm, error) {
	switch strings.ReplaceAll(strings.ToUpper(s), "-", "") {
	case "SHA1":
		return SHA1, nil
	case "SHA256":
		return SHA256, nil
	case "SHA512":
		return SHA512, nil
	case "MD5":
		return 0, invalidf("algorithm MD5 is not supported: use SHA1, SHA256 or SHA512")
	}
	return 0, invalidf("algorithm must be SHA1, SHA256 or SHA512")
}

// smallNumber reads a decimal number of at most six digits, no sign.
func smallNumber(s string) (int, bool) {
	if len(s) > 6 || !isDigits(s) {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// isDigits reports whether s is non-empty and only ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// setLabel sets the issuer and account from the raw label and the issuer
// parameter.
func (k *Key) setLabel(rawLabel string, p params) error {
	label, err := url.PathUnescape(rawLabel)
	if err != nil {
		return invalidf("label has a bad %%-escape")
	}
	prefix, account, hasPrefix := strings.Cut(label, ":")
	if !hasPrefix {
		prefix, account = "", label
	}
	prefix = strings.TrimSpace(prefix)
	k.Account = strings.TrimSpace(account)
	k.Issuer = prefix
	if p.issuer != nil {
		param := strings.TrimSpace(*p.issuer)
		if prefix != "" && param != "" && !strings.EqualFold(prefix, param) &&
			!strings.EqualFold(strings.ReplaceAll(prefix, "+", " "), param) {
			return invalidf("the issuer in the label and the issuer parameter differ: make them equal or remove one")
		}
		if param != "" {
			k.Issuer = param
		}
	}
	return nil
}

// URI returns the canonical otpauth:// URI of the key: the form to store.
// Parsing it gives back the same key, and it is written the same way
// every time:
//
//	otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER&algorithm=SHA1&digits=6&period=30
//	otpauth://hotp/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER&algorithm=SHA1&digits=6&counter=0
//	otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER&algorithm=SHA1&digits=5&period=30&encoder=steam
//
// The secret is unpadded upper-case base32; names are percent-encoded (all
// but letters, digits, "-._~@"); without an issuer the label is the
// account alone and there is no issuer parameter. Steam keys use
// KeePassXC's form.
func (k Key) URI() (string, error) {
	if err := k.Validate(); err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("otpauth://")
	if k.Type == HOTP {
		b.WriteString("hotp/")
	} else {
		b.WriteString("totp/")
	}
	if k.Issuer != "" {
		b.WriteString(escape(k.Issuer))
		b.WriteByte(':')
	}
	b.WriteString(escape(k.Account))
	b.WriteString("?secret=")
	b.WriteString(b32.EncodeToString(k.secret))
	if k.Issuer != "" {
		b.WriteString("&issuer=")
		b.WriteString(escape(k.Issuer))
	}
	b.WriteString("&algorithm=")
	b.WriteString(k.Algorithm.String())
	b.WriteString("&digits=")
	b.WriteString(strconv.Itoa(k.Digits))
	if k.Type == HOTP {
		b.WriteString("&counter=")
		b.WriteString(strconv.FormatUint(k.Counter, 10))
	} else {
		b.WriteString("&period=")
		b.WriteString(strconv.Itoa(k.Period))
	}
	if k.Type == Steam {
		b.WriteString("&encoder=steam")
	}
	return b.String(), nil
}

// escape percent-encodes all but RFC 3986's unreserved characters and '@',
// which are safe both in a path segment and in a query value.
func escape(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~' || c == '@' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&0x0f])
	}
	return b.String()
}

// hasPrefixFold reports whether s starts with prefix, ignoring ASCII case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
