package tui

// This file draws the frame: the header, the active screen's body, the
// status line (status.go) and the help, short or full.

import (
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// View draws the header, the active screen, the status line and the help.
func (a App) View() tea.View {
	var v tea.View
	v.AltScreen = true
	v.WindowTitle = "passtea"
	v.SetContent(a.render())
	return v
}

func (a App) render() string {
	c := a.c
	s := c.styles
	w := c.width
	helpView := a.helpView()
	bodyH := c.bodyHeight(lipgloss.Height(helpView))

	var body, title string
	switch a.screen {
	case screenLoading:
		title = ""
		if a.loadErr != nil {
			body = a.loadErrorView()
		}
	case screenCreate:
		title, body = "new vault", a.create.View()
	case screenUnlock:
		title, body = "unlock", a.unlock.View()
	case screenEntries:
		title, body = "entries", a.entries.View()
	case screenEntry:
		title, body = a.entry.title(), a.entry.View()
	case screenForm:
		title, body = a.form.title(), a.form.View()
	case screenGenerate:
		title, body = "generator", a.generate.View()
	case screenSettings:
		title, body = "settings", a.settings.View()
	}

	header := s.Badge.Render("passtea") + s.Title.Render(title)
	right := "locked"
	if c.vault != nil {
		right = filepath.Base(c.path)
	}
	if gap := w - lipgloss.Width(header) - lipgloss.Width(right) - 1; gap > 0 {
		header += strings.Repeat(" ", gap) + s.HeaderR.Render(right)
	}

	body = fitBody(body, w, bodyH)
	return lipgloss.JoinVertical(lipgloss.Left,
		truncate(header, w),
		"",
		body,
		a.statusView(),
		helpView,
	)
}

func (a App) loadErrorView() string {
	s := a.c.styles
	msg := s.Error.Render("cannot open the vault") + "\n\n" +
		lipgloss.NewStyle().Width(max(a.c.width-4, 20)).Render(a.loadErr.Error()) + "\n\n" +
		s.Dim.Render("No entries are shown. Press q to quit.")
	return lipgloss.NewStyle().Padding(0, 2).Render(msg)
}

// helpKeys returns the bindings of the active screen.
func (a App) helpKeys() help.KeyMap {
	switch a.screen {
	case screenCreate:
		return a.create.help()
	case screenUnlock:
		return a.unlock.help()
	case screenEntries:
		return a.entries.help()
	case screenEntry:
		return a.entry.help()
	case screenForm:
		return a.form.help()
	case screenGenerate:
		return a.generate.help()
	case screenSettings:
		return a.settings.help()
	}
	k := a.c.keys
	return bindingsHelp{short: []key.Binding{k.QuitQ}}
}

func (a App) helpView() string {
	h := a.help
	if !a.showHelp {
		return shortHelp(h, a.helpKeys().ShortHelp(), a.c.width)
	}
	h.ShowAll = true
	lines := strings.Split(h.View(a.helpKeys()), "\n")
	for i, l := range lines {
		lines[i] = truncate(l, a.c.width)
	}
	return strings.Join(lines, "\n")
}

// shortHelp is the one-line help in width cells: as many bindings as fit,
// whole, then "…"; a last binding for the full help stays. (bubbles/help
// lets a binding overflow the width when its ellipsis would not fit.)
func shortHelp(h help.Model, keys []key.Binding, width int) string {
	h.SetWidth(0)
	if v := h.ShortHelpView(keys); lipgloss.Width(v) <= width {
		return v
	}
	var pinned []key.Binding
	if n := len(keys); n > 1 && keys[n-1].Help().Key == "?" {
		keys, pinned = keys[:n-1], keys[n-1:]
	}
	tail := " " + h.Styles.Ellipsis.Render(h.Ellipsis)
	if len(pinned) > 0 {
		tail += h.Styles.ShortSeparator.Render(h.ShortSeparator) + h.ShortHelpView(pinned)
	}
	for n := len(keys) - 1; n > 0; n-- {
		v := h.ShortHelpView(keys[:n]) + tail
		if lipgloss.Width(v) <= width {
			return v
		}
	}
	return truncate(h.ShortHelpView(keys[:1]), width)
}

func (a App) helpLines() int {
	return lipgloss.Height(a.helpView())
}
