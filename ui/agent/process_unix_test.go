//go:build unix

package agent

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/passtea/passtea/vault"
)

// startChild starts this test binary as a detached agent on a new
// directory, as the CLI starts `passtea agent`.
func startChild(t *testing.T, dir string) *Client {
	t.Helper()
	exe, args := helper(t, "agent", dir, "1m")
	if err := Start(exe, args, dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { Stop(dir) })
	return dial(t, dir)
}

// alive reports whether process pid exists.
func alive(pid int) bool { return syscall.Kill(pid, 0) == nil }

// TestStartDetached checks how Start runs the agent: a session of its own,
// no terminal, a small environment, nothing secret on its command line,
// and that SIGTERM locks and ends it.
func TestStartDetached(t *testing.T) {
	path := newVaultFile(t, 1)
	dir := sockDir(t)
	t.Setenv("PASSTEA_TEST_SECRET", "do not pass me on")
	cl := startChild(t, dir)
	pid := cl.PID()
	if _, err := cl.Unlock(path, creds(), UnlockOptions{}); err != nil {
		t.Fatal(err)
	}
	if sid, err := unix.Getsid(pid); err != nil || sid != pid {
		t.Fatalf("the agent's session is %d (%v), want its own (%d)", sid, err, pid)
	}
	if b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/environ"); err == nil {
		for _, kv := range strings.Split(strings.TrimRight(string(b), "\x00"), "\x00") {
			name, _, _ := strings.Cut(kv, "=")
			if !slices.Contains(keptEnv, name) {
				t.Errorf("the agent inherited %s", name)
			}
		}
	}
	if b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline"); err == nil && strings.Contains(string(b), string(testCreds.Password)) {
		t.Error("the password is on the agent's command line")
	}
	if fd0, err := os.Readlink("/proc/" + strconv.Itoa(pid) + "/fd/0"); err == nil && fd0 != os.DevNull {
		t.Errorf("the agent's stdin is %s", fd0)
	}
	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return !alive(pid) })
	if _, err := os.Lstat(SocketPath(dir)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("SIGTERM left the socket: %v", err)
	}
}

// TestKilledAgent kills the agent with SIGKILL (it cannot clean up) and
// checks that nothing readable is left: the socket refuses connections,
// the next client sees ErrNotRunning, no file holds anything, and a new
// agent starts and asks for the password again.
func TestKilledAgent(t *testing.T) {
	path := newVaultFile(t, 3)
	dir := sockDir(t)
	cl := startChild(t, dir)
	pid := cl.PID()
	if _, err := cl.Unlock(path, creds(), UnlockOptions{}); err != nil {
		t.Fatal(err)
	}
	v, err := cl.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Add(vault.NewEntry{Name: "new", Secret: vault.Secret{Password: "s3cret-value"}}); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return !alive(pid) })

	if _, err := v.Entries(); !errors.Is(err, ErrNotRunning) {
		t.Fatalf("a client of the killed agent: %v", err)
	}
	if _, err := Dial(dir); !errors.Is(err, ErrNotRunning) {
		t.Fatalf("Dial after the kill: %v", err)
	}
	// What is left: the stale socket (which holds nothing) and the empty
	// lock file, both in the private directory.
	names := listDir(t, dir)
	if !slices.Equal(names, []string{"agent.lock", "agent.sock"}) {
		t.Fatalf("the socket directory holds %v", names)
	}
	if fi, err := os.Stat(filepath.Join(dir, "agent.lock")); err != nil || fi.Size() != 0 {
		t.Fatalf("agent.lock: %v %v", fi, err)
	}
	// Beside the vault: only what any save leaves (no temporary file).
	for _, n := range listDir(t, filepath.Dir(path)) {
		if n != "vault.passtea" && n != "vault.passtea.lock" && n != "vault.passtea.bak" {
			t.Errorf("the vault's directory holds %s", n)
		}
	}
	// The next command starts a new agent, which holds nothing.
	cl = startChild(t, dir)
	if cl.PID() == pid {
		t.Fatal("the same agent answers")
	}
	if _, err := cl.Open(path); !errors.Is(err, vault.ErrLocked) {
		t.Fatalf("the new agent: %v, want the vault locked", err)
	}
	if _, err := cl.Unlock(path, creds(), UnlockOptions{}); err != nil {
		t.Fatal(err)
	}
	v, err = cl.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Get("new"); err != nil {
		t.Fatalf("the entry added before the kill: %v", err)
	}
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

// TestStartRace starts two agents at once on one directory: both Starts
// succeed, one agent serves.
func TestStartRace(t *testing.T) {
	dir := sockDir(t)
	exe, args := helper(t, "agent", dir, "1m")
	errs := make(chan error, 2)
	for range 2 {
		go func() { errs <- Start(exe, args, dir) }()
	}
	t.Cleanup(func() { Stop(dir) })
	for range 2 {
		select {
		case err := <-errs:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Start hangs")
		}
	}
	if _, err := dial(t, dir).Status(); err != nil {
		t.Fatal(err)
	}
}
