package tui

// This file copies to the clipboard through the one copy engine
// (ui/clipboard): the way is decided on every copy, and every copy is
// handed to a detached clearer, so that it is cleared on time even if the
// app is killed. The app counts down on its own timer and clears sooner on
// lock and quit, and on a signal (config.go).

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/passtea/passtea/ui/clipboard"
)

type (
	// copiedMsg says a copy went to the clipboard, or why not.
	copiedMsg struct {
		gen        int
		what, name string
		pending    *clipboard.Pending
		err        error
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
	pending    *clipboard.Pending
	what, name string
}

// remaining is the time left before the clear, rounded up to a second.
func (c clipState) remaining(now time.Time) time.Duration {
	if c.pending == nil {
		return 0
	}
	d := c.pending.Deadline.Sub(now)
	if d <= 0 {
		return 0
	}
	return ((d + time.Second - 1) / time.Second) * time.Second
}

// counting reports whether a clear is pending with a deadline.
func (c clipState) counting() bool { return c.pending != nil && !c.pending.Deadline.IsZero() }

// copy starts copying in.value, in a command (the system clipboard runs a
// tool; tmux is asked how it is set).
func (a *App) copy(in copyValue) tea.Cmd {
	if in.value == "" {
		a.setStatus(statusErr, fmt.Sprintf("%s has no %s", in.name, in.what))
		return nil
	}
	a.clip.gen++
	gen := a.clip.gen
	a.clip.inFlight = gen
	cp, after := a.c.cfg.Copier, clipboard.ClearBefore(a.c.clipClear, in.expires, a.c.now())
	return func() tea.Msg {
		p, err := cp.Copy(in.value, after)
		return copiedMsg{gen: gen, what: in.what, name: in.name, pending: p, err: err}
	}
}

// copied starts the countdown of a copy that reached the clipboard. A copy
// that a lock or a quit overtook is cleared at once; one that a newer copy
// overtook is left to that one.
func (a *App) copied(msg copiedMsg) tea.Cmd {
	if msg.gen == a.clip.inFlight {
		a.clip.inFlight = 0
	}
	cmd := a.takeCopy(msg)
	if !a.quitting || a.clip.inFlight != 0 || a.c.busy {
		return cmd
	}
	return tea.Sequence(cmd, a.quit())
}

func (a *App) takeCopy(msg copiedMsg) tea.Cmd {
	switch {
	case msg.err != nil && msg.gen == a.clip.gen:
		a.setStatus(statusErr, "copy failed: "+msg.err.Error())
		return nil
	case msg.err != nil:
		return nil
	case msg.gen != a.clip.gen:
		if a.c.vault == nil || a.quitting {
			return clearCmd(msg.pending)
		}
		msg.pending.Release() // a newer copy's clear takes over
		return nil
	}
	old := a.clip.pending
	a.clip = clipState{gen: msg.gen, pending: msg.pending, what: msg.what, name: msg.name}
	if old != nil {
		old.Release()
	}
	a.setStatus(statusCopy, "")
	if w := msg.pending.Warning; w != nil {
		a.setStatus(statusErr, "copied "+msg.what+", but "+w.Error())
	}
	return a.clipTick()
}

func (a *App) clipTick() tea.Cmd {
	if !a.clip.counting() || a.c.cfg.NoTimers {
		return nil
	}
	gen := a.clip.gen
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return clipTickMsg{gen: gen} })
}

// clipTicked counts down, and clears the clipboard at the deadline.
func (a *App) clipTicked(msg clipTickMsg) tea.Cmd {
	if msg.gen != a.clip.gen || !a.clip.counting() {
		return nil
	}
	if a.clip.remaining(a.c.now()) <= 0 {
		cmd := a.clearClipboard()
		if a.statusKind == statusCopy {
			a.setStatus(statusInfo, "clipboard cleared")
		}
		return cmd
	}
	return a.clipTick()
}

// copyStatus is the status line of a copy, with the live countdown.
func (a *App) copyStatus() string {
	s := "copied " + a.clip.what
	if a.clip.name != "" {
		s += " of " + a.clip.name
	}
	if a.clip.counting() {
		s += fmt.Sprintf(" — clears in %d s", int(a.clip.remaining(a.c.now()).Seconds()))
	}
	return s
}

// clearClipboard returns the command that clears the pending copy, if it
// is still the last one passtea made and still on the clipboard. The
// countdown stops, and a copy still under way is cleared when it lands.
func (a *App) clearClipboard() tea.Cmd {
	p := a.clip.pending
	a.clip.gen++
	a.clip.pending = nil
	if p == nil {
		return nil
	}
	return clearCmd(p)
}

// clearCmd clears p in a command: reading the record of the last copy and
// the clipboard are slow.
func clearCmd(p *clipboard.Pending) tea.Cmd {
	return func() tea.Msg {
		cleared, err := p.Clear()
		return clipboardClearedMsg{cleared: cleared, err: err}
	}
}

func (a *App) clipboardCleared(msg clipboardClearedMsg) tea.Cmd {
	if msg.err != nil {
		a.setStatus(statusErr, "could not clear the clipboard: "+msg.err.Error())
	}
	return nil
}
