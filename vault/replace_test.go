package vault

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestReplaceFile: the file is replaced only while it holds the bytes the
// caller read, with the previous one kept as the backup; junk is refused;
// a writer holding the lock holds the replacement up.
func TestReplaceFile(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	mustAdd(t, v, "mail", "pw-0")
	old := mustRead(t, path)
	theirs := copyVault(t, path, v.key, time.Minute)
	mustAdd(t, theirs.v, "bank", "pw-1")
	data := mustRead(t, theirs.path)

	if _, err := ReplaceFile(path, old, []byte("not a vault at all, but long enough to have a header"), nil); !errors.Is(err, ErrNotVault) {
		t.Fatalf("junk: %v, want ErrNotVault", err)
	}
	if _, err := ReplaceFile(path, old, data[:minFileSize-1], nil); !errors.Is(err, ErrDamaged) {
		t.Fatalf("truncated copy: %v, want ErrDamaged", err)
	}
	if !bytes.Equal(mustRead(t, path), old) {
		t.Fatal("a refused replacement changed the file")
	}

	// Another writer saves between the read and the replacement.
	mustAdd(t, v, "shop", "pw-2")
	saved := mustRead(t, path)
	if ok, err := ReplaceFile(path, old, data, nil); ok || err != nil {
		t.Fatalf("stale read: replaced %v, %v; want false, nil", ok, err)
	}
	if !bytes.Equal(mustRead(t, path), saved) {
		t.Fatal("a stale replacement changed the file")
	}

	// A writer holding the lock makes the replacement wait, up to its timeout.
	unlock, err := lockFile(path+".lock", time.Second, &stopFlag{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ReplaceFile(path, saved, data, &Options{LockTimeout: 50 * time.Millisecond}); !errors.Is(err, ErrLockTimeout) {
		t.Fatalf("while locked: %v, want ErrLockTimeout", err)
	}
	unlock()

	if ok, err := ReplaceFile(path, saved, data, nil); !ok || err != nil {
		t.Fatalf("replace: %v, %v", ok, err)
	}
	if !bytes.Equal(mustRead(t, path), data) || !bytes.Equal(mustRead(t, path+".bak"), saved) {
		t.Fatal("the file is not the copy, or the backup not the previous file")
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	// The vault's next save merges the file it finds: nothing is lost.
	mustAdd(t, v, "post", "pw-3")
	var names []string
	es, err := v.Entries()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		names = append(names, e.Name)
	}
	if want := []string{"bank", "mail", "post", "shop"}; !slices.Equal(names, want) {
		t.Fatalf("entries %v, want %v", names, want)
	}
}

// TestMergePreview: the preview reports what Merge then does, and changes
// neither the vault nor its file.
func TestMergePreview(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	e := mustAdd(t, v, "mail", "pw-0")
	mustAdd(t, v, "old", "pw-1")
	theirs := copyVault(t, path, v.key, time.Minute)
	mustAdd(t, theirs.v, "bank", "pw-2")
	pw := "pw-3"
	if _, err := theirs.v.Edit(e.ID, Change{Password: &pw}); err != nil {
		t.Fatal(err)
	}
	old, _ := theirs.v.Get("old")
	if err := theirs.v.Delete(old.ID); err != nil {
		t.Fatal(err)
	}
	before, state := mustRead(t, path), canonical(t, v)
	o, err := v.OpenCopy(theirs.path, nil)
	if err != nil {
		t.Fatal(err)
	}
	preview, err := v.MergePreview(o)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(mustRead(t, path), before) || canonical(t, v) != state {
		t.Fatal("the preview changed the vault")
	}
	rep, err := v.Merge(o)
	if err != nil {
		t.Fatal(err)
	}
	want := MergeReport{Added: []string{"bank"}, Updated: []string{"mail"}, Deleted: []string{"old"}}
	for _, r := range []MergeReport{preview, rep} {
		if !slices.Equal(r.Added, want.Added) || !slices.Equal(r.Updated, want.Updated) || !slices.Equal(r.Deleted, want.Deleted) || len(r.Conflicts) != 0 {
			t.Errorf("report %+v, want %+v", r, want)
		}
	}
	v.Lock()
	if _, err := v.MergePreview(o); !errors.Is(err, ErrLocked) {
		t.Errorf("locked: %v, want ErrLocked", err)
	}
}

// TestLockedCopyKeepsKey: locking a copy from OpenCopy, or one whose newer
// key a merge took, wipes the copy's key only; the vault goes on working.
func TestLockedCopyKeepsKey(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	mustAdd(t, v, "mail", "pw-0")
	same := copyVault(t, path, v.key, 0)
	rotated := copyVault(t, path, v.key, time.Minute)
	if _, err := rotated.v.RotateKey(testCreds, testKDF); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path  string
		creds *Credentials
	}{{same.path, nil}, {rotated.path, &testCreds}} {
		o, err := v.OpenCopy(c.path, c.creds)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.Merge(o); err != nil {
			t.Fatal(err)
		}
		o.Lock()
		mustAdd(t, v, "after-"+filepath.Base(filepath.Dir(c.path)), "pw")
		e, err := v.Get("mail")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.Secret(e.ID); err != nil {
			t.Fatalf("after locking the copy of %s: %v", c.path, err)
		}
	}
	if _, err := Open(path, testPassword, nil); err != nil {
		t.Fatal(err)
	}
}
