// Tests of what a save leaves on disk: modes and the backup.

package vault

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// TestPermissionsAndBackup: the vault, its backup and its lock are 0600
// in a 0700 directory; from the second save on, VAULT.bak is the previous
// version and opens like the vault.
func TestPermissionsAndBackup(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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

// TestStaleTempsRemoved: temporary files left by a killed save are removed
// by the next save once they are a minute old; fresh ones are kept.
func TestStaleTempsRemoved(t *testing.T) {
	v, path := newTestVault(t, nil)
	dir := filepath.Dir(path)
	old := filepath.Join(dir, ".vault.passtea.tmp-123")
	fresh := filepath.Join(dir, ".vault.passtea.tmp-456")
	other := filepath.Join(dir, ".other.tmp-789")
	for _, p := range []string{old, fresh, other} {
		if err := os.WriteFile(p, []byte("sealed copy"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	past := time.Now().Add(-2 * time.Minute)
	for _, p := range []string{old, other} {
		if err := os.Chtimes(p, past, past); err != nil {
			t.Fatal(err)
		}
	}
	mustAdd(t, v, "x", "pw")
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Errorf("stale temp file kept: %v", err)
	}
	for _, p := range []string{fresh, other} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s removed: %v", p, err)
		}
	}
}

// TestSymlinkedVault: saves replace the link's target, and the link stays.
func TestSymlinkedVault(t *testing.T) {
	_, target := newTestVault(t, nil)
	link := filepath.Join(t.TempDir(), "link.passtea")
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	v, err := Open(link, testPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	mustAdd(t, v, "via-link", "pw")
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("link replaced: %v %v", fi.Mode(), err)
	}
	w, err := Open(target, testPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Get("via-link"); err != nil {
		t.Fatalf("target lacks the change: %v", err)
	}
}

// TestAddKeepsFileOrder: an entry added to a vault lands in name order, so
// the next save needs no sort, and the file holds entries in that order.
func TestAddKeepsFileOrder(t *testing.T) {
	v, path := newTestVault(t, nil)
	for _, n := range []string{"delta", "Bravo", "alpha", "charlie", "echo", "a"} {
		mustAdd(t, v, n, "pw")
	}
	w := mustOpenKey(t, path, v.key, nil)
	var got []string
	for _, e := range w.ix.entries {
		got = append(got, e.Name)
	}
	want := []string{"a", "alpha", "Bravo", "charlie", "delta", "echo"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("file order %v, want %v", got, want)
	}
}

// TestReplacedByAnotherVault: when the file was replaced by a different
// vault, a save refuses with ErrConflict and leaves the other vault alone.
func TestReplacedByAnotherVault(t *testing.T) {
	v, path := newTestVault(t, nil)
	_, other := newTestVault(t, nil)
	b, err := os.ReadFile(other)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Add(Fields{Name: "x"}, Secret{Password: "pw"}); !errors.Is(err, ErrConflict) {
		t.Fatalf("got %v, want ErrConflict", err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(after, b) {
		t.Fatal("the other vault was changed")
	}
}

// TestCheckLayoutRefusesWhatReadersRefuse: the check made before a save is
// renamed into place refuses a record larger than a reader accepts, and
// accepts a real vault.
func TestCheckLayoutRefusesWhatReadersRefuse(t *testing.T) {
	_, path := newTestVault(t, nil)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := checkLayout(raw); err != nil {
		t.Fatalf("a real vault: %v", err)
	}
	sf, err := parseFile(raw)
	if err != nil {
		t.Fatal(err)
	}
	sf.records = append(sf.records, record{sealed: make([]byte, maxSecretLen+1)})
	if err := checkLayout(sf.marshal()); !errors.Is(err, ErrDamaged) {
		t.Fatalf("oversized record: got %v, want ErrDamaged", err)
	}
}
