package cli

import (
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/passtea/passtea/vault"
)

// sampleForm has a value of every kind that needs care.
var sampleForm = entryForm{
	name: "work/git hub", username: "octo cat", password: "  spaces at both ends ", otp: "",
	notes: "line one\n\n# not a comment\nnotes: not a key\n",
	urls:  []string{"https://github.com", "https://github.com/login"}, tags: []string{"work", "code"},
	fields: []vault.Field{
		{Name: "API token", Value: "tok", Concealed: true},
		{Name: "ssh key", Value: "-----BEGIN KEY-----\nabc\n\n  indented\n-----END KEY-----", Concealed: true},
		{Name: "a: colon", Value: `"quoted"`},
		{Name: " spaced ", Value: "trailing \nspace"},
		{Name: "empty", Value: ""},
		{Name: "tab", Value: "a\tb"},
	},
}

func TestFormRoundTrip(t *testing.T) {
	text := formatForm(sampleForm)
	got, err := parseForm(fmtHeader + text)
	if err != nil {
		t.Fatalf("%v in\n%s", err, text)
	}
	if !reflect.DeepEqual(got, sampleForm) {
		t.Fatalf("read back\n%#v\nwant\n%#v\nfrom\n%s", got, sampleForm, text)
	}
	if c := formChange(sampleForm, got); c != (vault.Change{}) {
		t.Fatalf("a change where there is none: %+v", c)
	}
}

// fmtHeader is the comment the editor shows on top.
var fmtHeader = strings.ReplaceAll(formHeader, "%s", "x")

func TestParseForm(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want entryForm
		err  string
	}{
		{"name: a\npassword: p\n", entryForm{name: "a", password: "p"}, ""},
		{"name:a\n  \n# c\nusername:   u  \nnotes:\n", entryForm{name: "a", username: "u"}, ""},
		{"name: a\r\npassword: p\r\nnotes:\r\nx\r\n", entryForm{name: "a", password: "p", notes: "x"}, ""},
		{"name: a\nnotes: same line\nmore\n", entryForm{name: "a", notes: "same line\nmore"}, ""},
		{"name: a\nurl:\nurl: u\n", entryForm{name: "a", urls: []string{"u"}}, ""},
		{"name: a\ntags:  x   y \n", entryForm{name: "a", tags: []string{"x", "y"}}, ""},
		{`password: "a\tb"` + "\n", entryForm{password: "a\tb"}, ""},
		{"field x: 1\n|2\n| 3\n|\n", entryForm{fields: []vault.Field{{Name: "x", Value: "1\n2\n3\n"}}}, ""},
		{`secret "a:b" : v` + "\n", entryForm{fields: []vault.Field{{Name: "a:b", Value: "v", Concealed: true}}}, ""},
		{"name: a\nname: b\n", entryForm{}, `line 2: a second "name" line`},
		{"\n\nusername\n", entryForm{}, `line 3: want "key: value"`},
		{"color: red\n", entryForm{}, `line 1: "color" is not a key`},
		{"password: x\n| more\n", entryForm{}, `line 2: a line starting with "|"`},
		{`field x: "q"` + "\n| more\n", entryForm{}, `line 2: a line starting with "|"`},
		{`password: "unterminated` + "\n", entryForm{}, "line 1: a value starting with a double quote"},
		{"field : v\n", entryForm{}, "line 1: a custom field needs a name"},
		{"field x\n", entryForm{}, `line 1: want "field NAME: value"`},
		{"field x: 1\nsecret x: 2\n", entryForm{}, `line 2: a second custom field called "x"`},
		{`field "x: v` + "\n", entryForm{}, "line 1: a quoted field name must end"},
		{`field "x" v` + "\n", entryForm{}, `line 1: a ":" must follow`},
	} {
		got, err := parseForm(tc.in)
		if tc.err != "" {
			if err == nil || !strings.HasPrefix(err.Error(), tc.err) {
				t.Errorf("%q: %v, want an error starting %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: %#v, %v; want %#v", tc.in, got, err, tc.want)
		}
	}
}

func TestFormChange(t *testing.T) {
	old := sampleForm
	f := old
	f.username = "new"
	f.tags = nil
	f.fields = append([]vault.Field(nil), old.fields[1:]...)
	c := formChange(old, f)
	if c.Username == nil || *c.Username != "new" || c.Tags == nil || len(*c.Tags) != 0 || c.Fields == nil || len(*c.Fields) != 5 ||
		c.Name != nil || c.Password != nil || c.Notes != nil || c.URLs != nil || c.OTP != nil {
		t.Fatalf("%+v", c)
	}
}

// FuzzForm: any text reads as a form or fails with a line number, never
// a panic; and any form of values the vault accepts reads back the same.
func FuzzForm(f *testing.F) {
	f.Add(formatForm(sampleForm), "n", "p", "field", "v\nw", "notes\n")
	f.Add("name: x\n| y", "a:b", " p ", `"x"`, "|", "")
	f.Fuzz(func(t *testing.T, text, name, password, fieldName, fieldValue, notes string) {
		if _, err := parseForm(text); err != nil && !strings.HasPrefix(err.Error(), "line ") {
			t.Fatalf("an error without a line: %v", err)
		}
		// Values as the vault takes them: one line for the name,
		// password and field name; tabs and newlines in a field's value
		// and the notes; no other control character anywhere.
		if !vaultText(name, false) || !vaultText(password, false) || !vaultText(fieldName, false) ||
			!vaultText(fieldValue, true) || !vaultText(notes, true) || fieldName == "" {
			return
		}
		form := entryForm{name: name, password: password, notes: notes,
			fields: []vault.Field{{Name: fieldName, Value: fieldValue, Concealed: true}}}
		got, err := parseForm(formatForm(form))
		if err != nil || !reflect.DeepEqual(got, form) {
			t.Fatalf("%#v\nwritten\n%s\nread back %#v, %v", form, formatForm(form), got, err)
		}
	})
}

// vaultText reports whether s is text the vault would keep: valid, and
// without control characters but (multi) tab and newline.
func vaultText(s string, multi bool) bool {
	for _, r := range s {
		if r == unicode.ReplacementChar || unicode.IsControl(r) && !(multi && (r == '\t' || r == '\n')) {
			return false
		}
	}
	return true
}
