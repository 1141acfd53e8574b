package keepass

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/passtea/passtea/interop"
	"github.com/passtea/passtea/interop/kdbx"
	"github.com/passtea/passtea/vault"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// fixtureImport reads a KDBX fixture of package kdbx (made by KeePassXC
// from hand-written XML; see its testdata/README.md).
func fixtureImport(t *testing.T, name string) *interop.Import {
	t.Helper()
	f, err := os.Open("../kdbx/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	im, err := ReadKDBX(f, kdbx.Credentials{Password: []byte("passtea-fixture")}, interop.Options{})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return im
}

func byName(im *interop.Import) map[string]interop.Entry {
	out := map[string]interop.Entry{}
	for _, e := range im.Entries {
		out[e.Name] = e
	}
	return out
}

// TestFixtures maps every KeePassXC-written fixture and checks each field
// against the XML the fixtures were made from (kdbx/testdata/import-*.xml).
func TestFixtures(t *testing.T) {
	for _, name := range []string{"kdbx31-aeskdf-aes.kdbx", "kdbx40-aeskdf-aes.kdbx", "kdbx41-aeskdf-aes.kdbx",
		"kdbx40-argon2id-chacha20.kdbx", "kdbx40-argon2d-aes.kdbx", "kdbx40-argon2d-v10-chacha20.kdbx", "kdbx40-aeskdf-twofish.kdbx"} {
		t.Run(name, func(t *testing.T) {
			im := fixtureImport(t, name)
			checkFixture(t, im)
		})
	}
	t.Run("keepassxc-export.xml", func(t *testing.T) {
		data, err := os.ReadFile("../kdbx/testdata/keepassxc-export.xml")
		if err != nil {
			t.Fatal(err)
		}
		im, err := ReadXML(data, interop.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if im.Format != FormatXML {
			t.Errorf("format %q", im.Format)
		}
		checkFixture(t, im)
	})
}

func checkFixture(t *testing.T, im *interop.Import) {
	t.Helper()
	got := byName(im)
	gh, ok := got["Work/GitHub"]
	if !ok {
		t.Fatalf("no Work/GitHub in %v", slices.Collect(func(yield func(string) bool) {
			for n := range got {
				yield(n)
			}
		}))
	}
	if gh.Username != "alice" || gh.Password != "correct horse battery staple" || gh.Notes != "line one\nline two & <three>" ||
		!slices.Equal(gh.URLs, []string{"https://github.com/login", "https://gist.github.com"}) || !slices.Equal(gh.Tags, []string{"dev", "work"}) {
		t.Errorf("Work/GitHub: %+v", gh.NewEntry)
	}
	if want := "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&algorithm=SHA1&digits=6&period=30"; gh.OTP != want {
		t.Errorf("otp %q", gh.OTP)
	}
	if f, _ := gh.Field("PIN"); f.Value != "1234" || !f.Concealed {
		t.Errorf("PIN %+v", f)
	}
	if f, _ := gh.Field("Account"); f.Value != "acct-42" || f.Concealed {
		t.Errorf("Account %+v", f)
	}
	if len(gh.Fields) != 2 {
		t.Errorf("fields %+v (otp and KP2A_URL_1 are not custom fields)", gh.Fields)
	}
	if !gh.Created.Equal(at("2021-02-01T10:00:00Z")) || !gh.Modified.Equal(at("2023-04-05T06:07:08Z")) {
		t.Errorf("times %v %v", gh.Created, gh.Modified)
	}
	want := []vault.OldValue{
		{Kind: vault.KindURLs, Value: "https://github.com", Set: at("2021-02-01T10:00:00Z"), Replaced: at("2023-04-05T06:07:08Z")},
		{Kind: vault.KindPassword, Value: "first-pass", Concealed: true, Set: at("2021-02-01T10:00:00Z"), Replaced: at("2022-03-04T05:06:07Z")},
		{Kind: vault.KindPassword, Value: "second-pass", Concealed: true, Set: at("2022-03-04T05:06:07Z"), Replaced: at("2023-04-05T06:07:08Z")},
		{Kind: vault.KindNotes, Value: "old note", Set: at("2022-03-04T05:06:07Z"), Replaced: at("2023-04-05T06:07:08Z")},
	}
	if !sameHistory(gh.History, want) {
		t.Errorf("history\n got %+v\nwant %+v", gh.History, want)
	}
	if !slices.ContainsFunc(gh.Dropped, func(s string) bool { return strings.HasPrefix(s, "auto-type") }) {
		t.Errorf("dropped %q", gh.Dropped)
	}
	db1 := got["Work/Servers/db1"]
	if db1.OTP != "otpauth://totp/db1:root?secret=GEZDGNBVGY3TQOJQ&issuer=db1&algorithm=SHA1&digits=8&period=30" || len(db1.Fields) != 0 {
		t.Errorf("db1 (TOTP Seed and TOTP Settings) %q %+v", db1.OTP, db1.Fields)
	}
	cafe := got["Personal/Café ☕"]
	if cafe.Password != `p&<>"'ä€𝄞` || !strings.Contains(cafe.OTP, "algorithm=SHA256&digits=8&period=60") {
		t.Errorf("café (KeeOTP form) %+v", cafe.NewEntry)
	}
	if len(im.Skipped) != 1 || im.Skipped[0].Reason != "in the recycle bin" || im.Skipped[0].Name != "Old thing" {
		t.Errorf("skipped %+v", im.Skipped)
	}
	if _, ok := got["Recycle Bin/Old thing"]; ok {
		t.Error("the recycle bin was imported")
	}
}

func sameHistory(got, want []vault.OldValue) bool {
	return slices.EqualFunc(got, want, func(a, b vault.OldValue) bool {
		return a.Kind == b.Kind && a.Field == b.Field && a.Value == b.Value && a.Concealed == b.Concealed &&
			a.Removed == b.Removed && a.Set.Equal(b.Set) && a.Replaced.Equal(b.Replaced)
	})
}

// entry makes a KeePass entry of key/value pairs (a key starting with "*"
// is protected), modified at the given time.
func entry(modified string, kv ...string) *kdbx.Entry {
	e := &kdbx.Entry{Times: kdbx.Times{Created: at("2020-01-01T00:00:00Z"), Modified: at(modified)}}
	for i := 0; i < len(kv); i += 2 {
		k, protected := strings.CutPrefix(kv[i], "*")
		e.Set(k, kv[i+1], protected)
	}
	return e
}

func database(groups ...*kdbx.Group) *kdbx.Database {
	return &kdbx.Database{Root: &kdbx.Group{Name: "Root", Groups: groups}}
}

// TestHistoryFieldByField: versions in which fields are changed, emptied,
// removed and added again give earlier values with their times.
func TestHistoryFieldByField(t *testing.T) {
	e := entry("2024-01-04T00:00:00Z", "Title", "mail", "UserName", "me", "*Password", "p3", "Notes", "", "*PIN", "2")
	e.History = []*kdbx.Entry{
		entry("2024-01-01T00:00:00Z", "Title", "old mail", "UserName", "me", "*Password", "p1", "Notes", "n1", "*PIN", "1"),
		entry("2024-01-02T00:00:00Z", "Title", "mail", "UserName", "me", "*Password", "p2", "Notes", "n1"),
		entry("2024-01-03T00:00:00Z", "Title", "mail", "UserName", "me", "*Password", "p2", "Notes", "n2"),
	}
	im, err := Read(database(&kdbx.Group{Name: "Web", Entries: []*kdbx.Entry{e}}), FormatKDBX, interop.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := im.Entries[0]
	d := func(day int) time.Time { return time.Date(2024, 1, day, 0, 0, 0, 0, time.UTC) }
	want := []vault.OldValue{
		{Kind: vault.KindName, Value: "Web/old mail", Set: d(1), Replaced: d(2)},
		{Kind: vault.KindPassword, Value: "p1", Concealed: true, Set: d(1), Replaced: d(2)},
		{Kind: vault.KindPassword, Value: "p2", Concealed: true, Set: d(2), Replaced: d(4)},
		{Kind: vault.KindNotes, Value: "n1", Set: d(1), Replaced: d(3)},
		{Kind: vault.KindNotes, Value: "n2", Set: d(3), Replaced: d(4)},
		{Kind: vault.KindCustom, Field: "PIN", Value: "1", Concealed: true, Set: d(1), Replaced: d(2)},
		{Kind: vault.KindCustom, Field: "PIN", Concealed: true, Removed: true, Set: d(2), Replaced: d(4)},
	}
	if !sameHistory(got.History, want) {
		t.Errorf("history\n got %+v\nwant %+v", got.History, want)
	}
	if got.Name != "Web/mail" || got.Notes != "" || got.Password != "p3" {
		t.Errorf("%+v", got.NewEntry)
	}
	// The vault takes it, and shows the same history.
	v := newVault(t, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err := v.AddMany(im.NewEntries()); err != nil {
		t.Fatal(err)
	}
	all, _ := v.Entries()
	s, err := v.Secret(all[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.History) < len(want) || s.Notes != "" {
		t.Errorf("vault history %+v", s.History)
	}
}

// TestWhatIsNotKept: what passtea cannot hold is listed, entry by entry
// and group by group; nothing of it is silently lost.
func TestWhatIsNotKept(t *testing.T) {
	e := entry("2024-01-01T00:00:00Z", "Title", "x", "*Notes", "secret notes")
	e.Attachments = []kdbx.Attachment{{Name: "id.pdf", Size: 1234}}
	e.Times.Expires, e.Times.Expiry = true, at("2030-05-06T07:08:00Z")
	e.IconID = 12
	e.ForegroundColor = "#FF0000"
	e.OverrideURL = "cmd://ssh {URL}"
	e.AutoType.Associations = []kdbx.AutoTypeAssociation{{Window: "w", Sequence: "{PASSWORD}"}}
	e.CustomData = []kdbx.CustomDataItem{{Key: "KPXC_BROWSER_x", Value: "{}"}, {Key: "_LAST_MODIFIED", Value: "t"}}
	e.ExcludeFromReports = true
	empty := &kdbx.Group{Name: "Empty"}
	noted := &kdbx.Group{Name: "Noted", Notes: "about the group", Tags: []string{"t1"}, Entries: []*kdbx.Entry{e}}
	im, err := Read(database(noted, empty), FormatKDBX, interop.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := im.Entries[0]
	for _, want := range []string{`attachment "id.pdf" (1234 bytes)`, "expiry date 2030-05-06 07:08 UTC", "icon 12", "colours",
		`URL override "cmd://ssh {URL}"`, "auto-type sequence and 1 window associations", `custom data "KPXC_BROWSER_x"`} {
		if !slices.Contains(got.Dropped, want) {
			t.Errorf("dropped %q lacks %q", got.Dropped, want)
		}
	}
	if len(got.Dropped) != 7 {
		t.Errorf("dropped %q", got.Dropped)
	}
	if !slices.Contains(got.Changed, "the notes was protected in KeePass: passtea shows it") {
		t.Errorf("changed %q", got.Changed)
	}
	if !slices.Equal(got.Accepted, []string{"breached", "reused", "weak"}) {
		t.Errorf("accepted %q", got.Accepted)
	}
	notes := strings.Join(im.Notes, "\n")
	for _, want := range []string{`group "Noted": its notes are not kept`, `group "Noted": its tags "t1" are not kept`, `group "Empty" is empty: not kept`} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes %q lack %q", notes, want)
		}
	}
}

// TestOneTimeCodes: every form of code KeePass and KeePassXC keep.
func TestOneTimeCodes(t *testing.T) {
	for _, tc := range []struct {
		name   string
		kv     []string
		otp    string
		fields []string
	}{
		{"otpauth URI", []string{"*otp", "otpauth://totp/I:a?secret=JBSWY3DPEHPK3PXP&issuer=I"}, "otpauth://totp/I:a?secret=JBSWY3DPEHPK3PXP&issuer=I&algorithm=SHA1&digits=6&period=30", nil},
		{"KeeOTP", []string{"*otp", "key=JBSWY3DPEHPK3PXP&size=8&step=60"}, "otpauth://totp/T:u?secret=JBSWY3DPEHPK3PXP&issuer=T&algorithm=SHA1&digits=8&period=60", nil},
		{"legacy", []string{"*TOTP Seed", "JBSWY3DPEHPK3PXP", "TOTP Settings", "30;S"}, "otpauth://totp/T:u?secret=JBSWY3DPEHPK3PXP&issuer=T&algorithm=SHA1&digits=5&period=30&encoder=steam", nil},
		{"KeePass TimeOtp", []string{"*TimeOtp-Secret-Base32", "JBSW Y3DP EHPK 3PXP", "TimeOtp-Length", "8", "TimeOtp-Period", "60", "TimeOtp-Algorithm", "HMAC-SHA-256"},
			"otpauth://totp/T:u?secret=JBSWY3DPEHPK3PXP&issuer=T&algorithm=SHA256&digits=8&period=60", nil},
		{"KeePass TimeOtp hex", []string{"*TimeOtp-Secret-Hex", "48656c6c6f21deadbeef"}, "otpauth://totp/T:u?secret=JBSWY3DPEHPK3PXP&issuer=T&algorithm=SHA1&digits=6&period=30", nil},
		{"KeePass HmacOtp", []string{"*HmacOtp-Secret", "12345678901234567890", "HmacOtp-Counter", "7"},
			"otpauth://hotp/T:u?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=T&algorithm=SHA1&digits=6&counter=7", nil},
		{"not a code", []string{"*otp", "garbage"}, "", []string{"otp"}},
		{"KeePass TimeOtp, bad length", []string{"*TimeOtp-Secret-Base32", "JBSWY3DPEHPK3PXP", "TimeOtp-Length", "x"}, "", []string{"TimeOtp-Secret-Base32", "TimeOtp-Length"}},
		{"two codes", []string{"*otp", "otpauth://totp/I:a?secret=JBSWY3DPEHPK3PXP&issuer=I", "*HmacOtp-Secret-Base32", "GEZDGNBVGY3TQOJQ"},
			"otpauth://totp/I:a?secret=JBSWY3DPEHPK3PXP&issuer=I&algorithm=SHA1&digits=6&period=30", []string{"HmacOtp-Secret"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := entry("2024-01-01T00:00:00Z", append([]string{"Title", "T", "UserName", "u"}, tc.kv...)...)
			im, err := Read(database(&kdbx.Group{Name: "g", Entries: []*kdbx.Entry{e}}), FormatKDBX, interop.Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := im.Entries[0]
			var names []string
			for _, f := range got.Fields {
				names = append(names, f.Name)
			}
			if got.OTP != tc.otp || !slices.Equal(names, tc.fields) {
				t.Errorf("otp %q fields %q, want %q %q", got.OTP, names, tc.otp, tc.fields)
			}
		})
	}
}

// TestNames: groups and titles make names; "/" in a title makes levels
// and says so; an entry without a title is named after its URL.
func TestNames(t *testing.T) {
	entries := []*kdbx.Entry{
		entry("2024-01-01T00:00:00Z", "Title", "https://a.example/x"),
		entry("2024-01-01T00:00:00Z", "URL", "https://www.b.example/login"),
		entry("2024-01-01T00:00:00Z", "Title", "dup"),
		entry("2024-01-01T00:00:00Z", "Title", "dup"),
	}
	root := &kdbx.Group{Name: "Root", Entries: []*kdbx.Entry{entry("2024-01-01T00:00:00Z", "Title", "top")},
		Groups: []*kdbx.Group{{Name: "G", Entries: entries}}}
	im, err := Read(&kdbx.Database{Root: root}, FormatKDBX, interop.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range im.Entries {
		names = append(names, e.Name)
	}
	if want := []string{"top", "G/https:/a.example/x", "G/b.example", "G/dup", "G/dup (2)"}; !slices.Equal(names, want) {
		t.Errorf("names %q, want %q", names, want)
	}
	if c := im.Entries[1].Changed; len(c) == 0 || c[0] != `name "G/https://a.example/x" written "G/https:/a.example/x"` {
		t.Errorf("changed %q", c)
	}
}

func TestErrors(t *testing.T) {
	if _, err := Read(database(&kdbx.Group{Name: "e"}), FormatKDBX, interop.Options{}); !errors.Is(err, interop.ErrEmpty) {
		t.Errorf("empty: %v", err)
	}
	if _, err := ReadXML([]byte(`{"items":[]}`), interop.Options{}); !errors.Is(err, interop.ErrFormat) {
		t.Errorf("not xml: %v", err)
	}
	bad := entry("2024-01-01T00:00:00Z", "Title", "x", "*Password", "a\x1bb")
	_, err := Read(database(&kdbx.Group{Name: "g", Entries: []*kdbx.Entry{bad}}), FormatKDBX, interop.Options{})
	var re *interop.RecordError
	if !errors.As(err, &re) || re.Place != "g/x" || strings.Contains(err.Error(), "a\x1bb") {
		t.Errorf("bad password: %v", err)
	}
	f, _ := os.Open("../kdbx/testdata/kdbx40-argon2id-chacha20.kdbx")
	defer f.Close()
	if _, err := ReadKDBX(f, kdbx.Credentials{Password: []byte("wrong")}, interop.Options{}); !errors.Is(err, kdbx.ErrWrongKey) {
		t.Errorf("wrong password: %v", err)
	}
}

func TestIsXML(t *testing.T) {
	for in, want := range map[string]bool{
		"<KeePassFile>": true,
		"\ufeff<?xml version=\"1.0\"?>\n<!-- c --><KeePassFile\n>": true,
		"<KeePassFiles>":                false,
		"<?xml version=\"1.0\"?><html>": false,
		"<?xml":                         false,
		"":                              false,
	} {
		if got := IsXML([]byte(in)); got != want {
			t.Errorf("IsXML(%q) = %v", in, got)
		}
	}
}
