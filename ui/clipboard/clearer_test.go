package clipboard

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func newTicket(t *testing.T, value string, m Method) Ticket {
	t.Helper()
	fp, err := NewFingerprint(value)
	if err != nil {
		t.Fatal(err)
	}
	return Ticket{Deadline: time.Unix(1700000000, 5), Method: m, Fingerprint: fp}
}

func TestTicketRoundTrip(t *testing.T) {
	tk := newTicket(t, "round-trip-secret", MethodOSC52)
	tk.CopyID = CopyID{1, 2, 3}
	tk.LastCopyPath = "/run/user/1000/passtea/last-copy"
	tk.Terminal = Terminal{Mux: Tmux, TmuxSetClipboard: true}
	b, err := tk.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte("round-trip-secret")) {
		t.Fatal("ticket holds the value")
	}
	got, err := ReadTicket(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if !got.Deadline.Equal(tk.Deadline) || got.Method != tk.Method || got.CopyID != tk.CopyID ||
		got.LastCopyPath != tk.LastCopyPath || got.Terminal != tk.Terminal || !got.Fingerprint.Matches("round-trip-secret") {
		t.Errorf("round trip: got %+v, want %+v", got, tk)
	}

	sys := newTicket(t, "x", MethodSystem)
	b, _ = sys.MarshalBinary()
	got, err = ReadTicket(bytes.NewReader(b))
	if err != nil || !got.CopyID.IsZero() || got.Method != MethodSystem {
		t.Errorf("system ticket without copy id: %+v, %v", got, err)
	}
}

func TestTicketStrict(t *testing.T) {
	good := newTicket(t, "x", MethodSystem)
	b, _ := good.MarshalBinary()
	var m map[string]any
	json.Unmarshal(b, &m)
	edit := func(k string, v any) []byte {
		c := map[string]any{}
		for k, v := range m {
			c[k] = v
		}
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
		out, _ := json.Marshal(c)
		return out
	}
	bad := map[string][]byte{
		"empty":          nil,
		"not json":       []byte("hunter2"),
		"unknown field":  edit("value", "hunter2"),
		"version 2":      edit("v", 2),
		"no version":     edit("v", nil),
		"unknown method": edit("method", "carrier-pigeon"),
		"no deadline":    edit("deadline_unix_nano", nil),
		"short print":    edit("fingerprint", "AAAA"),
		"bad copy id":    edit("copy_id", "AAAA"),
		"bad mux":        edit("mux", 9),
		"trailing":       append(append([]byte{}, b...), []byte(` {}`)...),
		"too long":       append(append([]byte{}, b...), bytes.Repeat([]byte(" "), maxTicketSize)...),
	}
	for name, in := range bad {
		if _, err := ReadTicket(bytes.NewReader(in)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := (Ticket{Method: MethodSystem}).MarshalBinary(); err == nil {
		t.Error("ticket without fingerprint marshalled")
	}
}

func TestWaitUntilGoesByTheWallClock(t *testing.T) {
	start := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	now := start
	var slept []time.Duration
	sleep := func(d time.Duration) {
		slept = append(slept, d)
		if len(slept) == 2 {
			now = now.Add(time.Hour) // the machine was suspended
		}
		now = now.Add(d)
	}
	waitUntil(start.Add(20*time.Second), func() time.Time { return now }, sleep)
	if len(slept) != 2 || slept[0] != time.Second {
		t.Errorf("slept %v: want two steps of at most a second, then done", slept)
	}
	slept = nil
	waitUntil(start, func() time.Time { return now }, sleep)
	if len(slept) != 0 {
		t.Errorf("past deadline: slept %v", slept)
	}
}

func TestTicketClearSystem(t *testing.T) {
	last := LastCopy{Path: filepath.Join(t.TempDir(), "p", "last-copy")}
	cb := &Memory{}

	// Unchanged: cleared.
	tk := newTicket(t, "pw1", MethodSystem)
	cb.Write("pw1")
	if ok, err := tk.Clear(cb, nil); !ok || err != nil {
		t.Fatalf("unchanged: %v, %v", ok, err)
	}
	if s, _ := cb.Read(); s != "" {
		t.Fatalf("left %q", s)
	}

	// The user copied something else: kept.
	cb.Write("user text")
	if ok, err := tk.Clear(cb, nil); ok || err != nil {
		t.Fatalf("changed: %v, %v", ok, err)
	}
	if s, _ := cb.Read(); s != "user text" {
		t.Fatalf("user text lost: %q", s)
	}

	// The same value copied twice: the first clear leaves it to the second.
	first := newTicket(t, "same", MethodSystem)
	first.LastCopyPath = last.Path
	first.CopyID, _ = last.Record()
	cb.Write("same")
	second := newTicket(t, "same", MethodSystem)
	second.LastCopyPath = last.Path
	second.CopyID, _ = last.Record()
	cb.Write("same")
	if ok, _ := first.Clear(cb, nil); ok {
		t.Fatal("the first clear wiped the second copy")
	}
	if s, _ := cb.Read(); s != "same" {
		t.Fatalf("clipboard %q", s)
	}
	if ok, err := second.Clear(cb, nil); !ok || err != nil {
		t.Fatalf("second clear: %v, %v", ok, err)
	}

	// The record is gone (tmp cleaned): the fingerprint alone decides.
	os.Remove(last.Path)
	cb.Write("same")
	if ok, err := first.Clear(cb, nil); !ok || err != nil {
		t.Fatalf("without record: %v, %v", ok, err)
	}
}

func TestTicketClearOSC52(t *testing.T) {
	last := LastCopy{Path: filepath.Join(t.TempDir(), "p", "last-copy")}
	tk := newTicket(t, "pw", MethodOSC52)
	tk.LastCopyPath = last.Path
	tk.CopyID, _ = last.Record()

	var tty bytes.Buffer
	if ok, err := tk.Clear(nil, &tty); !ok || err != nil {
		t.Fatalf("clear: %v, %v", ok, err)
	}
	if tty.String() != "\x1b]52;c;\a" {
		t.Errorf("wrote %q", tty.String())
	}

	// A newer passtea copy: nothing is sent.
	last.Record()
	tty.Reset()
	if ok, _ := tk.Clear(nil, &tty); ok || tty.Len() != 0 {
		t.Errorf("after a newer copy: cleared %v, wrote %q", ok, tty.String())
	}

	if _, err := newTicket(t, "pw", MethodOSC52).Clear(nil, nil); err == nil {
		t.Error("no terminal: no error")
	}
}

func TestTicketClearOSC52TmuxBuffers(t *testing.T) {
	tk := newTicket(t, "pw", MethodOSC52)
	tk.Terminal = Terminal{Mux: Tmux, TmuxSetClipboard: true}
	var calls []string
	run := fakeTmux(map[string]string{
		"list-buffers -F #{buffer_name}": "buffer0\n",
		"show-buffer -b buffer0":         "pw",
		"delete-buffer -b buffer0":       "",
	}, &calls)
	var tty bytes.Buffer
	if ok, err := tk.clear(nil, &tty, run); !ok || err != nil {
		t.Fatalf("clear: %v, %v", ok, err)
	}
	if calls[len(calls)-1] != "delete-buffer -b buffer0" {
		t.Errorf("tmux calls %q", calls)
	}
}

// TestStartClearer starts this test binary as the clearer (see
// TestClearerHelper) and checks what it was given: the ticket on stdin, the
// terminal as descriptor 3, a session of its own, the root as working
// directory, and no secret in its arguments or environment.
func TestStartClearer(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	const secret = "start-clearer-secret"
	out := filepath.Join(t.TempDir(), "report")
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	t.Setenv("PASSTEA_CLEARER_HELPER", "1")
	tk := newTicket(t, secret, MethodOSC52)
	proc, err := StartClearer(os.Args[0], []string{"-test.run=^TestClearerHelper$"}, tk, f)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan *os.ProcessState, 1)
	go func() { st, _ := proc.Wait(); done <- st }()
	select {
	case st := <-done:
		if !st.Success() {
			t.Fatalf("helper: %v", st)
		}
	case <-time.After(20 * time.Second):
		proc.Kill()
		t.Fatal("helper did not finish")
	}
	report, _ := os.ReadFile(out)
	const want = "session leader true, cwd /, method osc52, matches true, secret in argv/env false\n"
	if string(report) != want {
		t.Errorf("helper reported %q, want %q", report, want)
	}
}

// TestClearerHelper is the clearer of TestStartClearer; it does nothing in a
// normal run.
func TestClearerHelper(t *testing.T) {
	if os.Getenv("PASSTEA_CLEARER_HELPER") != "1" {
		t.Skip("helper process for TestStartClearer")
	}
	tk, err := ReadTicket(os.Stdin)
	if err != nil {
		t.Fatal(err)
	}
	sid, _ := getsid()
	cwd, _ := os.Getwd()
	cmdline, _ := os.ReadFile("/proc/self/cmdline")
	environ, _ := os.ReadFile("/proc/self/environ")
	leak := strings.Contains(string(cmdline)+string(environ), "start-clearer-secret")
	tty := os.NewFile(3, "terminal")
	fmt.Fprintf(tty, "session leader %v, cwd %s, method %v, matches %v, secret in argv/env %v\n",
		sid == os.Getpid(), cwd, tk.Method, tk.Fingerprint.Matches("start-clearer-secret"), leak)
	io.WriteString(os.Stdout, "") // stdout is the null device; writing must not fail the helper
}

func getsid() (int, error) {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0, err
	}
	// pid (comm) state ppid pgrp session ...; comm may hold spaces.
	rest := string(b[bytes.LastIndexByte(b, ')')+2:])
	var state string
	var ppid, pgrp, sid int
	_, err = fmt.Sscan(rest, &state, &ppid, &pgrp, &sid)
	return sid, err
}

// flakyClipboard fails its first reads, as an owner that does not answer
// in time makes xclip fail.
type flakyClipboard struct {
	Memory
	fails int
}

func (f *flakyClipboard) Read() (string, error) {
	if f.fails > 0 {
		f.fails--
		return "", errors.New("read system clipboard: exit status 1")
	}
	return f.Memory.Read()
}

// TestClearPatientlyRetriesReads: a clipboard that cannot be read at first is
// still cleared; one that never can be gives up after clearRetry.
func TestClearPatientlyRetriesReads(t *testing.T) {
	fp, _ := NewFingerprint("pw")
	tk := Ticket{Deadline: time.Now().Add(-time.Second), Method: MethodSystem, Fingerprint: fp}
	cb := &flakyClipboard{fails: 3}
	cb.Write("pw")
	var slept time.Duration
	sleep := func(d time.Duration) { slept += d }
	if err := tk.clearRetrying(cb, nil, sleep); err != nil {
		t.Fatal(err)
	}
	if s, _ := cb.Memory.Read(); s != "" || slept != 750*time.Millisecond {
		t.Errorf("clipboard %q after sleeping %v", s, slept)
	}
	cb, slept = &flakyClipboard{fails: 1 << 30}, 0
	cb.Write("pw")
	if err := tk.clearRetrying(cb, nil, sleep); err == nil || slept != clearRetry {
		t.Errorf("an unreadable clipboard: %v after sleeping %v", err, slept)
	}
}
