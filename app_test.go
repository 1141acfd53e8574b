package main

// Whole flows through the interactive app, as a user types them, in a real
// Bubble Tea program, at 60, 80 and 120 columns, with a golden snapshot of
// the screen after each step in testdata/. Refresh them with:
// go test . -update
//
// Deterministic under load: every step waits for the frame it needs
// (teatest.WaitFor on the program's own frames, never a sleep), and what
// varies from run to run (the key derivation's time the vault measures)
// is written as "N.N s".

import (
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/aymanbagabas/go-udiff"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/passtea/passtea/ui/clipboard"
	"github.com/passtea/passtea/ui/tui"
	"github.com/passtea/passtea/vault"
)

// Test passwords: none may appear in a golden file.
const (
	flowMaster   = "tea kettle lantern orbit 9 walrus"
	flowPassword = "s3cret-Flow-Passw0rd"
)

var flowSecrets = []string{flowMaster, flowPassword}

var flowTime = time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)

// testCopier copies to a clipboard in memory on an X11 desktop with xclip;
// its clears are not left to a detached process.
func testCopier(t *testing.T, clock func() time.Time) (*clipboard.Copier, *clipboard.Memory) {
	mem := &clipboard.Memory{}
	return &clipboard.Copier{
		Env: clipboard.Env{GOOS: "linux", Getenv: func(k string) string { return map[string]string{"DISPLAY": ":0"}[k] },
			LookPath: func(name string) (string, error) { return "/usr/bin/" + name, nil }},
		System:         mem,
		OpenTerminal:   func() (*os.File, error) { return nil, errors.New("no terminal") },
		DetectTerminal: func() clipboard.Terminal { return clipboard.Terminal{} },
		Last:           clipboard.LastCopy{Path: filepath.Join(t.TempDir(), "passtea", "last-copy")},
		StartClearer:   func(clipboard.Ticket, *os.File) (*os.Process, error) { return nil, nil },
		Now:            clock,
	}, mem
}

// syncMsg marks a point in the input (see flow.sync).
type syncMsg struct{ n int64 }

// probe keeps the app's latest frame, without styles.
type probe struct {
	m      tea.Model
	frame  *atomic.Pointer[string]
	seen   int64
	synced *atomic.Int64
}

func (p probe) Init() tea.Cmd { return p.m.Init() }

func (p probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if s, ok := msg.(syncMsg); ok {
		p.seen = s.n
		return p, nil
	}
	var cmd tea.Cmd
	p.m, cmd = p.m.Update(msg)
	return p, cmd
}

// measured finds the times of key derivations in a frame.
var measured = regexp.MustCompile(`(unlocked in |one derivation takes )[0-9.]+ s`)

func (p probe) View() tea.View {
	v := p.m.View()
	lines := strings.Split(ansi.Strip(v.Content), "\n")
	for i, l := range lines {
		lines[i] = measured.ReplaceAllString(strings.TrimRight(l, " "), "${1}N.N s")
	}
	s := strings.Join(lines, "\n")
	p.frame.Store(&s)
	p.synced.Store(p.seen)
	return v
}

// flow drives the app through teatest.
type flow struct {
	t      *testing.T
	tm     *teatest.TestModel
	frame  *atomic.Pointer[string]
	synced *atomic.Int64
	syncs  int64
	shot   int
	cb     *clipboard.Memory
	path   string
}

func startFlow(t *testing.T, width int) *flow {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	clock := func() time.Time { return flowTime }
	copier, mem := testCopier(t, clock)
	f := &flow{t: t, frame: &atomic.Pointer[string]{}, synced: &atomic.Int64{}, cb: mem, path: "vault.passtea"}
	empty := ""
	f.frame.Store(&empty)
	cfg := tui.Config{
		VaultPath:    f.path,
		Copier:       copier,
		Clock:        clock,
		Rand:         rand.NewChaCha8([32]byte{'f', 'l', 'o', 'w'}),
		KDF:          &vault.KDFSettings{Params: vault.KDFParams{MemoryKiB: 8192, Iterations: 1, Parallelism: 1}, Explicit: true},
		Location:     time.UTC,
		VaultOptions: &vault.Options{Now: clock},
		NoTimers:     true,
	}
	f.tm = teatest.NewTestModel(t, probe{m: tui.New(cfg), frame: f.frame, synced: f.synced},
		teatest.WithInitialTermSize(width, 24),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("last frame:\n%s", *f.frame.Load())
		}
		_ = f.tm.Quit()
		f.tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	})
	return f
}

func (f *flow) sync() {
	f.t.Helper()
	f.syncs++
	n := f.syncs
	f.tm.Send(syncMsg{n: n})
	teatest.WaitFor(f.t, strings.NewReader(""), func([]byte) bool { return f.synced.Load() >= n },
		teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(2*time.Millisecond))
}

func (f *flow) typ(s string) {
	f.t.Helper()
	f.tm.Type(s)
	f.sync()
}

func (f *flow) press(keys ...string) {
	f.t.Helper()
	for _, k := range keys {
		f.tm.Send(keyPress(k))
	}
	f.sync()
}

func keyPress(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "ctrl+s":
		return tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}
	case "ctrl+g":
		return tea.KeyPressMsg{Code: 'g', Mod: tea.ModCtrl}
	}
	return tea.KeyPressMsg{Code: []rune(k)[0], Text: k}
}

// wait waits until the frame holds every one of texts.
func (f *flow) wait(texts ...string) {
	f.t.Helper()
	teatest.WaitFor(f.t, strings.NewReader(""), func([]byte) bool {
		fr := *f.frame.Load()
		for _, s := range texts {
			if !strings.Contains(fr, s) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
}

var rootDir, _ = os.Getwd()

// snap compares the frame with testdata/<test>/<nn>-<name>.golden.
func (f *flow) snap(name string) {
	f.t.Helper()
	f.shot++
	frame := *f.frame.Load()
	for _, s := range flowSecrets {
		if strings.Contains(frame, s) {
			f.t.Fatalf("step %s shows a test password:\n%s", name, frame)
		}
	}
	path := filepath.Join(rootDir, "testdata", f.t.Name(), twoDigits(f.shot)+"-"+name+".golden")
	if fl := flag.Lookup("update"); fl != nil && fl.Value.String() == "true" {
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			f.t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(frame), 0o600); err != nil {
			f.t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		f.t.Fatalf("%v (run go test . -update)", err)
	}
	if d := udiff.Unified("golden", "run", string(want), frame); d != "" {
		f.t.Fatalf("step %s differs from %s:\n%s", name, path, d)
	}
}

func twoDigits(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

// golden's -update flag is registered by importing it.
var _ = golden.RequireEqual[string]

// widths are the terminal widths of the flows.
var widths = []int{60, 80, 120}

// TestFlowCreateToUnlock: create a vault, add an entry, filter, view, copy,
// lock and unlock.
func TestFlowCreateToUnlock(t *testing.T) {
	for _, w := range widths {
		t.Run(fmt.Sprint(w), func(t *testing.T) { flowCreateToUnlock(t, w) })
	}
}

func flowCreateToUnlock(t *testing.T, width int) {
	f := startFlow(t, width)
	f.wait("Create your vault")
	f.snap("create")

	f.typ(flowMaster)
	f.press("enter")
	f.typ(flowMaster)
	f.press("enter")
	// The recovery code, shown once: never in a snapshot.
	f.wait("Your recovery code", "enter I have written it down")
	f.press("enter")
	f.wait("No entries yet")
	f.snap("created")

	f.press("n")
	f.typ("github")
	f.press("tab")
	f.typ("octocat")
	f.press("tab")
	f.typ(flowPassword)
	f.press("tab")
	f.typ("https://github.com")
	f.press("tab")
	f.typ("2FA codes in the drawer")
	f.press("tab")
	f.typ("work code")
	f.snap("form")
	f.press("ctrl+s")
	f.wait("added github")

	f.press("n")
	f.typ("bank")
	f.press("tab")
	f.typ("octo")
	f.press("tab", "ctrl+g", "ctrl+s")
	f.wait("added bank", "2 entries")
	f.snap("added")

	f.press("/")
	f.typ("gh")
	f.wait("1 of 2 entries")
	f.snap("filtered")

	f.press("enter")
	f.wait("2FA codes in the drawer")
	f.snap("entry")

	f.press("c")
	f.wait("copied password of github — clears in 20 s")
	f.snap("copied")
	if v, _ := f.cb.Read(); v != flowPassword {
		t.Fatalf("clipboard holds %q", v)
	}

	f.press("esc", "L")
	f.wait("Unlock your vault")
	f.snap("locked")
	// The clear runs in a command, after the frame: wait for it.
	teatest.WaitFor(t, strings.NewReader(""), func([]byte) bool { v, _ := f.cb.Read(); return v == "" },
		teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(2*time.Millisecond))

	f.typ("not the password")
	f.press("enter")
	f.wait("wrong master password")
	f.typ(flowMaster)
	f.press("enter")
	f.wait("unlocked in", "2 entries")
	f.snap("unlocked")
}

// TestFlowGenerator: the generator's modes and toggles, then copying.
func TestFlowGenerator(t *testing.T) {
	for _, w := range widths {
		t.Run(fmt.Sprint(w), func(t *testing.T) { flowGenerator(t, w) })
	}
}

func flowGenerator(t *testing.T, width int) {
	f := startFlow(t, width)
	f.wait("Create your vault")
	f.typ(flowMaster)
	f.press("enter")
	f.typ(flowMaster)
	f.press("enter")
	f.wait("Your recovery code")
	f.press("enter")
	f.wait("No entries yet")

	f.press("g")
	f.wait("entropy")
	f.snap("generator")
	f.press("l", "!")
	f.wait("[x] no look-alikes")
	f.snap("no-lookalikes-no-symbols")
	f.press("right", "right", "right", "right")
	f.wait("‹ 24 ›")
	f.snap("longer")
	f.press("tab")
	f.wait("separator")
	f.snap("passphrase")
	f.press("tab")
	f.wait("digits")
	f.snap("pin")
	f.press("c")
	f.wait("copied generated PIN")
	if v, _ := f.cb.Read(); len(v) != 6 || strings.Trim(v, "0123456789") != "" {
		t.Fatalf("clipboard holds %q, want a 6-digit PIN", v)
	}
	f.snap("copied")
}

func TestFlowGoldenFilesHoldNoSecret(t *testing.T) {
	err := filepath.WalkDir(filepath.Join(rootDir, "testdata"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, s := range flowSecrets {
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
