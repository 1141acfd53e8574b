package agent

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/passtea/passtea/vault"
)

// copyVaultFile copies the vault file at src to name in a new directory.
func copyVaultFile(t *testing.T, src, name string) string {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(dst, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return dst
}

// addTo opens the vault file at path and adds an entry called name.
func addTo(t *testing.T, path, name string) {
	t.Helper()
	v, err := vault.Open(path, testCreds.Password, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Lock()
	if _, err := v.Add(vault.NewEntry{Name: name, Secret: vault.Secret{Password: "pw-" + name}}); err != nil {
		t.Fatal(err)
	}
}

// TestMergeCopy: the agent merges copies with the key it holds, into the
// held vault or into another copy (as a git merge driver asks), and
// refuses copies it cannot open.
func TestMergeCopy(t *testing.T) {
	path := newVaultFile(t, 1)
	ours := copyVaultFile(t, path, "ours.passtea")
	theirs := copyVaultFile(t, path, "theirs.passtea")
	addTo(t, ours, "only-ours")
	addTo(t, theirs, "only-theirs")
	_, _, v := unlocked(t, path, Config{})

	held, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := v.MergeCopy(ours, theirs)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rep.Added, []string{"only-theirs"}) || len(rep.Updated)+len(rep.Deleted)+len(rep.Conflicts) != 0 {
		t.Errorf("into a copy: report %+v", rep)
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, held) {
		t.Error("a merge into a copy changed the held vault's file")
	}
	rep, err = v.MergeCopy("", ours)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rep.Added, []string{"only-ours", "only-theirs"}) {
		t.Errorf("into the held vault: report %+v", rep)
	}
	es, err := v.Entries()
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 3 {
		t.Errorf("%d entries after the merge, want 3", len(es))
	}

	// Another vault does not open with the key either: without its
	// password it cannot be told from a copy whose key was rotated.
	other := newVaultFile(t, 0)
	if _, err := v.MergeCopy("", other); !errors.Is(err, vault.ErrWrongPassword) {
		t.Errorf("another vault: %v, want ErrWrongPassword", err)
	}
	rotated := copyVaultFile(t, path, "rotated.passtea")
	rv, err := vault.Open(rotated, testCreds.Password, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rv.RotateKey(creds(), testKDF); err != nil {
		t.Fatal(err)
	}
	rv.Lock()
	if _, err := v.MergeCopy("", rotated); !errors.Is(err, vault.ErrWrongPassword) {
		t.Errorf("a rotated key: %v, want ErrWrongPassword", err)
	}
	if _, err := v.MergeCopy("", filepath.Join(t.TempDir(), "none")); !errors.Is(err, vault.ErrNoVault) {
		t.Errorf("no file: %v, want ErrNoVault", err)
	}
}

// TestEditIfRevision: an edit through the agent that names the revision
// it read fails with vault.ErrChanged once the entry moved on, as on a
// vault opened in the process (an HOTP counter relies on it).
func TestEditIfRevision(t *testing.T) {
	path := newVaultFile(t, 1)
	_, _, v := unlocked(t, path, Config{})
	es, err := v.Entries()
	if err != nil {
		t.Fatal(err)
	}
	e := es[0]
	first, second := "first", "second"
	if _, err := v.Edit(e.ID, vault.Change{Notes: &first, IfRevision: e.Revision}); err != nil {
		t.Fatal(err)
	}
	_, err = v.Edit(e.ID, vault.Change{Notes: &second, IfRevision: e.Revision})
	if !errors.Is(err, vault.ErrChanged) {
		t.Fatalf("a stale revision: %v, want ErrChanged", err)
	}
	s, err := v.Secret(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if s.Notes != first {
		t.Errorf("notes %q, want %q", s.Notes, first)
	}
}
