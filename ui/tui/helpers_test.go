package tui

// Test helpers: a fake clipboard, a fixed clock, repeatable randomness, and
// a harness that runs the app with teatest and reads back the latest frame.

import (
	"errors"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/aymanbagabas/go-udiff"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/passtea/passtea/crypto/keyfile"
	"github.com/passtea/passtea/ui/clipboard"
	"github.com/passtea/passtea/vault"
)

// Test passwords. None may appear in a golden file.
const (
	testMaster   = "correct horse battery staple 42"
	testPassword = "hunter2-Tr0ub4dor&3"
)

var testSecrets = []string{testMaster, testPassword, "w1nter-is-coming!", testOTPSecret}

// testKDF is cheap: tests must not spend seconds in argon2.
var testKDF = vault.KDFSettings{Params: vault.KDFParams{MemoryKiB: 8192, Iterations: 1, Parallelism: 1}, Explicit: true}

// testTime is the fixed "now" of every test.
var testTime = time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)

// fakeClipboard is the clipboard of the tests: an X11 desktop with xclip
// whose clipboard is in memory, a terminal that is a pipe, and a detached
// clearer that only records its tickets.
type fakeClipboard struct {
	clipboard.Memory
	mu      sync.Mutex
	tickets []clipboard.Ticket
	tools   bool // xclip is installed; else copies go to the terminal
	tmux    clipboard.Terminal
	tty     *os.File // what the terminal got is read from here
}

func (f *fakeClipboard) get() string {
	v, _ := f.Read()
	return v
}

// started returns the tickets of the clearers started so far.
func (f *fakeClipboard) started() []clipboard.Ticket {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]clipboard.Ticket(nil), f.tickets...)
}

// newFakeClipboard returns the fake and the Copier that uses it.
func newFakeClipboard(t testing.TB) (*fakeClipboard, *clipboard.Copier) {
	f := &fakeClipboard{tools: true}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close(); w.Close() })
	f.tty = r
	c := &clipboard.Copier{
		Env: clipboard.Env{GOOS: "linux", Getenv: func(k string) string { return map[string]string{"DISPLAY": ":0"}[k] },
			LookPath: func(name string) (string, error) {
				f.mu.Lock()
				defer f.mu.Unlock()
				if f.tools && name == "xclip" {
					return "/usr/bin/xclip", nil
				}
				return "", errors.New("not found")
			}},
		System: &f.Memory,
		OpenTerminal: func() (*os.File, error) {
			fd, err := syscall.Dup(int(w.Fd()))
			if err != nil {
				return nil, err
			}
			return os.NewFile(uintptr(fd), "tty"), nil
		},
		DetectTerminal: func() clipboard.Terminal {
			f.mu.Lock()
			defer f.mu.Unlock()
			return f.tmux
		},
		Last: clipboard.LastCopy{Path: filepath.Join(t.TempDir(), "passtea", "last-copy")},
		StartClearer: func(tk clipboard.Ticket, _ *os.File) (*os.Process, error) {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.tickets = append(f.tickets, tk)
			return nil, nil
		},
		Now: func() time.Time { return testTime },
	}
	return f, c
}

// fakeClock is a clock tests move by hand.
type fakeClock struct{ t atomic.Int64 }

func newFakeClock() *fakeClock {
	c := &fakeClock{}
	c.t.Store(testTime.UnixNano())
	return c
}

func (c *fakeClock) now() time.Time          { return time.Unix(0, c.t.Load()).UTC() }
func (c *fakeClock) advance(d time.Duration) { c.t.Add(int64(d)) }

// seededReader returns the same bytes in every run.
func seededReader() *rand.ChaCha8 {
	return rand.NewChaCha8([32]byte{'p', 'a', 's', 's', 't', 'e', 'a'})
}

// testConfig is a configuration for a vault in a fresh directory.
func testConfig(t testing.TB) (Config, *fakeClipboard) {
	cb, copier := newFakeClipboard(t)
	clock := func() time.Time { return testTime }
	// A relative path keeps frames the same in every run.
	t.Chdir(t.TempDir())
	return Config{
		VaultPath:       "vault.passtea",
		Copier:          copier,
		Clock:           clock,
		Rand:            seededReader(),
		KDF:             &testKDF,
		CalibrateTarget: 500 * time.Millisecond, // what the meter of a new password assumes
		Location:        time.UTC,
		VaultOptions:    &vault.Options{Now: clock},
		NoTimers:        true,
	}, cb
}

// makeVault creates a vault at cfg.VaultPath holding entries.
func makeVault(t testing.TB, cfg Config, entries ...vault.NewEntry) {
	t.Helper()
	v, _, err := vault.Create(cfg.VaultPath, vault.NewVault{Credentials: vault.Credentials{Password: []byte(testMaster)}, KDF: testKDF}, cfg.VaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) > 0 {
		if err := v.AddMany(entries); err != nil {
			t.Fatal(err)
		}
	}
	v.Lock()
}

// sampleEntries is fixed fake data.
func sampleEntries() []vault.NewEntry {
	return []vault.NewEntry{
		{Name: "github", Username: "alice", URLs: []string{"https://github.com"}, Tags: []string{"dev", "work"},
			Secret: vault.Secret{Password: testPassword, Notes: "recovery codes are in the safe\nsecond line of notes"}},
		{Name: "gitlab", Username: "alice.w", URLs: []string{"https://gitlab.com"}, Tags: []string{"dev"},
			Secret: vault.Secret{Password: "w1nter-is-coming!"}},
		{Name: "bank/checking", Username: "A1234567", URLs: []string{"https://bank.example"},
			Secret: vault.Secret{Password: "w1nter-is-coming!"}},
		{Name: "email", Username: "alice@example.com", URLs: []string{"https://mail.example.com"}, Tags: []string{"personal"},
			Secret: vault.Secret{Password: "w1nter-is-coming!"}},
		{Name: "wifi", Tags: []string{"home"}, Secret: vault.Secret{Password: "w1nter-is-coming!"}},
	}
}

// probe wraps the app and keeps its latest frame, without styles.
type probe struct {
	m      tea.Model
	view   *atomic.Pointer[string]
	state  *atomic.Pointer[probeState]
	seen   int // the last syncMsg
	synced *atomic.Int64
}

// syncMsg marks a point in the input: once the probe has drawn the frame
// after it, every message sent before it has been handled.
type syncMsg struct{ n int }

// probeState is what tests may read of the model while it runs.
type probeState struct {
	busy    bool
	screen  screenID
	idleGen int
}

func (p probe) Init() tea.Cmd { return p.m.Init() }

func (p probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if s, ok := msg.(syncMsg); ok {
		p.seen = s.n
		return p, nil
	}
	m, cmd := p.m.Update(msg)
	p.m = m
	return p, cmd
}

func (p probe) View() tea.View {
	v := p.m.View()
	s := plainFrame(v.Content)
	// The frame first: whoever sees the new state finds the new frame.
	p.view.Store(&s)
	if a, ok := p.m.(*App); ok {
		p.state.Store(&probeState{busy: a.c.busy, screen: a.active, idleGen: a.idleGen})
	}
	p.synced.Store(int64(p.seen))
	return v
}

// plainFrame strips styles and trailing spaces from a frame, and writes
// the key derivation times the vault measured (which vary from run to run)
// as "N.N s".
func plainFrame(s string) string {
	lines := strings.Split(ansi.Strip(s), "\n")
	for i, l := range lines {
		lines[i] = measured.ReplaceAllString(strings.TrimRight(l, " "), "${1}N.N s")
	}
	return strings.Join(lines, "\n")
}

// measured finds the times of key derivations in a frame.
var measured = regexp.MustCompile(`(unlocked in |one derivation takes )[0-9.]+ s`)

// harness runs the app in a teatest program.
type harness struct {
	t     testing.TB
	tm    *teatest.TestModel
	view  *atomic.Pointer[string]
	state *atomic.Pointer[probeState]
	cfg   Config
	// waiting is what the last waitFor waited for, named when it fails.
	waiting string
	syncs   int
	synced  *atomic.Int64
	width   int
}

func startApp(t testing.TB, cfg Config, width, height int) *harness {
	t.Helper()
	h := &harness{t: t, view: &atomic.Pointer[string]{}, state: &atomic.Pointer[probeState]{}, cfg: cfg, synced: &atomic.Int64{}, width: width}
	empty := ""
	h.view.Store(&empty)
	p := probe{m: New(cfg), view: h.view, state: h.state, synced: h.synced}
	h.tm = teatest.NewTestModel(t, p,
		teatest.WithInitialTermSize(width, height),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii), tea.WithEnvironment([]string{"TERM=xterm-256color"})),
	)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("while waiting for %s, the last frame was:\n%s", h.waiting, h.frame())
		}
		_ = h.tm.Quit()
		h.tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	})
	return h
}

// frame is the latest frame.
func (h *harness) frame() string { return *h.view.Load() }

// waitFor waits until the frame satisfies ok.
func (h *harness) waitFor(what string, ok func(string) bool) {
	h.t.Helper()
	h.waiting = what
	teatest.WaitFor(h.t, strings.NewReader(""), func([]byte) bool { return ok(h.frame()) },
		teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
}

// waitText waits until the frame contains all of texts.
func (h *harness) waitText(texts ...string) {
	h.t.Helper()
	h.waitFor(strings.Join(texts, ", "), func(f string) bool {
		for _, s := range texts {
			if !strings.Contains(f, s) {
				return false
			}
		}
		return true
	})
}

// waitGone waits until the frame no longer contains text.
func (h *harness) waitGone(text string) {
	h.t.Helper()
	h.waitFor("no "+text, func(f string) bool { return !strings.Contains(f, text) })
}

// sync waits until every message sent so far has been handled and drawn.
func (h *harness) sync() {
	h.t.Helper()
	h.syncs++
	n := int64(h.syncs)
	h.tm.Send(syncMsg{n: h.syncs})
	h.waiting = "the input to be handled"
	teatest.WaitFor(h.t, strings.NewReader(""), func([]byte) bool { return h.synced.Load() >= n },
		teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(2*time.Millisecond))
}

func (h *harness) typ(s string) {
	h.t.Helper()
	h.tm.Type(s)
	h.sync()
}

// press sends keys by name: "enter", "esc", "ctrl+s", "shift+tab", "up", "a".
func (h *harness) press(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		h.tm.Send(keyMsg(k))
	}
	h.sync()
}

func keyMsg(k string) tea.KeyPressMsg {
	var mod tea.KeyMod
	for {
		switch {
		case strings.HasPrefix(k, "ctrl+"):
			mod |= tea.ModCtrl
			k = k[len("ctrl+"):]
			continue
		case strings.HasPrefix(k, "shift+"):
			mod |= tea.ModShift
			k = k[len("shift+"):]
			continue
		case strings.HasPrefix(k, "alt+"):
			mod |= tea.ModAlt
			k = k[len("alt+"):]
			continue
		}
		break
	}
	named := map[string]rune{
		"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab, "backspace": tea.KeyBackspace,
		"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
		"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd,
	}
	if code, ok := named[k]; ok {
		return tea.KeyPressMsg{Code: code, Mod: mod}
	}
	if k == "space" {
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " ", Mod: mod}
	}
	r := []rune(k)[0]
	if mod != 0 {
		return tea.KeyPressMsg{Code: r, Mod: mod}
	}
	return tea.KeyPressMsg{Code: r, Text: k}
}

func checkGolden(t testing.TB, name, frame string) {
	t.Helper()
	for _, s := range testSecrets {
		if strings.Contains(frame, s) {
			t.Fatalf("frame %s shows a test secret:\n%s", name, frame)
		}
	}
	tt, ok := t.(*testing.T)
	if !ok {
		return
	}
	tt.Run(name, func(t *testing.T) { requireGolden(t, frame) })
}

// pkgDir is the package directory; tests change into temporary ones.
var pkgDir, _ = os.Getwd()

// requireGolden is golden.RequireEqual (same files, same -update flag) with
// the path made absolute, since the tests run in a temporary directory.
func requireGolden(t *testing.T, got string) {
	t.Helper()
	path := filepath.Join(pkgDir, "testdata", filepath.FromSlash(t.Name())+".golden")
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./ui/tui -update)", err)
	}
	if d := udiff.Unified("golden", "run", string(want), got); d != "" {
		t.Fatalf("frame differs from %s:\n%s\ngot:\n%s", path, d, got)
	}
}

// golden's -update flag is registered by importing it.
var _ = golden.RequireEqual[string]

// TestGoldenFilesHoldNoSecret scans every golden file for test passwords.
func TestGoldenFilesHoldNoSecret(t *testing.T) {
	err := filepath.WalkDir(filepath.Join(pkgDir, "testdata"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, s := range testSecrets {
			if strings.Contains(string(b), s) {
				t.Errorf("%s holds a test password", path)
			}
		}
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
}

// keyOf reads the key of a key file.
func keyOf(t testing.TB, path string) []byte {
	t.Helper()
	k, _, err := keyfile.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return k
}
