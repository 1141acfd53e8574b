package tui

// This file draws the frame: the header, the active screen's body, the
// status line (status.go) and the help, short or full. The help is the
// active screen's enabled bindings and the root's.

import (
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// View draws the header, the active screen, the status line and the help.
func (a *App) View() tea.View {
	var v tea.View
	v.AltScreen = true
	v.WindowTitle = "passtea"
	if a.done {
		// The last frame: a terminal without an alternate screen keeps
		// it, so it shows nothing of the vault.
		v.SetContent(a.c.styles.Badge.Render("passtea") + a.c.styles.Title.Render("locked"))
		return v
	}
	v.SetContent(a.render())
	return v
}

func (a *App) render() string {
	c := a.c
	s := c.styles
	w := c.width
	helpView, status := a.helpView(), a.statusView()
	bodyH := c.bodyHeight(lipgloss.Height(helpView) + lipgloss.Height(status) - 1)

	var body, title string
	if sc := a.screens[a.active]; sc != nil {
		title, body = sc.title(), sc.view()
	}
	header := s.Badge.Render("passtea") + s.Title.Render(truncatePlain(title, max(w-24, 8)))
	right := "locked"
	if c.vault != nil {
		right = filepath.Base(c.path)
	}
	if gap := w - lipgloss.Width(header) - lipgloss.Width(right) - 1; gap > 0 {
		header += strings.Repeat(" ", gap) + s.HeaderR.Render(right)
	}

	body = fitBody(body, w, bodyH)
	return strings.Join([]string{truncate(header, w), "", body, status, helpView}, "\n")
}

// helpKeys returns the bindings of the active screen and the root's.
func (a *App) helpKeys() help.KeyMap {
	g := a.keys
	var sh []key.Binding
	var full [][]key.Binding
	if sc := a.screens[a.active]; sc != nil {
		k := sc.help()
		sh, full = k.ShortHelp(), k.FullHelp()
	}
	if a.confirmQuit {
		return oneLine(g.Yes, g.No)
	}
	more := g.Help
	if !more.Enabled() {
		more = g.HelpF1
	}
	if a.showHelp {
		more = g.CloseHelp
	}
	sh = append(append([]key.Binding{}, sh...), g.QuitQ, more)
	full = append(append([][]key.Binding{}, full...), []key.Binding{g.QuitQ, g.Quit, more})
	return bindingsHelp{short: sh, full: full}
}

func (a *App) helpView() string {
	h := a.help
	keys := a.helpKeys()
	if !a.showHelp {
		return shortHelp(h, keys.ShortHelp(), a.c.width)
	}
	return fullHelp(h, keys.FullHelp(), a.c.width)
}

// shortHelp is the one-line help in width cells: as many bindings as fit,
// whole, then "…"; the last binding (the full help) stays. (bubbles/help
// lets a binding overflow the width when its ellipsis would not fit.)
func shortHelp(h help.Model, keys []key.Binding, width int) string {
	keys = enabled(keys)
	h.SetWidth(0)
	if v := h.ShortHelpView(keys); lipgloss.Width(v) <= width {
		return v
	}
	var pinned []key.Binding
	if n := len(keys); n > 1 {
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

// fullHelp is the full help in width cells: bubbles/help's columns side by
// side when they fit, else one below the other.
func fullHelp(h help.Model, groups [][]key.Binding, width int) string {
	var cols [][]key.Binding
	for _, g := range groups {
		if g = enabled(g); len(g) > 0 {
			cols = append(cols, g)
		}
	}
	h.ShowAll = true
	h.SetWidth(0) // bubbles/help would cut with "…"; columns go below instead
	if v := h.FullHelpView(cols); lipgloss.Width(v) <= width {
		return v
	}
	var parts []string
	for i := 0; i < len(cols); {
		// As many columns as fit, side by side.
		n := 1
		for i+n < len(cols) && lipgloss.Width(h.FullHelpView(cols[i:i+n+1])) <= width {
			n++
		}
		for _, l := range strings.Split(h.FullHelpView(cols[i:i+n]), "\n") {
			parts = append(parts, truncate(l, width))
		}
		i += n
	}
	return strings.Join(parts, "\n")
}

// enabled keeps the bindings that are switched on.
func enabled(bs []key.Binding) []key.Binding {
	var out []key.Binding
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b)
		}
	}
	return out
}

// helpLines is the lines under the body beyond the one of the status line:
// the help, and a status that wraps.
func (a *App) helpLines() int {
	return lipgloss.Height(a.helpView()) + lipgloss.Height(a.statusView()) - 1
}
