// Tests of what a save leaves on disk and of hostile places (issue 9):
// modes, the backup and who may replace it, stale temporary files,
// symbolic links, files that are not regular, the lock file, and an older
// copy put back under a running process.

package vault

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
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
		if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
			t.Errorf("%s: directory mode %v, want 0700 (%v)", when, fi.Mode().Perm(), err)
		}
	}
	checkModes("after Create", map[string]os.FileMode{"vault.passtea": 0o600})
	mustAdd(t, v, "alpha", "pw-a") // the second save
	all := map[string]os.FileMode{"vault.passtea": 0o600, "vault.passtea.bak": 0o600, "vault.passtea.lock": 0o600}
	checkModes("after the second save", all)
	b, err := Open(path+".bak", testPassword, nil)
	if err != nil {
		t.Fatalf("the backup: %v", err)
	}
	if n := mustLen(t, b); n != 0 {
		t.Fatalf("the backup of the second save has %d entries, want 0", n)
	}
	mustAdd(t, v, "bravo", "pw-b") // the third
	checkModes("after the third save", all)
	b = mustOpenKey(t, path+".bak", v.key, nil)
	alpha, err := b.Get("alpha")
	if err != nil || mustLen(t, b) != 1 {
		t.Fatalf("the backup of the third save: %v", err)
	}
	checkSecret(t, b, alpha.ID, Secret{Password: "pw-a", Notes: "notes of alpha"})
}

// TestBackupIsItsOwnFile: the backup is not a link to the vault: changing
// the vault in place (as an editor or a faulty tool might) leaves it whole.
func TestBackupIsItsOwnFile(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	mustAdd(t, v, "alpha", "pw-a")
	mustAdd(t, v, "bravo", "pw-b")
	vi, _ := os.Stat(path)
	bi, _ := os.Stat(path + ".bak")
	if os.SameFile(vi, bi) {
		t.Fatal("the vault and its backup are one file")
	}
	mustWrite(t, path, []byte("overwritten"))
	if n := mustLen(t, mustOpenKey(t, path+".bak", v.key, nil)); n != 1 {
		t.Fatalf("the backup holds %d entries", n)
	}
}

// TestStaleTempsRemoved: temporary files left by a killed save are removed
// by the next save once they are a minute old; fresh ones and other
// files are kept.
func TestStaleTempsRemoved(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	dir := filepath.Dir(path)
	old := []string{".vault.passtea.tmp-123", ".vault.passtea.bak.tmp-456"}
	kept := []string{".vault.passtea.tmp-789", ".other.tmp-1", "vault.passtea.notes"}
	for _, name := range append(old, kept...) {
		mustWrite(t, filepath.Join(dir, name), []byte("sealed copy"))
	}
	past := time.Now().Add(-2 * time.Minute)
	for _, name := range append(old, kept[1:]...) {
		if err := os.Chtimes(filepath.Join(dir, name), past, past); err != nil {
			t.Fatal(err)
		}
	}
	mustAdd(t, v, "x", "pw")
	for _, name := range old {
		if _, err := os.Stat(filepath.Join(dir, name)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("stale %s kept: %v", name, err)
		}
	}
	for _, name := range kept {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s removed: %v", name, err)
		}
	}
}

// TestSymlinkedVault: saves replace the link's target, and the link stays.
func TestSymlinkedVault(t *testing.T) {
	t.Parallel()
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
		t.Fatalf("the target lacks the change: %v", err)
	}
	if _, err := os.Stat(target + ".bak"); err != nil {
		t.Fatalf("no backup beside the target: %v", err)
	}
}

// TestForeignBackupKept: a VAULT.bak that is not an older copy of this
// vault (another vault, a file that is not a vault) is never replaced: the
// save is refused with ErrForeignBackup, and nothing changes on disk or in
// memory. Moved away, the save goes through.
func TestForeignBackupKept(t *testing.T) {
	t.Parallel()
	_, other := newTestVault(t, nil)
	for name, bak := range map[string][]byte{
		"another vault":         mustRead(t, other),
		"not a vault":           []byte("my notes, not a vault\n"),
		"another version 1 one": mustRead(t, filepath.Join("testdata", "v1.passtea")),
	} {
		t.Run(name, func(t *testing.T) {
			v, path := newTestVault(t, nil)
			mustAdd(t, v, "alpha", "pw")
			mustWrite(t, path+".bak", bak)
			before := snapshot(t, filepath.Dir(path))
			_, err := v.Add(NewEntry{Name: "bravo"})
			if !errors.Is(err, ErrForeignBackup) || !strings.Contains(err.Error(), path+".bak") {
				t.Fatalf("got %v, want ErrForeignBackup naming the backup", err)
			}
			if fmt.Sprint(before) != fmt.Sprint(snapshot(t, filepath.Dir(path))) {
				t.Fatal("a refused save changed the directory")
			}
			if _, err := v.Get("bravo"); !errors.Is(err, ErrNotFound) {
				t.Fatalf("the refused entry is in memory: %v", err)
			}
			if err := os.Rename(path+".bak", path+".other"); err != nil {
				t.Fatal(err)
			}
			mustAdd(t, v, "bravo", "pw")
			if !bytes.Equal(bak, mustRead(t, path+".other")) {
				t.Fatal("the foreign file changed")
			}
		})
	}
}

// TestOlderBackupReplaced: a VAULT.bak that is an older copy of this
// vault is replaced: any older save (it opens with the key and has the
// vault's id), the file before a key rotation (the rotated file names its
// header), and a version 1 file of this vault.
func TestOlderBackupReplaced(t *testing.T) {
	t.Parallel()
	t.Run("an older save", func(t *testing.T) {
		t.Parallel()
		v, path := newTestVault(t, nil)
		old := mustRead(t, path)
		mustAdd(t, v, "alpha", "pw")
		mustAdd(t, v, "bravo", "pw")
		mustWrite(t, path+".bak", old)
		mustAdd(t, v, "charlie", "pw")
		if n := mustLen(t, mustOpenKey(t, path+".bak", v.key, nil)); n != 2 {
			t.Fatalf("the backup holds %d entries", n)
		}
	})
	t.Run("before a key rotation", func(t *testing.T) {
		t.Parallel()
		v, path := newTestVault(t, nil)
		mustAdd(t, v, "alpha", "pw")
		oldKey := bytes.Clone(v.key)
		if _, err := v.RotateKey(testCreds, testKDF); err != nil {
			t.Fatal(err)
		}
		// The backup opens only with the old key; the rotated file names it.
		if _, err := openKey(path+".bak", oldKey, nil); err != nil {
			t.Fatal(err)
		}
		mustAdd(t, v, "bravo", "pw")
		if _, err := openKey(path+".bak", v.key, nil); err != nil {
			t.Fatalf("the backup after the next save: %v", err)
		}
	})
	t.Run("version 1 of this vault", func(t *testing.T) {
		t.Parallel()
		path := copyFixture(t, "v1.passtea")
		v1 := mustRead(t, path)
		v, err := Open(path, testPassword, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := v.SetSetting("a", "1"); err != nil { // version 1 → .bak
			t.Fatal(err)
		}
		if err := v.SetSetting("a", "2"); err != nil { // version 2 → .bak
			t.Fatal(err)
		}
		mustWrite(t, path+".bak", v1) // put back as if restored from a backup
		if err := v.SetSetting("a", "3"); err != nil {
			t.Fatalf("a version 1 backup of this vault: %v", err)
		}
		if bytes.Equal(v1, mustRead(t, path+".bak")) {
			t.Fatal("the backup was not replaced")
		}
	})
}

// TestCreateWhereOnlyBackup: Create refuses to make a vault where its
// backup exists without it (the backup may be the last copy of a vault),
// unless asked to move it aside; ReadFile says how to restore it.
func TestCreateWhereOnlyBackup(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	mustAdd(t, v, "alpha", "pw")
	if err := os.Rename(path, path+".bak"); err != nil {
		t.Fatal(err)
	}
	bak := mustRead(t, path+".bak")
	_, err := ReadFile(path, nil)
	var nv *NoVaultError
	if !errors.As(err, &nv) || !errors.Is(err, ErrNoVault) || nv.Backup != path+".bak" || !strings.Contains(err.Error(), "mv "+path+".bak "+path) {
		t.Fatalf("ReadFile: %v, want ErrNoVault saying how to restore the backup", err)
	}
	before := snapshot(t, filepath.Dir(path))
	_, _, err = Create(path, NewVault{Credentials: testCreds, KDF: testKDF}, nil)
	var be *BackupExistsError
	if !errors.As(err, &be) || !errors.Is(err, ErrBackupExists) || !strings.Contains(err.Error(), "mv") {
		t.Fatalf("Create: %v, want ErrBackupExists", err)
	}
	if fmt.Sprint(before) != fmt.Sprint(snapshot(t, filepath.Dir(path))) {
		t.Fatal("a refused Create changed the directory")
	}
	w, _, err := Create(path, NewVault{Credentials: testCreds, KDF: testKDF, MoveBackup: true}, &Options{Now: fakeClock()})
	if err != nil {
		t.Fatal(err)
	}
	notices := w.Notices()
	if len(notices) != 1 || !strings.Contains(notices[0], path+".bak.") {
		t.Fatalf("notices %q", notices)
	}
	aside := strings.TrimSuffix(strings.Fields(notices[0][strings.Index(notices[0], " to ")+4:])[0], ".")
	if !bytes.Equal(bak, mustRead(t, aside)) {
		t.Fatalf("the old backup is not at %s", aside)
	}
	if _, err := os.Stat(path + ".bak"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a backup is still in the way: %v", err)
	}
	mustAdd(t, w, "new", "pw") // and the new vault saves (a backup of itself)
	if _, err := ReadFile(filepath.Join(t.TempDir(), "none"), nil); !errors.Is(err, ErrNoVault) || !strings.Contains(err.Error(), "passtea init") {
		t.Fatalf("no vault and no backup: %v", err)
	}
}

// TestRollback: while a vault is open, an older copy of its file is put
// back (a restored backup, a sync tool) by renaming it into place. The next save merges it like any
// copy: no entry is lost, the newer master password and key derivation
// are kept (the older password does not open the result), and Notices
// says what happened.
func TestRollback(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	mustAdd(t, v, "alpha", "pw")
	older := mustRead(t, path) // alpha, the first password
	stronger := testKDF
	stronger.Params.Iterations = 2
	newPW := []byte("the newer master password")
	if err := v.Rewrap(Credentials{Password: newPW}, stronger); err != nil {
		t.Fatal(err)
	}
	mustAdd(t, v, "bravo", "pw")
	v.Notices()
	// Put back as mv or a sync tool does: a new file renamed over it.
	mustWrite(t, path+".restored", older)
	if err := os.Rename(path+".restored", path); err != nil {
		t.Fatal(err)
	}
	mustAdd(t, v, "charlie", "pw")
	notices := v.Notices()
	if len(notices) != 1 || !strings.Contains(notices[0], "older copy") {
		t.Fatalf("notices %q", notices)
	}
	if _, err := Open(path, testPassword, nil); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("the older password: %v", err)
	}
	w, err := Open(path, newPW, nil)
	if err != nil {
		t.Fatalf("the newer password: %v", err)
	}
	if w.Params() != stronger.Params {
		t.Fatalf("params %v, want %v", w.Params(), stronger.Params)
	}
	for _, name := range []string{"alpha", "bravo", "charlie"} {
		if _, err := w.Get(name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if w.Generation() <= v.Generation()-1 {
		t.Errorf("generation %d went back", w.Generation())
	}
}

// TestRollbackInPlace: an older copy written over the vault file in place
// (cp restores a backup so) overwrites the file the open vault reads its
// pages from. The vault cannot merge what it no longer has: the next save
// fails as damaged and writes nothing, and the older copy stays readable.
func TestRollbackInPlace(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	mustAdd(t, v, "alpha", "pw")
	older := mustRead(t, path)
	mustAdd(t, v, "bravo", "pw")
	mustWrite(t, path, older)
	before := snapshot(t, filepath.Dir(path))
	if _, err := v.Add(NewEntry{Name: "charlie"}); !errors.Is(err, ErrDamaged) {
		t.Fatalf("got %v, want ErrDamaged", err)
	}
	if fmt.Sprint(before) != fmt.Sprint(snapshot(t, filepath.Dir(path))) {
		t.Fatal("the failed save changed the directory")
	}
	if n := mustLen(t, mustOpenKey(t, path, v.key, nil)); n != 1 {
		t.Fatalf("the older copy holds %d entries", n)
	}
}

// TestReplacedByAnotherVault: when the file was replaced by a different
// vault, a save refuses with ErrConflict and leaves the other vault alone.
func TestReplacedByAnotherVault(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	_, other := newTestVault(t, nil)
	b := mustRead(t, other)
	mustWrite(t, path, b)
	if _, err := v.Add(NewEntry{Name: "x"}); !errors.Is(err, ErrConflict) {
		t.Fatalf("got %v, want ErrConflict", err)
	}
	if !bytes.Equal(b, mustRead(t, path)) {
		t.Fatal("the other vault was changed")
	}
}
