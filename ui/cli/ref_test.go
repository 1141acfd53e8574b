package cli

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/passtea/passtea/vault"
)

func TestParseRef(t *testing.T) {
	for _, tc := range []struct {
		in         string
		withScheme bool
		want       ref
		err        string
	}{
		{"passtea://work/github", true, ref{"work/github", "password"}, ""},
		{"passtea://work/github:username", true, ref{"work/github", "username"}, ""},
		{"passtea://work/db:API token", true, ref{"work/db", "API token"}, ""},
		{"passtea://a b/c d:e f", true, ref{"a b/c d", "e f"}, ""},
		{`passtea://host\:8080:password`, true, ref{"host:8080", "password"}, ""},
		{`passtea://x:a:b`, true, ref{"x", "a:b"}, ""}, // only the first colon cuts
		{`passtea://back\\slash`, true, ref{`back\slash`, "password"}, ""},
		{`passtea://brace\}:f\}`, true, ref{"brace}", "f}"}, ""},
		{"passtea://ünïcödé/名前:フィールド", true, ref{"ünïcödé/名前", "フィールド"}, ""},
		{"work/github:notes", false, ref{"work/github", "notes"}, ""},
		{"passtea://work/github:otp", false, ref{"work/github", "otp"}, ""},
		{"work/github", true, ref{}, "does not start with passtea://"},
		{"passtea://", true, ref{}, "the entry's name is empty"},
		{"passtea://:password", true, ref{}, "the entry's name is empty"},
		{"passtea://x:", true, ref{}, "the field's name after"},
		{`passtea://x\`, true, ref{}, "lone backslash"},
		{"passtea://a\nb", true, ref{}, "control character"},
		{"passtea://a\x1b[31m", true, ref{}, "control character"},
		{"passtea://a\xff", true, ref{}, "not valid UTF-8"},
		{"passtea://" + strings.Repeat("n", maxRefLen+1), true, ref{}, "longer than"},
	} {
		got, err := parseRef(tc.in, tc.withScheme)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || !errors.Is(err, errRef) {
				t.Errorf("%q: %v, want an error saying %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%q: %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

// FuzzParseRef: any text gives a reference or an error, never a panic;
// a reference written back (String) reads back the same.
func FuzzParseRef(f *testing.F) {
	for _, s := range []string{"passtea://work/github:API token", `passtea://a\:b:c\\d`, "passtea://x:", `passtea://\}}`, "passtea://é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := parseRef(s, true)
		if err != nil {
			if !errors.Is(err, errRef) {
				t.Fatalf("%q: an error that is not a reference error: %v", s, err)
			}
			return
		}
		if r.name == "" || r.field == "" || !utf8.ValidString(r.name) {
			t.Fatalf("%q: %+v", s, r)
		}
		back, err := parseRef(r.String(), true)
		if err != nil || back != r {
			t.Fatalf("%q → %+v → %q → %+v, %v", s, r, r.String(), back, err)
		}
		// In a template, the written reference is found whole.
		found, err := scanTemplate("x {{ " + r.String() + " }} y")
		if err != nil || len(found) != 1 || found[0].ref != r {
			t.Fatalf("%q in a template: %+v, %v", r.String(), found, err)
		}
	})
}

func TestScanTemplate(t *testing.T) {
	type want struct {
		text string // what the reference takes in the template
		ref  ref
		line int
	}
	for _, tc := range []struct {
		in   string
		want []want
		err  string
	}{
		{"no references", nil, ""},
		{"{{ .Values.x }} and {{passtea}}", nil, ""},
		{"a: {{ passtea://work/db }}\n", []want{{"{{ passtea://work/db }}", ref{"work/db", "password"}, 1}}, ""},
		{"{{passtea://a:b}}{{  passtea://c  }}", []want{{"{{passtea://a:b}}", ref{"a", "b"}, 1}, {"{{  passtea://c  }}", ref{"c", "password"}, 1}}, ""},
		{"x\ny\n\tk: {{\tpasstea://work/db:API token\t}}", []want{{"{{\tpasstea://work/db:API token\t}}", ref{"work/db", "API token"}, 3}}, ""},
		{`{{ passtea://a\}}} }}`, []want{{`{{ passtea://a\}}}`, ref{"a}", "password"}, 1}}, ""},
		{`{{ passtea://ends with space\  }}`, []want{{`{{ passtea://ends with space\  }}`, ref{"ends with space ", "password"}, 1}}, ""},
		{"{{{ passtea://a }}}", []want{{"{{ passtea://a }}", ref{"a", "password"}, 1}}, ""},
		{"ok\n{{ passtea://a\n}}", nil, "line 2: a reference opened with {{ is not closed"},
		{"{{ passtea://a", nil, "line 1: a reference opened"},
		{"{{ passtea:// }}", nil, "line 1: reference"},
		{"\n\n{{ passtea://x: }}", nil, "line 3: reference"},
	} {
		got, err := scanTemplate(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: %v, want an error saying %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || len(got) != len(tc.want) {
			t.Errorf("%q: %+v, %v; want %+v", tc.in, got, err, tc.want)
			continue
		}
		for i, w := range tc.want {
			g := got[i]
			if tc.in[g.start:g.end] != w.text || g.ref != w.ref || g.line != w.line {
				t.Errorf("%q: reference %d is %q %+v on line %d; want %q %+v on line %d", tc.in, i, tc.in[g.start:g.end], g.ref, g.line, w.text, w.ref, w.line)
			}
		}
	}
}

// FuzzScanTemplate: any template is scanned without a panic, and the
// references found lie in order inside it, each at a "{{" and a "}}".
func FuzzScanTemplate(f *testing.F) {
	for _, s := range []string{"a {{ passtea://x }} b", "{{passtea://a\\}}}", "{{ passtea://x\n}}", "{{{{ passtea://y:z }}}}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		refs, err := scanTemplate(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "line ") {
				t.Fatalf("an error without a line: %v", err)
			}
			return
		}
		last := 0
		for _, r := range refs {
			if r.start < last || r.end > len(s) || !strings.HasPrefix(s[r.start:], "{{") || !strings.HasSuffix(s[:r.end], "}}") {
				t.Fatalf("reference %+v out of place in %q", r, s)
			}
			last = r.end
		}
	})
}

func TestFieldValue(t *testing.T) {
	en := vault.Entry{Name: "e", Username: "me", URLs: []string{"https://a", "https://b"}, Tags: []string{"x", "y"}}
	uri := "otpauth://totp/X:me?secret=JBSWY3DPEHPK3PXP&issuer=X"
	s := &vault.Secret{Password: "pw", Notes: "n", OTP: uri,
		Fields: []vault.Field{{Name: "pin", Value: "1234", Concealed: true}, {Name: "host", Value: "h"}, {Name: "url", Value: "shadowed"}}}
	at := time.Unix(1_700_000_000, 0)
	for _, tc := range []struct {
		field string
		want  refValue
		err   string
	}{
		{"password", refValue{"pw", true}, ""},
		{"username", refValue{"me", false}, ""},
		{"url", refValue{"https://a", false}, ""},
		{"urls", refValue{"https://a\nhttps://b", false}, ""},
		{"notes", refValue{"n", true}, ""},
		{"otp", refValue{uri, true}, ""},
		{"tags", refValue{"x y", false}, ""},
		{"name", refValue{"e", false}, ""},
		{"pin", refValue{"1234", true}, ""},
		{"host", refValue{"h", false}, ""},
		{"custom:url", refValue{"shadowed", false}, ""},
		{"Host", refValue{}, `e has no field "Host"; its custom fields are "pin", "host", "url"`},
	} {
		got, err := fieldValue(en, s, tc.field, at)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("%s: %v, want %q", tc.field, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: %+v, %v; want %+v", tc.field, got, err, tc.want)
		}
	}
	code, err := fieldValue(en, s, "otp-code", at)
	if err != nil || len(code.value) != 6 || !code.secret {
		t.Errorf("otp-code: %+v, %v", code, err)
	}
	if _, err := fieldValue(en, &vault.Secret{}, "otp-code", at); err == nil || !strings.Contains(err.Error(), "no one-time code") {
		t.Errorf("otp-code without one: %v", err)
	}
}
