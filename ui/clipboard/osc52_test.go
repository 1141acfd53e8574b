package clipboard

import (
	"encoding/base64"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestTerminalSequences(t *testing.T) {
	pw := "hunter2"
	plain := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(pw)) + "\a"
	plainClear := "\x1b]52;c;\a"
	tmuxWrap := func(s string) string {
		return "\x1bPtmux;" + strings.ReplaceAll(s, "\x1b", "\x1b\x1b") + "\x1b\\"
	}
	tests := []struct {
		name       string
		term       Terminal
		set, clear string
		buffer     bool
		problem    bool
	}{
		{"plain", Terminal{}, plain, plainClear, false, false},
		{"screen", Terminal{Mux: Screen}, "\x1bP" + plain + "\x1b\\", "\x1bP" + plainClear + "\x1b\\", false, false},
		{"tmux passthrough", Terminal{Mux: Tmux, TmuxPassthrough: true}, tmuxWrap(plain), tmuxWrap(plainClear), false, false},
		{"tmux set-clipboard", Terminal{Mux: Tmux, TmuxSetClipboard: true}, plain, plainClear, true, false},
		{"tmux both", Terminal{Mux: Tmux, TmuxPassthrough: true, TmuxSetClipboard: true}, tmuxWrap(plain), plainClear + tmuxWrap(plainClear), false, false},
		{"tmux neither", Terminal{Mux: Tmux}, plain, plainClear, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.term.SetSequence(pw); got != tt.set {
				t.Errorf("SetSequence = %q, want %q", got, tt.set)
			}
			if got := tt.term.ClearSequence(); got != tt.clear {
				t.Errorf("ClearSequence = %q, want %q", got, tt.clear)
			}
			if got := tt.term.LeavesTmuxBuffer(); got != tt.buffer {
				t.Errorf("LeavesTmuxBuffer = %v", got)
			}
			if got := tt.term.Problem() != nil; got != tt.problem {
				t.Errorf("Problem = %v", tt.term.Problem())
			}
		})
	}
}

func TestDetectTerminal(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if got := DetectTerminal(env(nil)); got != (Terminal{}) {
		t.Errorf("no multiplexer: %+v", got)
	}
	if got := DetectTerminal(env(map[string]string{"STY": "1234.pts-0.host"})); got.Mux != Screen {
		t.Errorf("screen: %+v", got)
	}
}

// fakeTmux answers tmux commands from a table keyed by the joined args.
func fakeTmux(answers map[string]string, calls *[]string) func(...string) (string, error) {
	return func(args ...string) (string, error) {
		k := strings.Join(args, " ")
		*calls = append(*calls, k)
		if out, ok := answers[k]; ok {
			if strings.HasPrefix(out, "ERR:") {
				return "", errors.New(out[4:])
			}
			return out, nil
		}
		return "", errors.New("unexpected tmux " + k)
	}
}

func TestDetectTmux(t *testing.T) {
	const pass, clip = "show-options -Apv allow-passthrough", "show-options -sv set-clipboard"
	tests := []struct {
		name    string
		answers map[string]string
		want    Terminal
	}{
		{"defaults", map[string]string{pass: "off\n", clip: "external\n"}, Terminal{Mux: Tmux}},
		{"passthrough on", map[string]string{pass: "on\n", clip: "external\n"}, Terminal{Mux: Tmux, TmuxPassthrough: true}},
		{"passthrough all", map[string]string{pass: "all\n", clip: "off\n"}, Terminal{Mux: Tmux, TmuxPassthrough: true}},
		{"set-clipboard on", map[string]string{pass: "off\n", clip: "on\n"}, Terminal{Mux: Tmux, TmuxSetClipboard: true}},
		{"tmux before 3.3", map[string]string{pass: "ERR:invalid option: allow-passthrough", clip: "on\n"}, Terminal{Mux: Tmux, TmuxPassthrough: true, TmuxSetClipboard: true}},
		{"tmux unreachable", map[string]string{pass: "ERR:no server running", clip: "ERR:no server running"}, Terminal{Mux: Tmux, TmuxPassthrough: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls []string
			if got := detectTmux(fakeTmux(tt.answers, &calls)); got != tt.want {
				t.Errorf("detectTmux = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestDeleteTmuxBuffersFake(t *testing.T) {
	fp, _ := NewFingerprint("pw")
	var calls []string
	run := fakeTmux(map[string]string{
		"list-buffers -F #{buffer_name}": "buffer2\nmy notes\nbuffer0\n",
		"show-buffer -b buffer2":         "pw",
		"show-buffer -b my notes":        "notes",
		"show-buffer -b buffer0":         "pw",
		"delete-buffer -b buffer2":       "",
		"delete-buffer -b buffer0":       "",
	}, &calls)
	n, err := deleteTmuxBuffers(fp, run)
	if err != nil || n != 2 {
		t.Fatalf("deleted %d, %v; calls %q", n, err, calls)
	}
	for _, c := range calls {
		if c == "delete-buffer -b my notes" {
			t.Error("deleted a buffer that does not hold the value")
		}
	}
}

// TestTmuxReal runs a private tmux server: OSC 52 from a pane with
// set-clipboard on leaves a paste buffer, and the clear removes it.
func TestTmuxReal(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux not installed")
	}
	dir := t.TempDir()
	sock := filepath.Join(dir, "sock")
	tmux := func(args ...string) (string, error) {
		out, err := exec.Command("tmux", append([]string{"-S", sock, "-f", "/dev/null"}, args...)...).CombinedOutput()
		return string(out), err
	}
	script := filepath.Join(dir, "osc52.sh")
	seq := Terminal{Mux: Tmux, TmuxSetClipboard: true}.SetSequence("tmux-secret")
	if err := os.WriteFile(script, []byte("printf '%s' '"+seq+"'\nsleep 30\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := tmux("new-session", "-d", "-x", "80", "-y", "24", "sh", script); err != nil {
		t.Skipf("cannot start tmux: %v %s", err, out)
	}
	t.Cleanup(func() { tmux("kill-server") })
	if out, err := tmux("set-option", "-s", "set-clipboard", "on"); err != nil {
		t.Fatalf("set-clipboard: %v %s", err, out)
	}
	// The option may land after the pane has printed; print again.
	if out, err := tmux("respawn-pane", "-k", "sh", script); err != nil {
		t.Fatalf("respawn-pane: %v %s", err, out)
	}
	t.Setenv("TMUX", sock+",0,0")
	fp, _ := NewFingerprint("tmux-secret")
	deadline := time.Now().Add(5 * time.Second)
	for {
		out, _ := tmux("list-buffers", "-F", "#{buffer_sample}")
		if strings.Contains(out, "tmux-secret") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("tmux made no paste buffer of the OSC 52 copy; buffers: %q", out)
		}
		time.Sleep(50 * time.Millisecond)
	}
	tmux("set-buffer", "-b", "mine", "the user's own buffer")
	n, err := deleteTmuxBuffers(fp, runTmux)
	if err != nil || n < 1 {
		t.Fatalf("deleteTmuxBuffers = %d, %v", n, err)
	}
	out, _ := tmux("list-buffers", "-F", "#{buffer_name}:#{buffer_sample}")
	if strings.Contains(out, "tmux-secret") || !strings.Contains(out, "the user's own buffer") {
		t.Errorf("buffers after the clear: %q", out)
	}
}
