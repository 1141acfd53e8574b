// Tests of saves and creations that fail part way: each counted file
// operation fails in turn (see faultFS), on a file system with hard links
// and on one without.

package vault

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestSaveFaults fails the 1st, 2nd, … file operation of a save until a
// save runs without a failure. Each time, the error comes back and the
// file on disk is the old vault, or the new one if the failure came after
// the rename (only the directory sync does); no temporary file is left;
// the backup opens; the vault in memory goes on working.
func TestSaveFaults(t *testing.T) {
	t.Parallel()
	for _, noLinks := range []bool{false, true} {
		t.Run(fmt.Sprint("noLinks=", noLinks), func(t *testing.T) {
			ffs := &faultFS{noLinks: noLinks}
			opts := &Options{Now: fakeClock(), fs: ffs}
			v, path := newTestVault(t, opts)
			e := mustAdd(t, v, "alpha", "pw-a")
			mustAdd(t, v, "bravo", "pw-b")
			dir, key := filepath.Dir(path), bytes.Clone(v.key)
			onDisk := "notes of alpha"
			var failed []string
			for n := 1; ; n++ {
				ffs.reset(n)
				notes := fmt.Sprintf("notes %d", n)
				_, err := v.Edit(e.ID, Change{Notes: &notes})
				op, ops := ffs.failed, slices.Clone(ffs.ops)
				ffs.reset(0)
				switch {
				case op == "":
					if err != nil {
						t.Fatalf("no fault injected (ops %v): %v", ops, err)
					}
					onDisk = notes
				case err == nil:
					// Only a failed link is absorbed: the backup is then a copy.
					if op != "Link" {
						t.Errorf("fault %d (%s of %v): the save succeeded", n, op, ops)
					}
					onDisk = notes
				case !errors.Is(err, errInjected):
					t.Errorf("fault %d (%s): got %v, want the injected error", n, op, err)
				case op == "SyncDir":
					onDisk = notes // the rename was done
				}
				failed = append(failed, op)
				w, err := openKey(path, key, nil)
				if err != nil {
					t.Fatalf("fault %d (%s of %v): the vault does not open: %v", n, op, ops, err)
				}
				checkSecret(t, w, e.ID, Secret{Password: "pw-a", Notes: onDisk})
				if w.Len() != 2 {
					t.Fatalf("fault %d (%s): %d entries", n, op, w.Len())
				}
				if tmp := tempFiles(t, dir); len(tmp) > 0 {
					t.Errorf("fault %d (%s of %v): left %v", n, op, ops, tmp)
				}
				if _, err := openKey(path+".bak", key, nil); err != nil {
					t.Errorf("fault %d (%s): the backup: %v", n, op, err)
				}
				if err := v.Refresh(); err != nil {
					t.Fatalf("fault %d (%s): refresh: %v", n, op, err)
				}
				checkSecret(t, v, e.ID, Secret{Password: "pw-a", Notes: onDisk})
				if op == "" {
					t.Logf("a save makes %v; failed in turn: %v", ops, failed)
					if n < 8 {
						t.Fatalf("only %d operations: %v", n-1, ops)
					}
					break
				}
			}
		})
	}
}

// TestBackupAfterFailedRename: a save that fails at its last rename
// leaves the backup and the vault as one file (two links to one inode).
// The next save's rename of VAULT.bak.tmp over VAULT.bak is then a no-op
// (rename(2) does nothing when both names are links to the same file), so
// VAULT.bak.tmp must be removed explicitly.
func TestBackupAfterFailedRename(t *testing.T) {
	t.Parallel()
	ffs := &faultFS{}
	v, path := newTestVault(t, &Options{Now: fakeClock(), fs: ffs})
	e := mustAdd(t, v, "alpha", "pw-a")
	ffs.reset(7) // CreateTemp Write Sync Close Link Rename [Rename] SyncDir
	notes := "one"
	if _, err := v.Edit(e.ID, Change{Notes: &notes}); !errors.Is(err, errInjected) {
		t.Fatalf("failed %q: %v", ffs.failed, err)
	}
	ffs.reset(0)
	notes = "two"
	if _, err := v.Edit(e.ID, Change{Notes: &notes}); err != nil {
		t.Fatal(err)
	}
	if tmp := tempFiles(t, filepath.Dir(path)); len(tmp) > 0 {
		t.Errorf("a successful save left %v", tmp)
	}
	b := mustOpenKey(t, path+".bak", v.key, nil)
	checkSecret(t, b, e.ID, Secret{Password: "pw-a", Notes: "notes of alpha"})
}

// TestSaveFaultAfterRename: when only the directory sync after the rename
// fails, the change is in the file and in memory alike, and the error says
// the save may not be durable.
func TestSaveFaultAfterRename(t *testing.T) {
	t.Parallel()
	ffs := &faultFS{}
	v, path := newTestVault(t, &Options{Now: fakeClock(), fs: ffs})
	ffs.reset(8) // CreateTemp Write Sync Close Link Rename Rename [SyncDir]
	_, err := v.Add(Fields{Name: "alpha"}, Secret{Password: "pw"})
	if ffs.failed != "SyncDir" || !errors.Is(err, errInjected) {
		t.Fatalf("failed %q of %v: %v", ffs.failed, ffs.ops, err)
	}
	if !strings.Contains(err.Error(), "may not survive a crash") {
		t.Errorf("error %q does not say the save may not be durable", err)
	}
	ffs.reset(0)
	if _, err := v.Get("alpha"); err != nil {
		t.Fatalf("in memory: got %v, want the entry", err)
	}
	if w := mustOpenKey(t, path, v.key, nil); w.Len() != 1 {
		t.Fatalf("on disk: %d entries, want 1", w.Len())
	}
	if _, err := v.Add(Fields{Name: "beta"}, Secret{Password: "pw"}); err != nil {
		t.Fatalf("next save: %v", err)
	}
}

// TestCreateFaults fails the 1st, 2nd, … file operation of Create: the
// error comes back, no temporary file is left, and either there is no
// vault file or, if the failure came once the file was in place (the
// directory sync), the new vault opens.
func TestCreateFaults(t *testing.T) {
	t.Parallel()
	for _, noLinks := range []bool{false, true} {
		t.Run(fmt.Sprint("noLinks=", noLinks), func(t *testing.T) {
			for n := 1; ; n++ {
				dir := filepath.Join(t.TempDir(), "v")
				path := filepath.Join(dir, "vault.passtea")
				ffs := &faultFS{noLinks: noLinks}
				ffs.reset(n)
				v, err := Create(path, testPassword, testKDF, &Options{fs: ffs})
				op, ops := ffs.failed, ffs.ops
				ffs.reset(0)
				if tmp := tempFiles(t, dir); len(tmp) > 0 {
					t.Errorf("fault %d (%s of %v): left %v", n, op, ops, tmp)
				}
				switch {
				case op == "":
					if err != nil {
						t.Fatalf("no fault injected (ops %v): %v", ops, err)
					}
					mustAdd(t, v, "alpha", "pw")
					if _, err := Open(path, testPassword, nil); err != nil {
						t.Fatal(err)
					}
					t.Logf("Create makes %v", ops)
					if n < 6 {
						t.Fatalf("only %d operations: %v", n-1, ops)
					}
					return
				case err == nil && op == "Link":
					// Absorbed: a rename puts the file in place instead.
					if _, err := Open(path, testPassword, nil); err != nil {
						t.Errorf("fault %d (%s): %v", n, op, err)
					}
				case !errors.Is(err, errInjected) || v != nil:
					t.Fatalf("fault %d (%s of %v): got %v; want the injected error", n, op, ops, err)
				case op == "SyncDir":
					if _, err := Open(path, testPassword, nil); err != nil {
						t.Errorf("fault %d (%s): the vault is in place but does not open: %v", n, op, err)
					}
				default:
					// No file: Create can be run again (it checks only that).
					if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
						t.Errorf("fault %d (%s of %v): a vault file exists: %v", n, op, ops, err)
					}
				}
			}
		})
	}
}
