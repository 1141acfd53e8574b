package otp

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// FuzzParse feeds Parse (URIs and bare secrets) arbitrary text: it must not
// panic, its errors must be one line without the secret, and what it
// accepts must be valid, make codes, and round-trip through its canonical
// URI. Seeds: the URI tables here and testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, tt := range goodURIs {
		f.Add(tt.in)
	}
	for _, tt := range badURIs {
		if len(tt.in) < 1000 {
			f.Add(tt.in)
		}
	}
	f.Add("JBSW Y3DP EHPK 3PXP")
	f.Fuzz(func(t *testing.T, s string) {
		k, err := Parse(s)
		if err != nil {
			checkError(t, s, err)
			return
		}
		checkKey(t, k)
	})
}

// FuzzParseMigration feeds ParseMigration arbitrary export URIs.
func FuzzParseMigration(f *testing.F) {
	f.Add("otpauth-migration://offline?data=CiUKEPqlBekzoNEukL7qlsjBCDYSCWhvdHAgZGVtbyABKAEwATgEEAEYASAAKNuv15j6%2F%2F%2F%2F%2FwE%3D")
	f.Add("otpauth-migration://offline?data=CjYKEPqlBekzoNEukL7qlsjBCDYSHGVuY29kaW5nOiDCv8Okw4TDqcOJPyAoZGVtbykgASgBMAIQARgBIAAorfCurv%2F%2F%2F%2F%2F%2FAQ%3D%3D")
	f.Add("otpauth-migration://offline?data=CgA&data=")
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMigration(s)
		if err != nil {
			checkError(t, s, err)
			return
		}
		checkMigration(t, m)
	})
}

// FuzzDecodeMigration feeds the protobuf decoder arbitrary bytes.
func FuzzDecodeMigration(f *testing.F) {
	seed := []byte(rfcSeeds[SHA1])
	f.Add(payload([][]byte{otpParams{secret: seed, name: "a:b", issuer: "a", algorithm: 2, digits: 2, typ: 2}.encode()},
		varintField(fieldVersion, 1), varintField(fieldBatchSize, 1)))
	f.Add(payload([][]byte{otpParams{secret: seed, name: "c", algorithm: 0, digits: 0, typ: 1, counter: 9}.encode()}))
	f.Add([]byte{0x0a, 0x02, 0x0a, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := decodeMigration(b)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		checkMigration(t, m)
	})
}

// checkError checks what every parse error must be: ErrInvalid, one line,
// without the secret parameter's value.
func checkError(t *testing.T, in string, err error) {
	t.Helper()
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("error %v does not wrap ErrInvalid", err)
	}
	msg := err.Error()
	if strings.ContainsAny(msg, "\n\r") {
		t.Fatalf("error has several lines: %q", msg)
	}
	for _, name := range []string{"secret=", "data="} {
		if i := indexFold(in, name); i >= 0 {
			value, _, _ := strings.Cut(in[i+len(name):], "&")
			if len(value) >= 8 && strings.Contains(msg, value) {
				t.Fatalf("error %q contains the secret %q", msg, value)
			}
		}
	}
}

func checkMigration(t *testing.T, m Migration) {
	t.Helper()
	if len(m.Keys) == 0 || len(m.Keys) > MaxMigrationKeys {
		t.Fatalf("%d keys", len(m.Keys))
	}
	for _, k := range m.Keys {
		checkKey(t, k)
	}
}

// checkKey checks a key a parser accepted: valid, makes a code, and its
// canonical URI parses back to the same key and is written the same.
func checkKey(t *testing.T, k Key) {
	t.Helper()
	if err := k.Validate(); err != nil {
		t.Fatalf("parsed key is invalid: %v", err)
	}
	var code string
	var err error
	if k.Type.TimeBased() {
		code, err = k.Code(time.Unix(1234567890, 0))
	} else {
		code, err = k.Next()
	}
	if err != nil && !errors.Is(err, ErrCounterExhausted) {
		t.Fatalf("code: %v", err)
	}
	if err == nil && len(code) != k.Digits {
		t.Fatalf("code %q has not %d characters", code, k.Digits)
	}
	u, err := k.URI()
	if err != nil {
		t.Fatalf("URI: %v", err)
	}
	if len(u) > MaxURILen {
		t.Fatalf("canonical URI of %d bytes is longer than ParseURI reads", len(u))
	}
	k2, err := ParseURI(u)
	if err != nil {
		t.Fatalf("canonical URI %q does not parse: %v", u, err)
	}
	if !sameKey(k, k2) {
		t.Fatalf("round trip changed the key: %v -> %v", k, k2)
	}
	if u2, _ := k2.URI(); u2 != u {
		t.Fatalf("URI not stable: %q -> %q", u, u2)
	}
}

// indexFold is strings.Index ignoring ASCII case, with byte offsets of s.
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if hasPrefixFold(s[i:], sub) {
			return i
		}
	}
	return -1
}
