package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/passtea/passtea/ui/clipboard"
)

// The clearing process of the tests below is this test binary, re-executed
// as passtea re-executes itself: started with the hidden command as its
// only argument, it runs as passtea would.
func init() {
	if len(os.Args) == 2 && os.Args[1] == clipboard.ClearerCommand {
		os.Exit(Main(os.Args[1:]))
	}
}

// selfClearer starts this test binary as the clearer, and keeps each
// process for the test to wait on.
func selfClearer(t *testing.T, procs *[]*os.Process) func(clipboard.Ticket, *os.File) (*os.Process, error) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return func(tk clipboard.Ticket, tty *os.File) (*os.Process, error) {
		p, err := clipboard.StartClearer(exe, []string{clipboard.ClearerCommand}, tk, tty)
		if p != nil {
			*procs = append(*procs, p)
		}
		return p, err
	}
}

func TestClipClearCommandIsHidden(t *testing.T) {
	var out bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &out, getenv: func(string) string { return "" }, stdinIsTerminal: func() bool { return false }}
	root := newRootCmd(e)
	c, _, err := root.Find([]string{clipboard.ClearerCommand})
	if err != nil || c.Name() != clipboard.ClearerCommand || !c.Hidden {
		t.Fatalf("command %v hidden=%v: %v", c.Name(), c.Hidden, err)
	}
	root.SetArgs([]string{"--help"})
	root.SetOut(&out)
	root.Execute()
	if strings.Contains(out.String(), clipboard.ClearerCommand) {
		t.Error("help lists the hidden command")
	}
}

func clipClearEnv(stdin io.Reader, terminal bool) *env {
	return &env{stdin: stdin, stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }, stdinIsTerminal: func() bool { return terminal }}
}

func TestRunClipClear(t *testing.T) {
	fp, _ := clipboard.NewFingerprint("pw")
	tk := clipboard.Ticket{Deadline: time.Now().Add(-time.Second), Method: clipboard.MethodSystem, Fingerprint: fp}
	b, _ := tk.MarshalBinary()
	mem := &clipboard.Memory{}
	mem.Write("pw")
	if err := runClipClear(clipClearEnv(bytes.NewReader(b), false), mem, nil); err != nil {
		t.Fatal(err)
	}
	if s, _ := mem.Read(); s != "" {
		t.Errorf("clipboard %q", s)
	}

	tk.Method = clipboard.MethodOSC52
	b, _ = tk.MarshalBinary()
	var tty bytes.Buffer
	if err := runClipClear(clipClearEnv(bytes.NewReader(b), false), nil, func() io.Writer { return &tty }); err != nil {
		t.Fatal(err)
	}
	if tty.String() != "\x1b]52;c;\a" {
		t.Errorf("terminal got %q", tty.String())
	}

	var u *usageError
	if err := runClipClear(clipClearEnv(strings.NewReader(""), true), mem, nil); !errors.As(err, &u) {
		t.Errorf("from a terminal: %v", err)
	}
	if err := runClipClear(clipClearEnv(strings.NewReader("hunter2"), false), mem, nil); err == nil {
		t.Error("garbage ticket accepted")
	}
}

// waitExit waits for the clearing process, and fails the test if it does
// not end in time or ends badly.
func waitExit(t *testing.T, p *os.Process, within time.Duration) {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		st, err := p.Wait()
		if err == nil && !st.Success() {
			err = fmt.Errorf("clearer: %v", st)
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(within):
		p.Kill()
		t.Fatalf("clearer still running after %v", within)
	}
}

// checkNoSecretExposed checks that the clearer, once it has exec'd, has the
// secret neither in its arguments nor in its environment, and runs in a
// session of its own.
func checkNoSecretExposed(t *testing.T, p *os.Process, secret string) {
	t.Helper()
	if runtime.GOOS != "linux" {
		return
	}
	dir := fmt.Sprintf("/proc/%d", p.Pid)
	var cmdline []byte
	for deadline := time.Now().Add(5 * time.Second); ; {
		cmdline, _ = os.ReadFile(dir + "/cmdline")
		if bytes.Contains(cmdline, []byte(clipboard.ClearerCommand)) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("clearer never ran %s: cmdline %q", clipboard.ClearerCommand, cmdline)
		}
		time.Sleep(5 * time.Millisecond)
	}
	environ, err := os.ReadFile(dir + "/environ")
	if err != nil {
		t.Fatal(err)
	}
	if len(environ) == 0 {
		t.Fatal("empty environment read: cannot check it")
	}
	if bytes.Contains(cmdline, []byte(secret)) || bytes.Contains(environ, []byte(secret)) {
		t.Fatal("the secret is in the clearer's command line or environment")
	}
	stat, _ := os.ReadFile(dir + "/stat")
	fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
	if len(fields) < 4 || fields[3] != fmt.Sprint(p.Pid) {
		t.Errorf("clearer is not a session leader: stat %q", stat)
	}
}

// TestClipClearReexecOSC52 runs the whole OSC 52 path with the real
// re-exec, a file standing in for the terminal.
func TestClipClearReexecOSC52(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the terminal cannot be handed over on Windows")
	}
	c, _ := testCopier(t)
	c.Env.LookPath = func(string) (string, error) { return "", errors.New("no tools") }
	tty := filepath.Join(t.TempDir(), "tty")
	c.OpenTerminal = func() (*os.File, error) { return os.OpenFile(tty, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600) }
	var procs []*os.Process
	c.StartClearer = selfClearer(t, &procs)
	t.Setenv("GORACE", strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	secret := "osc52-" + randomHex(t)
	p, err := c.Copy(secret, 300*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if len(procs) != 1 {
		t.Fatal("no clearer")
	}
	if msg := p.Message(); !strings.HasPrefix(msg, "sent to your terminal's clipboard (OSC 52)") {
		t.Errorf("message %q", msg)
	}
	checkNoSecretExposed(t, procs[0], secret)
	waitExit(t, procs[0], 10*time.Second)
	want := clipboard.Terminal{}.SetSequence(secret) + clipboard.Terminal{}.ClearSequence()
	if got, _ := os.ReadFile(tty); string(got) != want {
		t.Errorf("terminal got %q, want %q", got, want)
	}
}

func randomHex(t *testing.T) string {
	fp, err := clipboard.NewFingerprint("")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := fp.MarshalBinary()
	return fmt.Sprintf("%x", b[:12])
}
