// Tests of entry names: Unicode normalisation, invisible characters, and
// the display names that tell apart live entries sharing a stored name
// after a merge (FORMAT.md, "Entries").

package vault

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestNamesNormalised: the precomposed and decomposed spellings of one name
// are one name (NFC on add, edit and lookup).
func TestNamesNormalised(t *testing.T) {
	t.Parallel()
	v, _ := newTestVault(t, nil)
	const nfd, nfc = "cafe\u0301/login", "caf\u00e9/login"
	e, err := v.Add(NewEntry{Name: nfd, Secret: Secret{Password: "pw"}})
	if err != nil {
		t.Fatal(err)
	}
	if e.Name != nfc {
		t.Fatalf("stored name %q, want the NFC form %q", e.Name, nfc)
	}
	if _, err := v.Add(NewEntry{Name: nfc}); !errors.Is(err, ErrNameTaken) {
		t.Fatalf("adding the other spelling: %v, want ErrNameTaken", err)
	}
	for _, name := range []string{nfd, nfc} {
		if got, err := v.Get(name); err != nil || got.ID != e.ID {
			t.Fatalf("Get(%q) = %v, %v", name, got.Name, err)
		}
	}
	renamed := "re\u0301sume\u0301"
	if got, err := v.Edit(e.ID, Change{Name: &renamed}); err != nil || got.Name != "r\u00e9sum\u00e9" {
		t.Fatalf("Edit to an NFD name = %q, %v", got.Name, err)
	}
}

// TestNamesRefuseInvisible: direction overrides and zero-width characters
// would let one entry pose as another; they are refused with a typed error.
func TestNamesRefuseInvisible(t *testing.T) {
	t.Parallel()
	v, _ := newTestVault(t, nil)
	for _, name := range []string{
		"bank\u202egro.live", // right-to-left override: shows as "bankevil.org"
		"git\u200bhub",       // zero-width space
		"pay\u2066pal\u2069", // isolates
		"\ufeffmail",         // byte order mark
	} {
		_, err := v.Add(NewEntry{Name: name})
		var inv *InvalidError
		if !errors.As(err, &inv) || inv.Field != "name" || !errors.Is(err, ErrInvalid) {
			t.Errorf("Add(%q) = %v, want an InvalidError for the name", name, err)
		}
	}
	if n := mustLen(t, v); n != 0 {
		t.Fatalf("%d entries were added", n)
	}
}

// checkDisplayNames opens path afresh (as a new process would) and checks
// that every listed name finds its entry with Get before anything else
// loads the pages, and that the names are unique.
func checkDisplayNames(t *testing.T, path string, key []byte, want []string) {
	t.Helper()
	// Get before Entries: a new process looks up a name first.
	for _, name := range want {
		if _, err := mustOpenKey(t, path, key, nil).Get(name); err != nil {
			t.Errorf("Get(%q) in a new process: %v", name, err)
		}
	}
	w := mustOpenKey(t, path, key, nil)
	var names []string
	for _, e := range mustEntries(t, w) {
		names = append(names, e.Name)
		fresh := mustOpenKey(t, path, key, nil)
		if got, err := fresh.Get(e.Name); err != nil || got.ID != e.ID {
			t.Errorf("Get(%q) in a new process = %s, %v; listed as %s", e.Name, got.ID, err, e.ID)
		}
	}
	for _, name := range want {
		if !slices.Contains(names, name) {
			t.Errorf("%q is not listed: %q", name, names)
		}
	}
}

// TestClashAcrossGroups: two entries that a merge left with one stored
// name, on either side of a group boundary, keep their display names
// after later saves, in a new process too (the root's flag that says to
// load every page must see across groups).
func TestClashAcrossGroups(t *testing.T) {
	t.Parallel()
	base, path := newTestVault(t, nil)
	// 64 names before "dup" and 63 after: the merged run of 129 entries is
	// cut into groups of 65 and 64, between the two "dup".
	var items []NewEntry
	for i := range 64 {
		items = append(items, NewEntry{Name: fmt.Sprintf("a%03d", i)})
	}
	for i := range 63 {
		items = append(items, NewEntry{Name: fmt.Sprintf("z%03d", i)})
	}
	if err := base.AddMany(items); err != nil {
		t.Fatal(err)
	}
	a := copyVault(t, path, base.key, 0)
	b := copyVault(t, path, base.key, time.Second)
	first := mustAdd(t, a.v, "dup", "pw-a")
	mustAdd(t, b.v, "dup", "pw-b")
	a.mergeFrom(t, b.path)
	if err := a.v.SetSetting("another", "save"); err != nil {
		t.Fatal(err)
	}
	split := false
	for _, g := range a.v.r.groups {
		split = split || g.first == "dup" && g.entries[0].storedName() == "dup" && !strings.HasPrefix(g.entries[len(g.entries)-1].storedName(), "dup")
	}
	if !split {
		t.Fatal("the scenario did not put a group boundary between the two entries")
	}
	checkDisplayNames(t, a.path, base.key, []string{"dup", "dup (2)"})
	if got, _ := mustOpenKey(t, a.path, base.key, nil).Get("dup"); got.ID != first.ID {
		t.Errorf("Get(dup) in a new process is %s, not the entry created first (%s)", got.ID, first.ID)
	}
}

// TestClashAroundTrashed: a trashed entry whose id sorts between two live
// entries with its stored name must not hide their clash.
func TestClashAroundTrashed(t *testing.T) {
	t.Parallel()
	base, path := newTestVault(t, nil)
	es := []Entry{mustAdd(t, base, "one", "1"), mustAdd(t, base, "two", "2"), mustAdd(t, base, "three", "3")}
	slices.SortFunc(es, func(x, y Entry) int { return bytes.Compare(x.ID[:], y.ID[:]) })
	lo, mid, hi := es[0], es[1], es[2]
	dup := "dup"
	if _, err := base.Edit(mid.ID, Change{Name: &dup}); err != nil {
		t.Fatal(err)
	}
	if err := base.Delete(mid.ID); err != nil {
		t.Fatal(err)
	}
	a := copyVault(t, path, base.key, time.Second)
	b := copyVault(t, path, base.key, 2*time.Second)
	if _, err := a.v.Edit(lo.ID, Change{Name: &dup}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.v.Edit(hi.ID, Change{Name: &dup}); err != nil {
		t.Fatal(err)
	}
	a.mergeFrom(t, b.path)
	if err := a.v.SetSetting("another", "save"); err != nil {
		t.Fatal(err)
	}
	checkDisplayNames(t, a.path, base.key, []string{"dup", "dup (2)"})
}

// TestClashLongName: the "name (2)" given to a clashing entry whose name
// is near the length limit is cut to fit, on a character boundary: a valid
// name that finds the entry.
func TestClashLongName(t *testing.T) {
	t.Parallel()
	base, path := newTestVault(t, nil)
	long := "x" + strings.Repeat("é", (MaxNameLen-1)/2) // 255 bytes; byte 250 is inside an é
	a := copyVault(t, path, base.key, 0)
	b := copyVault(t, path, base.key, time.Second)
	first := mustAdd(t, a.v, long, "pw-a")
	second := mustAdd(t, b.v, long, "pw-b")
	a.mergeFrom(t, b.path)
	w := mustOpenKey(t, a.path, base.key, nil)
	if g, _ := w.Get(long); g.ID != first.ID {
		t.Fatalf("%q is %s, want %s", long, g.ID, first.ID)
	}
	renamed, err := w.ByID(second.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := ValidateName(renamed.Name); err != nil || !strings.HasSuffix(renamed.Name, " (2)") || len(renamed.Name) > MaxNameLen {
		t.Fatalf("shown as %q: %v", renamed.Name, err)
	}
	checkDisplayNames(t, a.path, base.key, []string{long, renamed.Name})
}

// TestRestoredWithoutName: an entry purged on one copy and edited later
// on another comes back without a name write; it is shown as "restored/"
// and the first 8 hex digits of its id, and found under that name.
func TestRestoredWithoutName(t *testing.T) {
	t.Parallel()
	base, path := newTestVault(t, nil)
	e := mustAdd(t, base, "gone", "pw")
	// The copies' clocks run ahead of the base's, the edit's after the
	// purge's (a write at the purge's stamp would be purged).
	a := copyVault(t, path, base.key, time.Hour)
	b := copyVault(t, path, base.key, 2*time.Hour)
	if err := a.v.Purge(e.ID); err != nil {
		t.Fatal(err)
	}
	user := "edited after the purge"
	if _, err := b.v.Edit(e.ID, Change{Username: &user}); err != nil {
		t.Fatal(err)
	}
	a.mergeFrom(t, b.path)
	want := "restored/" + e.ID.String()[:8]
	got, err := a.v.Get(want)
	if err != nil || got.ID != e.ID || got.Username != user {
		t.Fatalf("Get(%q) = %+v, %v", want, got, err)
	}
	if err := a.v.SetSetting("another", "save"); err != nil {
		t.Fatal(err)
	}
	checkDisplayNames(t, a.path, base.key, []string{want})
	// Renaming it gives it a name again.
	name := "found again"
	if _, err := a.v.Edit(e.ID, Change{Name: &name}); err != nil {
		t.Fatal(err)
	}
	checkDisplayNames(t, a.path, base.key, []string{name})
}
