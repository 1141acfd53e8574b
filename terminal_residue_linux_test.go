package main

// What passtea leaves in a real terminal (tmux): stored text does not drive
// it (`passtea get` of a password holding OSC 2, the window title, and
// OSC 52, the clipboard, neither sets the pane's title nor creates a tmux
// buffer, where the same bytes printed raw do both, so the test can tell),
// and the app leaves no revealed password behind on a terminal without an
// alternate screen.

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runInTmux runs argv (this test binary as passtea when it starts with
// "passtea") in a fresh tmux server with set-clipboard on, waits until the
// pane shows done, and returns the pane's title, tmux's paste buffers and
// the screen. argv should not end at once after printing done (the
// callers sleep): output of a process that exits before tmux reads its
// terminal can be lost, and the pane then shows nothing.
func runInTmux(t *testing.T, argv []string, done string) (title, buffers, screen string) {
	t.Helper()
	dir := t.TempDir()
	sock := filepath.Join(dir, "tmux.sock")
	conf := filepath.Join(dir, "tmux.conf")
	if err := os.WriteFile(conf, []byte("set-option -g set-clipboard on\nset-option -g remain-on-exit on\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tm := func(args ...string) string {
		t.Helper()
		out, err := exec.Command("tmux", append([]string{"-S", sock}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v: %s", args, err, out)
		}
		return string(out)
	}
	tm("-f", conf, "new-session", "-d", "-x", "100", "-y", "10", strings.Join(quoteAll(argv), " "))
	t.Cleanup(func() { exec.Command("tmux", "-S", sock, "kill-server").Run() })
	shot := func() string {
		out, _ := exec.Command("tmux", "-S", sock, "capture-pane", "-p", "-S", "-", "-t", "0").Output()
		return string(out)
	}
	eventually(t, 20*time.Second, "the pane to show "+done, func() bool { return strings.Contains(shot(), done) }, shot)
	title = strings.TrimSpace(tm("display-message", "-p", "-t", "0", "#{pane_title}"))
	out, _ := exec.Command("tmux", "-S", sock, "list-buffers", "-F", "#{buffer_sample}").Output()
	return title, string(out), shot()
}

func TestGetDoesNotDriveTheTerminal(t *testing.T) {
	need(t, "tmux")
	b, err := os.ReadFile(filepath.Join("ui", "cli", "testdata", "hostile-v1.passtea"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "vault.passtea")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	pwFile := filepath.Join(dir, "master.txt")
	if err := os.WriteFile(pwFile, []byte("correct horse battery staple\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	stored := "pw-\x1b]2;pwned\x07-\x1b]52;c;cHduZWQ=\x07-end"

	// The control: the stored bytes, printed raw, do what the attacker
	// wants here.
	rawFile := filepath.Join(dir, "raw")
	if err := os.WriteFile(rawFile, []byte(stored+"\nDONE\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	title, buffers, _ := runInTmux(t, []string{"sh", "-c", strings.Join(quoteAll([]string{"cat", rawFile}), " ") + "; exec sleep 60"}, "DONE")
	if title != "pwned" || !strings.Contains(buffers, "pwned") {
		t.Fatalf("the raw bytes did not set the title (%q) and a buffer (%q): the test cannot tell", title, buffers)
	}

	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"get", "work/github"}, {"history", "work/github"}, {"ls"}, {"get", "work/github", "--field", "username"}} {
		sh := strings.Join(quoteAll(append([]string{"env", runMainEnv + "=1", "HOME=" + dir, exe, "--vault", path, "--password-file", pwFile}, args...)), " ")
		title, buffers, screen := runInTmux(t, []string{"sh", "-c", sh + "; echo DONE; exec sleep 60"}, "DONE")
		if title == "pwned" || title == "ls" || strings.Contains(buffers, "pwned") {
			t.Errorf("passtea %v drove the terminal: title %q, buffers %q\n%s", args, title, buffers, screen)
		}
		if args[0] == "get" && len(args) == 2 && !strings.Contains(screen, `pw-\x1b]2;pwned\x07-\x1b]52;c;cHduZWQ=\x07-end`) {
			t.Errorf("get did not show the escaped value:\n%s", screen)
		}
	}
}

// TestNoPasswordLeftWithoutAlternateScreen: with tmux's alternate-screen
// off (as GNU screen by default), the app draws on the terminal's own
// screen; after a revealed password and a quit, neither the screen nor
// its history holds it.
func TestNoPasswordLeftWithoutAlternateScreen(t *testing.T) {
	need(t, "tmux")
	path, pw := termVault(t, time.Minute)
	dir := t.TempDir()
	sock := filepath.Join(dir, "tmux.sock")
	conf := filepath.Join(dir, "tmux.conf")
	if err := os.WriteFile(conf, []byte("set-option -g alternate-screen off\nset-option -g remain-on-exit on\nset-option -g history-limit 5000\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	argv := []string{"env", runMainEnv + "=1", "HOME=" + dir, "XDG_RUNTIME_DIR=" + dir, "TERM=xterm-256color", "DISPLAY=", "WAYLAND_DISPLAY=", exe, "--vault", path}
	if out, err := exec.Command("tmux", "-S", sock, "-f", conf, "new-session", "-d", "-x", "80", "-y", "24", strings.Join(quoteAll(argv), " ")).CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v: %s", err, out)
	}
	t.Cleanup(func() { exec.Command("tmux", "-S", sock, "kill-server").Run() })
	s := &termSession{t: t, sock: sock}
	all := func() string {
		out, _ := exec.Command("tmux", "-S", sock, "capture-pane", "-p", "-S", "-", "-E", "-", "-t", "0").Output()
		return string(out)
	}
	s.waitScreen("Unlock your vault")
	s.text(termMaster)
	s.keys("Enter")
	s.waitScreen("1 entry")
	s.keys("Enter")
	s.waitScreen("r reveal")
	s.keys("r")
	s.waitScreen(pw)
	s.keys("C-c")
	eventually(t, 20*time.Second, "passtea to end", func() bool {
		return strings.TrimSpace(s.tmux("display-message", "-p", "-t", "0", "#{pane_dead}")) == "1"
	}, all)
	if left := all(); strings.Contains(left, pw) || strings.Contains(left, "github") {
		t.Fatalf("the terminal still shows the entry after quitting:\n%s", left)
	}
}
