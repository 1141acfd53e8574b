package otp

import (
	"encoding/base32"
	"strings"
)

// b32 is RFC 4648 base32 without padding, the form URIs should carry.
var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// maxSecretText bounds the text of a secret before it is cleaned: the
// base32 of MaxSecretLen bytes with room for spaces between groups.
const maxSecretText = 4 * MaxSecretLen

// ParseSecret reads a bare base32 secret, as sites print it under their QR
// code: upper or lower case, with or without '=' padding, with spaces or
// hyphens between groups. It returns a TOTP key with the defaults (SHA-1,
// 6 digits, 30 seconds) and no issuer or account name.
//
// A bare secret is typed or pasted by a person, so one shorter than
// [MinBareSecretLen] bytes is refused as a mistake (a word, a code, a
// truncated paste: "not a uri" is valid base32 of 4 bytes). Secrets in
// otpauth:// URIs, which programs write, are taken at any length.
func ParseSecret(s string) (Key, error) {
	secret, err := decodeSecret(s)
	if err != nil {
		return Key{}, err
	}
	if len(secret) < MinBareSecretLen {
		return Key{}, invalidf("secret is %d bits, too short for a one-time-code secret (at least %d: %d base32 characters); paste the whole secret or the otpauth:// URI", 8*len(secret), 8*MinBareSecretLen, 8*MinBareSecretLen/5)
	}
	return NewKey(TOTP, secret)
}

// MinBareSecretLen is the shortest bare secret ParseSecret takes, in
// bytes: 80 bits, the 16 base32 characters of the shortest secrets sites
// hand out (RFC 4226 asks for 128 bits and recommends 160).
const MinBareSecretLen = 10

// decodeSecret decodes a lenient base32 secret. Its errors say what is
// wrong, never which characters.
func decodeSecret(s string) ([]byte, error) {
	if len(s) > maxSecretText {
		return nil, invalidf("secret is longer than %d bytes", MaxSecretLen)
	}
	clean := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '-':
			continue
		case 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		}
		clean = append(clean, c)
	}
	text := strings.TrimRight(string(clean), "=")
	switch {
	case text == "":
		return nil, invalidf("secret is empty")
	case strings.IndexFunc(text, notBase32) >= 0:
		return nil, invalidf("secret is not base32: use only letters A-Z and digits 2-7")
	}
	switch len(text) % 8 {
	case 1, 3, 6:
		// No whole number of bytes has this length in base32.
		return nil, invalidf("secret has a character too many or too few for base32")
	}
	secret, err := b32.DecodeString(text)
	if err != nil {
		return nil, invalidf("secret is not base32: use only letters A-Z and digits 2-7")
	}
	if len(secret) > MaxSecretLen {
		return nil, invalidf("secret is longer than %d bytes", MaxSecretLen)
	}
	return secret, nil
}

// notBase32 reports whether r is outside the upper-case base32 alphabet.
func notBase32(r rune) bool {
	return (r < 'A' || r > 'Z') && (r < '2' || r > '7')
}
