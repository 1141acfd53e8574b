//go:build !windows

// Tests of hostile special files and of the lock on Unix: devices, FIFOs
// and links where the vault or its lock should be, a lock held by another
// process, and Vault.Interrupt.

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

	"golang.org/x/sys/unix"
)

// TestNotRegularFiles: a vault path that is a device, a link to one, a
// FIFO or a directory is refused at once with a clear error: no unbounded
// read, no wait for a writer, no panic.
func TestNotRegularFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := unix.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "zero-link")
	if err := os.Symlink("/dev/zero", link); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/dev/zero", "/dev/urandom", link, fifo, dir} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			done := make(chan error, 1)
			go func() {
				_, err := Open(path, testPassword, nil)
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil || errors.Is(err, ErrNoVault) || !strings.Contains(err.Error(), "not a regular file") {
					t.Fatalf("got %v, want an error saying it is not a regular file", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("opening hangs")
			}
			runtime.ReadMemStats(&after)
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
				t.Errorf("opening allocated %d MiB", grew>>20)
			}
		})
	}
}

// TestLockFileHostile: a VAULT.lock planted as a symbolic link (to a file
// the user owns: the save would write through it) or as a FIFO is refused,
// and so is one owned by another user; the file it points at is not
// touched and the save changes nothing.
func TestLockFileHostile(t *testing.T) {
	t.Parallel()
	cases := map[string]func(t *testing.T, lock string){
		"symbolic link": func(t *testing.T, lock string) {
			target := filepath.Join(t.TempDir(), "precious")
			mustWrite(t, target, []byte("precious"))
			if err := os.Symlink(target, lock); err != nil {
				t.Fatal(err)
			}
		},
		"dangling symbolic link": func(t *testing.T, lock string) {
			if err := os.Symlink(filepath.Join(t.TempDir(), "made-by-the-save"), lock); err != nil {
				t.Fatal(err)
			}
		},
		"FIFO": func(t *testing.T, lock string) {
			if err := unix.Mkfifo(lock, 0o600); err != nil {
				t.Fatal(err)
			}
		},
		"owned by another user": func(t *testing.T, lock string) {
			if os.Geteuid() != 0 {
				t.Skip("chown needs root")
			}
			mustWrite(t, lock, nil)
			if err := os.Chown(lock, 65534, 65534); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, plant := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			v, path := newTestVault(t, &Options{Now: fakeClock(), LockTimeout: 5 * time.Second})
			plant(t, path+".lock")
			before := snapshot(t, filepath.Dir(path))
			done := make(chan error, 1)
			go func() { _, err := v.Add(NewEntry{Name: "x"}); done <- err }()
			select {
			case err := <-done:
				if err == nil || !strings.HasPrefix(err.Error(), "lock vault: ") {
					t.Fatalf("got %v, want the lock refused", err)
				}
			case <-time.After(4 * time.Second):
				t.Fatal("the save waits")
			}
			if fmt.Sprint(before) != fmt.Sprint(snapshot(t, filepath.Dir(path))) {
				t.Fatal("the refused save changed the directory")
			}
			if name == "symbolic link" {
				target, _ := os.Readlink(path + ".lock")
				if got := string(mustRead(t, target)); got != "precious" {
					t.Fatalf("the link's target holds %q", got)
				}
			}
			if name == "dangling symbolic link" {
				target, _ := os.Readlink(path + ".lock")
				if _, err := os.Lstat(target); !errors.Is(err, os.ErrNotExist) {
					t.Fatalf("the save made the link's target: %v", err)
				}
			}
		})
	}
}

// holdLock takes the vault's lock as another process would (flock locks
// belong to an open file, so another open in this process conflicts) and
// returns the function that releases it.
func holdLock(t *testing.T, path string) func() {
	t.Helper()
	f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	released := false
	release := func() {
		if !released {
			released = true
			unix.Flock(int(f.Fd()), unix.LOCK_UN)
			f.Close()
		}
	}
	t.Cleanup(release)
	return release
}

// TestLockTimeout: while another process holds the lock, a save and a
// refresh give up after Options.LockTimeout with ErrLockTimeout, and
// nothing changes; once the lock is free, saves go on.
func TestLockTimeout(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, &Options{Now: fakeClock(), LockTimeout: 200 * time.Millisecond})
	mustAdd(t, v, "alpha", "pw")
	release := holdLock(t, path)
	before := mustRead(t, path)
	start := time.Now()
	_, err := v.Add(NewEntry{Name: "bravo"})
	if took := time.Since(start); !errors.Is(err, ErrLockTimeout) || took < 200*time.Millisecond || took > 5*time.Second {
		t.Fatalf("got %v after %v, want ErrLockTimeout after about 200ms", err, took)
	}
	if err := v.Refresh(); !errors.Is(err, ErrLockTimeout) {
		t.Fatalf("Refresh: %v", err)
	}
	if !bytes.Equal(before, mustRead(t, path)) {
		t.Fatal("the file changed")
	}
	if _, err := v.Get("bravo"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the refused entry is in memory: %v", err)
	}
	release()
	mustAdd(t, v, "bravo", "pw")
}

// TestInterrupt: Vault.Interrupt from another goroutine makes a save
// waiting for the lock give up at once with ErrInterrupted (long before
// the timeout), and the next ones too until Resume.
func TestInterrupt(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, &Options{Now: fakeClock(), LockTimeout: time.Minute})
	release := holdLock(t, path)
	done := make(chan error, 1)
	go func() { _, err := v.Add(NewEntry{Name: "alpha"}); done <- err }()
	time.Sleep(100 * time.Millisecond) // the save is waiting
	select {
	case err := <-done:
		t.Fatalf("the save did not wait for the lock: %v", err)
	default:
	}
	start := time.Now()
	v.Interrupt()
	select {
	case err := <-done:
		if !errors.Is(err, ErrInterrupted) {
			t.Fatalf("got %v, want ErrInterrupted", err)
		}
		if took := time.Since(start); took > time.Second {
			t.Errorf("the save gave up %v after Interrupt", took)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Interrupt did not stop the waiting save")
	}
	release()
	if _, err := v.Add(NewEntry{Name: "alpha"}); !errors.Is(err, ErrInterrupted) {
		t.Fatalf("a save after Interrupt: %v", err)
	}
	v.Resume()
	mustAdd(t, v, "alpha", "pw")
}
