package tui

// Model-level tests: routing, the auto-lock timer, the clipboard countdown,
// the unlock delay, and the benchmarks. Messages are fed to the model
// directly and the commands that follow are run in place.

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/passtea/passtea/vault"
)

var cmdType = reflect.TypeOf(tea.Cmd(nil))

// run executes cmd and the batches and sequences it returns, in order.
func run(cmd tea.Cmd) []tea.Msg {
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
			out = append(out, run(c)...)
		}
		return out
	}
	if _, ok := msg.(tea.RawMsg); ok {
		return nil
	}
	return []tea.Msg{msg}
}

// step feeds msgs to a one by one, each followed by the messages of the
// commands it causes (depth first, as a person typing slowly would see).
// It reports whether a command asked the program to quit.
func stepQuit(t testing.TB, a App, msgs ...tea.Msg) (App, bool) {
	t.Helper()
	quit := false
	var settle func(m tea.Msg, depth int)
	settle = func(m tea.Msg, depth int) {
		if depth > 100 {
			t.Fatal("commands do not settle")
		}
		if _, ok := m.(tea.QuitMsg); ok {
			quit = true
			return
		}
		next, cmd := a.Update(m)
		a = next.(App)
		for _, r := range run(cmd) {
			settle(r, depth+1)
		}
	}
	for _, m := range msgs {
		settle(m, 0)
	}
	return a, quit
}

func step(t testing.TB, a App, msgs ...tea.Msg) App {
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

// startModel returns an app on a vault with the sample entries, unlocked.
func startModel(t testing.TB, cfg Config) App {
	t.Helper()
	makeVault(t, cfg, sampleEntries()...)
	a := New(cfg)
	a = step(t, a, append(run(a.Init()), windowSize(80, 24))...)
	if a.screen != screenUnlock {
		t.Fatalf("screen %s, want unlock", a.screen)
	}
	a = step(t, a, typed(testMaster)...)
	a = step(t, a, keys("enter")...)
	if a.screen != screenEntries || a.c.vault == nil {
		t.Fatalf("screen %s after unlocking, want entries", a.screen)
	}
	return a
}

func TestRouting(t *testing.T) {
	cfg, _ := testConfig(t)
	a := startModel(t, cfg)
	for _, tc := range []struct {
		keys []string
		want screen
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
		{[]string{"L"}, screenUnlock},
	} {
		a = step(t, a, keys(tc.keys...)...)
		if a.screen != tc.want {
			t.Fatalf("after %v: screen %s, want %s", tc.keys, a.screen, tc.want)
		}
	}
	if a.c.vault != nil {
		t.Fatal("the vault is still open after L")
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
	if a.showHelp || a.screen != screenEntries {
		t.Fatal("esc did not close the help")
	}
	// In the form, ? is text.
	a = step(t, a, keys("n", "?")...)
	if a.showHelp || a.form.inputs[fieldName].Value() != "?" {
		t.Fatalf("? in the form: help %v, name %q", a.showHelp, a.form.inputs[fieldName].Value())
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
	a, quit := stepQuit(t, a, keys("q")...)
	if !quit {
		t.Fatal("q did not quit")
	}
	if cb.get() != "" {
		t.Fatal("the clipboard was not cleared on quit")
	}
	if !v.Locked() {
		t.Fatal("the vault was not locked on quit")
	}
	_ = a
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
	if a.screen != screenEntry {
		t.Fatalf("locked after 4 minutes: screen %s", a.screen)
	}
	a = step(t, a, keys("r")...) // activity restarts the idle time
	clock.advance(4 * time.Minute)
	a = step(t, a, idleTickMsg{gen: a.idleGen})
	if a.screen != screenEntry {
		t.Fatal("a key press did not restart the idle time")
	}
	a = step(t, a, idleTickMsg{gen: a.idleGen - 1}) // a stale tick
	clock.advance(time.Minute)
	a = step(t, a, idleTickMsg{gen: a.idleGen})
	if a.screen != screenUnlock {
		t.Fatalf("not locked after 5 idle minutes: screen %s", a.screen)
	}
	if !v.Locked() || a.c.vault != nil {
		t.Fatal("the vault's keys were not dropped")
	}
	if a.entry.sec.Password != "" || len(a.entries.all) != 0 {
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
	if a.screen != screenUnlock {
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
	a = step(t, a, clipTickMsg{gen: a.clip.gen})
	if cb.get() != "the user's own text" {
		t.Fatal("the clear wiped what the user copied")
	}
	_ = a
}

func TestUnlockDelay(t *testing.T) {
	cfg, _ := testConfig(t)
	clock := newFakeClock()
	cfg.Clock = clock.now
	makeVault(t, cfg)
	a := New(cfg)
	a = step(t, a, run(a.Init())...)
	for i := range 3 {
		a = step(t, a, typed("wrong")...)
		a = step(t, a, keys("enter")...)
		if a.unlock.failures != i+1 {
			t.Fatalf("failures %d", a.unlock.failures)
		}
		if a.unlock.input.Value() != "" || !a.unlock.input.Focused() {
			t.Fatal("the input was not cleared, or lost focus")
		}
	}
	// A fourth try at once is refused until the delay has passed.
	a = step(t, a, typed(testMaster)...)
	a = step(t, a, keys("enter")...)
	if a.screen != screenUnlock || a.unlock.failures != 3 {
		t.Fatal("a try was accepted during the delay")
	}
	clock.advance(2 * time.Second)
	a = step(t, a, keys("enter")...)
	if a.screen != screenEntries {
		t.Fatalf("screen %s after the delay", a.screen)
	}
	if d := retryDelay(4); d != 4*time.Second {
		t.Fatalf("delay after 4 failures %v", d)
	}
	if d := retryDelay(20); d != time.Minute {
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
	if a.screen != screenForm {
		t.Fatalf("screen %s after a failed save", a.screen)
	}
	if a.form.inputs[fieldUser].Value() != "someone" || a.statusKind != statusErr {
		t.Fatal("the form lost its contents or no error is shown")
	}
}

func TestHighlight(t *testing.T) {
	base := lipgloss.NewStyle()
	match := lipgloss.NewStyle().Underline(true)
	got := highlight("github", 0, []int{0, 1, 4}, 8, base, match)
	want := match.Render("gi") + base.Render("th") + match.Render("u") + base.Render("b") + base.Render("  ")
	if got != want {
		t.Fatalf("highlight = %q, want %q", got, want)
	}
	// Offsets past the name belong to the next column.
	got = highlight("alice", 7, []int{0, 7}, 5, base, match)
	if want := match.Render("a") + base.Render("lice"); got != want {
		t.Fatalf("highlight = %q, want %q", got, want)
	}
	if got := plainFrame(highlight("a-very-long-name", 0, nil, 8, base, match)); got != "a-very-…" {
		t.Fatalf("truncated to %q", got)
	}
}

func TestFuzzyMatch(t *testing.T) {
	var pos []int
	score, ok := fuzzyMatch(fold("GitHub alice https://github.com"), "gh", 6, &pos)
	if !ok || !slices.Equal(pos, []int{0, 3}) {
		t.Fatalf("gh in GitHub: %v %v", ok, pos)
	}
	if _, ok := fuzzyMatch("github", "hg", 6, nil); ok {
		t.Fatal("hg matched github")
	}
	legit, _ := fuzzyMatch("legit", "git", 5, nil)
	gitlab, _ := fuzzyMatch("gitlab", "git", 6, nil)
	if gitlab <= legit || score <= 0 {
		t.Fatalf("scores: gitlab %d, legit %d", gitlab, legit)
	}
	// Tightest window: "ab" in "a-x-ab" is the adjacent pair.
	pos = pos[:0]
	fuzzyMatch("a-x-ab", "ab", 6, &pos)
	if !slices.Equal(pos, []int{4, 5}) {
		t.Fatalf("ab in a-x-ab at %v", pos)
	}
	// Folding keeps byte offsets.
	if f := fold("Äpfel İ"); len(f) != len("Äpfel İ") {
		t.Fatalf("fold changed the length: %q", f)
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
	if _, err := other.Add(vault.Fields{Name: "zeta"}, vault.Secret{}); err != nil {
		t.Fatal(err)
	}
	other.Lock()
	a = step(t, a, keys("enter", "esc")...)
	if got := a.entries.countText(); got != "6 entries" {
		t.Fatalf("after returning to the list: %s", got)
	}
}

func TestKeysWaitWhileBusy(t *testing.T) {
	cfg, _ := testConfig(t)
	a := startModel(t, cfg)
	a.c.busy = true
	a = step(t, a, keys("n")...)
	if a.screen != screenEntries {
		t.Fatal("a key was handled while the vault was busy")
	}
	a = step(t, a, vaultRefreshedMsg{entries: a.entries.all})
	if a.screen != screenForm {
		t.Fatalf("the waiting key was not handled: screen %s", a.screen)
	}
}

func TestSettingsCalibrate(t *testing.T) {
	if testing.Short() {
		t.Skip("calibrates for about a second")
	}
	cfg, _ := testConfig(t)
	a := startModel(t, cfg)
	a = step(t, a, keys(",", "down", "down", "left", "enter")...)
	if a.settings.phase != settingsAsk {
		t.Fatal("calibrating did not ask for the master password")
	}
	a = step(t, a, typed(testMaster)...)
	a = step(t, a, keys("enter")...)
	if a.statusKind != statusOK || !strings.HasPrefix(a.status, "key derivation now argon2id, 8 MiB, ") {
		t.Fatalf("status %q", a.status)
	}
	p := a.c.vault.Params()
	if p.MemoryKiB != 8192 || p.Parallelism != 1 || !a.c.vault.Explicit() {
		t.Fatalf("params after calibrating: %v (explicit %v)", p, a.c.vault.Explicit())
	}
	v, err := vault.Open(cfg.VaultPath, []byte(testMaster), cfg.VaultOptions)
	if err != nil {
		t.Fatalf("the master password no longer opens the vault: %v", err)
	}
	v.Lock()
}
