package tui

// This file is the status line above the help: how the last action went
// (or the clipboard's countdown), and on the entries screen the count and
// the vault's path.

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
)

type statusKind int

const (
	statusInfo statusKind = iota
	statusOK
	statusErr
	statusCopy // the clipboard countdown
)

func (a *App) setStatus(kind statusKind, text string) {
	before := lipgloss.Height(a.statusView())
	a.status, a.statusKind = text, kind
	if lipgloss.Height(a.statusView()) != before {
		a.resize() // the body gains or loses the lines
	}
}

// statusView is the line above the help: how the last action went, and for
// the entries the count and the vault path.
func (a *App) statusView() string {
	c := a.c
	s := c.styles
	w := c.width
	var left string
	switch a.statusKind {
	case statusErr:
		left = s.Error.Render("✗ " + a.status)
	case statusOK:
		left = s.Success.Render("✓ " + a.status)
	case statusCopy:
		left = s.Success.Render("✓ " + a.copyStatus())
	default:
		left = s.Status.Render(a.status)
	}
	if a.statusKind != statusCopy && a.clip.counting() {
		if left != s.Status.Render("") {
			left += s.Status.Render(s.Separator)
		}
		left += s.Status.Render(fmt.Sprintf("clipboard clears in %s", formatSeconds(a.clip.remaining(c.now()))))
	}
	if a.confirmQuit {
		left = s.Warn.Render("quit and discard your unsaved changes? ") + s.Key.Render("y") + s.Dim.Render("/") + s.Key.Render("n")
	}
	if a.c.busy && !a.c.audit.reading && !a.confirmQuit && a.statusKind != statusErr && a.active != screenCreate && a.active != screenUnlock && a.active != screenSettings {
		left = s.Status.Render("saving…")
	}
	var right, count string
	if l, ok := a.screens[screenEntries].(*entriesScreen); ok && c.vault != nil && a.active == screenEntries {
		count = l.countText()
		right = s.Status.Render(count + s.Separator + shortenPath(c.path))
	}
	lw, rw := lipgloss.Width(left), lipgloss.Width(right)
	if right != "" && lw+rw+4 > w {
		// The narrow case: the count alone, then nothing.
		right = s.Status.Render(count)
		rw = lipgloss.Width(right)
		if lw+rw+4 > w {
			right, rw = "", 0
		}
	}
	if right == "" {
		// A long message wraps rather than lose its end.
		return indent(wrap(left, max(w-2, 8)), " ")
	}
	return " " + left + strings.Repeat(" ", max(w-lw-rw-2, 1)) + right
}
