package tui

// The master-password inputs take what the commands take, can be wiped,
// and are wiped when the vault locks; the key derivation's memory is made
// ready while the password is typed.

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/passtea/passtea/vault"
)

func TestSecretInputTakesWhatTheCommandsTake(t *testing.T) {
	cfg, _ := testConfig(t)
	c := &common{cfg: cfg}
	c.setStyles(true)
	in := newSecretInput(c, "pw ")
	in.Focus()
	// Typed keys, a paste with a tab, an escape and invalid-looking text,
	// a paste ending in a line break (dropped), then a long paste.
	for _, m := range []tea.Msg{
		tea.KeyPressMsg{Code: 'a', Text: "a"},
		tea.PasteMsg{Content: "b\tc\x1bd"},
		tea.KeyPressMsg{Code: tea.KeySpace, Text: " "},
		tea.PasteMsg{Content: "é\n"},
	} {
		in.Update(m)
	}
	if got := string(in.Bytes()); got != "ab\tc\x1bd é" {
		t.Fatalf("value %q", got)
	}
	if !in.Update(tea.KeyPressMsg{Code: tea.KeyBackspace}) || string(in.Bytes()) != "ab\tc\x1bd " {
		t.Fatalf("backspace: %q", in.Bytes())
	}
	// A line break inside a paste refuses the paste, and says why.
	if in.Update(tea.PasteMsg{Content: "x\ny"}) || in.Err() == "" || string(in.Bytes()) != "ab\tc\x1bd " {
		t.Fatalf("a paste with a line break: %q, %q", in.Bytes(), in.Err())
	}
	// Far more than the old 1024 characters, up to the commands' 64 KiB.
	in.Wipe()
	long := strings.Repeat("x", maxSecretInput-1)
	in.Update(tea.PasteMsg{Content: long})
	in.Update(tea.KeyPressMsg{Code: 'y', Text: "y"})
	if n := len(in.Bytes()); n != maxSecretInput {
		t.Fatalf("%d bytes kept", n)
	}
	if in.Update(tea.KeyPressMsg{Code: 'z', Text: "z"}) || in.Err() == "" {
		t.Fatal("a byte past the limit was taken, or silently dropped")
	}
	// Wipe zeroes the runes, not just the length.
	backing := in.value[:cap(in.value)]
	in.Wipe()
	for _, r := range backing {
		if r != 0 {
			t.Fatal("Wipe left runes in memory")
		}
	}
	if in.Len() != 0 {
		t.Fatal("Wipe left a value")
	}
}

// TestUnlockWithAnyMasterPassword: a vault whose master password holds a
// tab and an escape (set by passtea init --password-file) opens in the app.
func TestUnlockWithAnyMasterPassword(t *testing.T) {
	cfg, _ := testConfig(t)
	pw := "tab\there esc\x1b and " + strings.Repeat("long ", 300)
	v, _, err := vault.Create(cfg.VaultPath, vault.NewVault{Credentials: vault.Credentials{Password: []byte(pw)}, KDF: testKDF}, cfg.VaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	v.Lock()
	a := New(cfg)
	a = step(t, a, runCmd(a.Init())...)
	a = step(t, a, tea.PasteMsg{Content: pw})
	a = step(t, a, keys("enter")...)
	if a.active != screenEntries {
		t.Fatalf("screen %s:\n%s", a.active, plainFrame(a.render()))
	}
}

// TestInputsWipedOnLock: locking wipes the passwords typed in the
// screens that are dropped.
func TestInputsWipedOnLock(t *testing.T) {
	cfg, _ := testConfig(t)
	a := startModel(t, cfg)
	a = step(t, a, keys(",", "up", "enter")...)
	a = step(t, a, typed("typed-but-not-submitted")...)
	in := &a.settingsS().inputs[0]
	backing := in.value[:cap(in.value)]
	a = step(t, a, keys("esc")...) // cancels the question: wiped at once
	for _, r := range backing {
		if r != 0 {
			t.Fatal("cancel left the typed password in memory")
		}
	}
	a = step(t, a, keys("enter")...)
	a = step(t, a, typed("typed-again")...)
	backing = a.settingsS().inputs[0].value[:cap(a.settingsS().inputs[0].value)]
	a.lastActivity = testTime.Add(-defaultAutoLock) // auto-lock, mid-question
	a = step(t, a, idleTickMsg{gen: a.idleGen})
	if a.active != screenUnlock {
		t.Fatalf("screen %s", a.active)
	}
	for _, r := range backing {
		if r != 0 {
			t.Fatal("the lock left the typed password in memory")
		}
	}
	// The unlock screen's input is wiped after each try.
	a = step(t, a, typed("wrong")...)
	u := a.unlockS()
	backing = u.input.value[:cap(u.input.value)]
	step(t, a, keys("enter")...)
	for _, r := range backing {
		if r != 0 {
			t.Fatal("a try left the password in the input")
		}
	}
}

// TestKDFPreparedWhileTyping: the unlock and create screens make the key
// derivation's memory ready as they appear, the unlock takes it, and a
// wrong try prepares the next.
func TestKDFPreparedWhileTyping(t *testing.T) {
	cfg, _ := testConfig(t)
	makeVault(t, cfg)
	a := New(cfg)
	a = step(t, a, runCmd(a.Init())...)
	if a.prep == nil {
		t.Fatal("the unlock screen prepared nothing")
	}
	first := a.prep
	a = step(t, a, typed("wrong")...)
	a = step(t, a, keys("enter")...)
	if a.prep == nil || a.prep == first {
		t.Fatal("a wrong try did not prepare the next derivation")
	}
	a = step(t, a, typed(testMaster)...)
	a = step(t, a, keys("enter")...)
	if a.active != screenEntries || a.prep != nil {
		t.Fatalf("after the unlock: screen %s, preparation %v", a.active, a.prep)
	}
	a = step(t, a, keys("L")...)
	if a.prep == nil {
		t.Fatal("locking again prepared nothing")
	}

	cfg2, _ := testConfig(t)
	b := New(cfg2)
	b = step(t, b, runCmd(b.Init())...)
	if b.active != screenCreate || b.prep == nil {
		t.Fatalf("create screen %s prepared %v", b.active, b.prep)
	}
}
