//go:build unix

package tui

// Quit and auto-lock win over a save that waits for another passtea's
// lock on the vault: the save is abandoned (vault.Interrupt).

import (
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"
	"golang.org/x/sys/unix"
)

// TestQuitAbandonsASaveWaitingForTheLock: a save blocked on the vault's
// lock (another passtea holds it) does not stop ctrl+c: the save is
// abandoned, the app says so, and quits at once, not after the lock's
// timeout.
func TestQuitAbandonsASaveWaitingForTheLock(t *testing.T) {
	cfg, _ := testConfig(t)
	cfg.VaultOptions.LockTimeout = time.Minute
	makeVault(t, cfg, sampleEntries()...)
	release := holdLock(t, cfg.VaultPath)
	h := startApp(t, cfg, 80, 24)
	h.waitText("Unlock your vault")
	h.typ(testMaster)
	h.press("enter")
	h.waitText("5 entries")
	h.press("e", "tab")
	h.typ("-mine")
	h.press("ctrl+s")
	h.waitFor("the save to wait", func(string) bool { return h.state.Load().busy })
	start := time.Now()
	h.press("ctrl+c")
	h.waitText("quit and discard your unsaved changes?")
	h.press("y")
	h.tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("quitting took %v", d)
	}
	release()
	app := h.tm.FinalModel(t).(probe).m.(*App)
	if !strings.Contains(app.abandoned, "the save was abandoned while another passtea process held the vault's lock") {
		t.Fatalf("abandoned %q", app.abandoned)
	}
}

// TestAutoLockAbandonsASaveWaitingForTheLock: the same for auto-lock: the
// vault locks, the form is kept as a draft, and the unlock screen says
// the save was abandoned.
func TestAutoLockAbandonsASaveWaitingForTheLock(t *testing.T) {
	cfg, _ := testConfig(t)
	cfg.VaultOptions.LockTimeout = time.Minute
	clock := newFakeClock()
	cfg.Clock = clock.now
	cfg.VaultOptions.Now = clock.now
	makeVault(t, cfg, sampleEntries()...)
	h := startApp(t, cfg, 80, 24)
	h.waitText("Unlock your vault")
	h.typ(testMaster)
	h.press("enter")
	h.waitText("5 entries")
	defer holdLock(t, cfg.VaultPath)()
	h.press("e", "tab")
	h.typ("-mine")
	h.press("ctrl+s")
	h.waitFor("the save to wait", func(string) bool { return h.state.Load().busy })
	clock.advance(defaultAutoLock + time.Second)
	h.tm.Send(idleTickMsg{gen: h.state.Load().idleGen})
	h.waitText("Unlock your vault", "locked after 5 min idle; not saved: the save was abandoned")
	h.waitText("Your unsaved changes to bank/checking are kept")
}

// holdLock takes the vault's lock as another passtea would, and returns
// the function that lets it go.
func holdLock(t *testing.T, path string) func() {
	t.Helper()
	f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	release := func() { once.Do(func() { unix.Flock(int(f.Fd()), unix.LOCK_UN); f.Close() }) }
	t.Cleanup(release)
	return release
}
