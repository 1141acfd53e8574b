package vault

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestConflictCopyNames: the names each file-sync tool gives a conflict
// copy are found, and nothing else.
func TestConflictCopyNames(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "vault.passtea")
	copies := []string{
		"vault (Ann's conflicted copy 2024-01-02).passtea",
		"vault (conflicted copy 2024-01-02 030405).passtea",
		"vault.sync-conflict-20240102-030405-ABCDEFG.passtea",
		"vault_conflict-20240102-030405.passtea",
	}
	others := []string{"vault.passtea", "vault.passtea.bak", "other.sync-conflict-20240102-030405-ABCDEFG.passtea", "vault (copy).passtea", "vault.sync-conflict-20240102-030405-ABCDEFG.passtea.tmp"}
	for _, n := range append(copies, others...) {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	got, err := ConflictCopies(path)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, g := range got {
		names = append(names, filepath.Base(g))
	}
	if !reflect.DeepEqual(names, copies) {
		t.Fatalf("found %q", names)
	}
}

// TestMergeConflictCopies: a Syncthing-style conflict copy made by another
// machine is merged in and moved to conflicts/, and the notice says so.
func TestMergeConflictCopies(t *testing.T) {
	t.Parallel()
	base, path := newTestVault(t, nil)
	e := mustAdd(t, base, "shared", "pw-0")
	// The other machine's copy: changed there, then synced in as a copy.
	other := copyVault(t, path, base.key, time.Minute)
	mustAdd(t, other.v, "from-other", "x")
	pw := "changed-there"
	if _, err := other.v.Edit(e.ID, Change{Password: &pw}); err != nil {
		t.Fatal(err)
	}
	conflict := filepath.Join(filepath.Dir(path), "vault.sync-conflict-20260304-050607-ABCDEFG.passtea")
	if err := os.WriteFile(conflict, mustRead(t, other.path), 0o600); err != nil {
		t.Fatal(err)
	}
	mustAdd(t, base, "from-here", "y")
	rep, err := base.MergeConflictCopies()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rep.Added, []string{"from-other"}) || !reflect.DeepEqual(rep.Updated, []string{"shared"}) {
		t.Fatalf("report %+v", rep)
	}
	if _, err := os.Stat(conflict); !os.IsNotExist(err) {
		t.Fatal("the conflict copy is still there")
	}
	moved := filepath.Join(filepath.Dir(path), ConflictsDir, filepath.Base(conflict))
	if _, err := os.Stat(moved); err != nil {
		t.Fatalf("not moved to conflicts/: %v", err)
	}
	notes := base.Notices()
	if len(notes) != 1 || !strings.Contains(notes[0], "moved it to") {
		t.Fatalf("notices %q", notes)
	}
	w := mustOpenKey(t, path, base.key, nil)
	if n := mustLen(t, w); n != 3 {
		t.Fatalf("%d entries", n)
	}
	checkSecret(t, w, e.ID, Secret{Password: pw, Notes: "notes of shared"})
}
