package tui

// One-time codes through a real unlock agent (ui/agent served in this
// process): the app's store is then the agent's handle, not a *vault.Vault.

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/passtea/passtea/ui/agent"
	"github.com/passtea/passtea/vault"
)

// realAgent is a served agent as the app uses it.
type realAgent struct{ cl *agent.Client }

func (r realAgent) Held(path string) (Store, error) { return r.cl.Open(path) }
func (r realAgent) Lock(path string)                { _, _ = r.cl.Lock(path) }

// serveAgent serves an agent for the test and has it hold the vault at
// path, unlocked.
func serveAgent(t *testing.T, path string, opts *vault.Options) realAgent {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "agent")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- agent.Serve(ctx, agent.Config{Dir: dir, Options: opts}) }()
	var cl *agent.Client
	var err error
	// The agent answers once its socket is made (a few milliseconds).
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cl, err = agent.Dial(dir); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatal(errors.Join(errors.New("the test agent did not answer"), err))
	}
	t.Cleanup(func() { cl.Close(); cancel(); <-done })
	if _, err := cl.Unlock(path, vault.Credentials{Password: []byte(testMaster)}, agent.UnlockOptions{}); err != nil {
		t.Fatal(err)
	}
	return realAgent{cl: cl}
}

// TestOTPThroughTheAgent: the live code, o (TOTP and HOTP, whose counter
// the agent saves) and the form's code work on the agent's copy.
func TestOTPThroughTheAgent(t *testing.T) {
	cfg, cb := testConfig(t)
	makeVault(t, cfg, otpEntries()...)
	ra := serveAgent(t, cfg.VaultPath, cfg.VaultOptions)
	cfg.Agent = ra
	a := New(cfg)
	a = step(t, a, append(runCmd(a.Init()), windowSize(80, 24))...)
	if _, here := a.c.vault.(*vault.Vault); a.active != screenEntries || a.c.vault == nil || here {
		t.Fatalf("screen %s: not opened through the agent", a.active)
	}
	a = open(t, a, "totp")
	want := rfc6238(testTime, 8)
	if f := plainFrame(a.render()); !strings.Contains(f, want[:4]+" "+want[4:]) {
		t.Fatalf("the frame does not show %s:\n%s", want, f)
	}
	a = step(t, a, keys("o")...)
	if cb.get() != want {
		t.Fatalf("clipboard %q, want %q", cb.get(), want)
	}
	a = step(t, a, keys("esc")...)
	a = open(t, a, "counter")
	for _, want := range []string{"755224", "287082"} {
		a = step(t, a, keys("o")...)
		if cb.get() != want {
			t.Fatalf("clipboard %q, want %q (status %q)", cb.get(), want, a.status)
		}
	}
	if s := secretOf(t, a, "counter"); !strings.Contains(s.OTP, "counter=2") {
		t.Fatal("the agent's copy does not hold counter 2 after two codes")
	}

	// The form sets a code and removes it.
	a = step(t, a, keys("e")...)
	a = setOTPFocus(t, a)
	a = step(t, a, keys("ctrl+x")...)
	a = step(t, a, tea.PasteMsg{Content: testOTPSecret})
	a = step(t, a, keys("ctrl+s")...)
	if s := secretOf(t, a, "counter"); !strings.HasPrefix(s.OTP, "otpauth://totp/") {
		t.Fatalf("the form's code was not saved through the agent (status %q)", a.status)
	}
	a = step(t, a, keys("e")...)
	a = setOTPFocus(t, a)
	a = step(t, a, keys("ctrl+x", "ctrl+s")...)
	if e, err := a.c.vault.Get("counter"); err != nil || e.HasOTP {
		t.Fatalf("the code was not removed through the agent (%v)", err)
	}
}
