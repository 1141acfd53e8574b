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

// statusMsg puts a line in the status bar.
type statusMsg struct {
	text string
	kind statusKind
}

func (a *App) setStatus(kind statusKind, text string) {
	a.status, a.statusKind = text, kind
}

// statusView is the line above the help: how the last action went, and for
// the entries the count and the vault path.
func (a App) statusView() string {
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
	if a.statusKind != statusCopy && a.clip.pending {
		if left != s.Status.Render("") {
			left += s.Status.Render(s.Separator)
		}
		left += s.Status.Render(fmt.Sprintf("clipboard clears in %s", formatSeconds(a.clip.remaining(c.now()))))
	}
	if a.c.busy && a.statusKind != statusErr && a.screen != screenCreate && a.screen != screenUnlock && a.screen != screenSettings {
		left = s.Status.Render("saving…")
	}
	var right string
	if c.vault != nil && (a.screen == screenEntries) {
		right = s.Status.Render(fmt.Sprintf("%s%s%s", a.entries.countText(), s.Separator, shortenPath(c.path)))
	}
	lw, rw := lipgloss.Width(left), lipgloss.Width(right)
	if right != "" && lw+rw+4 > w {
		// The narrow case: the count alone, then nothing.
		right = s.Status.Render(a.entries.countText())
		rw = lipgloss.Width(right)
		if lw+rw+4 > w {
			right, rw = "", 0
		}
	}
	if right == "" {
		return truncate(" "+left, w)
	}
	return " " + left + strings.Repeat(" ", max(w-lw-rw-2, 1)) + right
}
