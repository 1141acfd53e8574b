package tui

// Tests of the vault's life in the app (a key changed by another process,
// failed saves, locking and quitting with a copy under way, q outside text
// fields, the clean-up after a signal) and of the root's frame (the help
// line's width, durations, NO_COLOR, a light background).

import (
	"errors"
	"image/color"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/passtea/passtea/ui/clipboard"
	"github.com/passtea/passtea/vault"
)

// rotateElsewhere changes the vault's key as another passtea process would.
func rotateElsewhere(t *testing.T, cfg Config) {
	t.Helper()
	other, err := vault.Open(cfg.VaultPath, []byte(testMaster), cfg.VaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Lock()
	if _, err := other.RotateKey(vault.Credentials{Password: []byte(testMaster)}, testKDF); err != nil {
		t.Fatal(err)
	}
}

func TestConflictOnSaveLocks(t *testing.T) {
	cfg, _ := testConfig(t)
	a := startModel(t, cfg)
	v := a.c.vault
	rotateElsewhere(t, cfg)

	a = step(t, a, keys("n")...)
	a = step(t, a, typed("new-site")...)
	a = step(t, a, keys("ctrl+s")...)
	if a.active != screenUnlock || a.c.vault != nil || !v.Locked() {
		t.Fatalf("screen %s after a save that met another key; want the unlock screen, locked", a.active)
	}
	if a.form() != nil {
		t.Fatal("the form survived the lock")
	}
	f := plainFrame(a.render())
	for _, want := range []string{"not saved: the vault's key was changed by another passtea process", "Unlock it again", "unsaved changes to the new entry are kept"} {
		if !strings.Contains(strings.ReplaceAll(f, "\n  ", " "), want) {
			t.Fatalf("frame does not say %q:\n%s", want, f)
		}
	}

	a = step(t, a, typed(testMaster)...)
	a = step(t, a, keys("enter")...)
	// The draft is back; the save can be done again now.
	if a.active != screenForm || a.form().name.Value() != "new-site" {
		t.Fatalf("screen %s after unlocking again", a.active)
	}
	a = step(t, a, keys("ctrl+s")...)
	if a.active != screenEntries || !strings.HasPrefix(a.status, "added new-site") {
		t.Fatalf("screen %s, status %q", a.active, a.status)
	}
}

func TestConflictOnRefreshLocks(t *testing.T) {
	cfg, _ := testConfig(t)
	a := startModel(t, cfg)
	a = step(t, a, keys("enter")...)
	rotateElsewhere(t, cfg)
	a = step(t, a, keys("esc")...) // back to the list: a refresh
	if a.active != screenUnlock || a.c.vault != nil {
		t.Fatalf("screen %s after a refresh that met another key", a.active)
	}
	if a.unlockS().notice == "" {
		t.Fatal("the unlock screen does not say why it locked")
	}
}

func TestConflictOnSettingLocks(t *testing.T) {
	cfg, _ := testConfig(t)
	a := startModel(t, cfg)
	a = step(t, a, keys(",")...)
	rotateElsewhere(t, cfg)
	a = step(t, a, keys("right")...)
	if a.active != screenUnlock || a.c.vault != nil {
		t.Fatalf("screen %s after a setting that met another key", a.active)
	}
}

// pendingCopy presses c on the highlighted entry and returns the copy
// command without running it: the clipboard is still being written.
func pendingCopy(t *testing.T, a *App) tea.Cmd {
	t.Helper()
	_, cmd := a.Update(keyMsg("c"))
	if a.clip.inFlight == 0 {
		t.Fatal("no copy under way")
	}
	return cmd
}

func TestLockDuringCopyClearsIt(t *testing.T) {
	cfg, cb := testConfig(t)
	a := startModel(t, cfg)
	a = step(t, a, keys("j", "j")...) // github
	copyCmd := pendingCopy(t, a)
	a = step(t, a, keys("L")...)
	a = step(t, a, runCmd(copyCmd)...) // the copy lands after the lock
	if cb.get() != "" {
		t.Fatal("a copy that landed after the lock stayed on the clipboard")
	}
	if a.clip.pending != nil || a.clip.name != "" {
		t.Fatal("a countdown runs, or an entry's name stays, while locked")
	}
}

func TestQuitWaitsForCopy(t *testing.T) {
	cfg, cb := testConfig(t)
	a := startModel(t, cfg)
	a = step(t, a, keys("j", "j")...)
	copyCmd := pendingCopy(t, a)
	a, quit := stepQuit(t, a, keys("q")...)
	if quit {
		t.Fatal("quit before the copy landed: it would stay on the clipboard")
	}
	_, quit = stepQuit(t, a, runCmd(copyCmd)...)
	if !quit || cb.get() != "" {
		t.Fatalf("after the copy landed: quit %v, clipboard %q", quit, cb.get())
	}
}

func TestQKey(t *testing.T) {
	cfg, _ := testConfig(t)
	a := startModel(t, cfg)
	// A question takes q as its answer.
	a = step(t, a, keys("enter", "d")...)
	a, quit := stepQuit(t, a, keys("q")...)
	if quit || a.active != screenEntry {
		t.Fatalf("q answering delete?: quit %v, screen %s", quit, a.active)
	}
	// Elsewhere on the entry screen it quits.
	if _, quit = stepQuit(t, a, keys("q")...); !quit {
		t.Fatal("q on the entry screen did not quit")
	}
}

func TestNoColor(t *testing.T) {
	for v, want := range map[string]bool{"": false, "1": true, "yes": true, "0": true} {
		if got := noColor(func(string) string { return v }); got != want {
			t.Errorf("NO_COLOR=%q: no colour %v, want %v", v, got, want)
		}
	}
}

// TestOSCClear: with OSC 52, a lock sends the clear to the terminal, unless
// another passtea copied since (the check runs in the clear's command, so
// it sees a copy made after the lock was asked for).
func TestOSCClear(t *testing.T) {
	for _, otherCopies := range []bool{false, true} {
		cfg, cb := testConfig(t)
		cb.tools = false // no xclip: OSC 52
		a := startModel(t, cfg)
		a = step(t, a, keys("j", "j", "c")...)
		if a.clip.pending == nil || a.clip.pending.Method != clipboard.MethodOSC52 {
			t.Fatal("no OSC 52 copy pending")
		}
		_, cmd := a.Update(keyMsg("L"))
		if otherCopies {
			// Another passtea copies before the clear runs.
			if _, err := cfg.Copier.Last.Record(); err != nil {
				t.Fatal(err)
			}
		}
		runCmd(cmd)
		got := make([]byte, 512)
		n, _ := cb.tty.Read(got)
		cleared := strings.HasSuffix(string(got[:n]), clipboard.Terminal{}.ClearSequence())
		if cleared == otherCopies {
			t.Errorf("another passtea copied since: %v; the lock cleared the clipboard: %v (terminal got %q)", otherCopies, cleared, got[:n])
		}
	}
}

func TestFailedSettingIsUndone(t *testing.T) {
	cfg, _ := testConfig(t)
	a := startModel(t, cfg)
	// A directory where the lock file goes makes every save fail.
	lock := cfg.VaultPath + ".lock"
	_ = os.Remove(lock)
	if err := os.Mkdir(lock, 0o700); err != nil {
		t.Fatal(err)
	}
	a = step(t, a, keys(",", "right")...)
	if a.statusKind != statusErr {
		t.Fatalf("status %q after a failed save", a.status)
	}
	if a.c.clipClear != clipboard.DefaultClearAfter {
		t.Fatalf("clipboard clears after %v, though the setting was not saved", a.c.clipClear)
	}
}

// TestShortHelpFits: the help line holds whole bindings only, whatever the
// width, and keeps "? more".
func TestShortHelpFits(t *testing.T) {
	cfg, _ := testConfig(t)
	a := startModel(t, cfg)
	keys := a.helpKeys().ShortHelp()
	whole := map[string]bool{"…": true}
	for _, k := range keys {
		whole[k.Help().Key+" "+k.Help().Desc] = true
	}
	for w := 30; w <= 90; w++ {
		got := plainFrame(shortHelp(a.help, keys, w))
		if lipgloss.Width(got) > w {
			t.Fatalf("width %d: %d cells: %q", w, lipgloss.Width(got), got)
		}
		for _, item := range strings.Split(got, " • ") {
			if !whole[strings.TrimSuffix(item, " …")] {
				t.Fatalf("width %d: %q is cut in %q", w, item, got)
			}
		}
		if !strings.HasSuffix(got, "? more") {
			t.Fatalf("width %d: no ? more in %q", w, got)
		}
	}
}

// TestCleanup: when a signal ends the program behind the app's back, Run
// still clears a pending copy and locks.
func TestCleanup(t *testing.T) {
	cfg, cb := testConfig(t)
	a := startModel(t, cfg)
	v := a.c.vault
	a = step(t, a, keys("j", "j", "c")...)
	if cb.get() != testPassword {
		t.Fatal("not copied")
	}
	if err := a.cleanup(); err != nil {
		t.Fatal(err)
	}
	if cb.get() != "" || !v.Locked() {
		t.Fatalf("after cleanup: clipboard %q, locked %v", cb.get(), v.Locked())
	}
}

func TestQKeepsTheForm(t *testing.T) {
	cfg, _ := testConfig(t)
	a := startModel(t, cfg)
	a = step(t, a, keys("n")...)
	a = step(t, a, typed("typed")...)
	a = step(t, a, keys("ctrl+o")...)
	if a.active != screenGenerate {
		t.Fatalf("screen %s after ctrl+o", a.active)
	}
	a, quit := stepQuit(t, a, keys("q")...)
	if quit {
		t.Fatal("q in the generator opened from the form quit and lost the form")
	}
	// Back in an entry after editing it, the form is gone.
	a = step(t, a, keys("esc", "esc", "y", "enter", "e", "esc")...)
	if a.active != screenEntry || a.form() != nil {
		t.Fatalf("screen %s; form kept: %v", a.active, a.form() != nil)
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "never", 20 * time.Second: "20 s", 90 * time.Second: "90 s", time.Minute: "1 min",
		5 * time.Minute: "5 min", 90 * time.Minute: "90 min", time.Hour: "1 h",
	} {
		if got := formatDuration(d); got != want {
			t.Errorf("formatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

// TestLightBackground: every input takes the light theme.
func TestLightBackground(t *testing.T) {
	cfg, _ := testConfig(t)
	a := startModel(t, cfg)
	a = step(t, a, tea.BackgroundColorMsg{Color: color.White})
	if a.c.styles.isDark {
		t.Fatal("still the dark theme")
	}
	if !reflect.DeepEqual(a.list().filter.Styles(), a.c.styles.Input) {
		t.Fatal("the filter kept the dark theme")
	}
}

// TestQuitDuringCalibration: ctrl+c while the key derivation is being
// calibrated quits once it ends, even if it failed.
func TestQuitDuringCalibration(t *testing.T) {
	cfg, _ := testConfig(t)
	a := New(cfg)
	a = step(t, a, vaultFileReadMsg{err: vault.ErrNoVault})
	a.c.busy = true // as startCreate does
	a, quit := stepQuit(t, a, keys("ctrl+c")...)
	if quit {
		t.Fatal("quit while the calibration runs")
	}
	if _, quit = stepQuit(t, a, kdfCalibratedMsg{err: errors.New("no memory")}); !quit {
		t.Fatal("did not quit when the calibration ended")
	}
}

// TestUnlockReadsTheFileOnce: the unlock uses the file read at start, and
// the vault's own measure of the key derivation.
func TestUnlockReadsTheFileOnce(t *testing.T) {
	cfg, _ := testConfig(t)
	makeVault(t, cfg, sampleEntries()...)
	a := New(cfg)
	a = step(t, a, runCmd(a.Init())...)
	if a.file == nil {
		t.Fatal("the file was not kept for the unlock")
	}
	// The file disappears: an unlock that read it again would fail.
	if err := os.Rename(cfg.VaultPath, cfg.VaultPath+".away"); err != nil {
		t.Fatal(err)
	}
	a = step(t, a, typed(testMaster)...)
	a = step(t, a, keys("enter")...)
	if a.active != screenEntries {
		t.Fatalf("screen %s: the unlock read the file again", a.active)
	}
	if a.c.kdfTime != a.c.vault.(*vault.Vault).KDFTime() || a.c.kdfTime <= 0 {
		t.Fatalf("kdf time %v, the vault measured %v", a.c.kdfTime, a.c.vault.(*vault.Vault).KDFTime())
	}
}

// TestUnlockAfterThePasswordChangedElsewhere: a file read at start whose
// master password another process changed since is read again once the
// old file says the password is wrong.
func TestUnlockAfterThePasswordChangedElsewhere(t *testing.T) {
	cfg, _ := testConfig(t)
	makeVault(t, cfg, sampleEntries()...)
	a := New(cfg)
	a = step(t, a, runCmd(a.Init())...)
	other, err := vault.Open(cfg.VaultPath, []byte(testMaster), cfg.VaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	newPw := testMaster + " 2"
	if err := other.Rewrap(vault.Credentials{Password: []byte(newPw)}, testKDF); err != nil {
		t.Fatal(err)
	}
	other.Lock()
	a = step(t, a, typed(newPw)...)
	a = step(t, a, keys("enter")...)
	if a.active != screenEntries {
		t.Fatalf("screen %s: the new password did not open the vault", a.active)
	}
}
