package interop

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/passtea/passtea/vault"
)

func TestName(t *testing.T) {
	for in, want := range map[string]string{
		"work/github":            "work/github",
		" Work / Dev /GitHub ":   "Work/Dev/GitHub",
		"a//b":                   "a/b",
		"/lead/trail/":           "lead/trail",
		"bank\u202egro.live":     "bank gro.live",
		"tab\there":              "tab here",
		"e\u0301":                "é",
		"":                       "",
		"///":                    "",
		strings.Repeat("é", 200): strings.Repeat("é", 128),
	} {
		if got := Name(in); got != want {
			t.Errorf("Name(%q) = %q, want %q", in, got, want)
		}
		if got := Name(in); got != "" && vault.ValidateName(got) != nil {
			t.Errorf("Name(%q) = %q, which the vault refuses", in, got)
		}
	}
	if got := Path("Work", "", "Dev/Sub", " x "); got != "Work/Dev/Sub/x" {
		t.Errorf("Path = %q", got)
	}
}

func TestAddCleansAndChecks(t *testing.T) {
	im := NewImport("test", Limits{})
	e := Entry{Place: "line 2"}
	e.Name = "a / b"
	e.Notes = "one\r\ntwo\rthree"
	e.Tags = []string{"two words", "a,b", "ok", "ok"}
	e.URLs = []string{" https://x ", "https://x", ""}
	e.AddField("", "v", false)
	e.AddField("field", "multi\nline", true)
	if err := im.Add(e); err != nil {
		t.Fatal(err)
	}
	got := im.Entries[0]
	if got.Name != "a / b" || got.Notes != "one\ntwo\nthree" || !slices.Equal(got.Tags, []string{"a-b", "ok", "two-words"}) ||
		!slices.Equal(got.URLs, []string{"https://x"}) {
		t.Errorf("%+v", got.NewEntry)
	}
	if !slices.Equal(got.Fields, []vault.Field{{Name: "field", Value: "v"}, {Name: "field (2)", Value: "multi\nline"}}) {
		t.Errorf("fields %+v", got.Fields)
	}
	if len(got.Changed) != 3 {
		t.Errorf("changed %q", got.Changed)
	}
	// A second entry of the same name is renamed.
	if err := im.Add(Entry{NewEntry: vault.NewEntry{Name: "a / b"}, Place: "line 3"}); err != nil {
		t.Fatal(err)
	}
	if im.Entries[1].Name != "a / b (2)" {
		t.Errorf("%q", im.Entries[1].Name)
	}
	// What the vault refuses is refused with the place.
	bad := Entry{NewEntry: vault.NewEntry{Name: "x", Secret: vault.Secret{Password: "a\nb"}}, Place: "items[7]"}
	err := im.Add(bad)
	var re *RecordError
	if !errors.As(err, &re) || re.Place != "items[7]" || !errors.Is(err, vault.ErrInvalid) {
		t.Errorf("err %v", err)
	}
}

func TestSetOTP(t *testing.T) {
	var e Entry
	e.SetOTP("TOTP", "jbsw y3dp ehpk 3pxp", false)
	if e.OTP != "otpauth://totp/?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30" {
		t.Errorf("base32: %q", e.OTP)
	}
	e.SetOTP("second", "otpauth://totp/B:b?secret=JBSWY3DPEHPK3PXQ&issuer=B", false)
	e.SetOTP("junk", "not a code!", false)
	if len(e.Fields) != 2 || !e.Fields[0].Concealed || e.Fields[1].Value != "not a code!" || len(e.Changed) != 2 {
		t.Errorf("%+v %q", e.Fields, e.Changed)
	}
	if strings.Contains(strings.Join(e.Changed, ""), "not a code!") {
		t.Error("a change note quotes the value")
	}
	h, err := OTPURI("otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=5", true)
	if err != nil || !strings.Contains(h, "counter=6") {
		t.Errorf("hotp %q %v", h, err)
	}
	s, err := OTPURI("steam://JBSWY3DPEHPK3PXP", false)
	if err != nil || !strings.Contains(s, "encoder=steam") {
		t.Errorf("steam %q %v", s, err)
	}
}

func entries(names ...string) []Entry {
	out := make([]Entry, len(names))
	for i, n := range names {
		out[i].Name = n
	}
	return out
}

func TestResolve(t *testing.T) {
	imported := entries("a", "b", "c (2)", "c")
	existing := []string{"a", "c", "c (3)"}
	for _, tc := range []struct {
		p       Policy
		add     []string
		replace []string
		lines   int
	}{
		{Rename, []string{"a (2)", "b", "c (2)", "c (4)"}, nil, 2},
		{Skip, []string{"b", "c (2)"}, nil, 2},
		{Replace, []string{"a", "b", "c (2)", "c"}, []string{"a", "c"}, 2},
	} {
		plan := Resolve(imported, existing, tc.p)
		var add []string
		for _, e := range plan.Add {
			add = append(add, e.Name)
		}
		if !slices.Equal(add, tc.add) || !slices.Equal(plan.Replace, tc.replace) || len(plan.Lines()) != tc.lines || len(plan.Decisions) != 4 {
			t.Errorf("%v: add %q replace %q lines %q", tc.p, add, plan.Replace, plan.Lines())
		}
	}
	if imported[0].Name != "a" {
		t.Error("Resolve changed its input")
	}
	for _, s := range []string{"skip", "rename", "replace"} {
		if p, err := ParsePolicy(s); err != nil || p.String() != s {
			t.Errorf("%s: %v %v", s, p, err)
		}
	}
	if _, err := ParsePolicy("merge"); err == nil {
		t.Error("unknown policy accepted")
	}
}

func code(t *testing.T, name, uri string) Entry {
	t.Helper()
	u, err := OTPURI(uri, false)
	if err != nil {
		t.Fatal(err)
	}
	e := Entry{Kind: OneTimeCode}
	e.Name, e.OTP = name, u
	return e
}

func TestMergeOTP(t *testing.T) {
	gh := "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub"
	ghCanon, _ := OTPURI(gh, false)
	imported := []Entry{
		code(t, "GitHub (alice)", gh), // same code already in "gh"
		code(t, "Google (alice@example.com)", "otpauth://totp/Google:alice@example.com?secret=JBSWY3DPEHPK3PXQ&issuer=Google"), // by URL host
		code(t, "Example (bob)", "otpauth://totp/Example:bob?secret=JBSWY3DPEHPK3PXR&issuer=Example"),                          // two candidates
		code(t, "Nobody (x)", "otpauth://totp/Nobody:x?secret=JBSWY3DPEHPK3PXS&issuer=Nobody"),                                 // none
		code(t, "GitLab (carol)", "otpauth://totp/GitLab:carol?secret=JBSWY3DPEHPK3PXT&issuer=GitLab"),                         // replaces another code
		{Kind: Login, NewEntry: vault.NewEntry{Name: "login"}},
	}
	oldLab, _ := OTPURI("otpauth://totp/GitLab:carol?secret=AAAAAAAAAAAAAAAA&issuer=GitLab", false)
	existing := []Existing{
		{ID: vault.ID{1}, Name: "gh", OTP: ghCanon},
		{ID: vault.ID{2}, Name: "mail", Username: "Alice@Example.com", URLs: []string{"https://accounts.google.com/"}},
		{ID: vault.ID{3}, Name: "a/example", Username: "bob"},
		{ID: vault.ID{4}, Name: "b/Example", Username: "bob"},
		{ID: vault.ID{5}, Name: "work/gitlab", Username: "carol", OTP: oldLab},
		{ID: vault.ID{6}, Name: "nobody", Username: "y"},
	}
	plan := MergeOTP(imported, existing)
	if !slices.Equal(plan.Same, []int{0}) || !slices.Equal(plan.New, []int{2, 3, 5}) || len(plan.Merges) != 2 {
		t.Fatalf("%+v", plan)
	}
	if m := plan.Merges[0]; m.Index != 1 || m.Target != (vault.ID{2}) || m.Replaces {
		t.Errorf("%+v", m)
	}
	if m := plan.Merges[1]; m.Index != 4 || m.Target != (vault.ID{5}) || !m.Replaces {
		t.Errorf("%+v", m)
	}
	if len(plan.Notes) != 1 || !strings.Contains(plan.Notes[0], `"a/example", "b/Example"`) {
		t.Errorf("notes %q", plan.Notes)
	}
}

func TestSummary(t *testing.T) {
	im := NewImport("bitwarden-json", Limits{})
	for i, k := range []Kind{Login, Card, Login} {
		e := Entry{Kind: k, Place: "items[" + string(rune('0'+i)) + "]"}
		e.Name = "e" + string(rune('0'+i))
		if i == 0 {
			e.Drop("attachment %q", "a\x1b[2Jb.pdf")
		}
		if err := im.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	im.Skip("items[3]", "old", "in the trash")
	im.Note("a note")
	lines := im.Summary().Lines()
	want := []string{
		"3 entries from bitwarden-json: 2 login, 1 card",
		"not kept (passtea cannot hold it) (1):",
		`  items[0] "e0": attachment "a\x1b[2Jb.pdf"`,
		"skipped (1):",
		`  items[3] "old": in the trash`,
		"a note",
	}
	if !slices.Equal(lines, want) {
		t.Errorf("lines\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

// TestPlacesAreQuoted: a place from the source (a pass store's file name,
// a KeePass group) with a character that does not print is quoted in the
// summary and in errors, so it never reaches a terminal raw.
func TestPlacesAreQuoted(t *testing.T) {
	im := NewImport("pass", Limits{})
	e := Entry{Kind: Login, Place: "a\x1b]0;title\x07.gpg"}
	e.Name = "a"
	e.Drop("x")
	if err := im.Add(e); err != nil {
		t.Fatal(err)
	}
	im.Skip("b\u202e.gpg", "b", "empty")
	lines := strings.Join(im.Summary().Lines(), "\n")
	for _, want := range []string{`"a\x1b]0;title\a.gpg" "a": x`, `"b\u202e.gpg" "b": empty`} {
		if !strings.Contains(lines, want) {
			t.Errorf("summary %q lacks %q", lines, want)
		}
	}
	if err := Recordf("x\x1by", "bad"); err.Error() != `"x\x1by": bad` {
		t.Errorf("error %q", err)
	}
	if err := Recordf("line 3", "bad"); err.Error() != "line 3: bad" {
		t.Errorf("error %q", err)
	}
}
