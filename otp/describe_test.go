package otp

import "testing"

func TestDescribe(t *testing.T) {
	for _, tc := range []struct{ uri, want string }{
		{"otpauth://totp/GitHub:alice?secret=GEZDGNBVGY3TQOJQ", `TOTP, SHA1, 6 digits, every 30 s, for "GitHub:alice"`},
		{"otpauth://totp/?secret=GEZDGNBVGY3TQOJQ&algorithm=SHA256&digits=8&period=60", "TOTP, SHA256, 8 digits, every 60 s"},
		{"otpauth://hotp/bob?secret=GEZDGNBVGY3TQOJQ&counter=7", `HOTP, SHA1, 6 digits, next counter 7, for "bob"`},
		{"otpauth://steam/Steam:carol?secret=GEZDGNBVGY3TQOJQ", `Steam Guard, 5 characters, every 30 s, for "Steam:carol"`},
	} {
		k, err := ParseURI(tc.uri)
		if err != nil {
			t.Fatalf("%s: %v", tc.uri, err)
		}
		if got := k.Describe(); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.uri, got, tc.want)
		}
	}
}
