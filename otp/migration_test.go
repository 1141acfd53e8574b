package otp

import (
	"bytes"
	"encoding/base64"
	"errors"
	"net/url"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

// Exports made by Google Authenticator, published with the expected accounts
// in scito/extract_otp_secrets (example_export.txt and example_output.json;
// tests/data/test_plus_problem_export.txt). The secret is the example one
// from the Raspberry Pi blog, 7KSQL2JTUDIS5EF65KLMRQIIGY.
func TestParseMigrationGoogleExports(t *testing.T) {
	secret, _ := decodeSecret("7KSQL2JTUDIS5EF65KLMRQIIGY")
	type want struct {
		typ             Type
		issuer, account string
		counter         uint64
	}
	tests := []struct {
		uri  string
		want []want
	}{
		{
			"otpauth-migration://offline?data=CjUKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBpGgtyYXNwYmVycnlwaSABKAEwAhABGAEgACjr4JKK%2B%2F%2F%2F%2F%2F8B",
			[]want{{TOTP, "raspberrypi", "pi@raspberrypi", 0}},
		},
		{
			"otpauth-migration://offline?data=CigKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBpIAEoATACEAEYASAAKLzjp5n4%2F%2F%2F%2F%2FwE%3D",
			[]want{{TOTP, "", "pi@raspberrypi", 0}},
		},
		{
			"otpauth-migration://offline?data=CigKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBpIAEoATACCjUKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBpGgtyYXNwYmVycnlwaSABKAEwAhABGAEgACiQ7OOa%2Bf%2F%2F%2F%2F8B",
			[]want{{TOTP, "", "pi@raspberrypi", 0}, {TOTP, "raspberrypi", "pi@raspberrypi", 0}},
		},
		{
			"otpauth-migration://offline?data=CiUKEPqlBekzoNEukL7qlsjBCDYSCWhvdHAgZGVtbyABKAEwATgEEAEYASAAKNuv15j6%2F%2F%2F%2F%2FwE%3D",
			// Added to the app with counter=4 and exported before any code was
			// shown: the app's next code, and ours, is HOTP(5).
			[]want{{HOTP, "", "hotp demo", 5}},
		},
		{
			// The name "encoding: ¿äÄéÉ? (demo)" has a colon: read as a label, its
			// prefix is the issuer, as ParseURI reads the same label.
			"otpauth-migration://offline?data=CjYKEPqlBekzoNEukL7qlsjBCDYSHGVuY29kaW5nOiDCv8Okw4TDqcOJPyAoZGVtbykgASgBMAIQARgBIAAorfCurv%2F%2F%2F%2F%2F%2FAQ%3D%3D",
			[]want{{TOTP, "encoding", "¿äÄéÉ? (demo)", 0}},
		},
	}
	for i, tt := range tests {
		m, err := ParseMigration(tt.uri)
		if err != nil {
			t.Fatalf("export %d: %v", i, err)
		}
		if m.Version != 1 || m.BatchSize != 1 || m.BatchIndex != 0 || m.BatchID >= 0 {
			t.Errorf("export %d: version %d, batch %d of %d, id %d", i, m.Version, m.BatchIndex, m.BatchSize, m.BatchID)
		}
		if len(m.Keys) != len(tt.want) {
			t.Fatalf("export %d: %d keys, want %d", i, len(m.Keys), len(tt.want))
		}
		for j, w := range tt.want {
			k := m.Keys[j]
			if k.Type != w.typ || k.Issuer != w.issuer || k.Account != w.account || k.Counter != w.counter ||
				k.Algorithm != SHA1 || k.Digits != 6 || !bytes.Equal(k.Secret(), secret) {
				t.Errorf("export %d key %d = %v, want %+v", i, j, k, w)
			}
			if k.Type == TOTP && k.Period != 30 {
				t.Errorf("export %d key %d: period %d", i, j, k.Period)
			}
		}
	}

	// Unescaped base64 ('/' and '='), four accounts named "Issuer:account".
	m, err := ParseMigration("otpauth-migration://offline?data=ClEKFAciUeGF4aS6IDCvMv99ySZ1ekKsEiVTZXJlbml0eUxhYnM6dGVzdDFAc2VyZW5pdHlsYWJzLmNvLnVrGgxTZXJlbml0eUxhYnMgASgBMAIKUQoUkIY8/fbrHZWTb4CBln18lvqt0HcSJVNlcmVuaXR5TGFiczp0ZXN0MkBzZXJlbml0eWxhYnMuY28udWsaDFNlcmVuaXR5TGFicyABKAEwAgpRChScf+1/Ua4d4gCY0W/7fj9VBkM9PBIlU2VyZW5pdHlMYWJzOnRlc3QzQHNlcmVuaXR5bGFicy5jby51axoMU2VyZW5pdHlMYWJzIAEoATACClEKFG6Qu0ryTSFA/l5rmvTIXtNeb5LtEiVTZXJlbml0eUxhYnM6dGVzdDRAc2VyZW5pdHlsYWJzLmNvLnVrGgxTZXJlbml0eUxhYnMgASgBMAIQARgBIAAogtTa1vz/////AQ==")
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Keys) != 4 {
		t.Fatalf("%d keys, want 4", len(m.Keys))
	}
	for i, k := range m.Keys {
		want := "test" + string(rune('1'+i)) + "@serenitylabs.co.uk"
		if k.Issuer != "SerenityLabs" || k.Account != want || len(k.Secret()) != 20 {
			t.Errorf("key %d = %v", i, k)
		}
	}
}

// payload builds a MigrationPayload from encoded OtpParameters and trailing
// raw fields.
func payload(params [][]byte, tail ...[]byte) []byte {
	var b []byte
	for _, p := range params {
		b = protowire.AppendTag(b, fieldParams, protowire.BytesType)
		b = protowire.AppendBytes(b, p)
	}
	for _, t := range tail {
		b = append(b, t...)
	}
	return b
}

// otpParams encodes OtpParameters; negative numbers leave a field out.
type otpParams struct {
	secret                 []byte
	name, issuer           string
	algorithm, digits, typ int64
	counter                int64
	extra                  []byte
}

func (p otpParams) encode() []byte {
	var b []byte
	if p.secret != nil {
		b = protowire.AppendTag(b, fieldSecret, protowire.BytesType)
		b = protowire.AppendBytes(b, p.secret)
	}
	if p.name != "" {
		b = protowire.AppendTag(b, fieldName, protowire.BytesType)
		b = protowire.AppendString(b, p.name)
	}
	if p.issuer != "" {
		b = protowire.AppendTag(b, fieldIssuer, protowire.BytesType)
		b = protowire.AppendString(b, p.issuer)
	}
	for _, f := range []struct {
		num protowire.Number
		v   int64
	}{{fieldAlgorithm, p.algorithm}, {fieldDigits, p.digits}, {fieldType, p.typ}, {fieldCounter, p.counter}} {
		if f.v >= 0 || f.num == fieldCounter && f.v != 0 {
			b = protowire.AppendTag(b, f.num, protowire.VarintType)
			b = protowire.AppendVarint(b, uint64(f.v))
		}
	}
	return append(b, p.extra...)
}

// exportURI wraps a payload in an otpauth-migration URI.
func exportURI(b []byte) string {
	return "otpauth-migration://offline?data=" + url.QueryEscape(base64.StdEncoding.EncodeToString(b))
}

func varintField(num protowire.Number, v uint64) []byte {
	return protowire.AppendVarint(protowire.AppendTag(nil, num, protowire.VarintType), v)
}

func TestParseMigrationCrafted(t *testing.T) {
	seed := []byte(rfcSeeds[SHA1])
	base := otpParams{secret: seed, name: "alice", issuer: "Example", algorithm: 1, digits: 1, typ: 2}
	with := func(change func(*otpParams)) []byte {
		p := base
		change(&p)
		return p.encode()
	}

	// Every enum value that maps to something, and unknown fields skipped.
	var groupField []byte
	groupField = protowire.AppendTag(groupField, 99, protowire.StartGroupType)
	groupField = append(groupField, varintField(1, 7)...)
	groupField = protowire.AppendTag(groupField, 99, protowire.EndGroupType)
	fixed := protowire.AppendFixed64(protowire.AppendTag(nil, 8, protowire.Fixed64Type), 1)
	good := payload([][]byte{
		with(func(p *otpParams) { p.algorithm, p.digits = 0, 0; p.extra = groupField }),
		with(func(p *otpParams) { p.algorithm, p.digits = 2, 2; p.extra = fixed }),
		with(func(p *otpParams) { p.algorithm, p.typ, p.counter = 3, 1, 1<<40 }),
		with(func(p *otpParams) { p.issuer, p.name = "", "Corp:bob" }),
		with(func(p *otpParams) { p.name = "example: carol" }),
		with(func(p *otpParams) { p.name = "Other:dave" }),
	}, varintField(fieldVersion, 1), varintField(fieldBatchSize, 3), varintField(fieldBatchIndex, 2),
		varintField(fieldBatchID, 77), varintField(42, 1), groupField)

	want := []Key{
		{Type: TOTP, Algorithm: SHA1, Digits: 6, Period: 30, Issuer: "Example", Account: "alice"},
		{Type: TOTP, Algorithm: SHA256, Digits: 8, Period: 30, Issuer: "Example", Account: "alice"},
		{Type: HOTP, Algorithm: SHA512, Digits: 6, Counter: 1<<40 + 1, Issuer: "Example", Account: "alice"},
		{Type: TOTP, Algorithm: SHA1, Digits: 6, Period: 30, Issuer: "Corp", Account: "bob"},
		{Type: TOTP, Algorithm: SHA1, Digits: 6, Period: 30, Issuer: "Example", Account: "carol"},
		{Type: TOTP, Algorithm: SHA1, Digits: 6, Period: 30, Issuer: "Example", Account: "Other:dave"},
	}
	b64 := base64.StdEncoding.EncodeToString(good)
	for _, uri := range []string{
		exportURI(good),
		"otpauth-migration://offline?data=" + b64,                               // '+' and '/' raw
		"otpauth-migration://offline?data=" + strings.ReplaceAll(b64, "+", " "), // '+' lost to a space
		"OTPAUTH-MIGRATION://offline?data=" + base64.RawURLEncoding.EncodeToString(good) + "&x=1",
	} {
		m, err := ParseMigration(uri)
		if err != nil {
			t.Fatalf("%s: %v", uri, err)
		}
		if m.Version != 1 || m.BatchSize != 3 || m.BatchIndex != 2 || m.BatchID != 77 || len(m.Keys) != len(want) {
			t.Fatalf("got %+v", m)
		}
		for i, k := range m.Keys {
			if !sameFields(k, want[i]) || !bytes.Equal(k.Secret(), seed) {
				t.Errorf("key %d = %v, want %v", i, k, want[i])
			}
		}
	}

	many := make([][]byte, MaxMigrationKeys+1)
	for i := range many {
		many[i] = base.encode()
	}
	bad := []struct {
		name string
		uri  string
		want string
	}{
		{"not an export", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP", "does not start with otpauth-migration://offline?"},
		{"no data", "otpauth-migration://offline?x=1", "no data parameter"},
		{"data twice", "otpauth-migration://offline?data=CgA&data=CgA", "two data parameters"},
		{"bad escape", "otpauth-migration://offline?data=%zz", "bad %-escape"},
		{"not base64", "otpauth-migration://offline?data=*!", "not base64"},
		{"empty data", "otpauth-migration://offline?data=", "holds no accounts"},
		{"no accounts", exportURI(varintField(fieldVersion, 1)), "holds no accounts"},
		{"too long", "otpauth-migration://offline?data=" + strings.Repeat("A", MaxMigrationURILen), "longer than"},
		{"truncated", exportURI(good[:len(good)/2]), "not a valid protobuf message"},
		{"bad tag", exportURI([]byte{0x80}), "not a valid protobuf message"},
		{"field 0", exportURI([]byte{0x00, 0x01}), "not a valid protobuf message"},
		{"unterminated group", exportURI(append(payload([][]byte{base.encode()}), groupField[:len(groupField)-1]...)), "not a valid protobuf message"},
		{"wrong wire type, payload", exportURI(append(payload([][]byte{base.encode()}), protowire.AppendBytes(protowire.AppendTag(nil, fieldVersion, protowire.BytesType), []byte("1"))...)), "field 2 has the wrong wire type"},
		{"wrong wire type, account", exportURI(payload([][]byte{append(base.encode(), varintField(fieldName, 1)...)})), "account 1: invalid one-time code: export field 2 has the wrong wire type"},
		{"too many accounts", exportURI(payload(many)), "more than 1000 accounts"},
		{"version 2", exportURI(payload([][]byte{base.encode()}, varintField(fieldVersion, 2))), "version 2 is newer"},
		{"batch index past size", exportURI(payload([][]byte{base.encode()}, varintField(fieldBatchSize, 2), varintField(fieldBatchIndex, 2))), "impossible version or batch"},
		{"negative batch size", exportURI(payload([][]byte{base.encode()}, varintField(fieldBatchSize, 1<<64-1))), "impossible version or batch"},
		{"MD5", exportURI(payload([][]byte{base.encode(), with(func(p *otpParams) { p.algorithm = 4 })})), "account 2: invalid one-time code: algorithm MD5 is not supported"},
		{"unknown algorithm", exportURI(payload([][]byte{with(func(p *otpParams) { p.algorithm = 5 })})), "unknown algorithm 5"},
		{"unknown digits", exportURI(payload([][]byte{with(func(p *otpParams) { p.digits = 3 })})), "unknown digit count 3"},
		{"unknown type", exportURI(payload([][]byte{with(func(p *otpParams) { p.typ = 3 })})), "unknown code type 3"},
		{"no type", exportURI(payload([][]byte{with(func(p *otpParams) { p.typ = -1 })})), "code type (HOTP or TOTP) is not given"},
		{"no secret", exportURI(payload([][]byte{with(func(p *otpParams) { p.secret = nil })})), "secret is empty"},
		{"long secret", exportURI(payload([][]byte{with(func(p *otpParams) { p.secret = make([]byte, MaxSecretLen+1) })})), "secret is longer"},
		{"negative counter", exportURI(payload([][]byte{with(func(p *otpParams) { p.typ, p.counter = 1, -5 })})), "counter is negative"},
		{"control character", exportURI(payload([][]byte{with(func(p *otpParams) { p.name = "a\x1b]0;pwned\x07" })})), "account name contains a control character"},
		{"invalid UTF-8", exportURI(payload([][]byte{with(func(p *otpParams) { p.issuer = "\xff" })})), "not valid UTF-8"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseMigration(tt.uri)
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}
