package tui

// This file is the screen before the vault file is read, and the one that
// says why it cannot be read.

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

type loadingScreen struct {
	c     *common
	keys  unlockKeys
	err   error // the file cannot be read
	width int
}

func newLoadingScreen(c *common) *loadingScreen {
	m := &loadingScreen{c: c, keys: c.keys.unlock, width: c.width}
	m.keys.Unlock.SetEnabled(false)
	m.keys.QuitEsc.SetEnabled(false)
	return m
}

// failed shows why the file cannot be read; esc quits.
func (m *loadingScreen) failed(err error) {
	m.err = err
	m.keys.QuitEsc.SetEnabled(true)
}

func (m *loadingScreen) title() string     { return "" }
func (m *loadingScreen) capturing() bool   { return false }
func (m *loadingScreen) resize(w, _ int)   { m.width = w }
func (m *loadingScreen) restyle()          {}
func (m *loadingScreen) help() help.KeyMap { return oneLine(m.keys.QuitEsc) }

func (m *loadingScreen) update(msg tea.Msg) reply {
	if km, ok := msg.(tea.KeyPressMsg); ok && key.Matches(km, m.keys.QuitEsc) {
		return want(quitNow{})
	}
	return reply{}
}

func (m *loadingScreen) view() string {
	if m.err == nil {
		return ""
	}
	s := m.c.styles
	w := max(m.width-4, 20)
	return pad(s.Error.Render("cannot open the vault") + "\n\n" +
		wrap(m.err.Error(), w) + "\n\n" +
		s.Dim.Render(wrap("No entries are shown. Press q or esc to quit.", w)))
}
