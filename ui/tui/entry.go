package tui

// This file is the entry screen: every field, the password masked until r
// reveals it, the notes in a scrollable viewport, the password history on h.

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/passtea/passtea/generator"
	"github.com/passtea/passtea/vault"
)

type entryModel struct {
	c             *common
	id            vault.ID
	e             vault.Entry
	sec           vault.Secret // opened when the screen opens, dropped when it closes
	revealed      bool
	showHistory   bool
	confirmDelete bool
	notes         viewport.Model
	width, height int
}

func newEntryModel(c *common, id vault.ID) (entryModel, error) {
	if c.vault == nil {
		return entryModel{}, vault.ErrLocked
	}
	e, err := c.vault.ByID(id)
	if err != nil {
		return entryModel{}, err
	}
	sec, err := c.vault.Secret(id)
	if err != nil {
		return entryModel{}, fmt.Errorf("open %s: %w", e.Name, err)
	}
	vp := viewport.New()
	vp.SoftWrap = true
	vp.MouseWheelEnabled = true
	vp.KeyMap = viewport.KeyMap{
		Up:       c.keys.Up,
		Down:     c.keys.Down,
		PageUp:   c.keys.PageUp,
		PageDown: c.keys.PageDown,
	}
	m := entryModel{c: c, id: id, e: e, sec: sec, notes: vp}
	m.resize(c.width, c.bodyHeight(1))
	return m, nil
}

// capturing reports whether the screen asks a question, which the next key
// answers.
func (m entryModel) capturing() bool { return m.confirmDelete }

func (m entryModel) title() string {
	if m.c == nil {
		return ""
	}
	return m.e.Name
}

func (m *entryModel) resize(w, h int) {
	if m.c == nil {
		return
	}
	m.width, m.height = w, h
	m.notes.SetWidth(max(w-6, 10))
	m.notes.SetHeight(max(h-m.fieldLines()-2, 1))
	m.setContent()
}

// fieldLines is the height of the fields above the notes.
func (m entryModel) fieldLines() int { return 7 }

func (m *entryModel) setContent() {
	s := m.c.styles
	if m.showHistory {
		var lines []string
		if len(m.sec.History) == 0 {
			lines = append(lines, s.Dim.Render("No earlier passwords."))
		}
		for i := len(m.sec.History) - 1; i >= 0; i-- {
			h := m.sec.History[i]
			lines = append(lines, s.Dim.Render(m.formatTime(h.Replaced)+"  ")+m.passwordView(h.Password))
		}
		m.notes.SetContent(strings.Join(lines, "\n"))
		return
	}
	if m.sec.Notes == "" {
		m.notes.SetContent(s.Dim.Render("No notes."))
		return
	}
	m.notes.SetContent(m.sec.Notes)
}

func (m entryModel) formatTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	loc := m.c.cfg.Location
	if loc == nil {
		loc = time.Local
	}
	return t.In(loc).Format("2006-01-02 15:04")
}

// passwordView shows pw coloured by class when revealed, else a mask.
func (m entryModel) passwordView(pw string) string {
	s := m.c.styles
	if pw == "" {
		return s.Dim.Render("(none)")
	}
	if !m.revealed {
		return s.Masked.Render("••••••••••••")
	}
	return colorize(s, pw)
}

// colorize draws a password with its characters coloured by class.
func colorize(s Styles, pw string) string {
	var b strings.Builder
	var run strings.Builder
	cls := generator.Class(255)
	for _, r := range pw {
		c := generator.ClassOf(r)
		if c != cls && run.Len() > 0 {
			b.WriteString(s.Class[cls].Render(run.String()))
			run.Reset()
		}
		cls = c
		run.WriteRune(r)
	}
	if run.Len() > 0 {
		b.WriteString(s.Class[cls].Render(run.String()))
	}
	return b.String()
}

func (m entryModel) Update(msg tea.Msg) (entryModel, tea.Cmd) {
	k := m.c.keys
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		var cmd tea.Cmd
		m.notes, cmd = m.notes.Update(msg)
		return m, cmd
	}
	if m.confirmDelete {
		m.confirmDelete = false
		if key.Matches(km, k.Yes) {
			return m, m.c.deleteCmd(m.e)
		}
		return m, m.c.status(statusInfo, "not deleted")
	}
	switch {
	case key.Matches(km, k.Back):
		return m, m.c.request(backMsg{})
	case key.Matches(km, k.Reveal):
		m.revealed = !m.revealed
		m.setContent()
		return m, nil
	case key.Matches(km, k.History):
		m.showHistory = !m.showHistory
		m.notes.GotoTop()
		m.setContent()
		return m, nil
	case key.Matches(km, k.CopyPass):
		return m, m.c.copy("password", m.e.Name, m.sec.Password)
	case key.Matches(km, k.CopyUser):
		return m, m.c.copy("username", m.e.Name, m.e.Username)
	case key.Matches(km, k.Edit):
		return m, m.c.request(navigateMsg{to: screenForm, id: m.id})
	case key.Matches(km, k.Delete):
		m.confirmDelete = true
		return m, nil
	case key.Matches(km, k.Lock):
		return m, m.c.request(lockRequestedMsg{})
	case key.Matches(km, k.Generator):
		return m, m.c.request(navigateMsg{to: screenGenerate})
	}
	var cmd tea.Cmd
	m.notes, cmd = m.notes.Update(msg)
	return m, cmd
}

func (m entryModel) View() string {
	if m.c == nil {
		return ""
	}
	s := m.c.styles
	w := max(m.width-16, 10)
	field := func(label, value string) string {
		return s.Label.Render(padRight(label, 11)) + value
	}
	plain := func(v string) string {
		if v == "" {
			return s.Dim.Render("—")
		}
		return ellipsize(v, w)
	}
	pwHint := s.Dim.Render("  r reveal")
	if m.revealed {
		pwHint = s.Dim.Render("  r hide")
	}
	lines := []string{
		field("name", s.Focused.Render(ellipsize(m.e.Name, w))),
		field("username", plain(m.e.Username)),
		field("password", m.passwordView(m.sec.Password)+pwHint),
		field("URL", plain(m.e.URL)),
		field("tags", plain(strings.Join(m.e.Tags, " "))),
		field("modified", m.formatTime(m.e.Modified)+s.Dim.Render("  created "+m.formatTime(m.e.Created))),
		"",
	}
	title := "notes"
	if m.showHistory {
		title = fmt.Sprintf("password history (%d)", len(m.sec.History))
	} else if n := len(m.sec.History); n > 0 {
		title += s.Dim.Render(fmt.Sprintf("  ·  h: %d earlier password%s", n, plural(n)))
	}
	var where string
	if n, h := m.notes.TotalLineCount(), m.notes.Height(); n > h {
		top := m.notes.YOffset() + 1
		where = fmt.Sprintf(" %d–%d of %d ↑↓", top, min(top+h-1, n), n)
	}
	rule := max(m.width-6-lipgloss.Width(title)-lipgloss.Width(where)-1, 0)
	lines = append(lines, s.Label.Render(title)+" "+lipgloss.NewStyle().Foreground(s.Faint).Render(strings.Repeat("─", rule))+s.Dim.Render(where))
	lines = append(lines, m.notes.View())
	if m.confirmDelete {
		lines = append(lines, askYesNo(s, "delete "+m.e.Name+"?"))
	}
	return pad(strings.Join(lines, "\n"))
}

func (m entryModel) help() bindingsHelp {
	k := m.c.keys
	if m.confirmDelete {
		return oneLine(k.Yes, k.No)
	}
	return bindingsHelp{
		short: []key.Binding{as(k.Reveal, "reveal"), as(k.CopyPass, "copy"), as(k.CopyUser, "copy user"), k.Edit, k.History, k.Back, as(k.Help, "more")},
		full: [][]key.Binding{
			{k.Reveal, k.History, k.Up, k.Down},
			{k.CopyPass, k.CopyUser, k.Edit, k.Delete},
			{k.Back, k.Lock, k.QuitQ, k.Quit, k.Help},
		},
	}
}
