package agent

import (
	"errors"
	"io/fs"
	"os"
	"testing"
	"time"

	"github.com/passtea/passtea/vault"
)

// TestIdleTimeout checks that requests keep a vault unlocked, that it
// locks after its idle timeout, and that the agent then exits and leaves
// no socket.
func TestIdleTimeout(t *testing.T) {
	path := newVaultFile(t, 2)
	s := serve(t, Config{})
	cl := dial(t, s.dir)
	const idle = 600 * time.Millisecond
	if _, err := cl.Unlock(path, creds(), UnlockOptions{Timeout: idle}); err != nil {
		t.Fatal(err)
	}
	v, err := cl.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for time.Since(start) < 2*idle {
		if _, err := v.Get("work/site-00001.example"); err != nil {
			t.Fatalf("after %s of use: %v", time.Since(start), err)
		}
		time.Sleep(idle / 12)
	}
	st, err := cl.Status()
	if err != nil || len(st.Vaults) != 1 || st.Vaults[0].Timeout != idle || st.Vaults[0].Left > idle {
		t.Fatalf("status %+v %v", st, err)
	}
	s.stopped(t, 5*time.Second)
	if _, err := os.Lstat(SocketPath(s.dir)); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the socket is still there: %v", err)
	}
	if _, err := Dial(s.dir); !errors.Is(err, ErrNotRunning) {
		t.Fatalf("Dial after the timeout: %v", err)
	}
	if _, err := v.Get("work/site-00001.example"); !errors.Is(err, ErrNotRunning) {
		t.Fatalf("a handle after the timeout: %v", err)
	}
}

// TestIdleTimeoutPerVault checks that each vault has its own timeout.
func TestIdleTimeoutPerVault(t *testing.T) {
	short, long := newVaultFile(t, 1), newVaultFile(t, 1)
	s := serve(t, Config{})
	cl := dial(t, s.dir)
	if _, err := cl.Unlock(long, creds(), UnlockOptions{Timeout: time.Minute}); err != nil {
		t.Fatal(err)
	}
	if _, err := cl.Unlock(short, creds(), UnlockOptions{Timeout: 100 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		st, err := cl.Status()
		if err != nil {
			t.Fatal(err)
		}
		return len(st.Vaults) == 1
	})
	if _, err := cl.Open(short); !errors.Is(err, vault.ErrLocked) {
		t.Fatalf("the vault that timed out: %v", err)
	}
	if _, err := cl.Open(long); err != nil {
		t.Fatalf("the other vault: %v", err)
	}
	// Locking the last vault ends the agent.
	if held, err := cl.Lock(long); err != nil || !held {
		t.Fatalf("lock: %v %v", held, err)
	}
	s.stopped(t, 5*time.Second)
}

// TestNothingHeldExits checks that an agent that is never given a vault
// exits after its timeout.
func TestNothingHeldExits(t *testing.T) {
	s := serve(t, Config{Timeout: 200 * time.Millisecond})
	s.stopped(t, 5*time.Second)
	if _, err := Dial(s.dir); !errors.Is(err, ErrNotRunning) {
		t.Fatalf("Dial: %v", err)
	}
}

// TestLockAndStop checks lock requests: one vault, then everything.
func TestLockAndStop(t *testing.T) {
	a, b := newVaultFile(t, 1), newVaultFile(t, 1)
	s := serve(t, Config{})
	cl := dial(t, s.dir)
	for _, p := range []string{a, b} {
		if _, err := cl.Unlock(p, creds(), UnlockOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	u, err := cl.Unlock(a, vault.Credentials{Password: []byte("not checked")}, UnlockOptions{})
	if err != nil || !u.Already {
		t.Fatalf("unlock of a held vault: %+v %v", u, err)
	}
	va, err := cl.Open(a)
	if err != nil {
		t.Fatal(err)
	}
	if held, err := cl.Lock(a); err != nil || !held {
		t.Fatalf("lock a: %v %v", held, err)
	}
	if _, err := va.Entries(); !errors.Is(err, vault.ErrLocked) {
		t.Fatalf("a handle on a locked vault: %v", err)
	}
	if held, err := cl.Lock(a); err != nil || held {
		t.Fatalf("lock a again: %v %v", held, err)
	}
	n, err := Stop(s.dir)
	if err != nil || n != 1 {
		t.Fatalf("stop: %d %v", n, err)
	}
	s.stopped(t, 5*time.Second)
	if _, err := Stop(s.dir); !errors.Is(err, ErrNotRunning) {
		t.Fatalf("stop without an agent: %v", err)
	}
}

// TestSecondAgentRefused checks that one directory has one agent.
func TestSecondAgentRefused(t *testing.T) {
	s := serve(t, Config{})
	ctx := t.Context()
	if err := Serve(ctx, Config{Dir: s.dir}); !errors.Is(err, ErrRunning) {
		t.Fatalf("a second agent: %v", err)
	}
	if _, err := dial(t, s.dir).Status(); err != nil {
		t.Fatalf("the first agent after a second tried: %v", err)
	}
}
