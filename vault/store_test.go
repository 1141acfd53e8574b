// Tests of what a save leaves on disk: modes and the backup.

package vault

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestPermissionsAndBackup: the vault, its backup and its lock are 0600
// in a 0700 directory; from the second save on, VAULT.bak is the previous
// version and opens like the vault.
func TestPermissionsAndBackup(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes on Windows")
	}
	v, path := newTestVault(t, nil) // the first save
	dir := filepath.Dir(path)
	checkModes := func(when string, want map[string]os.FileMode) {
		t.Helper()
		des, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]os.FileMode{}
		for _, de := range des {
			fi, err := de.Info()
			if err != nil {
				t.Fatal(err)
			}
			got[de.Name()] = fi.Mode()
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: files %v, want %v", when, got, want)
		}
		fi, err := os.Stat(dir)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o700 {
			t.Errorf("%s: directory mode %v, want 0700", when, fi.Mode().Perm())
		}
	}
	checkModes("after Create", map[string]os.FileMode{"vault.passtea": 0o600})
	if _, err := os.Stat(path + ".bak"); !os.IsNotExist(err) {
		t.Fatalf("a backup after Create: %v", err)
	}

	mustAdd(t, v, "alpha", "pw-a") // the second save
	all := map[string]os.FileMode{"vault.passtea": 0o600, "vault.passtea.bak": 0o600, "vault.passtea.lock": 0o600}
	checkModes("after the second save", all)
	b, err := Open(path+".bak", testPassword, nil)
	if err != nil {
		t.Fatalf("the backup: %v", err)
	}
	if b.Len() != 0 {
		t.Fatalf("the backup of the second save has %d entries, want 0", b.Len())
	}

	mustAdd(t, v, "bravo", "pw-b") // the third
	checkModes("after the third save", all)
	b = mustOpenKey(t, path+".bak", v.key, nil)
	if got := fmt.Sprint(names(b)); got != "[alpha]" {
		t.Fatalf("the backup holds %s, want [alpha]", got)
	}
	alpha, _ := b.Get("alpha")
	checkSecret(t, b, alpha.ID, Secret{Password: "pw-a", Notes: "notes of alpha"})
	if got := fmt.Sprint(names(mustOpenKey(t, path, v.key, nil))); got != "[alpha bravo]" {
		t.Fatalf("the vault holds %s", got)
	}
}

// TestBackupIsItsOwnFile: the backup is not a link to the vault: changing
// the vault in place (as an editor or a faulty tool might) leaves it whole.
func TestBackupIsItsOwnFile(t *testing.T) {
	v, path := newTestVault(t, nil)
	mustAdd(t, v, "alpha", "pw-a")
	mustAdd(t, v, "bravo", "pw-b")
	vi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	bi, err := os.Stat(path + ".bak")
	if err != nil {
		t.Fatal(err)
	}
	if os.SameFile(vi, bi) {
		t.Fatal("the vault and its backup are one file")
	}
	if err := os.WriteFile(path, []byte("overwritten"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(names(mustOpenKey(t, path+".bak", v.key, nil))); got != "[alpha]" {
		t.Fatalf("the backup holds %s", got)
	}
}
