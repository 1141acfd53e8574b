package tui

// This file copies to the clipboard and clears it again: on the app's own
// timer, on lock and on quit, and only while the clipboard still holds what
// passtea put there (see the package ui/clipboard).

import (
	"fmt"
	"io"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/passtea/passtea/ui/clipboard"
)

type (
	// copyRequestMsg asks the root to copy value, the what ("password",
	// "username") of the entry name.
	copyRequestMsg struct {
		what, name, value string
	}
	// copiedMsg says a copy went to the clipboard, or why not.
	copiedMsg struct {
		gen        int
		what, name string
		fp         clipboard.Fingerprint
		id         clipboard.CopyID
		osc        bool
		err        error
		retry      string // the value, kept only to retry with OSC 52 after err
	}
	// clipTickMsg counts down to the clear of copy gen.
	clipTickMsg struct{ gen int }
	// clipboardClearedMsg says whether a clear emptied the clipboard.
	clipboardClearedMsg struct {
		cleared bool
		err     error
	}
)

// clipState is the copy whose clear is pending. gen numbers the copies; a
// clear, a lock or a quit moves it on, so that the ticks and the results
// of earlier copies are stale.
type clipState struct {
	gen        int
	inFlight   int // the copy whose command has not answered yet (0: none)
	pending    bool
	fp         clipboard.Fingerprint
	id         clipboard.CopyID
	osc        bool
	deadline   time.Time
	what, name string
}

// remaining is the time left before the clear, rounded up to a second.
func (c clipState) remaining(now time.Time) time.Duration {
	d := c.deadline.Sub(now)
	if d <= 0 {
		return 0
	}
	return ((d + time.Second - 1) / time.Second) * time.Second
}

// copy asks the root to copy value, the what of the entry name.
func (c *common) copy(what, name, value string) tea.Cmd {
	return c.request(copyRequestMsg{what: what, name: name, value: value})
}

func (a App) copy(msg copyRequestMsg) (App, tea.Cmd) {
	if msg.value == "" {
		a.setStatus(statusErr, fmt.Sprintf("%s has no %s", msg.name, msg.what))
		return a, nil
	}
	cb := a.c.cfg.Clipboard
	if cb == nil {
		if err := a.c.cfg.Terminal.Problem(); err != nil {
			a.setStatus(statusErr, err.Error())
			return a, nil
		}
	}
	a.clip.gen++
	gen := a.clip.gen
	a.clip.inFlight = gen
	last := a.c.cfg.LastCopyPath
	if cb == nil {
		return a, tea.Batch(tea.Raw(a.c.cfg.Terminal.SetSequence(msg.value)), recordCopyCmd(gen, msg, last))
	}
	return a, func() tea.Msg {
		m := copiedMsg{gen: gen, what: msg.what, name: msg.name}
		m.fp, m.err = clipboard.NewFingerprint(msg.value)
		if m.err != nil {
			return m
		}
		if last != "" {
			m.id, _ = clipboard.LastCopy{Path: last}.Record()
		}
		if m.err = cb.Write(msg.value); m.err != nil {
			m.retry = msg.value
		}
		return m
	}
}

// recordCopyCmd records a copy sent with OSC 52.
func recordCopyCmd(gen int, msg copyRequestMsg, last string) tea.Cmd {
	return func() tea.Msg {
		m := copiedMsg{gen: gen, what: msg.what, name: msg.name, osc: true}
		m.fp, m.err = clipboard.NewFingerprint(msg.value)
		if last != "" && m.err == nil {
			m.id, _ = clipboard.LastCopy{Path: last}.Record()
		}
		return m
	}
}

// copied starts the countdown of a copy that reached the clipboard. A copy
// that a lock or a quit overtook is cleared at once; one that a newer copy
// overtook is left to it.
func (a App) copied(msg copiedMsg) (tea.Model, tea.Cmd) {
	if msg.gen == a.clip.inFlight {
		a.clip.inFlight = 0
	}
	a, cmd := a.takeCopy(msg)
	if !a.quitting || a.clip.inFlight != 0 || a.c.busy {
		return a, cmd
	}
	a, quit := a.quit()
	return a, tea.Sequence(cmd, quit)
}

func (a App) takeCopy(msg copiedMsg) (App, tea.Cmd) {
	if msg.gen != a.clip.gen {
		if msg.err == nil && (a.c.vault == nil || a.quitting) {
			return a, clearCmd(clipState{fp: msg.fp, id: msg.id, osc: msg.osc}, a.c.cfg)
		}
		return a, nil
	}
	if msg.err != nil {
		if msg.retry != "" && a.c.cfg.Terminal.Problem() == nil {
			// The system clipboard failed (no tool, a stale DISPLAY):
			// the terminal's clipboard is the way left.
			a.c.cfg.Clipboard = nil
			return a.copy(copyRequestMsg{what: msg.what, name: msg.name, value: msg.retry})
		}
		a.setStatus(statusErr, "copy failed: "+msg.err.Error())
		return a, nil
	}
	a.clip = clipState{
		gen: msg.gen, pending: a.c.clipClear > 0, fp: msg.fp, id: msg.id, osc: msg.osc,
		deadline: a.c.now().Add(a.c.clipClear), what: msg.what, name: msg.name,
	}
	a.setStatus(statusCopy, "")
	return a, a.clipTick()
}

func (a App) clipTick() tea.Cmd {
	if !a.clip.pending || a.c.cfg.NoTimers {
		return nil
	}
	gen := a.clip.gen
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return clipTickMsg{gen: gen} })
}

// clipTicked counts down, and clears the clipboard at the deadline.
func (a App) clipTicked(msg clipTickMsg) (tea.Model, tea.Cmd) {
	if msg.gen != a.clip.gen || !a.clip.pending {
		return a, nil
	}
	if a.clip.remaining(a.c.now()) <= 0 {
		cmd := a.clearClipboard()
		if a.statusKind == statusCopy {
			a.setStatus(statusInfo, "clipboard cleared")
		}
		return a, cmd
	}
	return a, a.clipTick()
}

// copyStatus is the status line of a copy, with the live countdown.
func (a App) copyStatus() string {
	s := "copied " + a.clip.what
	if a.clip.name != "" {
		s += " of " + a.clip.name
	}
	if a.clip.pending {
		s += fmt.Sprintf(" — clears in %d s", int(a.clip.remaining(a.c.now()).Seconds()))
	}
	return s
}

// clearClipboard returns the command that clears the pending copy, if it
// is still the last one passtea made and still on the clipboard. The
// countdown stops, and a copy still under way is cleared when it lands.
func (a *App) clearClipboard() tea.Cmd {
	st := a.clip
	a.clip.gen++
	a.clip.pending = false
	if !st.pending {
		return nil
	}
	return clearCmd(st, a.c.cfg)
}

// clearCmd clears the copy st, if no later copy (of this or another passtea)
// replaced it. All of it runs in the command: reading the record of the
// last copy and the clipboard are slow.
func clearCmd(st clipState, cfg Config) tea.Cmd {
	if !st.osc && cfg.Clipboard == nil {
		return nil
	}
	return func() tea.Msg {
		var raw strings.Builder
		cleared, err := clearNow(st, cfg, &raw)
		done := clipboardClearedMsg{cleared: cleared, err: err}
		if raw.Len() == 0 {
			return done
		}
		return tea.Sequence(tea.Raw(raw.String()), func() tea.Msg { return done })()
	}
}

// clearNow clears the copy st here and now, if no later copy replaced it.
// What must reach the terminal (OSC 52) is written to tty.
func clearNow(st clipState, cfg Config, tty io.Writer) (cleared bool, err error) {
	if !st.id.IsZero() && cfg.LastCopyPath != "" {
		if last, err := (clipboard.LastCopy{Path: cfg.LastCopyPath}).IsLast(st.id); err == nil && !last {
			return false, nil
		}
	}
	if st.osc {
		t := cfg.Terminal
		if _, err := io.WriteString(tty, t.ClearSequence()); err != nil {
			return false, err
		}
		if t.LeavesTmuxBuffer() {
			_, err = clipboard.DeleteTmuxBuffers(st.fp)
		}
		return true, err
	}
	if cfg.Clipboard == nil {
		return false, nil
	}
	return clipboard.ClearIfUnchanged(cfg.Clipboard, st.fp)
}

func (a App) clipboardCleared(msg clipboardClearedMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		a.setStatus(statusErr, "could not clear the clipboard: "+msg.err.Error())
	}
	return a, nil
}
