package tui

// Model-level tests: routing, the auto-lock timer, the clipboard countdown,
// the unlock delay, and the benchmarks. Messages are fed to the model
// directly and the commands that follow are run in place.

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/passtea/passtea/ui/clipboard"
	"github.com/passtea/passtea/vault"
)

var cmdType = reflect.TypeOf(tea.Cmd(nil))

// run executes cmd and the batches and sequences it returns, in order.
func runCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if msg == nil {
		return nil
	}
	if rv := reflect.ValueOf(msg); rv.Kind() == reflect.Slice && rv.Type().Elem() == cmdType {
		// tea.BatchMsg, or a sequence
		var out []tea.Msg
		for i := range rv.Len() {
			c, _ := rv.Index(i).Interface().(tea.Cmd)
			out = append(out, runCmd(c)...)
		}
		return out
	}
	if _, ok := msg.(tea.RawMsg); ok {
		return nil
	}
	return []tea.Msg{msg}
}

// stepQuit feeds msgs to a one by one, each followed by the messages of
// the commands it causes (depth first, as a person typing slowly would
// see). It reports whether a command asked the program to quit.
func stepQuit(t testing.TB, a *App, msgs ...tea.Msg) (*App, bool) {
	t.Helper()
	quit := false
	var settle func(m tea.Msg, depth int)
	settle = func(m tea.Msg, depth int) {
		if depth > 1000 { // an audit of 10,000 entries reads in tens of slices
			t.Fatal("commands do not settle")
		}
		if _, ok := m.(tea.QuitMsg); ok {
			quit = true
			return
		}
		_, cmd := a.Update(m)
		for _, r := range runCmd(cmd) {
			settle(r, depth+1)
		}
	}
	for _, m := range msgs {
		settle(m, 0)
	}
	return a, quit
}

func step(t testing.TB, a *App, msgs ...tea.Msg) *App {
	t.Helper()
	a, _ = stepQuit(t, a, msgs...)
	return a
}

func keys(ks ...string) []tea.Msg {
	var out []tea.Msg
	for _, k := range ks {
		out = append(out, keyMsg(k))
	}
	return out
}

func typed(s string) []tea.Msg {
	var out []tea.Msg
	for _, r := range s {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}

func windowSize(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }

// The screens of the table, for tests to look at.
func (a *App) list() *entriesScreen   { s, _ := a.screens[screenEntries].(*entriesScreen); return s }
func (a *App) entryS() *entryScreen   { s, _ := a.screens[screenEntry].(*entryScreen); return s }
func (a *App) form() *formScreen      { s, _ := a.screens[screenForm].(*formScreen); return s }
func (a *App) unlockS() *unlockScreen { s, _ := a.screens[screenUnlock].(*unlockScreen); return s }
func (a *App) createS() *createScreen { s, _ := a.screens[screenCreate].(*createScreen); return s }
func (a *App) settingsS() *settingsScreen {
	s, _ := a.screens[screenSettings].(*settingsScreen)
	return s
}

// startModel returns an app on a vault with the sample entries, unlocked.
func startModel(t testing.TB, cfg Config) *App {
	t.Helper()
	makeVault(t, cfg, sampleEntries()...)
	return unlockModel(t, cfg)
}

// unlockModel starts the app on the vault at cfg.VaultPath and unlocks it.
func unlockModel(t testing.TB, cfg Config) *App {
	t.Helper()
	a := New(cfg)
	a = step(t, a, append(runCmd(a.Init()), windowSize(80, 24))...)
	if a.active != screenUnlock {
		t.Fatalf("screen %s, want unlock", a.active)
	}
	a = step(t, a, typed(testMaster)...)
	a = step(t, a, keys("enter")...)
	if a.active != screenEntries || a.c.vault == nil {
		t.Fatalf("screen %s after unlocking, want entries", a.active)
	}
	return a
}

func TestRouting(t *testing.T) {
	cfg, _ := testConfig(t)
	a := startModel(t, cfg)
	for _, tc := range []struct {
		keys []string
		want screenID
	}{
		{[]string{"n"}, screenForm},
		{[]string{"esc"}, screenEntries},
		{[]string{"enter"}, screenEntry},
		{[]string{"e"}, screenForm},
		{[]string{"esc"}, screenEntry}, // back where the edit started
		{[]string{"esc"}, screenEntries},
		{[]string{"g"}, screenGenerate},
		{[]string{"esc"}, screenEntries},
		{[]string{","}, screenSettings},
		{[]string{"esc"}, screenEntries},
		{[]string{"/", "q"}, screenEntries}, // q is typed into the filter
		{[]string{"esc"}, screenEntries},
		{[]string{"enter", "g"}, screenGenerate},
		{[]string{"esc"}, screenEntry}, // the generator goes back where it was opened
		{[]string{"esc", "L"}, screenUnlock},
	} {
		a = step(t, a, keys(tc.keys...)...)
		if a.active != tc.want {
			t.Fatalf("after %v: screen %s, want %s", tc.keys, a.active, tc.want)
		}
	}
	if a.c.vault != nil {
		t.Fatal("the vault is still open after L")
	}
	for id, s := range a.screens {
		if s != nil && screenID(id) != screenUnlock {
			t.Errorf("screen %s survived the lock", screenID(id))
		}
	}
}

func TestHelpToggle(t *testing.T) {
	cfg, _ := testConfig(t)
	a := startModel(t, cfg)
	a = step(t, a, keys("?")...)
	if !a.showHelp {
		t.Fatal("? did not show the full help")
	}
	a = step(t, a, keys("esc")...)
	if a.showHelp || a.active != screenEntries {
		t.Fatal("esc did not close the help")
	}
	// In the form, ? is text; f1 is the help.
	a = step(t, a, keys("n", "?")...)
	if a.showHelp || a.form().name.Value() != "?" {
		t.Fatalf("? in the form: help %v, name %q", a.showHelp, a.form().name.Value())
	}
	a = step(t, a, keys("f1")...)
	if !a.showHelp {
		t.Fatal("f1 in the form did not show the help")
	}
}

func TestQuitClearsClipboardAndLocks(t *testing.T) {
	cfg, cb := testConfig(t)
	a := startModel(t, cfg)
	v := a.c.vault
	a = step(t, a, keys("j", "j", "c")...) // github
	if cb.get() != testPassword {
		t.Fatalf("clipboard %q after c", cb.get())
	}
	_, quit := stepQuit(t, a, keys("q")...)
	if !quit {
		t.Fatal("q did not quit")
	}
	if cb.get() != "" {
		t.Fatal("the clipboard was not cleared on quit")
	}
	if !v.Locked() {
		t.Fatal("the vault was not locked on quit")
	}
}

// TestEveryCopyHasADetachedClearer: every copy the app makes is handed to
// a detached clearer with its deadline, so that it is cleared on time even
// if the app is killed (SIGKILL) before.
func TestEveryCopyHasADetachedClearer(t *testing.T) {
	cfg, cb := testConfig(t)
	a := startModel(t, cfg)
	step(t, a, keys("j", "j", "c", "u", "g", "c")...)
	tickets := cb.started()
	if len(tickets) != 3 {
		t.Fatalf("%d clearers for 3 copies", len(tickets))
	}
	for i, tk := range tickets {
		if !tk.Deadline.Equal(testTime.Add(20*time.Second)) || tk.CopyID.IsZero() || tk.Method != clipboard.MethodSystem {
			t.Errorf("copy %d: ticket %+v", i, tk)
		}
	}
	if !tickets[0].Fingerprint.Matches(testPassword) || !tickets[1].Fingerprint.Matches("alice") {
		t.Error("the tickets are not for what was copied")
	}
}

// TestCopyNotRecordedSaysSo: a copy whose record of the last copy could
// not be written says so: an earlier copy's clear may take it early.
func TestCopyNotRecordedSaysSo(t *testing.T) {
	cfg, _ := testConfig(t)
	cfg.Copier.LastErr = errors.New("/tmp/passtea belongs to another user")
	a := startModel(t, cfg)
	a = step(t, a, keys("j", "j", "c")...)
	if a.statusKind != statusErr || !strings.Contains(a.status, "copied password, but the copy was not recorded") ||
		!strings.Contains(a.status, "belongs to another user") {
		t.Fatalf("status %q", a.status)
	}
}

// TestCopyMethodPerCopy: the way to the clipboard is decided on every copy.
// With no clipboard tool, inside tmux with set-clipboard off, a copy fails
// and says why; once set-clipboard is on, the next copy goes through; off
// again, the copy is not reported as done.
func TestCopyMethodPerCopy(t *testing.T) {
	cfg, cb := testConfig(t)
	cb.tools = false
	cb.tmux = clipboard.Terminal{Mux: clipboard.Tmux}
	a := startModel(t, cfg)
	a = step(t, a, keys("j", "j", "c")...)
	if a.statusKind != statusErr || !strings.Contains(a.status, "set-clipboard on") {
		t.Fatalf("status %q", a.status)
	}
	cb.mu.Lock()
	cb.tmux.TmuxSetClipboard = true // tmux set -g set-clipboard on
	cb.mu.Unlock()
	a = step(t, a, keys("c")...)
	if a.statusKind != statusCopy {
		t.Fatalf("after set-clipboard on: status %q", a.status)
	}
	got := make([]byte, 256)
	n, _ := cb.tty.Read(got)
	if !strings.Contains(string(got[:n]), "\x1b]52;c;") {
		t.Fatalf("the terminal got %q", got[:n])
	}
	cb.mu.Lock()
	cb.tmux.TmuxSetClipboard = false
	cb.mu.Unlock()
	a = step(t, a, keys("c")...)
	if a.statusKind != statusErr {
		t.Fatalf("after set-clipboard off, the copy says %q", a.status)
	}
}

func TestAutoLock(t *testing.T) {
	cfg, cb := testConfig(t)
	clock := newFakeClock()
	cfg.Clock = clock.now
	a := startModel(t, cfg)
	v := a.c.vault
	a = step(t, a, keys("j", "j", "enter", "c")...) // open github and copy its password
	if cb.get() != testPassword {
		t.Fatal("not copied")
	}

	clock.advance(4 * time.Minute)
	a = step(t, a, idleTickMsg{gen: a.idleGen})
	if a.active != screenEntry {
		t.Fatalf("locked after 4 minutes: screen %s", a.active)
	}
	a = step(t, a, keys("r")...) // activity restarts the idle time
	clock.advance(4 * time.Minute)
	a = step(t, a, idleTickMsg{gen: a.idleGen})
	if a.active != screenEntry {
		t.Fatal("a key press did not restart the idle time")
	}
	a = step(t, a, idleTickMsg{gen: a.idleGen - 1}) // a stale tick
	clock.advance(time.Minute)
	a = step(t, a, idleTickMsg{gen: a.idleGen})
	if a.active != screenUnlock {
		t.Fatalf("not locked after 5 idle minutes: screen %s", a.active)
	}
	if !v.Locked() || a.c.vault != nil {
		t.Fatal("the vault's keys were not dropped")
	}
	if a.entryS() != nil || a.list() != nil {
		t.Fatal("decrypted state survived the lock")
	}
	if cb.get() != "" {
		t.Fatal("the clipboard was not cleared on lock")
	}
	if f := plainFrame(a.render()); !strings.Contains(f, "locked after 5 min idle") {
		t.Fatalf("no lock note:\n%s", f)
	}
}

func TestAutoLockSetting(t *testing.T) {
	cfg, _ := testConfig(t)
	clock := newFakeClock()
	cfg.Clock = clock.now
	a := startModel(t, cfg)
	a = step(t, a, keys(",", "down", "left", "left")...) // 5 min → 1 min
	if a.c.autoLock != time.Minute {
		t.Fatalf("auto-lock %v", a.c.autoLock)
	}
	if s, _ := a.c.vault.Setting(settingAutoLock); s != "1m0s" {
		t.Fatalf("setting saved as %q", s)
	}
	clock.advance(time.Minute)
	a = step(t, a, idleTickMsg{gen: a.idleGen})
	if a.active != screenUnlock {
		t.Fatal("the shorter idle time was not applied")
	}
	// The setting survives a new unlock.
	a = step(t, a, typed(testMaster)...)
	a = step(t, a, keys("enter")...)
	if a.c.autoLock != time.Minute {
		t.Fatalf("auto-lock %v after unlocking again", a.c.autoLock)
	}
}

func TestClipboardCountdown(t *testing.T) {
	cfg, cb := testConfig(t)
	clock := newFakeClock()
	cfg.Clock = clock.now
	cfg.Copier.Now = clock.now
	a := startModel(t, cfg)
	a = step(t, a, keys("j", "j", "c")...)
	if got := plainFrame(a.statusView()); !strings.Contains(got, "copied password of github — clears in 20 s") {
		t.Fatalf("status %q", got)
	}
	clock.advance(3 * time.Second)
	a = step(t, a, clipTickMsg{gen: a.clip.gen})
	if got := plainFrame(a.statusView()); !strings.Contains(got, "clears in 17 s") {
		t.Fatalf("status %q", got)
	}
	clock.advance(17 * time.Second)
	a = step(t, a, clipTickMsg{gen: a.clip.gen})
	if cb.get() != "" {
		t.Fatal("not cleared at the deadline")
	}
	if got := plainFrame(a.statusView()); !strings.Contains(got, "clipboard cleared") {
		t.Fatalf("status %q", got)
	}

	// Something the user copied since is left alone.
	a = step(t, a, keys("u")...)
	if cb.get() != "alice" {
		t.Fatalf("clipboard %q after u", cb.get())
	}
	_ = cb.Write("the user's own text")
	clock.advance(20 * time.Second)
	step(t, a, clipTickMsg{gen: a.clip.gen})
	if cb.get() != "the user's own text" {
		t.Fatal("the clear wiped what the user copied")
	}
}

func TestUnlockDelay(t *testing.T) {
	cfg, _ := testConfig(t)
	clock := newFakeClock()
	cfg.Clock = clock.now
	cfg.VaultOptions = &vault.Options{Now: clock.now} // the vault keeps the count of wrong tries
	makeVault(t, cfg)
	a := New(cfg)
	a = step(t, a, runCmd(a.Init())...)
	for i := range 3 {
		a = step(t, a, typed("wrong")...)
		a = step(t, a, keys("enter")...)
		u := a.unlockS()
		if u.failures != i+1 {
			t.Fatalf("failures %d", u.failures)
		}
		if u.input.Len() != 0 || !u.input.focused {
			t.Fatal("the input was not cleared, or lost focus")
		}
	}
	// A fourth try at once is refused until the delay has passed.
	a = step(t, a, typed(testMaster)...)
	a = step(t, a, keys("enter")...)
	if a.active != screenUnlock || a.unlockS().failures != 3 {
		t.Fatal("a try was accepted during the delay")
	}
	clock.advance(2 * time.Second)
	a = step(t, a, keys("enter")...)
	if a.active != screenEntries {
		t.Fatalf("screen %s after the delay", a.active)
	}
	if d := vault.RetryDelay(4); d != 4*time.Second {
		t.Fatalf("delay after 4 failures %v", d)
	}
	if d := vault.RetryDelay(20); d != time.Minute {
		t.Fatalf("delay after 20 failures %v", d)
	}
}

func TestSaveFailureKeepsForm(t *testing.T) {
	cfg, _ := testConfig(t)
	a := startModel(t, cfg)
	a = step(t, a, keys("n")...)
	a = step(t, a, typed("email")...)
	a = step(t, a, keys("tab")...)
	a = step(t, a, typed("someone")...)
	a = step(t, a, keys("ctrl+s")...)
	if a.active != screenForm {
		t.Fatalf("screen %s after a failed save", a.active)
	}
	f := a.form()
	if f.user.Value() != "someone" || f.err == "" || f.at().kind != stopName {
		t.Fatal("the form lost its contents, shows no error or is not at the name")
	}
}

func TestHighlight(t *testing.T) {
	base := paintOf(lipgloss.NewStyle())
	match := paintOf(lipgloss.NewStyle().Underline(true))
	draw := func(text string, hits []int, w int) string {
		var b strings.Builder
		highlight(&b, text, hits, w, base, match)
		return b.String()
	}
	got := draw("github", []int{0, 1, 4}, 8)
	u := match.pre // lipgloss's own sequence for underline
	want := u + "gi\x1b[mth" + u + "u\x1b[mb  "
	if got != want {
		t.Fatalf("highlight = %q, want %q", got, want)
	}
	if got := plainFrame(draw("a-very-long-name", nil, 8)); got != "a-very-…" {
		t.Fatalf("truncated to %q", got)
	}
	// A paint draws what lipgloss draws, for text without spaces.
	st := lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#6B4FD8"))
	var b strings.Builder
	paintOf(st).draw(&b, "word")
	if b.String() != st.Render("word") {
		t.Fatalf("paint %q, lipgloss %q", b.String(), st.Render("word"))
	}
}

func TestRefreshOnReturn(t *testing.T) {
	cfg, _ := testConfig(t)
	a := startModel(t, cfg)
	// Another passtea process adds an entry.
	other, err := vault.Open(cfg.VaultPath, []byte(testMaster), cfg.VaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Add(vault.NewEntry{Name: "zeta", Secret: vault.Secret{}}); err != nil {
		t.Fatal(err)
	}
	other.Lock()
	a = step(t, a, keys("enter", "esc")...)
	if got := a.list().countText(); got != "6 entries" {
		t.Fatalf("after returning to the list: %s", got)
	}
}

func TestKeysWaitWhileBusy(t *testing.T) {
	cfg, _ := testConfig(t)
	a := startModel(t, cfg)
	a.c.busy = true
	a = step(t, a, keys("n")...)
	if a.active != screenEntries {
		t.Fatal("a key was handled while the vault was busy")
	}
	a = step(t, a, vaultRefreshedMsg{entries: a.list().all})
	if a.active != screenForm {
		t.Fatalf("the waiting key was not handled: screen %s", a.active)
	}
}

func TestSettingsCalibrate(t *testing.T) {
	if testing.Short() {
		t.Skip("calibrates for about a second")
	}
	cfg, _ := testConfig(t)
	a := startModel(t, cfg)
	a = step(t, a, keys(",", "down", "down", "left", "enter")...)
	if a.settingsS().phase != settingsAsk {
		t.Fatal("calibrating did not ask for the master password")
	}
	a = step(t, a, typed(testMaster)...)
	a = step(t, a, keys("enter")...)
	if a.statusKind != statusOK || !strings.HasPrefix(a.status, "key derivation now argon2id, 8 MiB, ") {
		t.Fatalf("status %q", a.status)
	}
	p, explicit := kdfOf(a.c.vault)
	if p.MemoryKiB != 8192 || p.Parallelism != 1 || !explicit {
		t.Fatalf("params after calibrating: %v (explicit %v)", p, explicit)
	}
	v, err := vault.Open(cfg.VaultPath, []byte(testMaster), cfg.VaultOptions)
	if err != nil {
		t.Fatalf("the master password no longer opens the vault: %v", err)
	}
	v.Lock()
}

// TestCalibrateFloor: calibrating to a time the fewest passes already
// exceed changes nothing, and says why.
func TestCalibrateFloor(t *testing.T) {
	p := vault.KDFParams{MemoryKiB: 256 << 10, Iterations: 3, Parallelism: 4}
	got := calibratedNoChange(p, 1300*time.Millisecond, time.Second)
	if !strings.Contains(got, "nothing changed: 3 passes, the fewest passtea uses, take 1300 ms here, more than 1 s") {
		t.Fatalf("%q", got)
	}
	if got := calibratedNoChange(vault.KDFParams{MemoryKiB: 8 << 10, Iterations: 7, Parallelism: 1}, time.Second, time.Second); !strings.Contains(got, "already takes about 1 s") {
		t.Fatalf("%q", got)
	}
}
