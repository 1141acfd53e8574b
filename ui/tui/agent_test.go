package tui

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/passtea/passtea/vault"
)

// agentCopy is the agent's copy of a vault as the app sees it: not a
// *vault.Vault (so the app cannot rewrap it), with the same methods.
type agentCopy struct{ *vault.Vault }

// fakeAgent holds a vault (or none) and records the locks asked of it.
type fakeAgent struct {
	mu     sync.Mutex
	held   *vault.Vault
	locked []string
}

func (f *fakeAgent) Held(path string) (Store, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.held == nil {
		return nil, vault.ErrLocked
	}
	return agentCopy{f.held}, nil
}

func (f *fakeAgent) Lock(path string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.locked = append(f.locked, path)
	if f.held != nil {
		f.held.Lock()
		f.held = nil
	}
}

func (f *fakeAgent) locks() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.locked)
}

// heldBy makes the vault at cfg.VaultPath and has fake hold it unlocked.
func heldBy(t *testing.T, cfg *Config) *fakeAgent {
	t.Helper()
	makeVault(t, *cfg, sampleEntries()...)
	v, err := vault.Open(cfg.VaultPath, []byte(testMaster), cfg.VaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeAgent{held: v}
	cfg.Agent = f
	return f
}

// TestOpensThroughTheAgent: when the agent holds the vault the app opens
// straight to the list; L locks the agent's copy too.
func TestOpensThroughTheAgent(t *testing.T) {
	cfg, _ := testConfig(t)
	f := heldBy(t, &cfg)
	a := New(cfg)
	a = step(t, a, append(runCmd(a.Init()), windowSize(80, 24))...)
	if a.active != screenEntries || a.c.vault == nil || len(a.list().all) != len(sampleEntries()) {
		t.Fatalf("screen %s; want the list, without a password", a.active)
	}
	if !strings.Contains(a.status, "opened through the agent") {
		t.Fatalf("status %q", a.status)
	}
	a = step(t, a, keys("L")...)
	if a.active != screenUnlock || a.c.vault != nil {
		t.Fatalf("screen %s after L", a.active)
	}
	if got := f.locks(); !slices.Equal(got, []string{cfg.VaultPath}) {
		t.Fatalf("the agent was asked to lock %q", got)
	}
	// Unlocking again happens here, as usual.
	a = step(t, a, typed(testMaster)...)
	a = step(t, a, keys("enter")...)
	if a.active != screenEntries {
		t.Fatalf("screen %s after unlocking", a.active)
	}
	if _, here := a.c.vault.(*vault.Vault); !here {
		t.Fatal("the unlock after a lock went through the agent")
	}
}

// TestAutoLockLocksTheAgent: the app's idle lock locks the agent's copy.
func TestAutoLockLocksTheAgent(t *testing.T) {
	cfg, _ := testConfig(t)
	clock := newFakeClock()
	cfg.Clock = clock.now
	f := heldBy(t, &cfg)
	a := New(cfg)
	a = step(t, a, append(runCmd(a.Init()), windowSize(80, 24))...)
	clock.advance(defaultAutoLock)
	a = step(t, a, idleTickMsg{gen: a.idleGen})
	if a.active != screenUnlock || len(f.locks()) != 1 {
		t.Fatalf("screen %s, agent locks %q", a.active, f.locks())
	}
}

// TestAgentHoldsNothing: the app asks for the master password as usual.
func TestAgentHoldsNothing(t *testing.T) {
	cfg, _ := testConfig(t)
	cfg.Agent = &fakeAgent{}
	makeVault(t, cfg, sampleEntries()...)
	a := unlockModel(t, cfg)
	if _, here := a.c.vault.(*vault.Vault); !here {
		t.Fatal("not unlocked here")
	}
}

// TestAgentLockedMeanwhile: a change that finds the agent's copy locked
// (its timeout, passtea lock) shows the unlock screen.
func TestAgentLockedMeanwhile(t *testing.T) {
	cfg, _ := testConfig(t)
	f := heldBy(t, &cfg)
	a := New(cfg)
	a = step(t, a, append(runCmd(a.Init()), windowSize(80, 24))...)
	f.Lock(cfg.VaultPath) // as passtea lock in another terminal
	a = step(t, a, keys("n")...)
	a = step(t, a, typed("new-site")...)
	a = step(t, a, keys("ctrl+s")...)
	if a.active != screenUnlock || !strings.Contains(a.status, "the agent locked the vault") {
		t.Fatalf("screen %s, status %q", a.active, a.status)
	}
}

// TestSettingsThroughTheAgent: the settings screen shows the parameters
// of the agent's copy, and a change of the master password, which needs
// the vault itself, says how to get it.
func TestSettingsThroughTheAgent(t *testing.T) {
	cfg, _ := testConfig(t)
	heldBy(t, &cfg)
	a := New(cfg)
	a = step(t, a, append(runCmd(a.Init()), windowSize(80, 24))...)
	a = step(t, a, keys(",")...)
	s := a.settingsS()
	if s == nil || s.params != testKDF.Params || !s.explicit {
		t.Fatalf("settings %+v", s)
	}
	a = step(t, a, keys("up", "enter")...)
	newPw := testMaster + " and more"
	for _, typedIn := range []string{testMaster, newPw, newPw} {
		a = step(t, a, typed(typedIn)...)
		a = step(t, a, keys("enter")...)
	}
	if f := plainFrame(a.render()); !strings.Contains(strings.Join(strings.Fields(f), " "), "only an unlock here can change") {
		t.Fatalf("the settings do not say why the password did not change:\n%s", f)
	}
	if _, err := vault.Open(cfg.VaultPath, []byte(testMaster), cfg.VaultOptions); err != nil {
		t.Fatalf("the master password changed: %v", err)
	}
}
