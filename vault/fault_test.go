// Tests of saves and creations that fail part way: each counted file
// operation fails in turn (see faultFS), on a file system with hard links
// and on one without.

package vault

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestSaveFaults fails the 1st, 2nd, … file operation of a save until a
// save runs without a failure, for a save that reseals one group and
// copies the others. Each time, the error comes back and the file on disk
// is the old vault, or the new one if the failure came after the rename
// (only the directory sync does); no temporary file is left; the backup
// opens; the vault in memory agrees with the disk and goes on working.
func TestSaveFaults(t *testing.T) {
	t.Parallel()
	for _, noLinks := range []bool{false, true} {
		t.Run(fmt.Sprint("noLinks=", noLinks), func(t *testing.T) {
			t.Parallel()
			ffs := &faultFS{noLinks: noLinks}
			opts := &Options{Now: fakeClock(), fs: ffs}
			v, path := newTestVault(t, opts)
			if err := v.AddMany(siteEntries(300)); err != nil {
				t.Fatal(err)
			}
			e, _ := v.Get("site-150")
			dir, key := filepath.Dir(path), v.key
			onDisk := "pw-150"
			var failed []string
			for n := 1; ; n++ {
				ffs.reset(n)
				pw := fmt.Sprintf("pw %d", n)
				_, err := v.Edit(e.ID, Change{Password: &pw})
				op, ops := ffs.failed, slices.Clone(ffs.ops)
				ffs.reset(0)
				switch {
				case op == "":
					if err != nil {
						t.Fatalf("no fault injected (ops %v): %v", ops, err)
					}
					onDisk = pw
				case err == nil:
					// A failed link is absorbed (the backup is then a copy),
					// and so is closing the file the vault read before.
					if op != "Link" && !(op == "Close" && n == len(ops)) {
						t.Errorf("fault %d (%s of %v): the save succeeded", n, op, ops)
					}
					onDisk = pw
				case !errors.Is(err, errInjected):
					t.Errorf("fault %d (%s): got %v, want the injected error", n, op, err)
				case op == "SyncDir":
					onDisk = pw // the rename was done
					if !strings.Contains(err.Error(), "may not survive a crash") {
						t.Errorf("fault %d (%s): %q does not say the save may not be durable", n, op, err)
					}
				}
				failed = append(failed, op)
				w, err := openKey(path, key, nil)
				if err != nil {
					t.Fatalf("fault %d (%s of %v): the vault does not open: %v", n, op, ops, err)
				}
				checkSecret(t, w, e.ID, Secret{Password: onDisk})
				if n := mustLen(t, w); n != 300 {
					t.Fatalf("fault %d (%s): %d entries", n, op, n)
				}
				if tmp := tempFiles(t, dir); len(tmp) > 0 {
					t.Errorf("fault %d (%s of %v): left %v", n, op, ops, tmp)
				}
				if _, err := openKey(path+".bak", key, nil); err != nil {
					t.Errorf("fault %d (%s): the backup: %v", n, op, err)
				}
				// Memory agrees with the disk, before and after a refresh.
				checkSecret(t, v, e.ID, Secret{Password: onDisk})
				if err := v.Refresh(); err != nil {
					t.Fatalf("fault %d (%s): refresh: %v", n, op, err)
				}
				checkSecret(t, v, e.ID, Secret{Password: onDisk})
				if op == "" {
					t.Logf("a save makes %v; failed in turn: %v", ops, failed)
					if n < 7 {
						t.Fatalf("only %d operations: %v", n-1, ops)
					}
					break
				}
			}
			// Every entry is still whole in the file and in memory.
			w := mustOpenKey(t, path, key, nil)
			for _, x := range []*Vault{v, w} {
				for _, e := range mustEntries(t, x) {
					if _, err := x.Secret(e.ID); err != nil {
						t.Fatalf("%s: %v", e.Name, err)
					}
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
	// Find the rename of the vault: the second Rename of a save.
	ffs.reset(0)
	mustAdd(t, v, "probe", "x")
	renames := 0
	at := slices.IndexFunc(ffs.ops, func(op string) bool {
		if op == "Rename" {
			renames++
		}
		return renames == 2
	})
	ffs.reset(at + 1)
	notes := "one"
	if _, err := v.Edit(e.ID, Change{Notes: &notes}); !errors.Is(err, errInjected) || ffs.failed != "Rename" {
		t.Fatalf("failed %q of %v: %v", ffs.failed, ffs.ops, err)
	}
	vi, _ := os.Stat(path)
	bi, _ := os.Stat(path + ".bak")
	if !os.SameFile(vi, bi) {
		t.Fatal("the scenario should leave the vault and its backup as one file")
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
	checkSecret(t, mustOpenKey(t, path, v.key, nil), e.ID, Secret{Password: "pw-a", Notes: "two"})
}

// TestCreateFaults fails the 1st, 2nd, … file operation of Create: the
// error comes back, no temporary file is left, and either there is no
// vault file or, if the failure came once the file was in place (the
// directory sync), the new vault opens.
func TestCreateFaults(t *testing.T) {
	t.Parallel()
	for _, noLinks := range []bool{false, true} {
		t.Run(fmt.Sprint("noLinks=", noLinks), func(t *testing.T) {
			t.Parallel()
			for n := 1; ; n++ {
				dir := filepath.Join(t.TempDir(), "v")
				path := filepath.Join(dir, "vault.passtea")
				ffs := &faultFS{noLinks: noLinks}
				ffs.reset(n)
				v, _, err := Create(path, NewVault{Credentials: testCreds, KDF: testKDF, RecoveryCode: true}, &Options{fs: ffs})
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
					if n < 5 {
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
					// No file: Create can be run again.
					if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
						t.Errorf("fault %d (%s of %v): a vault file exists: %v", n, op, ops, err)
					}
				}
			}
		})
	}
}
