package clipboard

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	atotto "github.com/atotto/clipboard"
)

// Clipboard is a clipboard that text can be written to and read back from.
type Clipboard interface {
	// Write replaces the clipboard's content with s; "" empties it.
	Write(s string) error
	// Read returns the clipboard's content.
	Read() (string, error)
}

// ErrUnavailable is returned when neither the system clipboard nor a
// terminal for OSC 52 can be used.
var ErrUnavailable = errors.New("no clipboard available: install xclip, xsel or wl-clipboard, or use a terminal with OSC 52")

// System returns the operating system's clipboard, reached through
// github.com/atotto/clipboard. Its tool is chosen once, when the program
// starts, from WAYLAND_DISPLAY and the tools on PATH.
func System() Clipboard { return systemClipboard{} }

type systemClipboard struct{}

func (systemClipboard) Write(s string) error {
	return writeRetrying(atotto.WriteAll, s, time.Sleep)
}

// writeTries is how often a write to the system clipboard is tried, a
// little longer apart each time: the tool (xclip) can fail to reach a busy
// display server once ("Can't open display", seen under load in CI) and
// succeed at once after.
const writeTries = 3

// writeRetrying writes s with write, trying again after 100 and 200 ms
// when it fails.
func writeRetrying(write func(string) error, s string, sleep func(time.Duration)) error {
	var err error
	for i := range writeTries {
		if err = write(s); err == nil {
			return nil
		}
		if i < writeTries-1 {
			sleep(time.Duration(i+1) * 100 * time.Millisecond)
		}
	}
	return fmt.Errorf("write system clipboard: %w", err)
}

func (systemClipboard) Read() (string, error) {
	s, err := atotto.ReadAll()
	if err != nil {
		return "", fmt.Errorf("read system clipboard: %w", err)
	}
	return s, nil
}

// ClearIfUnchanged empties cb if it still holds the value fp was made from,
// and reports whether it did. Anything else on the clipboard is left alone,
// and so is a clipboard that cannot be read (xclip, for one, fails on an
// empty clipboard).
//
// The clear is done when the clipboard reads back without the value: xclip
// takes the clipboard over in a process it forks, which a passtea that
// exits at once (on a signal) would take down with it before it got there
// (measured under load: the value stayed).
func ClearIfUnchanged(cb Clipboard, fp Fingerprint) (cleared bool, err error) {
	cur, err := cb.Read()
	if err != nil {
		return false, err
	}
	if !fp.Matches(cur) {
		return false, nil
	}
	if err := cb.Write(""); err != nil {
		return false, err
	}
	for deadline := time.Now().Add(clearWait); ; {
		if cur, err := cb.Read(); err != nil || !fp.Matches(cur) {
			return true, nil // an empty X11 clipboard reads as an error
		}
		if time.Now().After(deadline) {
			return false, errors.New("clear the clipboard: it still holds the copy")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// clearWait bounds how long ClearIfUnchanged waits for its clear to show.
const clearWait = 3 * time.Second

// Method is a way to the user's clipboard.
type Method uint8

const (
	// MethodSystem is the operating system's clipboard, through [System].
	MethodSystem Method = iota + 1
	// MethodOSC52 is the clipboard of the user's terminal, through the
	// escape sequence OSC 52 ([Terminal]).
	MethodOSC52
)

func (m Method) String() string {
	switch m {
	case MethodSystem:
		return "system"
	case MethodOSC52:
		return "osc52"
	}
	return fmt.Sprintf("Method(%d)", uint8(m))
}

// Message says, for the user, where a copy made this way went.
func (m Method) Message() string {
	switch m {
	case MethodSystem:
		return "copied to the system clipboard"
	case MethodOSC52:
		return "sent to your terminal's clipboard (OSC 52)"
	}
	return "copied"
}

// Env is what [Detect] looks at. Tests fill it in; [OSEnv] is the real one.
type Env struct {
	GOOS     string
	Getenv   func(string) string
	LookPath func(string) (string, error)
}

// OSEnv returns the running program's platform, environment and PATH.
func OSEnv() Env {
	return Env{GOOS: runtime.GOOS, Getenv: os.Getenv, LookPath: exec.LookPath}
}

// Detect says which way a copy should go first, and why, in a few words for
// error messages and debugging. It runs nothing; the system clipboard may
// still fail when written (see the package documentation).
func Detect(env Env) (Method, string) {
	has := func(name string) bool {
		_, err := env.LookPath(name)
		return err == nil
	}
	ssh := env.Getenv("SSH_CONNECTION") != "" || env.Getenv("SSH_CLIENT") != "" || env.Getenv("SSH_TTY") != ""
	switch env.GOOS {
	case "darwin", "windows":
		if ssh {
			return MethodOSC52, "SSH session: the system clipboard is the remote machine's"
		}
		return MethodSystem, "system clipboard"
	case "plan9":
		return MethodSystem, "/dev/snarf"
	case "linux", "freebsd", "netbsd", "openbsd", "dragonfly", "solaris", "illumos":
	default:
		return MethodOSC52, "no system clipboard on " + env.GOOS
	}

	// The same order as atotto's init, which picks the tool.
	wayland := env.Getenv("WAYLAND_DISPLAY")
	display := env.Getenv("DISPLAY")
	switch {
	case wayland != "" && has("wl-copy") && has("wl-paste"):
		// Over SSH, WAYLAND_DISPLAY comes from waypipe: it reaches the
		// user's compositor.
		return MethodSystem, "wl-clipboard"
	case has("xclip") || has("xsel"):
		tool := "xclip"
		if !has("xclip") {
			tool = "xsel"
		}
		if display == "" {
			return MethodOSC52, tool + " needs DISPLAY, which is not set"
		}
		if ssh && !forwardedDisplay(display) {
			return MethodOSC52, "SSH session without X11 forwarding: DISPLAY is the remote machine's"
		}
		return MethodSystem, tool
	case has("termux-clipboard-set") && has("termux-clipboard-get"):
		return MethodSystem, "Termux"
	case has("clip.exe") && has("powershell.exe"):
		if ssh {
			return MethodOSC52, "SSH session: the Windows clipboard is the remote machine's"
		}
		return MethodSystem, "Windows clipboard (WSL)"
	}
	return MethodOSC52, "no clipboard tool (xclip, xsel or wl-clipboard) installed"
}

// forwardedDisplay reports whether an X11 DISPLAY names another host, as ssh
// -X and -Y set it ("localhost:10.0"), rather than a local server (":0",
// "unix:0").
func forwardedDisplay(display string) bool {
	host, _, ok := strings.Cut(display, ":")
	return ok && host != "" && host != "unix" && !strings.HasPrefix(host, "/")
}
