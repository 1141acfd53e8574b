package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/passtea/passtea/ui/clipboard"
)

// TestClipboardX11 copies to a real X11 clipboard (Xvfb and xclip, installed
// by .ci/deps) and lets the real clearing process, this binary
// re-executed, clear it.
func TestClipboardX11(t *testing.T) {
	for _, tool := range []string{"xclip", "Xvfb"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not found: install xclip and xvfb (.ci/deps) to run the X11 clipboard test", tool)
		}
	}
	if os.Getenv("WAYLAND_DISPLAY") != "" {
		// atotto picked wl-copy when this process started: the copy would
		// go to the desktop's clipboard, not Xvfb's.
		t.Skip("WAYLAND_DISPLAY is set: run with WAYLAND_DISPLAY= to use Xvfb")
	}
	startXvfb(t)
	for _, k := range []string{"SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"} {
		t.Setenv(k, "")
	}
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	// A clearer built with -race would sleep a second before exiting.
	t.Setenv("GORACE", strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))

	c := clipboard.NewCopier(os.Getenv)
	c.OpenTerminal = func() (*os.File, error) { return nil, errors.New("no terminal in this test") }
	var procs []*os.Process
	c.StartClearer = selfClearer(t, &procs)

	copyPW := func(value string, after time.Duration) *os.Process {
		t.Helper()
		p, err := c.Copy(value, after)
		if err != nil {
			t.Fatal(err)
		}
		if msg := p.Message(); msg != "copied to the system clipboard; clears in "+clipboard.FormatDelay(after) {
			t.Fatalf("message %q", msg)
		}
		return procs[len(procs)-1]
	}

	t.Run("cleared after the delay", func(t *testing.T) {
		secret := "x11-" + randomHex(t)
		proc := copyPW(secret, time.Second)
		if got := xclipRead(t); got != secret {
			t.Fatalf("clipboard holds %q, want the password", got)
		}
		checkNoSecretExposed(t, proc, secret)
		waitExit(t, proc, 10*time.Second)
		if got := xclipRead(t); got != "" {
			t.Fatalf("after the delay the clipboard holds %q", got)
		}
	})

	t.Run("the user's copy survives", func(t *testing.T) {
		secret := "x11-" + randomHex(t)
		start := time.Now()
		proc := copyPW(secret, 2*time.Second)
		xclipWrite(t, "something the user copied")
		if time.Since(start) > 1500*time.Millisecond {
			// The clear may have read the clipboard before the user's
			// copy landed: the race the package documents, not a bug.
			t.Skip("the machine is too loaded to copy before the clear")
		}
		waitExit(t, proc, 10*time.Second)
		if got := xclipRead(t); got != "something the user copied" {
			t.Fatalf("the user's copy became %q", got)
		}
	})

	t.Run("a second copy restarts the clock", func(t *testing.T) {
		secret := "x11-" + randomHex(t)
		start := time.Now()
		first := copyPW(secret, 2*time.Second)
		time.Sleep(400 * time.Millisecond)
		second := copyPW(secret, 3*time.Second)
		if time.Since(start) > 1500*time.Millisecond {
			// The first clear may have looked before the second copy
			// was recorded: the window the package documents.
			t.Skip("the machine is too loaded to copy twice before the first clear")
		}
		waitExit(t, first, 10*time.Second)
		if got := xclipRead(t); got != secret {
			t.Fatalf("the first clear wiped the second copy: clipboard %q", got)
		}
		waitExit(t, second, 10*time.Second)
		if got := xclipRead(t); got != "" {
			t.Fatalf("after the second delay the clipboard holds %q", got)
		}
	})
}

// startXvfb starts an X server on a free display for this test and points
// DISPLAY at it.
func startXvfb(t *testing.T) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ctx, cancel := context.WithCancel(context.Background())
	// A display number of its own, far from :0 and from the other tests'
	// servers (in this process and in the other packages' test processes
	// running at once): a server that is shutting down removes its
	// socket's file, and one that had just taken the same number over lost
	// it ("Can't open display :0" in CI). Taken, it fails, and the test
	// skips; -displayfd says when it takes connections.
	display := strconv.Itoa(100 + rand.IntN(30000))
	cmd := exec.CommandContext(ctx, "Xvfb", ":"+display, "-displayfd", "3", "-nolisten", "tcp", "-screen", "0", "320x240x24")
	cmd.ExtraFiles = []*os.File{w}
	// Stopped with SIGTERM, so that it removes its lock file and socket
	// for the next test's server; killed if it does not end in 5 s.
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 5 * time.Second
	// No Pdeathsig: it is sent when the OS thread that started the server
	// ends, which Go's runtime may do at any time, and the server would
	// vanish in the middle of the test. The cleanup stops it.
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		w.Close()
		cancel()
		t.Skipf("cannot start Xvfb: %v", err)
	}
	w.Close()
	t.Cleanup(func() { cancel(); cmd.Wait() })
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(r).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	select {
	case n := <-line:
		if n == "" {
			t.Skipf("Xvfb did not start: %s", stderr.String())
		}
		if !waitForX(":" + n) {
			t.Skipf("Xvfb reported display :%s but takes no connection: %s", n, stderr.String())
		}
		t.Setenv("DISPLAY", ":"+n)
	case <-time.After(10 * time.Second):
		t.Skipf("Xvfb did not report a display: %s", stderr.String())
	}
}

// waitForX waits until an X client can open display (Xvfb may report its
// display a moment before it takes connections on a loaded machine), at
// most 10 s; it reports whether one could.
func waitForX(display string) bool {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		cmd := exec.CommandContext(ctx, "xclip", "-out", "-selection", "primary")
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		cmd.Run()
		answered := ctx.Err() == nil
		cancel()
		if answered && !strings.Contains(stderr.String(), "Can't open display") {
			return true
		}
	}
	return false
}

func xclipRead(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("xclip", "-out", "-selection", "clipboard").Output()
	if err != nil {
		// xclip fails when nothing owns the clipboard: that is empty too.
		return ""
	}
	return string(out)
}

func xclipWrite(t *testing.T, s string) {
	t.Helper()
	cmd := exec.Command("xclip", "-in", "-selection", "clipboard")
	cmd.Stdin = strings.NewReader(s)
	// No pipes for its output: xclip stays in the background to serve the
	// selection, and would hold them open.
	if err := cmd.Run(); err != nil {
		t.Fatalf("xclip: %v", err)
	}
}
