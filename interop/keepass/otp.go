// This file holds the one-time codes of KeePass entries: KeePassXC's
// attributes (read by kdbx.Entry.OTP) and KeePass 2's own TimeOtp-* and
// HmacOtp-* attributes, read into passtea's otpauth:// URIs and written
// back.

package keepass

import (
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/passtea/passtea/interop"
	"github.com/passtea/passtea/interop/kdbx"
	"github.com/passtea/passtea/otp"
)

// KeePass 2's one-time-code attributes (KeePass 2.47 and later; the
// {TIMEOTP} and {HMACOTP} placeholders). The secret is in one of four
// encodings, the first present wins, in this order.
const (
	timePrefix     = "TimeOtp-"
	hmacPrefix     = "HmacOtp-"
	secretPlain    = "Secret"
	secretHex      = "Secret-Hex"
	secretBase32   = "Secret-Base32"
	secretBase64   = "Secret-Base64"
	timeLength     = timePrefix + "Length"
	timePeriod     = timePrefix + "Period"
	timeAlgorithm  = timePrefix + "Algorithm"
	hmacCounter    = hmacPrefix + "Counter"
	hmacSecretBase = hmacPrefix + secretBase32
	keepassDigits  = 6
)

// setOTP sets the entry's one-time code from KeePassXC's attributes
// ("otp", or "TOTP Seed" with "TOTP Settings") and KeePass 2's, and
// returns the attributes it used: the others become custom fields. A
// second, different code is kept as a hidden field (interop's SetOTP).
func setOTP(e *interop.Entry, ke *kdbx.Entry) map[string]bool {
	used := map[string]bool{}
	if uri, ok := ke.OTP(); ok {
		if _, legacy := ke.Field(kdbx.FieldTOTPSettings); legacy {
			e.SetOTP(kdbx.FieldTOTPSeed, uri, false)
			used[kdbx.FieldTOTPSeed], used[kdbx.FieldTOTPSettings] = true, true
			// KeePassXC reads the older pair first; an "otp" beside it
			// is another code, or the same.
			if f, ok := ke.Field(kdbx.FieldOTP); ok {
				alone := &kdbx.Entry{Fields: []kdbx.Field{f, {Key: kdbx.FieldTitle, Value: ke.Get(kdbx.FieldTitle)},
					{Key: kdbx.FieldUserName, Value: ke.Get(kdbx.FieldUserName)}}}
				if uri, ok := alone.OTP(); ok {
					e.SetOTP(kdbx.FieldOTP, uri, false)
					used[kdbx.FieldOTP] = true
				}
			}
		} else {
			e.SetOTP(kdbx.FieldOTP, uri, false)
			used[kdbx.FieldOTP] = true
		}
	}
	for _, prefix := range []string{timePrefix, hmacPrefix} {
		if uri, keys, ok := nativeOTP(ke, prefix); ok {
			e.SetOTP(prefix+"Secret", uri, false)
			for _, k := range keys {
				used[k] = true
			}
		}
	}
	return used
}

// nativeOTP reads KeePass 2's time-based (prefix "TimeOtp-") or
// counter-based ("HmacOtp-") attributes as a URI, labelled with the
// entry's title and user name, and returns the attributes it read.
func nativeOTP(ke *kdbx.Entry, prefix string) (string, []string, bool) {
	var secret []byte
	var keys []string
	for _, enc := range []string{secretPlain, secretHex, secretBase32, secretBase64} {
		f, ok := ke.Field(prefix + enc)
		if !ok {
			continue
		}
		s, err := decodeSecret(enc, f.Value)
		if err != nil || len(s) == 0 {
			return "", nil, false
		}
		secret, keys = s, append(keys, prefix+enc)
		break
	}
	if secret == nil {
		return "", nil, false
	}
	typ := otp.TOTP
	if prefix == hmacPrefix {
		typ = otp.HOTP
	}
	k, err := otp.NewKey(typ, secret)
	if err != nil {
		return "", nil, false
	}
	number := func(key string, def int) (int, bool) {
		f, ok := ke.Field(key)
		if !ok || strings.TrimSpace(f.Value) == "" {
			return def, true
		}
		keys = append(keys, key)
		n, err := strconv.Atoi(strings.TrimSpace(f.Value))
		return n, err == nil
	}
	var ok bool
	if typ == otp.HOTP {
		f, has := ke.Field(hmacCounter)
		if has && strings.TrimSpace(f.Value) != "" {
			keys = append(keys, hmacCounter)
			if k.Counter, err = strconv.ParseUint(strings.TrimSpace(f.Value), 10, 64); err != nil {
				return "", nil, false
			}
		}
	} else {
		if k.Digits, ok = number(timeLength, keepassDigits); !ok {
			return "", nil, false
		}
		if k.Period, ok = number(timePeriod, otp.DefaultPeriod); !ok {
			return "", nil, false
		}
		if f, has := ke.Field(timeAlgorithm); has && strings.TrimSpace(f.Value) != "" {
			keys = append(keys, timeAlgorithm)
			if k.Algorithm, ok = algorithmOf(f.Value); !ok {
				return "", nil, false
			}
		}
	}
	if k.Validate() != nil {
		return "", nil, false
	}
	labelled := k
	labelled.Issuer, labelled.Account = strings.TrimSpace(ke.Get(kdbx.FieldTitle)), strings.TrimSpace(ke.Get(kdbx.FieldUserName))
	if labelled.Validate() == nil {
		k = labelled
	}
	uri, err := k.URI()
	return uri, keys, err == nil
}

// decodeSecret decodes a KeePass secret in one of its encodings (the
// plain one is UTF-8 text).
func decodeSecret(enc, s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	switch enc {
	case secretHex:
		return hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	case secretBase32:
		s = strings.ToUpper(strings.TrimRight(strings.ReplaceAll(s, " ", ""), "="))
		return base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(s)
	case secretBase64:
		return base64.StdEncoding.DecodeString(s)
	}
	return []byte(s), nil
}

// algorithmOf reads KeePass's "HMAC-SHA-256" (and "SHA256", "sha-256").
func algorithmOf(s string) (otp.Algorithm, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	s = strings.ReplaceAll(strings.TrimPrefix(s, "HMAC-"), "-", "")
	switch s {
	case "SHA1":
		return otp.SHA1, true
	case "SHA256":
		return otp.SHA256, true
	case "SHA512":
		return otp.SHA512, true
	}
	return 0, false
}

// writeOTP stores a one-time code on an exported entry: time-based codes
// in KeePassXC's "otp" attribute (KeePassXC shows their codes, and
// KeePass reads it with a plugin); counter-based ones in KeePass 2's
// HmacOtp-Secret-Base32 and HmacOtp-Counter, because KeePassXC would show
// time-based codes for an otpauth://hotp URI. It reports whether the
// code survives a round trip: an HOTP code's digits, algorithm and label
// are not in KeePass's attributes.
func writeOTP(ke *kdbx.Entry, uri string) bool {
	k, err := otp.ParseURI(uri)
	if err != nil {
		// The vault holds only codes that parse; keep it as it is.
		ke.SetOTP(uri)
		return true
	}
	if k.Type != otp.HOTP {
		ke.SetOTP(uri)
		return true
	}
	ke.Set(hmacSecretBase, base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(k.Secret()), true)
	ke.Set(hmacCounter, strconv.FormatUint(k.Counter, 10), false)
	back, _, ok := nativeOTP(ke, hmacPrefix)
	return ok && back == uri
}
