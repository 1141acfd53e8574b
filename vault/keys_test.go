// Tests of the ways to open a vault: key files, recovery codes, password
// changes and key rotation.

package vault

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var testKeyFile = bytes.Repeat([]byte{7}, 32)

// TestKeyFile: a vault made with a key file needs the password and the
// file; either alone is a wrong password.
func TestKeyFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "vault.passtea")
	c := Credentials{Password: testPassword, KeyFile: testKeyFile}
	v, _, err := Create(path, NewVault{Credentials: c, KDF: testKDF}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !v.HasKeyFile() {
		t.Fatal("HasKeyFile is false")
	}
	e := mustAdd(t, v, "a", "pw")
	clock := newTestClock()
	opts := &Options{Now: clock.Now}
	for _, bad := range []Credentials{{Password: testPassword}, {Password: []byte("wrong"), KeyFile: testKeyFile}, {Password: testPassword, KeyFile: bytes.Repeat([]byte{8}, 32)}} {
		clock.Advance(time.Hour) // past any backoff
		f, err := ReadFile(path, opts)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Unlock(bad); !errors.Is(err, ErrWrongPassword) {
			t.Fatalf("unlock with %+v: %v", bad, err)
		}
	}
	clock.Advance(time.Hour)
	f, _ := ReadFile(path, opts)
	w, err := f.Unlock(c)
	if err != nil {
		t.Fatal(err)
	}
	checkSecret(t, w, e.ID, Secret{Password: "pw", Notes: "notes of a"})
	// passwd --no-key-file.
	if err := w.Rewrap(Credentials{Password: testPassword}, testKDF); err != nil {
		t.Fatal(err)
	}
	if w.HasKeyFile() {
		t.Fatal("HasKeyFile after removing it")
	}
	if _, err := Open(path, testPassword, nil); err != nil {
		t.Fatal(err)
	}
}

// TestRecoveryCode: the code opens the vault once; Reset sets a new
// password and a new code; the old code no longer works; a password change
// does not touch the code.
func TestRecoveryCode(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "vault.passtea")
	v, code, err := Create(path, NewVault{Credentials: testCreds, KDF: testKDF, RecoveryCode: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !v.HasRecoveryCode() || len(code) != 39 || strings.Count(code, "-") != 7 {
		t.Fatalf("code %q, HasRecoveryCode %v", code, v.HasRecoveryCode())
	}
	e := mustAdd(t, v, "a", "pw")
	// A password change keeps the code working.
	if err := v.Rewrap(Credentials{Password: []byte("second password")}, testKDF); err != nil {
		t.Fatal(err)
	}
	f, _ := ReadFile(path, nil)
	typed := strings.ToLower(strings.ReplaceAll(code, "-", " ")) // as a person might type it
	r, err := f.Recover(typed)
	if err != nil {
		t.Fatalf("recover: %v", err)
	}
	if !r.Recovered() {
		t.Fatal("Recovered is false")
	}
	checkSecret(t, r, e.ID, Secret{Password: "pw", Notes: "notes of a"})
	newPW := []byte("third password")
	code2, err := r.Reset(Credentials{Password: newPW}, testKDF)
	if err != nil || code2 == code || code2 == "" {
		t.Fatalf("reset: %q %v", code2, err)
	}
	f, _ = ReadFile(path, nil)
	if _, err := f.Recover(code); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("the used code: %v", err)
	}
	if _, err := f.Recover("not a code"); !errors.Is(err, ErrRecoveryCode) {
		t.Fatalf("a malformed code: %v", err)
	}
	if _, err := f.Recover(code2); err != nil {
		t.Fatalf("the new code: %v", err)
	}
	if _, err := Open(path, newPW, nil); err != nil {
		t.Fatalf("the new password: %v", err)
	}
	// No code at all: the slot is random, and nothing opens through it.
	w, _ := Open(path, newPW, nil)
	if err := w.RemoveRecoveryCode(); err != nil {
		t.Fatal(err)
	}
	f, _ = ReadFile(path, nil)
	if _, err := f.Recover(code2); !errors.Is(err, ErrWrongPassword) || w.HasRecoveryCode() {
		t.Fatalf("after removal: %v", err)
	}
}

// TestRecoveryCodeFormat round-trips codes and reads common typos.
func TestRecoveryCodeFormat(t *testing.T) {
	t.Parallel()
	raw := []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 255}
	s := formatRecoveryCode(raw)
	back, err := parseRecoveryCode(s)
	if err != nil || !bytes.Equal(back, raw) {
		t.Fatalf("%q → %x, %v", s, back, err)
	}
	alt := strings.NewReplacer("0", "o", "1", "L").Replace(strings.ToLower(s))
	if back, err := parseRecoveryCode(alt); err != nil || !bytes.Equal(back, raw) {
		t.Fatalf("%q → %x, %v", alt, back, err)
	}
	for _, bad := range []string{"", s[:len(s)-1], s + "0", strings.Replace(s, "0", "U", 1)} {
		if _, err := parseRecoveryCode(bad); !errors.Is(err, ErrRecoveryCode) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

// TestRotateKey: after a rotation old copies open with the old key only,
// and everything is still there under the new one.
func TestRotateKey(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "vault.passtea")
	v, code, err := Create(path, NewVault{Credentials: testCreds, KDF: testKDF, RecoveryCode: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	e := mustAdd(t, v, "a", "pw")
	oldKey := bytes.Clone(v.key)
	code2, err := v.RotateKey(testCreds, testKDF)
	if err != nil || code2 == "" || code2 == code {
		t.Fatalf("rotate: %q %v", code2, err)
	}
	if bytes.Equal(oldKey, v.key) {
		t.Fatal("the key did not change")
	}
	if _, err := openKey(path, oldKey, nil); err == nil {
		t.Fatal("the old key opens the rotated file")
	}
	if _, err := openKey(path+".bak", oldKey, nil); err != nil {
		t.Fatalf("the backup with the old key: %v", err)
	}
	w, err := Open(path, testPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkSecret(t, w, e.ID, Secret{Password: "pw", Notes: "notes of a"})
	mustAdd(t, w, "b", "pw2") // a save after the rotation keeps the chain of backups
}

// TestBackoff: after FreeTries wrong passwords, the next try waits, even
// from a new File (another process); the right password after the wait
// resets the count.
func TestBackoff(t *testing.T) {
	t.Parallel()
	_, path := newTestVault(t, nil)
	clock := newTestClock()
	opts := &Options{Now: clock.Now}
	try := func(pw []byte) error {
		f, err := ReadFile(path, opts)
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.Unlock(Credentials{Password: pw})
		return err
	}
	for range FreeTries {
		if err := try([]byte("wrong")); !errors.Is(err, ErrWrongPassword) {
			t.Fatalf("a free try: %v", err)
		}
	}
	var be *BackoffError
	if err := try(testPassword); !errors.As(err, &be) || be.Wait != 2*time.Second {
		t.Fatalf("after %d wrong tries: %v", FreeTries, err)
	}
	clock.Advance(2 * time.Second)
	if err := try([]byte("wrong")); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("after the wait: %v", err)
	}
	if err := try(testPassword); !errors.As(err, &be) || be.Wait != 4*time.Second {
		t.Fatalf("the wait doubles: %v", err)
	}
	clock.Advance(time.Minute)
	if err := try(testPassword); err != nil {
		t.Fatal(err)
	}
	if err := try([]byte("wrong")); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("the count was reset: %v", err)
	}
	if RetryDelay(100) != time.Minute {
		t.Fatal("the wait is not capped at a minute")
	}
}

// TestCheckDir: a directory others can write to is reported.
func TestCheckDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "vault.passtea")
	if err := os.Chmod(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := CheckDir(path); err != nil {
		t.Fatalf("a private directory: %v", err)
	}
	if err := os.Chmod(dir, 0o1777); err != nil {
		t.Fatal(err)
	}
	if err := CheckDir(path); !errors.Is(err, ErrSharedDir) {
		t.Fatalf("a world-writable directory: %v", err)
	}
}
