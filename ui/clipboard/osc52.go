// OSC 52: the escape sequences that set the terminal's clipboard, and what
// tmux and GNU screen need to let them through.

package clipboard

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// Mux is a terminal multiplexer that passtea runs inside.
type Mux uint8

const (
	NoMux  Mux = iota // straight in the terminal
	Tmux              // $TMUX is set
	Screen            // GNU screen: $STY is set
)

// Terminal says how OSC 52 reaches the terminal the user sees.
type Terminal struct {
	Mux Mux
	// TmuxPassthrough: tmux passes DCS passthrough sequences on to the
	// outer terminal (allow-passthrough on or all, or tmux before 3.3,
	// which had no such option). passtea then wraps OSC 52 in one, and
	// tmux keeps no copy.
	TmuxPassthrough bool
	// TmuxSetClipboard: tmux's set-clipboard is on, so tmux takes an
	// application's OSC 52, keeps it as a paste buffer and forwards it. With
	// the default, external, tmux drops it.
	TmuxSetClipboard bool
}

// DetectTerminal looks at $TMUX and $STY and, inside tmux, asks tmux for its
// options (running the tmux command, with a short timeout).
func DetectTerminal(getenv func(string) string) Terminal {
	if getenv("TMUX") != "" {
		return detectTmux(runTmux)
	}
	if getenv("STY") != "" {
		return Terminal{Mux: Screen}
	}
	return Terminal{}
}

// detectTmux asks tmux, through run, for the two options that matter.
func detectTmux(run func(args ...string) (string, error)) Terminal {
	t := Terminal{Mux: Tmux}
	out, err := run("show-options", "-Apv", "allow-passthrough")
	switch v := strings.TrimSpace(out); {
	case err == nil:
		t.TmuxPassthrough = v == "on" || v == "all"
	default:
		// "invalid option" from tmux before 3.3, which passed DCS
		// passthrough through unconditionally; any other failure leaves
		// us guessing, and passthrough is the guess that keeps no buffer.
		t.TmuxPassthrough = true
	}
	out, err = run("show-options", "-sv", "set-clipboard")
	t.TmuxSetClipboard = err == nil && strings.TrimSpace(out) == "on"
	return t
}

func runTmux(args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var out, errOut bytes.Buffer
	cmd := exec.CommandContext(ctx, "tmux", args...)
	cmd.Stdout = &out
	cmd.Stderr = &errOut
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(errOut.String()); msg != "" {
			return out.String(), errors.New("tmux " + args[0] + ": " + msg)
		}
		return out.String(), err
	}
	return out.String(), nil
}

// Problem returns an error when OSC 52 cannot get through: inside tmux with
// neither set-clipboard on nor passthrough allowed.
func (t Terminal) Problem() error {
	if t.Mux == Tmux && !t.TmuxPassthrough && !t.TmuxSetClipboard {
		return errors.New("tmux drops OSC 52 with its default settings: add `set -g set-clipboard on` (or `set -g allow-passthrough on`) to ~/.tmux.conf, or install xclip, xsel or wl-clipboard")
	}
	return nil
}

// SetSequence returns the bytes to write to the terminal so that its
// clipboard holds s.
func (t Terminal) SetSequence(s string) string {
	return t.wrap(ansi.SetSystemClipboard(s), false)
}

// ClearSequence returns the bytes to write to the terminal to empty its
// clipboard (an OSC 52 set with no data).
func (t Terminal) ClearSequence() string {
	return t.wrap(ansi.ResetSystemClipboard, true)
}

// LeavesTmuxBuffer reports whether tmux keeps a paste buffer of what
// SetSequence sends (set-clipboard on, passthrough not allowed). The clear
// then deletes the tmux buffers that hold the value.
func (t Terminal) LeavesTmuxBuffer() bool {
	return t.Mux == Tmux && !t.TmuxPassthrough && t.TmuxSetClipboard
}

func (t Terminal) wrap(seq string, clearing bool) string {
	switch t.Mux {
	case Tmux:
		if !clearing {
			if t.TmuxPassthrough {
				return ansi.TmuxPassthrough(seq)
			}
			return seq
		}
		// A clear may come from a pane that is no longer visible, where
		// tmux (allow-passthrough on, not all) drops passthrough: send it
		// both ways. An empty set makes no tmux buffer.
		var b strings.Builder
		if t.TmuxSetClipboard || !t.TmuxPassthrough {
			b.WriteString(seq)
		}
		if t.TmuxPassthrough {
			b.WriteString(ansi.TmuxPassthrough(seq))
		}
		return b.String()
	case Screen:
		// screen caps a string sequence at 768 bytes.
		return ansi.ScreenPassthrough(seq, 768)
	}
	return seq
}

// deleteTmuxBuffers deletes the tmux paste buffers that hold the value fp
// was made from, and returns how many it deleted; run talks to tmux (the
// server named by $TMUX).
func deleteTmuxBuffers(fp Fingerprint, run func(args ...string) (string, error)) (int, error) {
	out, err := run("list-buffers", "-F", "#{buffer_name}")
	if err != nil {
		return 0, err
	}
	n := 0
	for _, name := range strings.Split(out, "\n") {
		if name == "" {
			continue
		}
		content, err := run("show-buffer", "-b", name)
		if err != nil || !fp.Matches(content) {
			continue
		}
		if _, err := run("delete-buffer", "-b", name); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
