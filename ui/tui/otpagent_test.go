package tui

// One-time codes through a real unlock agent (ui/agent served in this
// process): the app's store is then the agent's handle, not a *vault.Vault.

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/passtea/passtea/vault"
)

// TestOTPThroughTheAgent: the live code, o (TOTP and HOTP, whose counter
// the agent saves) and the form's code work on the agent's copy.
func TestOTPThroughTheAgent(t *testing.T) {
	cfg, cb := testConfig(t)
	makeVault(t, cfg, otpEntries()...)
	serveAgent(t, &cfg)
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
