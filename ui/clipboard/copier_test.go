package clipboard

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// testCopier is a Copier whose every part is fake: an X11 desktop with xclip
// unless told otherwise, an in-memory clipboard, a file for a terminal, and
// a clearer that only records its ticket.
type testCopier struct {
	*Copier
	mem     *Memory
	vars    map[string]string
	tools   []string
	tty     *os.File // nil: no terminal
	tickets []Ticket
	ttys    []*os.File
	failing error // returned by the clearer
}

func newTestCopier(t *testing.T) *testCopier {
	t.Helper()
	tc := &testCopier{mem: &Memory{}, vars: map[string]string{"DISPLAY": ":0"}, tools: []string{"xclip"}}
	now := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	tc.Copier = &Copier{
		Env: Env{
			GOOS:   "linux",
			Getenv: func(k string) string { return tc.vars[k] },
			LookPath: func(name string) (string, error) {
				for _, tool := range tc.tools {
					if tool == name {
						return "/usr/bin/" + name, nil
					}
				}
				return "", exec.ErrNotFound
			},
		},
		System: tc.mem,
		OpenTerminal: func() (*os.File, error) {
			if tc.tty == nil {
				return nil, errors.New("no terminal")
			}
			// A new descriptor each time: the Copier closes it.
			return os.OpenFile(tc.tty.Name(), os.O_WRONLY|os.O_APPEND, 0)
		},
		DetectTerminal: func() Terminal { return Terminal{} },
		Last:           LastCopy{Path: filepath.Join(t.TempDir(), "passtea", "last-copy")},
		StartClearer: func(tk Ticket, tty *os.File) (*os.Process, error) {
			if tc.failing != nil {
				return nil, tc.failing
			}
			tc.tickets = append(tc.tickets, tk)
			tc.ttys = append(tc.ttys, tty)
			return nil, nil
		},
		Now: func() time.Time { return now },
	}
	return tc
}

// copy is Copy, with the message Copy's caller would print.
func (tc *testCopier) copy(value string, after time.Duration) (string, *Pending, error) {
	p, err := tc.Copy(value, after)
	if err != nil {
		return "", nil, err
	}
	return p.Message(), p, nil
}

func (tc *testCopier) withTerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "tty"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	tc.tty = f
}

func (tc *testCopier) terminalOutput(t *testing.T) string {
	b, err := os.ReadFile(tc.tty.Name())
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestCopySystem(t *testing.T) {
	tc := newTestCopier(t)
	msg, _, err := tc.copy("s3cret-value", DefaultClearAfter)
	if err != nil {
		t.Fatal(err)
	}
	if msg != "copied to the system clipboard; clears in 20 s" {
		t.Errorf("message %q", msg)
	}
	if s, _ := tc.mem.Read(); s != "s3cret-value" {
		t.Errorf("clipboard holds %q", s)
	}
	if len(tc.tickets) != 1 {
		t.Fatalf("%d clearers started", len(tc.tickets))
	}
	tk := tc.tickets[0]
	if tk.Method != MethodSystem || !tk.Fingerprint.Matches("s3cret-value") || tk.CopyID.IsZero() ||
		!tk.Deadline.Equal(tc.Now().Add(20*time.Second)) || tc.ttys[0] != nil {
		t.Errorf("ticket %+v", tk)
	}
	b, _ := tk.MarshalBinary()
	if bytes.Contains(b, []byte("s3cret-value")) {
		t.Error("the ticket holds the value")
	}

	// What the clearer will do, later.
	if ok, err := tk.Clear(tc.mem, nil); !ok || err != nil {
		t.Fatalf("clear: %v, %v", ok, err)
	}
	if s, _ := tc.mem.Read(); s != "" {
		t.Errorf("after the clear: %q", s)
	}
}

func TestCopyTheUserCopiesSomethingElse(t *testing.T) {
	tc := newTestCopier(t)
	if _, _, err := tc.copy("pw", time.Second); err != nil {
		t.Fatal(err)
	}
	tc.mem.Write("a link the user copied")
	if ok, _ := tc.tickets[0].Clear(tc.mem, nil); ok {
		t.Error("cleared the user's copy")
	}
	if s, _ := tc.mem.Read(); s != "a link the user copied" {
		t.Errorf("clipboard %q", s)
	}
}

func TestCopyTwiceRestartsTheClock(t *testing.T) {
	tc := newTestCopier(t)
	for _, v := range []string{"same", "same"} {
		if _, _, err := tc.copy(v, time.Second); err != nil {
			t.Fatal(err)
		}
	}
	first, second := tc.tickets[0], tc.tickets[1]
	if ok, _ := first.Clear(tc.mem, nil); ok {
		t.Fatal("the first clear wiped the second copy of the same value")
	}
	if ok, _ := second.Clear(tc.mem, nil); !ok {
		t.Fatal("the second clear did not clear")
	}

	// A different value: the first clear no longer matches either.
	tc.copy("one", time.Second)
	tc.copy("two", time.Second)
	if ok, _ := tc.tickets[2].Clear(tc.mem, nil); ok {
		t.Fatal("the clear of one wiped two")
	}
	if s, _ := tc.mem.Read(); s != "two" {
		t.Fatalf("clipboard %q", s)
	}
}

func TestCopyFallsBackToOSC52(t *testing.T) {
	tc := newTestCopier(t)
	tc.withTerminal(t)
	tc.mem.WriteErr = errors.New("xclip: Error: Can't open display: :0")
	msg, _, err := tc.copy("pw-osc", 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if msg != "sent to your terminal's clipboard (OSC 52); clears in 5 s" {
		t.Errorf("message %q", msg)
	}
	if got, want := tc.terminalOutput(t), "\x1b]52;c;cHctb3Nj\a"; got != want {
		t.Errorf("terminal got %q, want %q", got, want)
	}
	if tk := tc.tickets[0]; tk.Method != MethodOSC52 || tc.ttys[0] == nil {
		t.Errorf("ticket %+v, terminal %v", tk, tc.ttys[0])
	}
}

func TestCopyOverSSHUsesOSC52(t *testing.T) {
	tc := newTestCopier(t)
	tc.withTerminal(t)
	tc.vars["SSH_CONNECTION"] = "10.0.0.2 5555 10.0.0.1 22"
	msg, _, err := tc.copy("pw", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(msg, "sent to your terminal's clipboard (OSC 52)") {
		t.Errorf("message %q", msg)
	}
	if tc.mem.Writes() != 0 {
		t.Error("wrote the remote machine's clipboard")
	}
}

func TestCopyTmuxDropsOSC52(t *testing.T) {
	tc := newTestCopier(t)
	tc.withTerminal(t)
	tc.tools = nil
	tc.DetectTerminal = func() Terminal { return Terminal{Mux: Tmux} }
	_, _, err := tc.copy("pw", time.Second)
	if err == nil || !strings.Contains(err.Error(), "set-clipboard on") {
		t.Fatalf("error %v", err)
	}
	if tc.terminalOutput(t) != "" || len(tc.tickets) != 0 {
		t.Error("sent anyway")
	}
}

func TestCopyNoClipboard(t *testing.T) {
	tc := newTestCopier(t)
	tc.tools = nil
	_, _, err := tc.copy("pw", time.Second)
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("error %v", err)
	}
	if !strings.HasPrefix(err.Error(), "no clipboard available: install xclip, xsel or wl-clipboard, or use a terminal with OSC 52") {
		t.Errorf("error %q", err)
	}

	tc = newTestCopier(t)
	tc.mem.WriteErr = errors.New("exit status 1")
	if _, _, err := tc.copy("pw", time.Second); !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "exit status 1") {
		t.Errorf("system failed, no terminal: %v", err)
	}
	if len(tc.tickets) != 0 {
		t.Error("clearer started for a failed copy")
	}
}

func TestCopyNeverCleared(t *testing.T) {
	tc := newTestCopier(t)
	msg, _, err := tc.copy("pw", 0)
	if err != nil || msg != "copied to the system clipboard; it will not be cleared" {
		t.Fatalf("%q, %v", msg, err)
	}
	if len(tc.tickets) != 0 {
		t.Error("clearer started with --clear-after 0")
	}
}

func TestCopyNegativeDelay(t *testing.T) {
	tc := newTestCopier(t)
	if _, _, err := tc.copy("pw", -time.Second); err == nil {
		t.Fatal("a negative delay was accepted")
	}
	if tc.mem.Writes() != 0 {
		t.Error("copied anyway")
	}
}

func TestCopyWithdrawnWhenNoClearCanBeArranged(t *testing.T) {
	tc := newTestCopier(t)
	tc.failing = errors.New("fork: resource temporarily unavailable")
	_, _, err := tc.copy("pw", time.Second)
	if err == nil || !strings.Contains(err.Error(), "copy withdrawn") {
		t.Fatalf("error %v", err)
	}
	if s, _ := tc.mem.Read(); s != "" {
		t.Errorf("clipboard still holds %q", s)
	}
}

func TestCopyMessagesNeverHoldTheValue(t *testing.T) {
	const v = "Zq8-never-print-me"
	for _, setup := range []func(*testCopier){
		func(*testCopier) {},
		func(tc *testCopier) { tc.tools = nil },
		func(tc *testCopier) { tc.failing = errors.New("no") },
		func(tc *testCopier) { tc.mem.WriteErr = errors.New("broken") },
	} {
		tc := newTestCopier(t)
		setup(tc)
		msg, _, err := tc.copy(v, time.Second)
		if strings.Contains(msg, v) || (err != nil && strings.Contains(err.Error(), v)) {
			t.Errorf("value printed: %q, %v", msg, err)
		}
	}
}

func TestFormatDelay(t *testing.T) {
	for d, want := range map[time.Duration]string{
		20 * time.Second:        "20 s",
		time.Second:             "1 s",
		500 * time.Millisecond:  "500ms",
		2 * time.Minute:         "2 min",
		90 * time.Second:        "1m30s",
		1500 * time.Millisecond: "2s",
		2 * time.Hour:           "2h0m0s",
	} {
		if got := FormatDelay(d); got != want {
			t.Errorf("FormatDelay(%v) = %q, want %q", d, got, want)
		}
	}
}

// A failed copy must not call off the clear of the copy before it.
func TestFailedCopyKeepsThePendingClear(t *testing.T) {
	tc := newTestCopier(t)
	if _, _, err := tc.copy("first", time.Second); err != nil {
		t.Fatal(err)
	}
	tc.mem.WriteErr = errors.New("xclip: Can't open display")
	if _, _, err := tc.copy("second", time.Second); err == nil {
		t.Fatal("second copy did not fail")
	}
	tc.mem.WriteErr = nil
	if ok, err := tc.tickets[0].Clear(tc.mem, nil); !ok || err != nil {
		t.Fatalf("the first clear was called off: %v, %v", ok, err)
	}
}

// TestMethodDecidedPerCopy: what is installed and how tmux is set are
// looked at on every copy, not once: installing xclip, or turning tmux's
// set-clipboard on or off while passtea runs, counts from the next copy.
func TestMethodDecidedPerCopy(t *testing.T) {
	tc := newTestCopier(t)
	tc.withTerminal(t)
	tc.tools = nil
	tmux := Terminal{Mux: Tmux} // set-clipboard off, no passthrough
	tc.DetectTerminal = func() Terminal { return tmux }

	if _, _, err := tc.copy("pw", time.Second); err == nil || !strings.Contains(err.Error(), "set-clipboard on") {
		t.Fatalf("tmux drops OSC 52, yet the copy says %v", err)
	}
	tmux.TmuxSetClipboard = true // tmux set -g set-clipboard on
	msg, _, err := tc.copy("pw", time.Second)
	if err != nil || !strings.HasPrefix(msg, "sent to your terminal's clipboard") {
		t.Fatalf("after set-clipboard on: %q, %v", msg, err)
	}
	tmux.TmuxSetClipboard = false // and off again: not reported as a success
	if _, _, err := tc.copy("pw", time.Second); err == nil {
		t.Fatal("after set-clipboard off the copy was reported as a success")
	}
	tc.tools = []string{"xclip"} // xclip installed
	msg, _, err = tc.copy("pw", time.Second)
	if err != nil || !strings.HasPrefix(msg, "copied to the system clipboard") {
		t.Fatalf("after installing xclip: %q, %v", msg, err)
	}
}

// TestPendingClear: a clear now clears what is still there, calls off the
// detached clearer (its ticket no longer clears), and leaves a newer copy
// alone.
func TestPendingClear(t *testing.T) {
	tc := newTestCopier(t)
	_, p, err := tc.copy("pw-one", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := p.Clear(); !ok || err != nil {
		t.Fatalf("Clear: %v, %v", ok, err)
	}
	if s, _ := tc.mem.Read(); s != "" {
		t.Fatalf("clipboard %q after Clear", s)
	}
	// The user copies the same text elsewhere; the detached clearer of
	// the first copy must stand down.
	tc.mem.Write("pw-one")
	if ok, _ := tc.tickets[0].Clear(tc.mem, nil); ok {
		t.Fatal("the detached clearer cleared after the copy was already cleared")
	}
	if ok, _ := p.Clear(); ok {
		t.Fatal("a second Clear cleared")
	}

	// A newer copy's clear takes over.
	_, older, _ := tc.copy("pw-two", time.Minute)
	tc.copy("pw-two", time.Minute)
	if ok, _ := older.Clear(); ok {
		t.Fatal("the older copy's Clear wiped the newer copy")
	}
	if s, _ := tc.mem.Read(); s != "pw-two" {
		t.Fatalf("clipboard %q", s)
	}
}

func TestClearAll(t *testing.T) {
	tc := newTestCopier(t)
	tc.copy("a", time.Minute)
	if err := tc.ClearAll(); err != nil {
		t.Fatal(err)
	}
	if s, _ := tc.mem.Read(); s != "" {
		t.Fatalf("clipboard %q after ClearAll", s)
	}
	if _, _, err := tc.copy("later", time.Minute); err == nil {
		t.Fatal("a copy after ClearAll (the program is ending) was made")
	}

	tc = newTestCopier(t)
	_, p, _ := tc.copy("b", time.Minute)
	p.Release()
	tc.ClearAll()
	if s, _ := tc.mem.Read(); s != "b" {
		t.Fatal("ClearAll cleared a released copy: it belongs to its detached clearer")
	}
}

// TestClearAllDuringACopy: a ClearAll that comes while a copy is being
// made (a signal during the copy) waits for it and clears it.
func TestClearAllDuringACopy(t *testing.T) {
	tc := newTestCopier(t)
	inWrite := make(chan struct{})
	release := make(chan struct{})
	tc.System = blockingClipboard{tc.mem, inWrite, release}
	done := make(chan struct{})
	go func() {
		tc.copy("pw-being-copied", time.Minute)
		close(done)
	}()
	<-inWrite
	cleared := make(chan error, 1)
	go func() { cleared <- tc.ClearAll() }()
	close(release)
	<-done
	if err := <-cleared; err != nil {
		t.Fatal(err)
	}
	if s, _ := tc.mem.Read(); s != "" {
		t.Fatalf("clipboard %q: the copy under way was not cleared", s)
	}
}

// blockingClipboard is a clipboard whose first write waits for release.
type blockingClipboard struct {
	*Memory
	inWrite, release chan struct{}
}

func (b blockingClipboard) Write(s string) error {
	if s != "" {
		close(b.inWrite)
		<-b.release
	}
	return b.Memory.Write(s)
}

// TestCopyWarnsWhenNotRecorded: a copy that cannot be recorded says so.
func TestCopyWarnsWhenNotRecorded(t *testing.T) {
	tc := newTestCopier(t)
	tc.LastErr = errors.New("no private directory")
	_, p, err := tc.copy("pw", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if p.Warning == nil || !strings.Contains(p.Warning.Error(), "no private directory") ||
		!strings.Contains(p.Warning.Error(), "may remove it early") {
		t.Fatalf("warning %v", p.Warning)
	}
	// A directory that cannot be made (a file is in the way).
	tc = newTestCopier(t)
	blocker := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocker, nil, 0o600)
	tc.Last.Path = filepath.Join(blocker, "passtea", "last-copy")
	if _, p, _ = tc.copy("pw", time.Second); p.Warning == nil {
		t.Fatal("no warning when the record cannot be written")
	}
	tc = newTestCopier(t)
	if _, p, _ = tc.copy("pw", time.Second); p.Warning != nil {
		t.Fatalf("warning %v on a recorded copy", p.Warning)
	}
}
