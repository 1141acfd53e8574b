package clipboard

import (
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestClearIfUnchanged(t *testing.T) {
	fp, _ := NewFingerprint("pw")

	m := &Memory{}
	m.Write("pw")
	cleared, err := ClearIfUnchanged(m, fp)
	if err != nil || !cleared {
		t.Fatalf("unchanged clipboard: cleared %v, %v", cleared, err)
	}
	if got, _ := m.Read(); got != "" {
		t.Errorf("clipboard holds %q after the clear", got)
	}

	m.Write("the user's own text")
	cleared, err = ClearIfUnchanged(m, fp)
	if err != nil || cleared {
		t.Fatalf("changed clipboard: cleared %v, %v", cleared, err)
	}
	if got, _ := m.Read(); got != "the user's own text" {
		t.Errorf("the user's copy was replaced by %q", got)
	}

	m.ReadErr = errors.New("target STRING not available")
	writes := m.Writes()
	if cleared, err := ClearIfUnchanged(m, fp); err == nil || cleared {
		t.Errorf("unreadable clipboard: cleared %v, %v", cleared, err)
	}
	if m.Writes() != writes {
		t.Error("an unreadable clipboard was written")
	}

	m = &Memory{}
	m.Write("pw")
	m.WriteErr = errors.New("broken")
	if cleared, err := ClearIfUnchanged(m, fp); err == nil || cleared {
		t.Errorf("unwritable clipboard: cleared %v, %v", cleared, err)
	}
}

func fakeEnv(goos string, vars map[string]string, tools ...string) Env {
	return Env{
		GOOS:   goos,
		Getenv: func(k string) string { return vars[k] },
		LookPath: func(name string) (string, error) {
			for _, t := range tools {
				if t == name {
					return "/usr/bin/" + name, nil
				}
			}
			return "", exec.ErrNotFound
		},
	}
}

func TestDetect(t *testing.T) {
	ssh := map[string]string{"SSH_CONNECTION": "10.0.0.2 5555 10.0.0.1 22"}
	with := func(a, b map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range a {
			m[k] = v
		}
		for k, v := range b {
			m[k] = v
		}
		return m
	}
	tests := []struct {
		name  string
		env   Env
		want  Method
		cause string // a word the reason must hold
	}{
		{"x11 xclip", fakeEnv("linux", map[string]string{"DISPLAY": ":0"}, "xclip"), MethodSystem, "xclip"},
		{"x11 xsel", fakeEnv("linux", map[string]string{"DISPLAY": ":0"}, "xsel"), MethodSystem, "xsel"},
		{"wayland", fakeEnv("linux", map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, "wl-copy", "wl-paste"), MethodSystem, "wl-clipboard"},
		{"wayland without wl-clipboard, XWayland xclip", fakeEnv("linux", map[string]string{"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, "xclip"), MethodSystem, "xclip"},
		{"wl-clipboard without wayland", fakeEnv("linux", nil, "wl-copy", "wl-paste"), MethodOSC52, "no clipboard tool"},
		{"xclip without display", fakeEnv("linux", nil, "xclip"), MethodOSC52, "DISPLAY"},
		{"no tool", fakeEnv("linux", map[string]string{"DISPLAY": ":0"}), MethodOSC52, "no clipboard tool"},
		{"ssh with the remote's display", fakeEnv("linux", with(ssh, map[string]string{"DISPLAY": ":0"}), "xclip"), MethodOSC52, "SSH"},
		{"ssh -X", fakeEnv("linux", with(ssh, map[string]string{"DISPLAY": "localhost:10.0"}), "xclip"), MethodSystem, "xclip"},
		{"ssh tty only", fakeEnv("linux", map[string]string{"SSH_TTY": "/dev/pts/1", "DISPLAY": ":1"}, "xsel"), MethodOSC52, "SSH"},
		{"ssh waypipe", fakeEnv("linux", with(ssh, map[string]string{"WAYLAND_DISPLAY": "wayland-1"}), "wl-copy", "wl-paste"), MethodSystem, "wl-clipboard"},
		{"termux", fakeEnv("linux", nil, "termux-clipboard-set", "termux-clipboard-get"), MethodSystem, "Termux"},
		{"wsl", fakeEnv("linux", nil, "clip.exe", "powershell.exe"), MethodSystem, "WSL"},
		{"wsl over ssh", fakeEnv("linux", ssh, "clip.exe", "powershell.exe"), MethodOSC52, "SSH"},
		{"macOS", fakeEnv("darwin", nil), MethodSystem, "system"},
		{"macOS over ssh", fakeEnv("darwin", ssh), MethodOSC52, "SSH"},
		{"windows", fakeEnv("windows", nil), MethodSystem, "system"},
		{"windows over ssh", fakeEnv("windows", map[string]string{"SSH_CLIENT": "10.0.0.2 5555 22"}), MethodOSC52, "SSH"},
		{"freebsd", fakeEnv("freebsd", map[string]string{"DISPLAY": ":0"}, "xclip"), MethodSystem, "xclip"},
		{"wasm", fakeEnv("js", nil), MethodOSC52, "js"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, why := Detect(tt.env)
			if got != tt.want {
				t.Errorf("Detect = %v (%s), want %v", got, why, tt.want)
			}
			if !strings.Contains(why, tt.cause) {
				t.Errorf("reason %q does not mention %q", why, tt.cause)
			}
		})
	}
}

func TestForwardedDisplay(t *testing.T) {
	for d, want := range map[string]bool{
		":0": false, ":1.0": false, "unix:0": false, "localhost:10.0": true,
		"10.0.0.5:0": true, "/private/tmp/com.apple.launchd.x/org.xquartz:0": false, "": false,
	} {
		if got := forwardedDisplay(d); got != want {
			t.Errorf("forwardedDisplay(%q) = %v, want %v", d, got, want)
		}
	}
}

func TestMethodMessage(t *testing.T) {
	if got := MethodSystem.Message(); got != "copied to the system clipboard" {
		t.Errorf("system: %q", got)
	}
	if got := MethodOSC52.Message(); got != "sent to your terminal's clipboard (OSC 52)" {
		t.Errorf("osc52: %q", got)
	}
	if !strings.HasPrefix(ErrUnavailable.Error(), "no clipboard available: install xclip, xsel or wl-clipboard, or use a terminal with OSC 52") {
		t.Errorf("ErrUnavailable: %q", ErrUnavailable)
	}
}

// TestWriteRetrying: a write that fails once or twice is tried again; one
// that keeps failing reports the last error after three tries.
func TestWriteRetrying(t *testing.T) {
	var slept time.Duration
	sleep := func(d time.Duration) { slept += d }
	fails := 2
	var got string
	write := func(s string) error {
		if fails > 0 {
			fails--
			return errors.New("xclip: Can't open display")
		}
		got = s
		return nil
	}
	if err := writeRetrying(write, "v", sleep); err != nil || got != "v" || slept != 300*time.Millisecond {
		t.Fatalf("err %v, wrote %q, slept %v", err, got, slept)
	}
	tries := 0
	err := writeRetrying(func(string) error { tries++; return errors.New("no display") }, "v", sleep)
	if err == nil || tries != writeTries || !strings.Contains(err.Error(), "no display") {
		t.Fatalf("err %v after %d tries", err, tries)
	}
}
