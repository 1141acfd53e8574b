package main

// The app in a real terminal: passtea (this test binary, running main's
// code) in tmux, with a real X11 clipboard (Xvfb and xclip). These are the
// promises only a real process can check: a copy is cleared on time even
// when the app is killed with SIGKILL, at once when its terminal closes
// (SIGHUP) or it gets SIGTERM; and the way to the clipboard is decided on
// every copy, so tmux's set-clipboard turned on or off while the app runs
// counts from the next copy.
//
// They skip where tmux, Xvfb or xclip is missing (.ci/deps
// installs them).

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/passtea/passtea/ui/cli"
	"github.com/passtea/passtea/vault"
)

// runMainEnv makes this test binary run passtea's main instead of the
// tests: the app in tmux, and the detached clearer it starts.
const runMainEnv = "PASSTEA_TEST_RUN_MAIN"

func init() {
	if os.Getenv(runMainEnv) == "1" {
		os.Exit(cli.Main(os.Args[1:]))
	}
}

const termMaster = "tea kettle lantern orbit 9 walrus"

// termSession is passtea running in a tmux session of its own server.
type termSession struct {
	t    *testing.T
	sock string
	log  string // what xclip said
}

// need skips the test unless the tools are installed.
func need(t *testing.T, tools ...string) {
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not found (.ci/deps installs it)", tool)
		}
	}
}

// termVault makes a vault with one entry, whose copies clear after delay.
func termVault(t *testing.T, delay time.Duration) (path, password string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "vault.passtea")
	kdf := vault.KDFSettings{Params: vault.KDFParams{MemoryKiB: 8 << 10, Iterations: 1, Parallelism: 1}, Explicit: true}
	v, _, err := vault.Create(path, vault.NewVault{Credentials: vault.Credentials{Password: []byte(termMaster)}, KDF: kdf}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Lock()
	password = "term-Secret-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	if _, err := v.Add(vault.NewEntry{Name: "github", Username: "octocat", Secret: vault.Secret{Password: password}}); err != nil {
		t.Fatal(err)
	}
	if err := v.SetSetting("tui.clipboard-clear", delay.String()); err != nil {
		t.Fatal(err)
	}
	return path, password
}

// startTerm runs passtea on the vault at path in a new tmux server, in a
// window of 80×24, with env added to what this test runs with.
func startTerm(t *testing.T, path string, env ...string) *termSession {
	t.Helper()
	s := &termSession{t: t, sock: filepath.Join(t.TempDir(), "tmux.sock")}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	// xclip through a wrapper that keeps its complaints, for the failure
	// messages (passtea's clipboard library drops them).
	bin := t.TempDir()
	s.log = filepath.Join(bin, "xclip.log")
	if real, err := exec.LookPath("xclip"); err == nil {
		wrapper := "#!/bin/sh\nexec " + real + ` "$@" 2>>` + s.log + "\n"
		if err := os.WriteFile(filepath.Join(bin, "xclip"), []byte(wrapper), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	run := append([]string{"env", runMainEnv + "=1", "HOME=" + home, "XDG_RUNTIME_DIR=" + home, "TERM=xterm-256color",
		"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH")}, env...)
	run = append(run, exe, "--vault", path)
	args := []string{"-S", s.sock, "-f", "/dev/null", "new-session", "-d", "-x", "80", "-y", "24", strings.Join(quoteAll(run), " ")}
	if out, err := exec.Command("tmux", args...).CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v: %s", err, out)
	}
	pid := s.pid()
	t.Cleanup(func() {
		exec.Command("tmux", "-S", s.sock, "kill-server").Run()
		// passtea clears and records as it ends: let it finish before its
		// directories are removed.
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && !gone(pid); {
			time.Sleep(20 * time.Millisecond)
		}
	})
	// When passtea dies, its pane stays (and with it what passtea started
	// in its session, such as the xclip that serves the clipboard): only
	// passtea's own clear may empty the clipboard.
	s.tmux("set-option", "-g", "remain-on-exit", "on")
	return s
}

func quoteAll(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return out
}

// tmux runs a tmux command on the session's server.
func (s *termSession) tmux(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", s.sock}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v: %s", args, err, out)
	}
	return string(out)
}

// keys types keys into the app (tmux key names: Enter, Escape, C-c).
func (s *termSession) keys(keys ...string) {
	s.t.Helper()
	s.tmux(append([]string{"send-keys", "-t", "0"}, keys...)...)
}

// text types text literally.
func (s *termSession) text(text string) {
	s.t.Helper()
	s.tmux("send-keys", "-t", "0", "-l", text)
}

// screen is what the pane shows.
func (s *termSession) screen() string {
	out, _ := exec.Command("tmux", "-S", s.sock, "capture-pane", "-p", "-t", "0").Output()
	return string(out)
}

// waitScreen waits until the pane shows every one of texts.
func (s *termSession) waitScreen(texts ...string) {
	s.t.Helper()
	eventually(s.t, 20*time.Second, "the screen to show "+strings.Join(texts, ", "), func() bool {
		sc := s.screen()
		for _, text := range texts {
			if !strings.Contains(sc, text) {
				return false
			}
		}
		return true
	}, s.screen)
}

// gone reports whether the process pid has ended (a zombie has).
func gone(pid int) bool {
	st, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	return err != nil || strings.Contains(string(st), ") Z ")
}

// pid is the process id of passtea in the pane.
func (s *termSession) pid() int {
	s.t.Helper()
	pid, err := strconv.Atoi(strings.TrimSpace(s.tmux("display-message", "-p", "-t", "0", "#{pane_pid}")))
	if err != nil {
		s.t.Fatal(err)
	}
	return pid
}

// unlockAndCopy unlocks the vault and copies the password of its entry.
func (s *termSession) unlockAndCopy() {
	s.t.Helper()
	s.waitScreen("Unlock your vault")
	s.text(termMaster)
	s.keys("Enter")
	s.waitScreen("1 entry")
	s.keys("c")
}

// eventually waits until ok, checking every 20 ms, and fails the test with
// what state says after within.
func eventually(t *testing.T, within time.Duration, what string, ok func() bool, state func() string) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s; now:\n%s", within, what, state())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// startXvfb starts an X server on a free display for this test and
// returns DISPLAY.
func startXvfb(t *testing.T) string {
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
		return ":" + n
	case <-time.After(10 * time.Second):
		t.Skipf("Xvfb did not report a display: %s", stderr.String())
	}
	return ""
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

// xclipLog is what xclip said to passtea.
func (s *termSession) xclipLog() string {
	b, _ := os.ReadFile(s.log)
	return "\nxclip said: " + string(b)
}

// xdiag says whether the X server of display takes a copy now.
func xdiag(display string) string {
	cmd := exec.Command("xclip", "-in", "-selection", "primary")
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	cmd.Stdin = strings.NewReader("probe")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	// xclip forks to serve the selection, and its child holds stderr open.
	cmd.WaitDelay = time.Second
	err := cmd.Run()
	return fmt.Sprintf("\nxclip on %s now: %v %s", display, err, stderr.String())
}

// clipboardOf reads the X11 clipboard of display; "?" when the owner does
// not answer in time.
func clipboardOf(display string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "xclip", "-out", "-selection", "clipboard")
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	cmd.WaitDelay = time.Second
	out, err := cmd.Output()
	switch {
	case ctx.Err() != nil:
		return "?"
	case err != nil:
		return "" // nothing owns the clipboard: empty
	}
	return string(out)
}

// takeOver does what a clipboard manager does: it takes the clipboard's
// content over from its owner, so that it outlives passtea and the xclip
// passtea started (which dies with passtea's session). Only a clear that
// recognises the value empties it then.
func takeOver(t *testing.T, display string) {
	t.Helper()
	value := clipboardOf(display)
	cmd := exec.Command("xclip", "-in", "-selection", "clipboard")
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	cmd.Stdin = strings.NewReader(value)
	// No pipes for its output: xclip stays in the background to serve the
	// selection, and would hold them open.
	if err := cmd.Run(); err != nil {
		t.Fatalf("xclip: %v", err)
	}
}

// TestCopyClearedAfterSIGKILL: the app's copy is cleared at its deadline by
// the detached clearer, though the app was killed with SIGKILL right after
// the copy.
func TestCopyClearedAfterSIGKILL(t *testing.T) {
	need(t, "tmux", "Xvfb", "xclip")
	display := startXvfb(t)
	path, pw := termVault(t, 2*time.Second)
	s := startTerm(t, path, "DISPLAY="+display, "GORACE=atexit_sleep_ms=0")
	s.unlockAndCopy()
	eventually(t, 20*time.Second, "the copy", func() bool { return clipboardOf(display) == pw }, func() string { return s.screen() + s.xclipLog() + xdiag(display) })
	copied := time.Now()
	takeOver(t, display)
	pid := s.pid()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	eventually(t, 20*time.Second, "passtea to die", func() bool { return gone(pid) }, s.screen)
	if got := clipboardOf(display); got != pw && time.Since(copied) < 1500*time.Millisecond {
		t.Fatalf("right after the kill the clipboard holds %q", got)
	}
	eventually(t, 30*time.Second, "the detached clearer", func() bool { return clipboardOf(display) == "" },
		func() string { return "clipboard: " + clipboardOf(display) })
	if since := time.Since(copied); since < 1500*time.Millisecond {
		t.Errorf("cleared %v after the copy, before its deadline", since)
	}
}

// TestCopyClearedWhenTheTerminalCloses: closing the terminal (SIGHUP to the
// app), SIGTERM or SIGQUIT clears the copy at once, long before its
// deadline.
func TestCopyClearedWhenTheTerminalCloses(t *testing.T) {
	need(t, "tmux", "Xvfb", "xclip")
	display := startXvfb(t)
	for _, how := range []string{"SIGHUP", "SIGTERM", "SIGQUIT"} {
		t.Run(how, func(t *testing.T) {
			// The deadline is far (the clear must come from the signal),
			// but not so far that the detached clearers of the tests
			// stay around for long.
			path, pw := termVault(t, time.Minute)
			s := startTerm(t, path, "DISPLAY="+display, "GORACE=atexit_sleep_ms=0")
			s.unlockAndCopy()
			eventually(t, 20*time.Second, "the copy", func() bool { return clipboardOf(display) == pw }, func() string { return s.screen() + s.xclipLog() + xdiag(display) })
			takeOver(t, display)
			sig := map[string]syscall.Signal{"SIGHUP": syscall.SIGHUP, "SIGTERM": syscall.SIGTERM, "SIGQUIT": syscall.SIGQUIT}[how]
			if err := syscall.Kill(s.pid(), sig); err != nil {
				t.Fatal(err)
			}
			eventually(t, 30*time.Second, "the clear on "+how, func() bool { return clipboardOf(display) == "" },
				func() string {
					ps, _ := exec.Command("ps", "-eo", "pid,ppid,pgid,sid,stat,lstart,cmd").Output()
					return "clipboard: " + clipboardOf(display) + "\nscreen:\n" + s.screen() + "\n" + string(ps)
				})
		})
	}
}

// TestTmuxSetClipboardPerCopy: without a system clipboard the copy goes to
// tmux by OSC 52. With set-clipboard off tmux would drop it, and the app
// says so instead of claiming a copy; turned on while the app runs, the
// next copy reaches tmux (its paste buffer holds it) and the clear deletes
// that buffer; turned off again, the next copy is refused again.
func TestTmuxSetClipboardPerCopy(t *testing.T) {
	need(t, "tmux")
	path, pw := termVault(t, time.Minute)
	s := startTerm(t, path, "DISPLAY=", "WAYLAND_DISPLAY=")
	s.tmux("set-option", "-g", "set-clipboard", "off")
	s.tmux("set-option", "-g", "allow-passthrough", "off")
	s.unlockAndCopy()
	s.waitScreen("copy failed", "tmux drops OSC 52")

	s.tmux("set-option", "-g", "set-clipboard", "on")
	s.keys("c")
	s.waitScreen("copied password of github")
	eventually(t, 10*time.Second, "a tmux buffer with the password", func() bool {
		return strings.Contains(s.tmux("list-buffers", "-F", "#{buffer_sample}"), pw)
	}, s.screen)

	s.tmux("set-option", "-g", "set-clipboard", "off")
	s.keys("c")
	s.waitScreen("copy failed")

	s.keys("L") // the lock clears: the buffer goes
	s.waitScreen("Unlock your vault")
	eventually(t, 10*time.Second, "the buffer to go", func() bool {
		out, _ := exec.Command("tmux", "-S", s.sock, "list-buffers", "-F", "#{buffer_sample}").Output()
		return !strings.Contains(string(out), pw)
	}, s.screen)
}
