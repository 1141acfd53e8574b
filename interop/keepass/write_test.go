package keepass

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/passtea/passtea/crypto"
	"github.com/passtea/passtea/interop"
	"github.com/passtea/passtea/interop/kdbx"
	"github.com/passtea/passtea/vault"
)

var testKDF = vault.KDFSettings{Params: crypto.KDFParams{MemoryKiB: crypto.MinMemoryKiB, Iterations: 1, Parallelism: 1}, Explicit: true}

// newVault creates a vault whose clock starts at start and moves a second
// per reading.
func newVault(t testing.TB, start time.Time) *vault.Vault {
	t.Helper()
	now := start
	opts := &vault.Options{Now: func() time.Time { now = now.Add(time.Second); return now }}
	v, _, err := vault.Create(filepath.Join(t.TempDir(), "vault.passtea"),
		vault.NewVault{Credentials: vault.Credentials{Password: []byte("pw")}, KDF: testKDF}, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(v.Lock)
	return v
}

const (
	totpURI = "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example&algorithm=SHA1&digits=6&period=30"
	hotpURI = "otpauth://hotp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example&algorithm=SHA256&digits=8&counter=3"
)

// fillVault adds entries edited the ways users edit them.
func fillVault(t *testing.T, v *vault.Vault) {
	t.Helper()
	must := func(e vault.Entry, err error) vault.Entry {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	str := func(s string) *string { return &s }
	gh := must(v.Add(vault.NewEntry{Name: "work/github", Username: "alice", URLs: []string{"https://github.com", "https://gist.github.com"},
		Tags: []string{"dev", "work"}, Secret: vault.Secret{Password: "pw-1", Notes: "line 1\nline 2\ttab", OTP: totpURI,
			Fields: []vault.Field{{Name: "PIN", Value: "1234", Concealed: true}, {Name: "recovery", Value: "a\nb"}}}}))
	must(v.Edit(gh.ID, vault.Change{Password: str("pw-2")}))
	must(v.Edit(gh.ID, vault.Change{Fields: &[]vault.Field{{Name: "recovery", Value: "c"}, {Name: "new", Value: "x"}}}))
	must(v.Edit(gh.ID, vault.Change{Password: str("pw-3"), Name: str("work/gh")}))
	must(v.Edit(gh.ID, vault.Change{URLs: &[]string{"https://github.com/login"}, Tags: &[]string{"code"}}))
	must(v.Add(vault.NewEntry{Name: "top", Secret: vault.Secret{Password: "  spaces kept  ",
		Fields: []vault.Field{{Name: "Password", Value: "a field called Password"}, {Name: "otp", Value: "not a code"}}}}))
	must(v.Add(vault.NewEntry{Name: "名前/ünïcode & <html>", Username: "u", Secret: vault.Secret{Notes: "\"quotes\" and \\ backslash"}}))
	must(v.Add(vault.NewEntry{Name: "counter", Username: "alice", Secret: vault.Secret{OTP: hotpURI}, Accepted: []string{"weak"}}))
}

// TestExportMapping: groups, fields, codes and history as the package doc
// says, and the report of what KeePass cannot hold.
func TestExportMapping(t *testing.T) {
	v := newVault(t, time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))
	fillVault(t, v)
	db, rep, err := Database(v, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Entries != 4 {
		t.Errorf("entries %d", rep.Entries)
	}
	wantOmitted := []string{
		"HOTP digits, algorithm or label (KeePass keeps the secret and counter) of 1 entry",
		"accepted audit findings (KeePass has one \"exclude from reports\" flag) of 1 entry",
		"custom fields renamed (KeePass gives their names a meaning) of 1 entry",
	}
	if !slices.Equal(rep.Omitted, wantOmitted) {
		t.Errorf("omitted\n got %q\nwant %q", rep.Omitted, wantOmitted)
	}
	paths := map[string]*kdbx.Entry{}
	db.Walk(func(path []*kdbx.Group, e *kdbx.Entry) error {
		var names []string
		for _, g := range path {
			names = append(names, g.Name)
		}
		paths[strings.Join(append(names, e.Get(kdbx.FieldTitle)), "/")] = e
		return nil
	})
	gh := paths["work/gh"]
	if gh == nil {
		t.Fatalf("paths %v", paths)
	}
	for k, v := range map[string]string{"UserName": "alice", "Password": "pw-3", "URL": "https://github.com/login", "Notes": "line 1\nline 2\ttab",
		"recovery": "c", "new": "x", "otp": totpURI} {
		if got := gh.Get(k); got != v {
			t.Errorf("work/gh %s = %q, want %q", k, got, v)
		}
	}
	if f, _ := gh.Field("Password"); !f.Protected {
		t.Error("password not protected")
	}
	if !slices.Equal(gh.Tags, []string{"code"}) || len(gh.History) != 4 {
		t.Errorf("tags %q, %d history items", gh.Tags, len(gh.History))
	}
	first := gh.History[0]
	for k, v := range map[string]string{"Title": "github", "Password": "pw-1", "URL": "https://github.com", "KP2A_URL_1": "https://gist.github.com",
		"recovery": "a\nb", "PIN": "1234"} {
		if got := first.Get(k); got != v {
			t.Errorf("first version %s = %q, want %q", k, got, v)
		}
	}
	// "new" has no earlier value: passtea does not know when it was
	// added, so it is in every version (package doc).
	if first.Get("new") != "x" {
		t.Error("a field without earlier values is not in the first version")
	}
	if f, _ := first.Field("PIN"); !f.Protected {
		t.Error("PIN not protected in the history")
	}
	top := paths["top"]
	if top.Get("Password (passtea)") != "a field called Password" || top.Get("otp (passtea)") != "not a code" || top.Get("Password") != "  spaces kept  " {
		t.Errorf("top %+v", top.Fields)
	}
	counter := paths["counter"]
	if counter.Get("HmacOtp-Secret-Base32") != "JBSWY3DPEHPK3PXP" || counter.Get("HmacOtp-Counter") != "3" || counter.Get("otp") != "" || !counter.ExcludeFromReports {
		t.Errorf("counter %+v", counter.Fields)
	}
	if len(db.Root.Groups) != 2 || groupUUID("work") != db.Root.Groups[0].UUID && groupUUID("work") != db.Root.Groups[1].UUID {
		t.Errorf("groups %+v", db.Root.Groups)
	}
}

// TestRoundTrip: a vault exported to KDBX and imported into a new vault
// gives the same entries, within what the report says: every value, and
// every earlier value at its times (to the second, as KDBX keeps them).
func TestRoundTrip(t *testing.T) {
	a := newVault(t, time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))
	fillVault(t, a)
	var buf bytes.Buffer
	creds := kdbx.Credentials{Password: []byte("export")}
	if _, err := Write(&buf, a, creds, kdbx.WriteOptions{KDF: kdbx.KDFParams{KDF: kdbx.KDFArgon2id, MemoryKiB: 64, Iterations: 1, Parallelism: 1}}, nil); err != nil {
		t.Fatal(err)
	}
	im, err := ReadKDBX(&buf, creds, interop.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Later: the import must not take its times from the clock.
	b := newVault(t, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	if err := b.AddMany(im.NewEntries()); err != nil {
		t.Fatal(err)
	}
	want, got := contents(t, a), contents(t, b)
	if len(want) != len(got) {
		t.Fatalf("%d entries, want %d", len(got), len(want))
	}
	for i := range want {
		w, g := want[i], got[i]
		if w.e.Name != g.e.Name || w.e.Username != g.e.Username || !slices.Equal(w.e.URLs, g.e.URLs) || !slices.Equal(w.e.Tags, g.e.Tags) ||
			!w.e.Created.Truncate(time.Second).Equal(g.e.Created) || !w.e.Modified.Truncate(time.Second).Equal(g.e.Modified) {
			t.Errorf("%s: entry\n got %+v\nwant %+v", w.e.Name, g.e, w.e)
		}
		if w.s.Password != g.s.Password || w.s.Notes != g.s.Notes {
			t.Errorf("%s: secret differs", w.e.Name)
		}
		// What the report said: renamed fields, HOTP settings.
		switch w.e.Name {
		case "top":
			if !slices.Equal(fieldNames(g.s.Fields), []string{"Password (passtea)", "otp (passtea)"}) {
				t.Errorf("top fields %+v", g.s.Fields)
			}
			continue
		case "counter":
			if g.s.OTP != "otpauth://hotp/counter:alice?secret=JBSWY3DPEHPK3PXP&issuer=counter&algorithm=SHA1&digits=6&counter=3" {
				t.Errorf("counter otp %q", g.s.OTP)
			}
			continue
		}
		if w.s.OTP != g.s.OTP || !slices.Equal(w.s.Fields, g.s.Fields) {
			t.Errorf("%s: otp or fields\n got %q %+v\nwant %q %+v", w.e.Name, g.s.OTP, g.s.Fields, w.s.OTP, w.s.Fields)
		}
		wh := slices.Clone(w.s.History)
		for j := range wh {
			wh[j].Set, wh[j].Replaced = wh[j].Set.Truncate(time.Second), wh[j].Replaced.Truncate(time.Second)
		}
		if !sameHistory(g.s.History, wh) {
			t.Errorf("%s: history\n got %+v\nwant %+v", w.e.Name, g.s.History, wh)
		}
	}
}

type item struct {
	e vault.Entry
	s vault.Secret
}

func contents(t *testing.T, v *vault.Vault) []item {
	t.Helper()
	var out []item
	if err := v.Each(func(e vault.Entry, s vault.Secret) error {
		out = append(out, item{e, s})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func fieldNames(fs []vault.Field) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Name)
	}
	return out
}

// TestExportHistoryWithinOneStamp: saves within one millisecond (a
// script's quick edits) are each on the history: none is exported as an
// empty entry or lost.
func TestExportHistoryWithinOneStamp(t *testing.T) {
	at := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	v, _, err := vault.Create(filepath.Join(t.TempDir(), "vault.passtea"),
		vault.NewVault{Credentials: vault.Credentials{Password: []byte("pw")}, KDF: testKDF},
		&vault.Options{Now: func() time.Time { return at }})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Lock()
	str := func(s string) *string { return &s }
	e, err := v.Add(vault.NewEntry{Name: "quick", Secret: vault.Secret{Password: "p1", Notes: "n"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Edit(e.ID, vault.Change{Password: str("p2")}); err != nil {
		t.Fatal(err)
	}
	if e, err = v.Edit(e.ID, vault.Change{Password: str("p3"), Notes: str("")}); err != nil {
		t.Fatal(err)
	}
	s, err := v.Secret(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	ke := exportEntry(e, s, &interop.Tally{})
	if len(ke.History) == 0 {
		t.Fatal("no history")
	}
	var got []string
	for _, h := range ke.History {
		got = append(got, h.Get(kdbx.FieldPassword)+"/"+h.Get(kdbx.FieldNotes))
	}
	if want := []string{"p1/n", "p2/n"}; !slices.Equal(got, want) {
		t.Errorf("history (password/notes) %q, want %q", got, want)
	}
}
