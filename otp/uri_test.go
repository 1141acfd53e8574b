package otp

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// jbswy is the Key Uri Format wiki's example secret, "Hello!\xde\xad\xbe\xef".
const jbswy = "JBSWY3DPEHPK3PXP"

var goodURIs = []struct {
	name string
	in   string
	want Key // secret is compared with wantSecret
	// canonical is the URI Key.URI writes; "" means the input itself.
	canonical string
}{
	{
		"Key Uri Format wiki example",
		"otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example",
		Key{Type: TOTP, Issuer: "Example", Account: "alice@google.com", Algorithm: SHA1, Digits: 6, Period: 30},
		"otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example&algorithm=SHA1&digits=6&period=30",
	},
	{
		"wiki example with every parameter",
		"otpauth://totp/ACME%20Co:john.doe@email.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30",
		Key{Type: TOTP, Issuer: "ACME Co", Account: "john.doe@email.com", Algorithm: SHA1, Digits: 6, Period: 30},
		"",
	},
	{
		"issuer parameter only",
		"otpauth://totp/alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example",
		Key{Type: TOTP, Issuer: "Example", Account: "alice@google.com", Algorithm: SHA1, Digits: 6, Period: 30},
		"otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example&algorithm=SHA1&digits=6&period=30",
	},
	{
		"issuer label prefix only",
		"otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP",
		Key{Type: TOTP, Issuer: "Example", Account: "alice", Algorithm: SHA1, Digits: 6, Period: 30},
		"otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example&algorithm=SHA1&digits=6&period=30",
	},
	{
		"colon as %3A, @ as %40",
		"otpauth://totp/Amazon%3Auser%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Amazon",
		Key{Type: TOTP, Issuer: "Amazon", Account: "user@example.com", Algorithm: SHA1, Digits: 6, Period: 30},
		"otpauth://totp/Amazon:user@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Amazon&algorithm=SHA1&digits=6&period=30",
	},
	{
		"spaces before the account",
		"otpauth://totp/Example:%20%20alice?secret=JBSWY3DPEHPK3PXP",
		Key{Type: TOTP, Issuer: "Example", Account: "alice", Algorithm: SHA1, Digits: 6, Period: 30},
		"otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example&algorithm=SHA1&digits=6&period=30",
	},
	{
		"raw spaces in the label",
		"otpauth://totp/ACME Co:john doe?secret=JBSWY3DPEHPK3PXP",
		Key{Type: TOTP, Issuer: "ACME Co", Account: "john doe", Algorithm: SHA1, Digits: 6, Period: 30},
		"otpauth://totp/ACME%20Co:john%20doe?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30",
	},
	{
		"issuers differing in case and + for space",
		"otpauth://totp/acme+co:john?secret=JBSWY3DPEHPK3PXP&issuer=ACME+Co",
		Key{Type: TOTP, Issuer: "ACME Co", Account: "john", Algorithm: SHA1, Digits: 6, Period: 30},
		"otpauth://totp/ACME%20Co:john?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30",
	},
	{
		"empty issuer parameter",
		"otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=",
		Key{Type: TOTP, Issuer: "Example", Account: "alice", Algorithm: SHA1, Digits: 6, Period: 30},
		"otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example&algorithm=SHA1&digits=6&period=30",
	},
	{
		"account with a colon",
		"otpauth://totp/Corp:domain:user?secret=JBSWY3DPEHPK3PXP",
		Key{Type: TOTP, Issuer: "Corp", Account: "domain:user", Algorithm: SHA1, Digits: 6, Period: 30},
		"otpauth://totp/Corp:domain%3Auser?secret=JBSWY3DPEHPK3PXP&issuer=Corp&algorithm=SHA1&digits=6&period=30",
	},
	{
		"UTF-8 names, encoded and raw",
		"otpauth://totp/Caf%C3%A9:b%C3%B6b?secret=JBSWY3DPEHPK3PXP&issuer=Café",
		Key{Type: TOTP, Issuer: "Café", Account: "böb", Algorithm: SHA1, Digits: 6, Period: 30},
		"otpauth://totp/Caf%C3%A9:b%C3%B6b?secret=JBSWY3DPEHPK3PXP&issuer=Caf%C3%A9&algorithm=SHA1&digits=6&period=30",
	},
	{
		"reserved characters in names",
		"otpauth://totp/A%26B%2FC%3F:x%23y%25z?secret=JBSWY3DPEHPK3PXP",
		Key{Type: TOTP, Issuer: "A&B/C?", Account: "x#y%z", Algorithm: SHA1, Digits: 6, Period: 30},
		"otpauth://totp/A%26B%2FC%3F:x%23y%25z?secret=JBSWY3DPEHPK3PXP&issuer=A%26B%2FC%3F&algorithm=SHA1&digits=6&period=30",
	},
	{
		"no label",
		"otpauth://totp?secret=JBSWY3DPEHPK3PXP",
		Key{Type: TOTP, Algorithm: SHA1, Digits: 6, Period: 30},
		"otpauth://totp/?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30",
	},
	{
		"upper-case scheme, type and parameter names, white space around",
		"  OTPAUTH://TOTP/x?SECRET=JBSWY3DPEHPK3PXP&Digits=8\n",
		Key{Type: TOTP, Account: "x", Algorithm: SHA1, Digits: 8, Period: 30},
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=8&period=30",
	},
	{
		"lower-case secret with spaces and hyphens",
		"otpauth://totp/x?secret=jbsw%20y3dp+ehpk-3pxp",
		Key{Type: TOTP, Account: "x", Algorithm: SHA1, Digits: 6, Period: 30},
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30",
	},
	{
		"padded secret, escaped",
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXPGE%3D%3D%3D%3D%3D%3D",
		Key{Type: TOTP, Account: "x", Algorithm: SHA1, Digits: 6, Period: 30},
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXPGE&algorithm=SHA1&digits=6&period=30",
	},
	{
		"raw padding",
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXPGE======&digits=6",
		Key{Type: TOTP, Account: "x", Algorithm: SHA1, Digits: 6, Period: 30},
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXPGE&algorithm=SHA1&digits=6&period=30",
	},
	{
		"SHA256, 8 digits, 60 seconds",
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=SHA256&digits=8&period=60",
		Key{Type: TOTP, Account: "x", Algorithm: SHA256, Digits: 8, Period: 60},
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=SHA256&digits=8&period=60",
	},
	{
		"sha512 in lower case, 10 digits, 1 second",
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=sha512&digits=10&period=1",
		Key{Type: TOTP, Account: "x", Algorithm: SHA512, Digits: 10, Period: 1},
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=SHA512&digits=10&period=1",
	},
	{
		"SHA-256 with a hyphen, 7 digits, longest period",
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=SHA-256&digits=7&period=86400",
		Key{Type: TOTP, Account: "x", Algorithm: SHA256, Digits: 7, Period: 86400},
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=SHA256&digits=7&period=86400",
	},
	{
		"hotp",
		"otpauth://hotp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example&counter=42",
		Key{Type: HOTP, Issuer: "Example", Account: "alice", Algorithm: SHA1, Digits: 6, Counter: 42},
		"otpauth://hotp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example&algorithm=SHA1&digits=6&counter=42",
	},
	{
		"hotp with the largest counter, a period to ignore",
		"otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=18446744073709551615&period=30&digits=8",
		Key{Type: HOTP, Account: "x", Algorithm: SHA1, Digits: 8, Counter: 1<<64 - 1},
		"otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=8&counter=18446744073709551615",
	},
	{
		"totp with a counter to ignore",
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&counter=5",
		Key{Type: TOTP, Account: "x", Algorithm: SHA1, Digits: 6, Period: 30},
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30",
	},
	{
		"steam type (Aegis, andOTP)",
		"otpauth://steam/Steam:gaben?secret=JBSWY3DPEHPK3PXP&issuer=Steam&algorithm=SHA1&digits=5&period=30",
		Key{Type: Steam, Issuer: "Steam", Account: "gaben", Algorithm: SHA1, Digits: 5, Period: 30},
		"otpauth://totp/Steam:gaben?secret=JBSWY3DPEHPK3PXP&issuer=Steam&algorithm=SHA1&digits=5&period=30&encoder=steam",
	},
	{
		"steam encoder (KeePassXC)",
		"otpauth://totp/Steam:gaben?secret=JBSWY3DPEHPK3PXP&period=30&digits=5&issuer=Steam&encoder=steam",
		Key{Type: Steam, Issuer: "Steam", Account: "gaben", Algorithm: SHA1, Digits: 5, Period: 30},
		"otpauth://totp/Steam:gaben?secret=JBSWY3DPEHPK3PXP&issuer=Steam&algorithm=SHA1&digits=5&period=30&encoder=steam",
	},
	{
		"steam encoder alone",
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&encoder=STEAM",
		Key{Type: Steam, Account: "x", Algorithm: SHA1, Digits: 5, Period: 30},
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=5&period=30&encoder=steam",
	},
	{
		"KeePassXC's own output",
		"otpauth://totp/ACME%20Co:john?secret=JBSWY3DPEHPK3PXP&period=30&digits=6&issuer=ACME%20Co",
		Key{Type: TOTP, Issuer: "ACME Co", Account: "john", Algorithm: SHA1, Digits: 6, Period: 30},
		"otpauth://totp/ACME%20Co:john?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30",
	},
	{
		"unknown parameters and empty pieces",
		"otpauth://totp/x?&image=https%3A%2F%2Fexample.com%2Fa.png&&secret=JBSWY3DPEHPK3PXP&color=red&lock=%zz&x",
		Key{Type: TOTP, Account: "x", Algorithm: SHA1, Digits: 6, Period: 30},
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30",
	},
}

// wantSecret maps the good URIs' secrets to their bytes.
var wantSecret = map[string][]byte{
	jbswy:                []byte("Hello!\xde\xad\xbe\xef"),
	"JBSWY3DPEHPK3PXPGE": []byte("Hello!\xde\xad\xbe\xef1"),
}

func TestParseURIGood(t *testing.T) {
	for _, tt := range goodURIs {
		t.Run(tt.name, func(t *testing.T) {
			k, err := ParseURI(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !sameFields(k, tt.want) {
				t.Errorf("got  %v\nwant %v", k, tt.want)
			}
			if s := k.Secret(); !bytes.Equal(s, wantSecret[jbswy]) && !bytes.Equal(s, wantSecret["JBSWY3DPEHPK3PXPGE"]) {
				t.Errorf("secret = %x", s)
			}
			canonical := tt.canonical
			if canonical == "" {
				canonical = tt.in
			}
			u, err := k.URI()
			if err != nil || u != canonical {
				t.Errorf("URI() = %q, %v\nwant     %q", u, err, canonical)
			}
			// The canonical form parses to the same key and is written the same.
			k2, err := ParseURI(u)
			if err != nil {
				t.Fatal(err)
			}
			if !sameKey(k, k2) {
				t.Errorf("round trip changed the key: %v -> %v", k, k2)
			}
			if u2, _ := k2.URI(); u2 != u {
				t.Errorf("URI not stable: %q -> %q", u, u2)
			}
		})
	}
}

var badURIs = []struct {
	name, in, want string
}{
	{"empty", "", "does not start with otpauth://"},
	{"https", "https://example.com/?secret=JBSWY3DPEHPK3PXP", "does not start with otpauth://"},
	{"opaque", "otpauth:totp/x?secret=JBSWY3DPEHPK3PXP", "does not start with otpauth://"},
	{"migration", "otpauth-migration://offline?data=CgA", "does not start with otpauth://"},
	{"no type", "otpauth:///x?secret=JBSWY3DPEHPK3PXP", "no type"},
	{"unknown type", "otpauth://xotp/x?secret=JBSWY3DPEHPK3PXP", "type must be totp, hotp or steam"},
	{"no secret", "otpauth://totp/x", "no secret parameter"},
	{"no secret but issuer", "otpauth://totp/x?issuer=X", "no secret parameter"},
	{"empty secret", "otpauth://totp/x?secret=", "secret is empty"},
	{"only padding", "otpauth://totp/x?secret===", "secret is empty"},
	{"digit 1 in secret", "otpauth://totp/x?secret=JBSWY3DPEHPK3PX1", "not base32"},
	{"digit 0 in secret", "otpauth://totp/x?secret=0BSWY3DPEHPK3PXP", "not base32"},
	{"padding inside", "otpauth://totp/x?secret=JBSW=Y3DPEHPK3PXP", "not base32"},
	{"base64 secret", "otpauth://totp/x?secret=SGVsbG8h3q2%2B7w%3D%3D", "not base32"},
	{"one character", "otpauth://totp/x?secret=J", "character too many or too few"},
	{"nine characters", "otpauth://totp/x?secret=JBSWY3DPE", "character too many or too few"},
	{"long secret", "otpauth://totp/x?secret=" + strings.Repeat("A", 1656), "secret is longer than 1024 bytes"},
	{"secret twice", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&secret=JBSWY3DPEHPK3PXP", "parameter secret is given twice"},
	{"digits twice in two cases", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=6&Digits=8", "parameter digits is given twice"},
	{"bad escape in secret", "otpauth://totp/x?secret=JBSWY3DP%zzEHPK3PXP", "parameter secret has a bad %-escape"},
	{"MD5", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=MD5", "MD5 is not supported"},
	{"SHA3", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=SHA3-256", "algorithm must be SHA1, SHA256 or SHA512"},
	{"empty algorithm", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=", "algorithm must be"},
	{"5 digits", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=5", "digits must be 6 to 10"},
	{"11 digits", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=11", "digits must be 6 to 10"},
	{"digits in words", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=six", "digits must be 6 to 10"},
	{"signed digits", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=%2B6", "digits must be 6 to 10"},
	{"fractional digits", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=6.0", "digits must be 6 to 10"},
	{"empty digits", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=", "digits must be 6 to 10"},
	{"hotp 5 digits", "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=0&digits=5", "digits must be 6 to 10"},
	{"period 0", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=0", "period must be 1 to 86400 seconds"},
	{"negative period", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=-30", "period must be"},
	{"period too long", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=86401", "period must be"},
	{"huge period", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=99999999999999999999", "period must be"},
	{"period with unit", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=30s", "period must be"},
	{"hotp without counter", "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP", "needs a counter parameter"},
	{"negative counter", "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=-1", "counter must be a whole number"},
	{"signed counter", "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=%2B1", "counter must be a whole number"},
	{"counter overflow", "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=18446744073709551616", "counter must be a whole number"},
	{"empty counter", "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=", "counter must be a whole number"},
	{"issuer mismatch", "otpauth://totp/Evil:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example", "issuer in the label and the issuer parameter differ"},
	{"issuer with a colon", "otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&issuer=a%3Ab", "issuer must not contain ':'"},
	{"unknown encoder", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&encoder=yandex", "encoder must be steam"},
	{"steam encoder on hotp", "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=1&encoder=steam", "needs a time-based key"},
	{"steam 6 digits", "otpauth://steam/x?secret=JBSWY3DPEHPK3PXP&digits=6", "Steam codes have 5 characters"},
	{"steam encoder 6 digits", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&encoder=steam&digits=6", "Steam codes have 5 characters"},
	{"steam SHA256", "otpauth://steam/x?secret=JBSWY3DPEHPK3PXP&algorithm=SHA256", "Steam codes use SHA1"},
	{"steam 60 seconds", "otpauth://steam/x?secret=JBSWY3DPEHPK3PXP&period=60", "Steam codes change every 30 seconds"},
	{"fragment", "otpauth://totp/C#Corner:x?secret=JBSWY3DPEHPK3PXP", "contains '#'"},
	{"raw control character", "otpauth://totp/x\x1b[31m?secret=JBSWY3DPEHPK3PXP", "URI contains a control character"},
	{"NUL in label", "otpauth://totp/a%00b?secret=JBSWY3DPEHPK3PXP", "account name contains a control character"},
	{"escape sequence in issuer", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&issuer=%1B%5B2J", "issuer contains a control character"},
	{"bidi override in account", "otpauth://totp/x%E2%80%AEy?secret=JBSWY3DPEHPK3PXP", "account name contains a control character"},
	{"invalid UTF-8", "otpauth://totp/x%FF?secret=JBSWY3DPEHPK3PXP", "account name is not valid UTF-8"},
	{"bad escape in label", "otpauth://totp/x%zz?secret=JBSWY3DPEHPK3PXP", "label has a bad %-escape"},
	{"long account", "otpauth://totp/" + strings.Repeat("a", 300) + "?secret=JBSWY3DPEHPK3PXP", "account name is longer than 256 bytes"},
	{"long URI", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&image=" + strings.Repeat("a", MaxURILen), "URI is longer than 8192 bytes"},
}

func TestParseURIBad(t *testing.T) {
	for _, tt := range badURIs {
		t.Run(tt.name, func(t *testing.T) {
			k, err := ParseURI(tt.in)
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("ParseURI = %v, %v; want ErrInvalid", k, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error has several lines: %q", err)
			}
		})
	}
}

func TestParse(t *testing.T) {
	for _, in := range []string{
		"JBSWY3DPEHPK3PXP",
		"jbswy3dpehpk3pxp\n",
		"JBSW Y3DP EHPK 3PXP",
		"jbsw-y3dp-ehpk-3pxp",
		"  JBSWY3DPEHPK3PXP======\t",
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP",
	} {
		k, err := Parse(in)
		if err != nil {
			t.Errorf("Parse(%q): %v", in, err)
			continue
		}
		if k.Type != TOTP || k.Algorithm != SHA1 || k.Digits != 6 || k.Period != 30 ||
			!bytes.Equal(k.Secret(), wantSecret[jbswy]) {
			t.Errorf("Parse(%q) = %v", in, k)
		}
	}
	for in, want := range map[string]string{
		"":                               "secret is empty",
		"   ":                            "secret is empty",
		"otpauth-migration://offline?x=": "Google Authenticator export",
		"https://example.com/2fa":        "expected an otpauth:// URI or a base32 secret",
		"see the sticky note!":           "not base32",
		"JBSWY3DP0189EHPK":               "not base32",
		"otpauth://totp/x":               "no secret parameter",
		"not a uri":                      "32 bits, too short",
		"JBSWY3DPEHPK3PX":                "72 bits, too short",
		"JBSWY3DPEHPK3P":                 "too many or too few",
	} {
		_, err := Parse(in)
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) = %v, want %q", in, err, want)
		}
	}
}

func TestURIInvalidKey(t *testing.T) {
	k := mustKey(t, TOTP, "12345678901234567890")
	k.Digits = 4
	if u, err := k.URI(); !errors.Is(err, ErrInvalid) || u != "" {
		t.Errorf("URI of an invalid key = %q, %v", u, err)
	}
}

// sameKey compares two keys, secrets included.
func sameKey(a, b Key) bool { return sameFields(a, b) && bytes.Equal(a.secret, b.secret) }

// sameFields compares two keys but for their secrets.
func sameFields(a, b Key) bool {
	return a.Type == b.Type && a.Algorithm == b.Algorithm && a.Digits == b.Digits &&
		a.Period == b.Period && a.Counter == b.Counter && a.Issuer == b.Issuer && a.Account == b.Account
}

// TestShortSecretInURI: a URI, which a program wrote, may carry a secret
// shorter than a bare secret may be (imports keep what they find).
func TestShortSecretInURI(t *testing.T) {
	k, err := Parse("otpauth://totp/x?secret=NBSWY3DP")
	if err != nil || len(k.Secret()) != 5 {
		t.Fatalf("Parse: %v, %d bytes", err, len(k.Secret()))
	}
}
