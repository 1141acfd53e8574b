package tui

// Golden snapshots of every screen, driven through a real program with
// teatest. Refresh them with: go test ./ui/tui -update

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"

	"github.com/passtea/passtea/vault"
)

// unlockApp starts the app on a vault holding entries and unlocks it.
func unlockApp(t *testing.T, width, height int, entries ...vault.NewEntry) (*harness, *fakeClipboard) {
	t.Helper()
	cfg, cb := testConfig(t)
	makeVault(t, cfg, entries...)
	h := startApp(t, cfg, width, height)
	h.waitText("Unlock your vault")
	h.typ(testMaster)
	h.press("enter")
	h.waitText("unlocked in")
	return h, cb
}

func TestCreateScreen(t *testing.T) {
	cfg, _ := testConfig(t)
	h := startApp(t, cfg, 80, 24)
	h.waitText("Create your vault")
	h.golden("empty")

	h.typ("password1")
	h.waitText("very weak")
	h.golden("weak")

	h.press("enter")
	h.typ("password2")
	h.press("enter")
	h.waitText("the passwords do not match")
	h.golden("mismatch")

	h.typ("password1")
	h.press("enter")
	h.waitText("ctrl+y")
	h.golden("confirm-weak")

	h.press("ctrl+y")
	h.waitText("No entries yet")
	h.golden("created")
	if _, err := os.Stat(cfg.VaultPath); err != nil {
		t.Fatal(err)
	}
}

func TestCreateStrongPassword(t *testing.T) {
	cfg, _ := testConfig(t)
	h := startApp(t, cfg, 80, 24)
	h.waitText("Create your vault")
	h.typ(testMaster)
	h.waitText("strong")
	h.golden("strong")
	h.press("enter")
	h.typ(testMaster)
	h.press("enter")
	h.waitText("No entries yet")
}

// TestCreateDeriving shows the key derivation in progress, drawn from the
// model (the spinner's frame and the elapsed time are frozen).
func TestCreateDeriving(t *testing.T) {
	cfg, _ := testConfig(t)
	a := New(cfg)
	a = step(t, a, vaultFileReadMsg{err: vault.ErrNoVault})
	a.create.phase = phaseCalibrating
	a.create.start = testTime
	checkGolden(t, "calibrating", plainFrame(a.render()))
	a.create.phase = phaseDeriving
	a.create.params = vault.DefaultKDF
	checkGolden(t, "deriving", plainFrame(a.render()))
	if !strings.Contains(a.render(), "deriving key: argon2id, 256 MiB, 3 passes, 4 lanes…") {
		t.Fatalf("the real parameters are not named:\n%s", plainFrame(a.render()))
	}
}

func TestUnlockScreen(t *testing.T) {
	cfg, _ := testConfig(t)
	makeVault(t, cfg, sampleEntries()...)
	h := startApp(t, cfg, 80, 24)
	h.waitText("Unlock your vault")
	h.golden("prompt")

	h.typ("not the password")
	h.press("enter")
	h.waitText("wrong master password")
	h.golden("wrong")

	for range 2 {
		h.waitIdle()
		h.typ("still wrong")
		h.press("enter")
		h.waitIdle()
	}
	h.waitText("wait 2 s before the next try")
	h.golden("delay")
}

func TestUnlockDamaged(t *testing.T) {
	cfg, _ := testConfig(t)
	makeVault(t, cfg)
	b, err := os.ReadFile(cfg.VaultPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg.VaultPath, b[:len(b)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	h := startApp(t, cfg, 80, 24)
	h.waitText("cannot open the vault")
	frame := strings.ReplaceAll(h.frame(), cfg.VaultPath, "VAULT")
	checkGolden(t, "damaged", frame)
}

func TestEntriesScreen(t *testing.T) {
	h, _ := unlockApp(t, 80, 24, sampleEntries()...)
	h.golden("list")

	h.press("down", "down")
	h.waitText("▌ github")
	h.golden("moved")

	h.press("/")
	h.typ("gi")
	h.waitText("2 of 5 entries")
	h.golden("filtered")

	h.press("esc")
	h.waitText("5 entries")
	h.golden("cleared")
}

func TestEntriesEmpty(t *testing.T) {
	h, _ := unlockApp(t, 80, 24)
	h.golden("empty")
}

func TestEntriesDelete(t *testing.T) {
	h, _ := unlockApp(t, 80, 24, sampleEntries()...)
	h.press("d")
	h.waitText("delete bank/checking? y/n")
	h.golden("confirm")
	h.press("y")
	h.waitText("deleted bank/checking", "4 entries")
	h.golden("deleted")
}

// revealEntries has an entry whose (fake) password may be shown in a golden
// file, with an earlier password in its history.
func revealEntries(t *testing.T, cfg Config) {
	makeVault(t, cfg, sampleEntries()...)
	v, err := vault.Open(cfg.VaultPath, []byte(testMaster), cfg.VaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Lock()
	e, err := v.Add(vault.Fields{Name: "demo", Username: "shown-in-tests", URL: "https://demo.example"},
		vault.Secret{Password: "old-Il1O0-demo", Notes: numberedLines(30)})
	if err != nil {
		t.Fatal(err)
	}
	pw := "Il1|O0o-demo-42"
	if _, err := v.Edit(e.ID, vault.Change{Password: &pw}); err != nil {
		t.Fatal(err)
	}
}

func numberedLines(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "line %d of the notes\n", i+1)
	}
	return b.String()
}

func TestEntryScreen(t *testing.T) {
	cfg, cb := testConfig(t)
	revealEntries(t, cfg)
	h := startApp(t, cfg, 80, 24)
	h.waitText("Unlock your vault")
	h.typ(testMaster)
	h.press("enter")
	h.waitText("unlocked in")
	h.press("/")
	h.typ("demo")
	h.press("enter")
	h.waitText("r reveal")
	h.golden("masked")

	h.press("r")
	h.waitText("Il1|O0o-demo-42")
	h.golden("revealed")

	h.press("h")
	h.waitText("password history (1)")
	h.golden("history")

	h.press("r", "h", "down", "down", "down")
	h.waitText("••••")
	h.golden("notes-scrolled")

	h.press("c")
	h.waitText("copied password of demo — clears in 20 s")
	h.golden("copied")
	if cb.get() != "Il1|O0o-demo-42" {
		t.Fatalf("clipboard holds %q", cb.get())
	}
}

func TestFormScreen(t *testing.T) {
	h, _ := unlockApp(t, 80, 24, sampleEntries()...)
	h.press("n")
	h.waitText("new entry", "ctrl+g")
	h.golden("new")

	h.typ("github")
	h.press("tab")
	h.typ("bob")
	h.press("tab")
	h.typ("password")
	h.waitText("very weak")
	h.golden("weak-password")

	h.press("ctrl+g")
	h.waitText("generated a 20-character password")
	h.golden("generated")

	h.press("ctrl+s")
	h.waitText("an entry with that name already exists")
	h.golden("save-failed")

	h.waitText("▸ name")
	h.press("end")
	h.typ("-2")
	h.press("ctrl+s")
	h.waitText("added github-2", "6 entries")
	h.golden("added")

	h.press("e")
	h.waitText("edit github-2")
	h.golden("edit")

	h.press("tab")
	h.typ("x")
	h.press("esc")
	h.waitText("discard your changes?")
	h.golden("discard")
	h.press("y")
	h.waitText("6 entries")
}

func TestGeneratorScreen(t *testing.T) {
	h, cb := unlockApp(t, 80, 24, sampleEntries()...)
	h.press("g")
	h.waitText("entropy")
	h.golden("characters")

	h.press("!", "A", "left", "left", "left", "left")
	h.waitText("‹ 16 ›")
	h.golden("toggled")

	h.press("x")
	h.typ("aeiou")
	h.press("enter")
	h.waitText("aeiou  (x)")
	h.golden("excluded")

	h.press("a", "0")
	h.waitText("no character class is enabled")
	h.golden("no-class")
	h.press("a")

	h.press("tab")
	h.waitText("separator")
	h.golden("passphrase")

	h.press("C", "#", "S", "right")
	h.waitText("‹ 7 ›")
	h.golden("passphrase-options")

	h.press("tab")
	h.waitText("digits")
	h.golden("pin")

	h.press("space")
	h.press("c")
	h.waitText("copied generated PIN — clears in 20 s")
	if v := cb.get(); len(v) != 6 {
		t.Fatalf("clipboard holds %q, want a 6-digit PIN", v)
	}
	h.golden("copied")
}

func TestGeneratorFromForm(t *testing.T) {
	h, _ := unlockApp(t, 80, 24)
	h.press("n")
	h.waitText("new entry")
	h.typ("site")
	h.press("ctrl+o")
	h.waitText("use in form")
	h.golden("generator")
	h.press("enter")
	h.waitText("▸ password")
	h.golden("form")
}

func TestHelpScreen(t *testing.T) {
	h, _ := unlockApp(t, 80, 24, sampleEntries()...)
	h.press("?")
	h.waitText("copy username")
	h.golden("entries")
	h.press("?")
	h.waitGone("copy username")
	h.press("enter")
	h.waitText("r reveal")
	h.press("?")
	h.waitText("delete")
	h.golden("entry")
}

func TestSettingsScreen(t *testing.T) {
	h, _ := unlockApp(t, 80, 24, sampleEntries()...)
	h.press(",")
	h.waitText("clear clipboard after")
	h.golden("list")

	h.press("right")
	h.waitText("clipboard clears after 30 s")
	h.press("down", "left", "left")
	h.waitIdle()
	h.waitText("‹ 1 min ›")
	h.golden("changed")

	h.press("down", "down", "enter")
	h.waitText("Change the master password.")
	h.typ("wrong")
	h.press("enter")
	h.typ("w1nter-is-coming!")
	h.waitText("fair")
	h.golden("change-password")
	h.press("esc", "esc")
	h.waitText("5 entries")
}

func TestSettingsChangePassword(t *testing.T) {
	h, _ := unlockApp(t, 80, 24, sampleEntries()...)
	h.press(",")
	h.waitText("clear clipboard after")
	h.press("up", "enter")
	h.typ("not it")
	h.press("enter")
	newPw := testMaster + " and more"
	h.typ(newPw)
	h.press("enter")
	h.typ(newPw)
	h.press("enter")
	h.waitText("wrong master password")
	h.waitIdle()
	h.golden("wrong-current")
	h.typ(testMaster)
	h.press("enter")
	h.waitText("master password changed")
	if _, err := vault.Open(h.cfg.VaultPath, []byte(newPw), h.cfg.VaultOptions); err != nil {
		t.Fatalf("the new password does not open the vault: %v", err)
	}
}

func TestNarrowWindow(t *testing.T) {
	h, _ := unlockApp(t, 60, 20, sampleEntries()...)
	h.golden("entries")
	h.press("enter")
	h.waitText("r reveal")
	h.golden("entry")
	h.press("e")
	h.waitText("edit bank/checking")
	h.golden("form")
	h.press("esc", "g")
	h.waitText("entropy")
	h.golden("generator")
	h.press("esc", "esc", ",")
	h.waitText("clear clipboard")
	h.golden("settings")
}

func TestResize(t *testing.T) {
	h, _ := unlockApp(t, 80, 24, sampleEntries()...)
	h.tm.Send(windowSize(120, 30))
	h.sync()
	h.golden("wide")
	h.tm.Send(windowSize(40, 12))
	h.sync()
	for _, l := range strings.Split(h.frame(), "\n") {
		if w := lipgloss.Width(l); w > 40 {
			t.Errorf("line of %d cells in a 40-column window: %q", w, l)
		}
	}
	h.golden("tiny")
}
