package otp

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"fmt"
	"hash"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Type says how a key's codes are made.
type Type int

// The kinds of one-time codes. The zero Type is not valid, so a Key whose
// type was never set is refused rather than guessed.
const (
	TOTP  Type = iota + 1 // RFC 6238: time-based, decimal
	HOTP                  // RFC 4226: counter-based, decimal
	Steam                 // Steam Guard: RFC 6238 time steps, 5 characters of Steam's alphabet
)

// String returns the name used in otpauth URIs: "totp", "hotp" or "steam".
func (t Type) String() string {
	switch t {
	case TOTP:
		return "totp"
	case HOTP:
		return "hotp"
	case Steam:
		return "steam"
	}
	return fmt.Sprintf("Type(%d)", int(t))
}

// TimeBased reports whether codes of this type change with time.
func (t Type) TimeBased() bool { return t == TOTP || t == Steam }

// Algorithm is the HMAC hash function.
type Algorithm int

// The hash functions RFC 6238 names. The zero Algorithm is not valid.
const (
	SHA1 Algorithm = iota + 1
	SHA256
	SHA512
)

// String returns the name used in otpauth URIs: "SHA1", "SHA256", "SHA512".
func (a Algorithm) String() string {
	switch a {
	case SHA1:
		return "SHA1"
	case SHA256:
		return "SHA256"
	case SHA512:
		return "SHA512"
	}
	return fmt.Sprintf("Algorithm(%d)", int(a))
}

// hash returns the constructor of a's hash function, or nil.
func (a Algorithm) hash() func() hash.Hash {
	switch a {
	case SHA1:
		return sha1.New
	case SHA256:
		return sha256.New
	case SHA512:
		return sha512.New
	}
	return nil
}

// Limits on what a key may hold. Keys read from URIs, exports or the vault
// are checked against them before any code is computed.
const (
	MinDigits     = 6     // fewest decimal digits (RFC 4226 §5.3)
	MaxDigits     = 10    // most decimal digits: the 31-bit value has 10
	SteamDigits   = 5     // length of a Steam Guard code
	DefaultDigits = 6     // digits when a URI or secret does not say
	DefaultPeriod = 30    // seconds per time step when not said (RFC 6238 §5.2)
	MaxPeriod     = 86400 // longest time step in seconds (one day, as KeePassXC)
	MaxSecretLen  = 1024  // longest secret in bytes
	MaxLabelLen   = 256   // longest issuer or account name in bytes
)

// Key is everything needed to make one-time codes for one account.
//
// The secret is not an exported field, so it never leaves through
// reflection (encoding/json, a logger that walks structs); printing a Key
// with any fmt verb shows a redacted form. Use [Key.Secret] to read it and
// [Key.URI] to store the whole key.
type Key struct {
	Type      Type
	Algorithm Algorithm
	Digits    int    // code length: MinDigits to MaxDigits; SteamDigits for Steam
	Period    int    // seconds per time step for TOTP and Steam; 0 for HOTP
	Counter   uint64 // HOTP: the counter of the next code to issue; 0 otherwise
	Issuer    string // who the account is with, e.g. "GitHub"; may be empty
	Account   string // the account name, e.g. "alice@example.com"; may be empty

	secret []byte
}

// NewKey returns a key of type t for the secret (which it copies) with the
// defaults of the Key URI Format: SHA-1, 6 digits and 30-second steps for
// TOTP; SHA-1, 6 digits and counter 0 for HOTP; Steam's fixed parameters
// for Steam. Change the exported fields afterwards as needed.
func NewKey(t Type, secret []byte) (Key, error) {
	k := Key{Type: t, Algorithm: SHA1, Digits: DefaultDigits, Period: DefaultPeriod}
	switch t {
	case HOTP:
		k.Period = 0
	case Steam:
		k.Digits = SteamDigits
	}
	k.secret = append([]byte(nil), secret...)
	if err := k.Validate(); err != nil {
		return Key{}, err
	}
	return k, nil
}

// Secret returns a copy of the shared secret.
func (k Key) Secret() []byte { return append([]byte(nil), k.secret...) }

// Validate checks every field against the limits above. Parsers return only
// keys that pass it; check keys built or changed by hand.
func (k Key) Validate() error {
	if err := k.checkParams(); err != nil {
		return err
	}
	if err := checkLabel("issuer", k.Issuer); err != nil {
		return err
	}
	if strings.Contains(k.Issuer, ":") {
		return invalidf("issuer must not contain ':'")
	}
	if err := checkLabel("account name", k.Account); err != nil {
		return err
	}
	if k.Issuer == "" && strings.Contains(k.Account, ":") {
		// The URI label would read as "issuer:account".
		return invalidf("an account name with ':' needs an issuer")
	}
	return nil
}

// checkParams checks what code generation depends on.
func (k Key) checkParams() error {
	switch {
	case len(k.secret) == 0:
		return invalidf("secret is empty")
	case len(k.secret) > MaxSecretLen:
		return invalidf("secret is longer than %d bytes", MaxSecretLen)
	case k.Algorithm.hash() == nil:
		return invalidf("algorithm must be SHA1, SHA256 or SHA512")
	}
	switch k.Type {
	case TOTP, HOTP:
		if k.Digits < MinDigits || k.Digits > MaxDigits {
			return invalidf("digits must be %d to %d", MinDigits, MaxDigits)
		}
	case Steam:
		if k.Digits != SteamDigits || k.Algorithm != SHA1 || k.Period != DefaultPeriod {
			return invalidf("Steam codes are 5 characters, SHA1, 30 seconds")
		}
	default:
		return invalidf("type must be totp, hotp or steam")
	}
	if k.Type.TimeBased() {
		if k.Period < 1 || k.Period > MaxPeriod {
			return invalidf("period must be 1 to %d seconds", MaxPeriod)
		}
		if k.Counter != 0 {
			return invalidf("a time-based key has no counter")
		}
	} else if k.Period != 0 {
		return invalidf("an HOTP key has no period")
	}
	return nil
}

// checkLabel refuses what must not reach a terminal or a file name: invalid
// UTF-8 and control characters (C0, DEL, C1, and Unicode format controls
// such as bidirectional overrides), and overlong names.
func checkLabel(what, s string) error {
	if len(s) > MaxLabelLen {
		return invalidf("%s is longer than %d bytes", what, MaxLabelLen)
	}
	if !utf8.ValidString(s) {
		return invalidf("%s is not valid UTF-8", what)
	}
	if strings.TrimSpace(s) != s {
		return invalidf("%s begins or ends with a space", what)
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return invalidf("%s contains a control character", what)
		}
	}
	return nil
}

// String describes the key without its secret.
func (k Key) String() string {
	return fmt.Sprintf("otp.Key{Type: %s, Issuer: %q, Account: %q, Algorithm: %s, Digits: %d, Period: %d, Counter: %d, Secret: redacted}",
		k.Type, k.Issuer, k.Account, k.Algorithm, k.Digits, k.Period, k.Counter)
}

// GoString is String, so %#v does not print the secret either.
func (k Key) GoString() string { return k.String() }

// Format prints [Key.String] for every verb, so that no verb (%d, %x, %+v)
// walks the struct and prints the secret's bytes.
func (k Key) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(k.String())) }
