package tui

// This file is the idle timer: once a second while the vault is unlocked it
// checks how long ago the last key was pressed, and locks the vault after
// the auto-lock time. Every tick carries a generation: locking or starting
// a new chain of ticks makes the old ones stale.

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"
)

// idleTickMsg checks whether the app has been idle long enough to lock.
type idleTickMsg struct{ gen int }

// idleTick starts a new chain of idle ticks; the previous chain's ticks are
// ignored from now on.
func (a *App) idleTick() tea.Cmd {
	if a.c.cfg.NoTimers {
		return nil
	}
	a.idleGen++
	gen := a.idleGen
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return idleTickMsg{gen: gen} })
}

// idleTicked locks the vault once it has been idle for the auto-lock time.
// A save that waits for another passtea's lock is abandoned
// (vault.Interrupt) and the vault locks as soon as it has given up; other
// work finishes first. A form with changes is kept for the unlock
// (draft.go).
func (a *App) idleTicked(msg idleTickMsg) tea.Cmd {
	if msg.gen != a.idleGen || a.c.vault == nil {
		return nil
	}
	if a.c.autoLock > 0 && a.c.now().Sub(a.lastActivity) >= a.c.autoLock {
		note := fmt.Sprintf("locked after %s idle", formatDuration(a.c.autoLock))
		if !a.c.busy {
			return a.lock(note)
		}
		a.lockAfterWork = note
		a.c.vault.Interrupt()
		return nil // the work's result locks
	}
	return a.idleTick()
}
