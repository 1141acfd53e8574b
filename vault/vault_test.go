package vault

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestCreateAddReopen(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	mustAdd(t, v, "work/github", "pw1")
	mustAdd(t, v, "bank", "pw2")
	if _, err := v.Add(NewEntry{Name: "bank"}); !errors.Is(err, ErrNameTaken) {
		t.Fatalf("duplicate name: got %v, want ErrNameTaken", err)
	}
	w, err := Open(path, testPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := mustEntries(t, w)
	if len(got) != 2 || got[0].Name != "bank" || got[1].Name != "work/github" {
		t.Fatalf("entries = %+v", got)
	}
	if got[0].Username != "user-bank" || got[0].URL() != "https://bank.example" || fmt.Sprint(got[0].Tags) != "[a b]" {
		t.Fatalf("fields = %+v", got[0])
	}
	checkSecret(t, w, got[1].ID, Secret{Password: "pw1", Notes: "notes of work/github"})
	for _, name := range []string{path, filepath.Dir(path)} {
		fi, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		want := os.FileMode(0o600)
		if fi.IsDir() {
			want = 0o700
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", name, fi.Mode().Perm(), want)
		}
	}
	raw := mustRead(t, path)
	for _, plain := range []string{"pw1", "work/github", "user-bank", "bank.example", "notes of"} {
		if bytes.Contains(raw, []byte(plain)) {
			t.Errorf("file contains %q in plaintext", plain)
		}
	}
}

func TestWrongPassword(t *testing.T) {
	t.Parallel()
	_, path := newTestVault(t, nil)
	if _, err := Open(path, []byte("wrong"), nil); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("got %v, want ErrWrongPassword", err)
	}
}

func TestCreateRefusesExisting(t *testing.T) {
	t.Parallel()
	_, path := newTestVault(t, nil)
	before := mustRead(t, path)
	if _, _, err := Create(path, NewVault{Credentials: testCreds, KDF: testKDF}, nil); !errors.Is(err, ErrExists) {
		t.Fatalf("got %v, want ErrExists", err)
	}
	if !bytes.Equal(before, mustRead(t, path)) {
		t.Fatal("file changed")
	}
}

// TestEditHistoryAndFields: every field changes, and each replaced value
// is in the history.
func TestEditHistoryAndFields(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	e := mustAdd(t, v, "mail", "pw-1")
	pw2, user2, notes2 := "pw-2", "other", "new notes\n\twith a tab"
	urls := []string{"https://a.example", "https://b.example", "https://a.example"}
	fields := []Field{{Name: "PIN", Value: "1234", Concealed: true}, {Name: "account", Value: "DE00 1234"}}
	otp := "otpauth://totp/Example:me?secret=JBSWY3DPEHPK3PXP&issuer=Example"
	got, err := v.Edit(e.ID, Change{Password: &pw2, Username: &user2, Notes: &notes2, URLs: &urls, Fields: &fields, OTP: &otp})
	if err != nil {
		t.Fatal(err)
	}
	if got.Username != "other" || !reflect.DeepEqual(got.URLs, []string{"https://a.example", "https://b.example"}) || !got.HasOTP {
		t.Fatalf("edited = %+v", got)
	}
	if got.Revision <= e.Revision {
		t.Fatalf("revision %d after %d", got.Revision, e.Revision)
	}
	w := mustOpenKey(t, path, v.key, nil)
	s, err := w.Secret(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if s.Password != pw2 || s.Notes != notes2 || s.OTP != otp || !reflect.DeepEqual(s.Fields, fields) {
		t.Fatalf("secret = %+v", s)
	}
	old := map[FieldKind]string{}
	for _, h := range s.History {
		old[h.Kind] = h.Value
	}
	want := map[FieldKind]string{KindPassword: "pw-1", KindUsername: "user-mail", KindNotes: "notes of mail", KindURLs: "https://mail.example"}
	if !reflect.DeepEqual(old, want) {
		t.Fatalf("history = %+v", s.History)
	}
	// Removing a custom field keeps its value in the history.
	fields = fields[1:]
	if _, err := v.Edit(e.ID, Change{Fields: &fields}); err != nil {
		t.Fatal(err)
	}
	s, _ = v.Secret(e.ID)
	if len(s.Fields) != 1 || s.Fields[0].Name != "account" {
		t.Fatalf("fields = %+v", s.Fields)
	}
	found := false
	for _, h := range s.History {
		found = found || h.Kind == KindCustom && h.Field == "PIN" && h.Value == "1234" && h.Concealed
	}
	if !found {
		t.Fatalf("the removed PIN is not in the history: %+v", s.History)
	}
}

// TestRename keeps the name unique and findable.
func TestRename(t *testing.T) {
	t.Parallel()
	v, _ := newTestVault(t, nil)
	a := mustAdd(t, v, "alpha", "a")
	mustAdd(t, v, "bravo", "b")
	taken := "bravo"
	if _, err := v.Edit(a.ID, Change{Name: &taken}); !errors.Is(err, ErrNameTaken) {
		t.Fatalf("rename onto bravo: %v", err)
	}
	zulu := "zulu"
	if _, err := v.Edit(a.ID, Change{Name: &zulu}); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Get("alpha"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("old name: %v", err)
	}
	if e, err := v.Get("zulu"); err != nil || e.ID != a.ID {
		t.Fatalf("new name: %+v %v", e, err)
	}
	// The freed name can be taken again.
	mustAdd(t, v, "alpha", "a2")
	names := []string{}
	for _, e := range mustEntries(t, v) {
		names = append(names, e.Name)
	}
	if fmt.Sprint(names) != "[alpha bravo zulu]" {
		t.Fatalf("names = %v", names)
	}
}

// TestTrash: deleting keeps the entry in the trash; restoring brings it
// back; purging leaves nothing but a marker.
func TestTrash(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	e := mustAdd(t, v, "old", "pw")
	if err := v.Delete(e.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Get("old"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted entry found: %v", err)
	}
	trash, _ := v.Trash()
	if len(trash) != 1 || trash[0].ID != e.ID || !trash[0].Deleted {
		t.Fatalf("trash = %+v", trash)
	}
	mustAdd(t, v, "old", "another")
	if _, err := v.Restore(e.ID); !errors.Is(err, ErrNameTaken) {
		t.Fatalf("restore onto a taken name: %v", err)
	}
	x, _ := v.Get("old")
	if err := v.Purge(x.ID); err != nil {
		t.Fatal(err)
	}
	if r, err := v.Restore(e.ID); err != nil || r.Name != "old" {
		t.Fatalf("restore: %+v %v", r, err)
	}
	checkSecret(t, v, e.ID, Secret{Password: "pw", Notes: "notes of old"})
	w := mustOpenKey(t, path, v.key, nil)
	if n := mustLen(t, w); n != 1 {
		t.Fatalf("%d live entries", n)
	}
	if _, err := w.Secret(x.ID); err != nil {
		t.Fatalf("a purged marker's secret: %v", err)
	}
	if n, err := w.EmptyTrash(); n != 0 || err != nil {
		t.Fatalf("empty trash: %d %v", n, err)
	}
}

// TestManyEntries fills several groups and reads them back, by name and in
// order.
func TestManyEntries(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	var items []NewEntry
	for i := range 1000 {
		items = append(items, NewEntry{Name: fmt.Sprintf("site-%04d", i), Secret: Secret{Password: fmt.Sprint("pw", i)}})
	}
	if err := v.AddMany(items); err != nil {
		t.Fatal(err)
	}
	if len(v.r.groups) < 8 {
		t.Fatalf("%d groups for 1000 entries", len(v.r.groups))
	}
	w := mustOpenKey(t, path, v.key, nil)
	e, err := w.Get("site-0777")
	if err != nil {
		t.Fatal(err)
	}
	loaded := 0
	for _, g := range w.r.groups {
		if g.entries != nil {
			loaded++
		}
	}
	if loaded > 2 {
		t.Fatalf("a lookup loaded %d groups", loaded)
	}
	checkSecret(t, w, e.ID, Secret{Password: "pw777"})
	// An edit rewrites one group; the others keep their bytes.
	before := map[[24]byte]bool{}
	for _, g := range w.r.groups {
		before[g.idx.nonce] = true
	}
	pw := "changed"
	if _, err := w.Edit(e.ID, Change{Password: &pw}); err != nil {
		t.Fatal(err)
	}
	changed := 0
	for _, g := range w.r.groups {
		if !before[g.idx.nonce] {
			changed++
		}
	}
	if changed != 1 {
		t.Fatalf("%d groups changed", changed)
	}
	all := mustEntries(t, mustOpenKey(t, path, v.key, nil))
	if len(all) != 1000 {
		t.Fatalf("%d entries", len(all))
	}
	for i, x := range all {
		if x.Name != fmt.Sprintf("site-%04d", i) {
			t.Fatalf("entry %d is %s", i, x.Name)
		}
	}
}

// TestEach visits every live entry with its secret, in name order.
func TestEach(t *testing.T) {
	t.Parallel()
	v, _ := newTestVault(t, nil)
	var items []NewEntry
	for i := range 300 {
		items = append(items, NewEntry{Name: fmt.Sprintf("e%03d", i), Secret: Secret{Password: fmt.Sprint("pw", i)}})
	}
	if err := v.AddMany(items); err != nil {
		t.Fatal(err)
	}
	gone, _ := v.Get("e007")
	if err := v.Delete(gone.ID); err != nil {
		t.Fatal(err)
	}
	var seen []string
	err := v.Each(func(e Entry, s Secret) error {
		var n int
		fmt.Sscanf(e.Name, "e%d", &n)
		if s.Password != fmt.Sprint("pw", n) {
			t.Fatalf("%s has password %q", e.Name, s.Password)
		}
		seen = append(seen, e.Name)
		return nil
	})
	if err != nil || len(seen) != 299 || seen[7] != "e008" {
		t.Fatalf("visited %d (%v), %v", len(seen), seen[:9], err)
	}
}
