// Tests of the changes a vault makes: sealed bytes kept across saves,
// edits and history, deletions, validation, locking, rewrap and key
// rotation.

package vault

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/passtea/passtea/crypto"
)

// TestUnchangedRecordsKeepBytes: a save reseals only what changed; the
// other entries keep their sealed bytes and revisions.
func TestUnchangedRecordsKeepBytes(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	a := mustAdd(t, v, "alpha", "pw-a")
	b := mustAdd(t, v, "bravo", "pw-b")
	c := mustAdd(t, v, "charlie", "pw-c")
	step := func(name string, change func() ID) {
		t.Helper()
		before := recordsByID(t, mustRead(t, path))
		changed := change()
		after := recordsByID(t, mustRead(t, path))
		for id, r := range after {
			old, ok := before[id]
			switch {
			case id == changed && ok:
				if r.revision != old.revision+1 || bytes.Equal(r.sealed, old.sealed) {
					t.Errorf("%s: changed entry at revision %d → %d, same bytes: %v", name, old.revision, r.revision, bytes.Equal(r.sealed, old.sealed))
				}
			case !ok:
				t.Errorf("%s: record %s appeared", name, id)
			case r.revision != old.revision || !bytes.Equal(r.sealed, old.sealed):
				t.Errorf("%s: unchanged entry %s was resealed", name, id)
			}
		}
		if changed != (ID{}) && len(before) == len(after) {
			if _, ok := after[changed]; !ok {
				t.Errorf("%s: the changed entry has no record", name)
			}
		}
	}
	step("notes of bravo", func() ID {
		notes := "new notes"
		if _, err := v.Edit(b.ID, Change{Notes: &notes}); err != nil {
			t.Fatal(err)
		}
		return b.ID
	})
	step("rename alpha after charlie", func() ID {
		name := "zulu"
		if _, err := v.Edit(a.ID, Change{Name: &name}); err != nil {
			t.Fatal(err)
		}
		return a.ID
	})
	step("a setting", func() ID {
		if err := v.SetSetting("clipboard.clear", "30s"); err != nil {
			t.Fatal(err)
		}
		return ID{}
	})
	step("delete charlie", func() ID {
		if err := v.Delete(c.ID); err != nil {
			t.Fatal(err)
		}
		return c.ID
	})
	if got := recordsByID(t, mustRead(t, path)); len(got) != 2 {
		t.Fatalf("%d records after a deletion, want 2", len(got))
	}
}

// TestEditHistory: a new password moves the old one into the history with
// the time it was replaced.
func TestEditHistory(t *testing.T) {
	t.Parallel()
	clock := newTestClock()
	v, path := newTestVault(t, &Options{Now: clock.Now})
	t0 := clock.Now()
	e := mustAdd(t, v, "mail", "one")
	if e.Revision != 1 || !e.Created.Equal(t0) || !e.Modified.Equal(t0) {
		t.Fatalf("added %+v", e)
	}
	t1 := clock.Advance(time.Hour)
	pw := "two"
	got, err := v.Edit(e.ID, Change{Password: &pw})
	if err != nil {
		t.Fatal(err)
	}
	if got.Revision != 2 || !got.Created.Equal(t0) || !got.Modified.Equal(t1) {
		t.Fatalf("edited %+v", got)
	}
	want := Secret{Password: "two", Notes: "notes of mail", History: []OldPassword{{"one", t1}}}
	checkSecret(t, v, e.ID, want)

	clock.Advance(time.Hour)
	if _, err := v.Edit(e.ID, Change{Password: &pw}); err != nil { // the same password
		t.Fatal(err)
	}
	checkSecret(t, v, e.ID, want)

	clock.Advance(time.Hour)
	notes := "only the notes"
	if _, err := v.Edit(e.ID, Change{Notes: &notes}); err != nil {
		t.Fatal(err)
	}
	want.Notes = notes
	checkSecret(t, v, e.ID, want)

	t4 := clock.Advance(time.Hour)
	pw = "three"
	if _, err := v.Edit(e.ID, Change{Password: &pw}); err != nil {
		t.Fatal(err)
	}
	want.Password, want.History = "three", []OldPassword{{"one", t1}, {"two", t4}}
	checkSecret(t, v, e.ID, want)

	w := mustOpenKey(t, path, v.key, nil)
	checkSecret(t, w, e.ID, want)
	if got, _ := w.ByID(e.ID); got.Revision != 5 || !got.Modified.Equal(t4) {
		t.Fatalf("reopened %+v", got)
	}

	// An empty password leaves nothing in the history.
	blank, err := v.Add(Fields{Name: "blank"}, Secret{})
	if err != nil {
		t.Fatal(err)
	}
	pw = "first"
	if _, err := v.Edit(blank.ID, Change{Password: &pw}); err != nil {
		t.Fatal(err)
	}
	checkSecret(t, v, blank.ID, Secret{Password: "first"})
}

func checkSecret(t testing.TB, v *Vault, id ID, want Secret) {
	t.Helper()
	got, err := v.Secret(id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Password != want.Password || got.Notes != want.Notes || len(got.History) != len(want.History) {
		t.Fatalf("secret = %+v, want %+v", got, want)
	}
	for i := range got.History {
		if got.History[i].Password != want.History[i].Password || !got.History[i].Replaced.Equal(want.History[i].Replaced) {
			t.Fatalf("history[%d] = %+v, want %+v", i, got.History[i], want.History[i])
		}
	}
}

// TestEditNames: names stay unique; a rename to the entry's own name is
// not a clash.
func TestEditNames(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	a := mustAdd(t, v, "alpha", "pw-a")
	b := mustAdd(t, v, "bravo", "pw-b")
	before := mustRead(t, path)
	name := "alpha"
	if _, err := v.Edit(b.ID, Change{Name: &name}); !errors.Is(err, ErrNameTaken) {
		t.Fatalf("rename onto alpha: got %v, want ErrNameTaken", err)
	}
	if !bytes.Equal(before, mustRead(t, path)) {
		t.Fatal("a refused rename changed the file")
	}
	if got, _ := v.Get("bravo"); got.ID != b.ID || got.Revision != 1 {
		t.Fatalf("bravo after a refused rename: %+v", got)
	}
	if _, err := v.Edit(a.ID, Change{Name: &name}); err != nil {
		t.Fatalf("rename to its own name: %v", err)
	}
	name = "work/bravo"
	got, err := v.Edit(b.ID, Change{Name: &name})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Get("bravo"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("old name: got %v, want ErrNotFound", err)
	}
	if e, err := v.Get("work/bravo"); err != nil || e.ID != b.ID || e.Revision != got.Revision || got.Revision != 2 {
		t.Fatalf("new name: %+v, %v", e, err)
	}
	// The freed name can be taken.
	if _, err := v.Add(Fields{Name: "bravo"}, Secret{Password: "x"}); err != nil {
		t.Fatalf("reuse a freed name: %v", err)
	}
}

// TestDeleteTombstone: a deletion leaves a tombstone at the next revision
// and frees the name.
func TestDeleteTombstone(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	a := mustAdd(t, v, "alpha", "pw-a")
	b := mustAdd(t, v, "bravo", "pw-b")
	if err := v.Delete(b.ID); err != nil {
		t.Fatal(err)
	}
	for _, w := range []*Vault{v, mustOpenKey(t, path, v.key, nil)} {
		if w.Len() != 1 || len(w.Entries()) != 1 || w.Entries()[0].ID != a.ID {
			t.Fatalf("entries after delete: %+v", w.Entries())
		}
		if _, err := w.Get("bravo"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("Get: got %v, want ErrNotFound", err)
		}
		if _, err := w.ByID(b.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("ByID: got %v, want ErrNotFound", err)
		}
		if _, err := w.Secret(b.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("Secret: got %v, want ErrNotFound", err)
		}
		i := slices.IndexFunc(w.ix.entries, func(e *entry) bool { return e.ID == b.ID })
		if i < 0 {
			t.Fatal("no tombstone")
		}
		ts := w.ix.entries[i]
		if !ts.deleted || ts.Revision != b.Revision+1 || ts.Name != "" || ts.sealed != nil {
			t.Fatalf("tombstone %+v", ts)
		}
	}
	if _, ok := recordsByID(t, mustRead(t, path))[b.ID]; ok {
		t.Fatal("a deleted entry still has a record")
	}
	if err := v.Delete(b.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("delete twice: got %v, want ErrNotFound", err)
	}
	notes := "x"
	if _, err := v.Edit(b.ID, Change{Notes: &notes}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("edit a deleted entry: got %v, want ErrNotFound", err)
	}
	again := mustAdd(t, v, "bravo", "pw-b-again")
	if again.ID == b.ID || again.Revision != 1 {
		t.Fatalf("re-added %+v", again)
	}
	checkSecret(t, mustOpenKey(t, path, v.key, nil), again.ID, Secret{Password: "pw-b-again", Notes: "notes of bravo"})
}

func TestNotFound(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	mustAdd(t, v, "alpha", "pw-a")
	before := mustRead(t, path)
	unknown := ID{1, 2, 3}
	notes := "x"
	if _, err := v.Edit(unknown, Change{Notes: &notes}); !errors.Is(err, ErrNotFound) {
		t.Errorf("Edit: got %v", err)
	}
	if err := v.Delete(unknown); !errors.Is(err, ErrNotFound) {
		t.Errorf("Delete: got %v", err)
	}
	if _, err := v.Secret(unknown); !errors.Is(err, ErrNotFound) {
		t.Errorf("Secret: got %v", err)
	}
	if _, err := v.ByID(unknown); !errors.Is(err, ErrNotFound) {
		t.Errorf("ByID: got %v", err)
	}
	if _, err := v.Get("beta"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get: got %v", err)
	}
	if !bytes.Equal(before, mustRead(t, path)) {
		t.Fatal("failed changes changed the file")
	}
}

// TestAddManyAtomic: AddMany saves all its entries or none.
func TestAddManyAtomic(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	mustAdd(t, v, "alpha", "pw-a")
	before := mustRead(t, path)
	items := []NewEntry{
		{Fields: Fields{Name: "one"}, Secret: Secret{Password: "1"}},
		{Fields: Fields{Name: "two"}, Secret: Secret{Password: "2"}},
		{Fields: Fields{Name: "one"}, Secret: Secret{Password: "3"}},
	}
	err := v.AddMany(items)
	if !errors.Is(err, ErrNameTaken) || !strings.Contains(err.Error(), "entry 3") {
		t.Fatalf("a name twice: got %v, want ErrNameTaken for entry 3", err)
	}
	if err := v.AddMany(append(items[:2:2], NewEntry{Fields: Fields{Name: "alpha"}})); !errors.Is(err, ErrNameTaken) {
		t.Fatalf("a name already taken: got %v", err)
	}
	if !bytes.Equal(before, mustRead(t, path)) || v.Len() != 1 {
		t.Fatal("a refused AddMany saved entries")
	}
	if err := v.AddMany(items[:2]); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(names(mustOpenKey(t, path, v.key, nil))); got != "[alpha one two]" {
		t.Fatalf("entries %s", got)
	}
}

// TestInvalidFields: bad fields are refused with ErrInvalid, by Add,
// AddMany and Edit alike, and nothing is saved.
func TestInvalidFields(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	e := mustAdd(t, v, "alpha", "pw-a")
	ok := Fields{Name: "ok", Username: "u", URL: "https://x", Tags: []string{"t"}}
	long := strings.Repeat("x", MaxNameLen+1)
	tests := []struct {
		name string
		f    Fields
		s    Secret
	}{
		{"empty name", Fields{Name: ""}, Secret{}},
		{"newline in the name", Fields{Name: "a\nb"}, Secret{}},
		{"tab in the name", Fields{Name: "a\tb"}, Secret{}},
		{"empty group", Fields{Name: "a//b"}, Secret{}},
		{"trailing slash", Fields{Name: "a/"}, Secret{}},
		{"leading slash", Fields{Name: "/a"}, Secret{}},
		{"leading space", Fields{Name: " a"}, Secret{}},
		{"trailing space", Fields{Name: "a "}, Secret{}},
		{"long name", Fields{Name: long}, Secret{}},
		{"invalid UTF-8 name", Fields{Name: "a\xffb"}, Secret{}},
		{"newline in the username", Fields{Name: "n", Username: "a\nb"}, Secret{}},
		{"long URL", Fields{Name: "n", URL: strings.Repeat("u", MaxFieldLen+1)}, Secret{}},
		{"tag with a comma", Fields{Name: "n", Tags: []string{"a,b"}}, Secret{}},
		{"tag with a space", Fields{Name: "n", Tags: []string{"a b"}}, Secret{}},
		{"long tag", Fields{Name: "n", Tags: []string{strings.Repeat("t", MaxTagLen+1)}}, Secret{}},
		{"too many tags", Fields{Name: "n", Tags: manyTags(MaxTags + 1)}, Secret{}},
		{"newline in the password", ok, Secret{Password: "a\nb"}},
		{"long password", ok, Secret{Password: strings.Repeat("p", MaxPasswordLen+1)}},
		{"invalid UTF-8 notes", ok, Secret{Notes: "\xff"}},
		{"long notes", ok, Secret{Notes: strings.Repeat("n", MaxNotesLen+1)}},
	}
	before := mustRead(t, path)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := v.Add(tc.f, tc.s); !errors.Is(err, ErrInvalid) {
				t.Errorf("Add: got %v, want ErrInvalid", err)
			}
			if err := v.AddMany([]NewEntry{{Fields: ok, Secret: Secret{Password: "fine"}}, {tc.f, tc.s}}); !errors.Is(err, ErrInvalid) {
				t.Errorf("AddMany: got %v, want ErrInvalid", err)
			}
			c := Change{Name: &tc.f.Name, Username: &tc.f.Username, URL: &tc.f.URL, Tags: &tc.f.Tags, Password: &tc.s.Password, Notes: &tc.s.Notes}
			if _, err := v.Edit(e.ID, c); !errors.Is(err, ErrInvalid) {
				t.Errorf("Edit: got %v, want ErrInvalid", err)
			}
			if !bytes.Equal(before, mustRead(t, path)) {
				t.Fatal("a refused change was saved")
			}
		})
	}
	// No message shows the secret that was refused.
	for _, s := range []Secret{{Password: "s3cr3t-value\n"}, {Password: "s3cr3t-value", Notes: "s3cr3t-value\xff"}} {
		_, err := v.Add(Fields{Name: "n"}, s)
		if !errors.Is(err, ErrInvalid) || strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("error %q", err)
		}
	}
	// The limits themselves are accepted.
	atLimits := Fields{Name: strings.Repeat("n", MaxNameLen), Username: strings.Repeat("u", MaxFieldLen), Tags: manyTags(MaxTags)}
	if _, err := v.Add(atLimits, Secret{Password: strings.Repeat("p", MaxPasswordLen)}); err != nil {
		t.Fatalf("fields at their limits: %v", err)
	}
	if _, err := v.Get(atLimits.Name); err != nil {
		t.Fatal(err)
	}
}

func manyTags(n int) []string {
	tags := make([]string, n)
	for i := range tags {
		tags[i] = "tag" + strings.Repeat("x", i%10) + string(rune('a'+i/10))
	}
	return tags
}

// TestLocked: after Lock, everything that needs the key or the index
// returns ErrLocked, and nothing is saved.
func TestLocked(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	e := mustAdd(t, v, "alpha", "pw-a")
	key := v.key
	v.Lock()
	if !v.Locked() || v.key != nil || !bytes.Equal(key, make([]byte, len(key))) {
		t.Fatal("Lock left the key")
	}
	before := mustRead(t, path)
	notes := "x"
	calls := map[string]func() error{
		"Add":        func() error { _, err := v.Add(Fields{Name: "n"}, Secret{}); return err },
		"AddMany":    func() error { return v.AddMany([]NewEntry{{Fields: Fields{Name: "n"}}}) },
		"Edit":       func() error { _, err := v.Edit(e.ID, Change{Notes: &notes}); return err },
		"Delete":     func() error { return v.Delete(e.ID) },
		"SetSetting": func() error { return v.SetSetting("k", "v") },
		"Rewrap":     func() error { return v.Rewrap([]byte("new"), testKDF) },
		"RotateKey":  func() error { return v.RotateKey([]byte("new"), testKDF) },
		"Refresh":    v.Refresh,
		"Secret":     func() error { _, err := v.Secret(e.ID); return err },
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, ErrLocked) {
			t.Errorf("%s: got %v, want ErrLocked", name, err)
		}
	}
	if v.Len() != 0 || len(v.Entries()) != 0 {
		t.Errorf("a locked vault lists %d entries", len(v.Entries()))
	}
	if _, ok := v.Setting("k"); ok {
		t.Error("a locked vault has settings")
	}
	if !bytes.Equal(before, mustRead(t, path)) {
		t.Fatal("a locked vault saved")
	}
}

// TestLockedLookups: Get and ByID need the index Lock dropped, so they too
// must say the vault is locked, not that the entry is gone (a UI would
// report a missing entry instead of asking for the password).
func TestLockedLookups(t *testing.T) {
	t.Parallel()
	v, _ := newTestVault(t, nil)
	e := mustAdd(t, v, "alpha", "pw-a")
	v.Lock()
	if _, err := v.Get("alpha"); !errors.Is(err, ErrLocked) {
		t.Errorf("Get: got %v, want ErrLocked", err)
	}
	if _, err := v.ByID(e.ID); !errors.Is(err, ErrLocked) {
		t.Errorf("ByID: got %v, want ErrLocked", err)
	}
}

// TestRewrap: a new password wraps the same vault key; no entry is
// resealed, and a copy of the file made before still opens with the old
// password. That is expected: Rewrap protects the file from now on, not
// copies (backups, synced history) already made; RotateKey is for that.
func TestRewrap(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	mustAdd(t, v, "alpha", "pw-a")
	mustAdd(t, v, "bravo", "pw-b")
	old := mustRead(t, path)
	newPassword := []byte("new password")
	stronger := KDFSettings{Params: crypto.KDFParams{MemoryKiB: testKDF.Params.MemoryKiB, Iterations: 2, Parallelism: 1}, Explicit: true}
	if err := v.Rewrap(newPassword, stronger); err != nil {
		t.Fatal(err)
	}
	raw := mustRead(t, path)
	oldFile, newFile := mustParse(t, old), mustParse(t, raw)
	if newFile.header.params != stronger.Params || newFile.header.salt == oldFile.header.salt || newFile.header.vaultID != oldFile.header.vaultID {
		t.Fatalf("header after rewrap: %+v", newFile.header)
	}
	if !slices.EqualFunc(oldFile.records, newFile.records, sameRecord) {
		t.Fatal("Rewrap resealed the records")
	}
	if _, err := Open(path, testPassword, nil); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("old password: got %v, want ErrWrongPassword", err)
	}
	w, err := Open(path, newPassword, nil)
	if err != nil {
		t.Fatalf("new password: %v", err)
	}
	alpha, _ := w.Get("alpha")
	checkSecret(t, w, alpha.ID, Secret{Password: "pw-a", Notes: "notes of alpha"})
	if w.Params() != stronger.Params || !w.Explicit() {
		t.Fatalf("params %v explicit %v", w.Params(), w.Explicit())
	}

	copyPath := filepath.Join(t.TempDir(), "copy.passtea")
	mustWrite(t, copyPath, old)
	c, err := Open(copyPath, testPassword, nil)
	if err != nil {
		t.Fatalf("an old copy with the old password: %v", err)
	}
	if c.Len() != 2 {
		t.Fatalf("old copy has %d entries", c.Len())
	}
	if _, err := Open(path+".bak", testPassword, nil); err != nil {
		t.Fatalf("the backup holds the previous wrap: %v", err)
	}
}

// TestRotateKey: a new vault key reseals every entry; the old key opens
// neither the new index nor any new record.
func TestRotateKey(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	a := mustAdd(t, v, "alpha", "pw-a")
	b := mustAdd(t, v, "bravo", "pw-b")
	c := mustAdd(t, v, "charlie", "pw-c")
	if err := v.Delete(c.ID); err != nil {
		t.Fatal(err)
	}
	oldKey := bytes.Clone(v.key)
	oldRaw := mustRead(t, path)
	newPassword := []byte("new password")
	if err := v.RotateKey(newPassword, testKDF); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(v.key, oldKey) {
		t.Fatal("the key did not change")
	}
	raw := mustRead(t, path)
	oldRecs, sf := recordsByID(t, oldRaw), mustParse(t, raw)
	if len(sf.records) != len(oldRecs) {
		t.Fatalf("%d records, want %d", len(sf.records), len(oldRecs))
	}
	for _, r := range sf.records {
		o := oldRecs[r.id]
		if r.revision != o.revision || bytes.Equal(r.sealed, o.sealed) {
			t.Errorf("record %s: revision %d → %d, resealed %v", r.id, o.revision, r.revision, !bytes.Equal(r.sealed, o.sealed))
		}
		if _, err := crypto.Open(oldKey, secretAAD(sf.header.vaultID, r.id, r.revision), r.sealed); err == nil {
			t.Errorf("record %s opens with the old key", r.id)
		}
	}
	if _, err := crypto.Open(oldKey, indexAAD(sf.header.marshal()), sf.index); !errors.Is(err, crypto.ErrOpen) {
		t.Fatalf("the new index with the old key: got %v, want ErrOpen", err)
	}
	if _, err := openKey(path, oldKey, nil); !errors.Is(err, ErrDamaged) {
		t.Fatalf("open with the old key: got %v, want ErrDamaged", err)
	}
	if _, err := Open(path, testPassword, nil); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("old password: got %v, want ErrWrongPassword", err)
	}
	w, err := Open(path, newPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id ID
		s  Secret
	}{{a.ID, Secret{Password: "pw-a", Notes: "notes of alpha"}}, {b.ID, Secret{Password: "pw-b", Notes: "notes of bravo"}}} {
		checkSecret(t, w, tc.id, tc.s)
		checkSecret(t, v, tc.id, tc.s)
	}
	if _, err := w.ByID(c.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the deleted entry: %v", err)
	}
	// The vault goes on working with the new key.
	mustAdd(t, v, "delta", "pw-d")
	if w := mustOpenKey(t, path, v.key, nil); w.Len() != 3 {
		t.Fatalf("%d entries after rotation and add", w.Len())
	}
}

// TestSecretSizeLimit: what a writer accepts, a reader accepts: the oldest
// previous passwords go before a secret outgrows what the reader allows,
// and a secret that cannot fit is refused.
func TestSecretSizeLimit(t *testing.T) {
	big := strings.Repeat("p", MaxPasswordLen)
	s := Secret{Password: big, Notes: strings.Repeat("n", MaxNotesLen)}
	for range 200 {
		s.History = append(s.History, OldPassword{Password: big, Replaced: time.Unix(1, 0)})
	}
	if err := validateSecret(s); !errors.Is(err, ErrInvalid) {
		t.Fatalf("oversized secret: got %v, want ErrInvalid", err)
	}
	trimHistory(&s)
	if err := validateSecret(s); err != nil {
		t.Fatalf("after trimming: %v", err)
	}
	if len(s.History) == 0 || len(s.History) == 200 {
		t.Fatalf("kept %d of 200 previous passwords", len(s.History))
	}
	if n := len(marshalSecret(s)); n > secretSize(s) || n+crypto.Overhead > maxSecretLen {
		t.Fatalf("marshalled %d bytes, estimated %d, limit %d", n, secretSize(s), maxSecretLen)
	}
}

// bigFS reports every file as larger than a vault can be.
type bigFS struct{ fileSystem }

func (bigFS) Stat(name string) (fs.FileInfo, error) {
	return memInfo{name: name, size: maxFileSize + 1}, nil
}

// TestHugeFileRefusedUnread: a file larger than any vault is reported as
// damaged before it is read.
func TestHugeFileRefusedUnread(t *testing.T) {
	_, path := newTestVault(t, nil)
	if _, err := ReadFile(path, &Options{fs: bigFS{osFS{}}}); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "too large") {
		t.Fatalf("got %v, want a damaged error saying too large", err)
	}
}
