package tui

// Tests of the vault's life in the app (a key changed by another process,
// failed saves, locking and quitting with a copy under way, q outside text
// fields, the clean-up after a signal) and of the root's frame (the help
// line's width, durations, NO_COLOR, a light background).

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
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
	if err := other.RotateKey([]byte(testMaster), testKDF); err != nil {
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
	if a.screen != screenUnlock || a.c.vault != nil || !v.Locked() {
		t.Fatalf("screen %s after a save that met another key; want the unlock screen, locked", a.screen)
	}
	if a.form.c != nil {
		t.Fatal("the form survived the lock")
	}
	f := plainFrame(a.render())
	for _, want := range []string{"not saved: the vault's key was changed by another passtea process", "Unlock it again"} {
		if !strings.Contains(strings.ReplaceAll(f, "\n  ", " "), want) {
			t.Fatalf("frame does not say %q:\n%s", want, f)
		}
	}
	checkGolden(t, "locked", f)

	a = step(t, a, typed(testMaster)...)
	a = step(t, a, keys("enter")...)
	if a.screen != screenEntries || a.unlock.notice != "" {
		t.Fatalf("screen %s after unlocking again", a.screen)
	}
	// The save can be done again now.
	a = step(t, a, keys("n")...)
	a = step(t, a, typed("new-site")...)
	a = step(t, a, keys("ctrl+s")...)
	if a.screen != screenEntries || !strings.HasPrefix(a.status, "added new-site") {
		t.Fatalf("screen %s, status %q", a.screen, a.status)
	}
}

func TestConflictOnRefreshLocks(t *testing.T) {
	cfg, _ := testConfig(t)
	a := startModel(t, cfg)
	a = step(t, a, keys("enter")...)
	rotateElsewhere(t, cfg)
	a = step(t, a, keys("esc")...) // back to the list: a refresh
	if a.screen != screenUnlock || a.c.vault != nil {
		t.Fatalf("screen %s after a refresh that met another key", a.screen)
	}
	if a.unlock.notice == "" {
		t.Fatal("the unlock screen does not say why it locked")
	}
}

func TestConflictOnSettingLocks(t *testing.T) {
	cfg, _ := testConfig(t)
	a := startModel(t, cfg)
	a = step(t, a, keys(",")...)
	rotateElsewhere(t, cfg)
	a = step(t, a, keys("right")...)
	if a.screen != screenUnlock || a.c.vault != nil {
		t.Fatalf("screen %s after a setting that met another key", a.screen)
	}
}

func TestSaveFailureInStatusLine(t *testing.T) {
	cfg, _ := testConfig(t)
	a := startModel(t, cfg)
	a = step(t, a, keys("n")...)
	a = step(t, a, typed("email")...)
	a = step(t, a, keys("ctrl+s")...)
	if a.screen != screenForm || a.form.inputs[fieldName].Value() != "email" {
		t.Fatal("the form was left or lost its contents")
	}
	if got := plainFrame(a.statusView()); !strings.Contains(got, "not saved: an entry with that name already exists") {
		t.Fatalf("status line %q", got)
	}
}

// pendingCopy presses c on the highlighted entry and returns the copy
// command without running it: the clipboard is still being written.
func pendingCopy(t *testing.T, a App) (App, tea.Cmd) {
	t.Helper()
	next, cmd := a.Update(keyMsg("c"))
	a = next.(App)
	if a.clip.inFlight == 0 {
		t.Fatal("no copy under way")
	}
	return a, cmd
}

func TestLockDuringCopyClearsIt(t *testing.T) {
	cfg, cb := testConfig(t)
	a := startModel(t, cfg)
	a = step(t, a, keys("j", "j")...) // github
	a, copyCmd := pendingCopy(t, a)
	a = step(t, a, keys("L")...)
	a = step(t, a, run(copyCmd)...) // the copy lands after the lock
	if cb.get() != "" {
		t.Fatal("a copy that landed after the lock stayed on the clipboard")
	}
	if a.clip.pending || a.clip.name != "" {
		t.Fatal("a countdown runs, or an entry's name stays, while locked")
	}
}

func TestQuitWaitsForCopy(t *testing.T) {
	cfg, cb := testConfig(t)
	a := startModel(t, cfg)
	a = step(t, a, keys("j", "j")...)
	a, copyCmd := pendingCopy(t, a)
	a, quit := stepQuit(t, a, keys("q")...)
	if quit {
		t.Fatal("quit before the copy landed: it would stay on the clipboard")
	}
	a, quit = stepQuit(t, a, run(copyCmd)...)
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
	if quit || a.screen != screenEntry {
		t.Fatalf("q answering delete?: quit %v, screen %s", quit, a.screen)
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

// runRaw runs cmd like run, keeping what it writes to the terminal.
func runRaw(cmd tea.Cmd) (raw []string) {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if r, ok := msg.(tea.RawMsg); ok {
		return []string{fmt.Sprint(r.Msg)}
	}
	if rv := reflect.ValueOf(msg); rv.IsValid() && rv.Kind() == reflect.Slice && rv.Type().Elem() == cmdType {
		for i := range rv.Len() {
			c, _ := rv.Index(i).Interface().(tea.Cmd)
			raw = append(raw, runRaw(c)...)
		}
	}
	return raw
}

// TestOSCClearChecksInCommand: the check that passtea's copy is still the
// last one (a file read) runs in the clear's command, not in Update, so it
// sees a copy made after the lock was asked for.
func TestOSCClearChecksInCommand(t *testing.T) {
	for _, otherCopies := range []bool{false, true} {
		cfg, _ := testConfig(t)
		cfg.Clipboard = nil // OSC 52
		cfg.LastCopyPath = filepath.Join(t.TempDir(), "passtea", "last-copy")
		a := startModel(t, cfg)
		a = step(t, a, keys("j", "j", "c")...)
		if !a.clip.pending || !a.clip.osc {
			t.Fatal("no OSC 52 copy pending")
		}
		_, cmd := a.Update(lockRequestedMsg{})
		if otherCopies {
			// Another passtea copies before the clear runs.
			if _, err := (clipboard.LastCopy{Path: cfg.LastCopyPath}).Record(); err != nil {
				t.Fatal(err)
			}
		}
		cleared := slices.Contains(runRaw(cmd), cfg.Terminal.ClearSequence())
		if cleared == otherCopies {
			t.Errorf("another passtea copied since: %v; the lock cleared the clipboard: %v", otherCopies, cleared)
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
	if a.c.clipClear != defaultClipboardClear {
		t.Fatalf("clipboard clears after %v, though the setting was not saved", a.c.clipClear)
	}
}

// TestShortHelpFits: the help line holds whole bindings only, whatever the
// width, and keeps "? more".
func TestShortHelpFits(t *testing.T) {
	cfg, _ := testConfig(t)
	a := startModel(t, cfg)
	keys := a.entries.help().ShortHelp()
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
	if err := a.cleanup(io.Discard); err != nil {
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
	if a.screen != screenGenerate {
		t.Fatalf("screen %s after ctrl+o", a.screen)
	}
	a, quit := stepQuit(t, a, keys("q")...)
	if quit {
		t.Fatal("q in the generator opened from the form quit and lost the form")
	}
	// Back in an entry after editing it, the form is gone.
	a = step(t, a, keys("esc", "esc", "y", "enter", "e", "esc")...)
	if a.screen != screenEntry || a.form.c != nil {
		t.Fatalf("screen %s; form kept: %v", a.screen, a.form.c != nil)
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
	if !reflect.DeepEqual(a.entries.filter.Styles(), a.c.styles.Input) {
		t.Fatal("the filter kept the dark theme")
	}
}

// TestQuitDuringCalibration: ctrl+c while the key derivation is being
// calibrated quits once it ends, even if it failed.
func TestQuitDuringCalibration(t *testing.T) {
	cfg, _ := testConfig(t)
	a := New(cfg)
	a = step(t, a, vaultFileReadMsg{err: vault.ErrNoVault})
	a.c.busy = true // as submit does
	a, quit := stepQuit(t, a, keys("ctrl+c")...)
	if quit {
		t.Fatal("quit while the calibration runs")
	}
	if _, quit = stepQuit(t, a, kdfCalibratedMsg{err: errors.New("no memory")}); !quit {
		t.Fatal("did not quit when the calibration ended")
	}
}
