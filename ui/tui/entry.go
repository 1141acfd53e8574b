package tui

// This file is the entry screen: every field, wrapped to be read in full,
// the password masked until r reveals it, the notes (or, on h, the
// password history) in a viewport that scrolls.

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/passtea/passtea/generator"
	"github.com/passtea/passtea/vault"
)

// labelWidth is the width of the labels before field values.
const labelWidth = 11

type entryScreen struct {
	c             *common
	keys          entryKeys
	e             vault.Entry
	sec           vault.Secret // opened when the screen opens, dropped when it closes
	revealed      bool
	showHistory   bool
	confirmDelete bool
	notes         viewport.Model
	width, height int
}

// newEntryScreen opens the entry id of the unlocked vault.
func newEntryScreen(c *common, id vault.ID) (*entryScreen, error) {
	if c.vault == nil {
		return nil, vault.ErrLocked
	}
	e, err := c.vault.ByID(id)
	if err != nil {
		return nil, err
	}
	sec, err := c.vault.Secret(id)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", e.Name, err)
	}
	vp := viewport.New()
	vp.SoftWrap = true
	vp.MouseWheelEnabled = true
	// The screen's own bindings move it (see update).
	vp.KeyMap = viewport.KeyMap{}
	m := &entryScreen{c: c, keys: c.keys.entry, e: e, sec: sec, notes: vp}
	m.resize(c.width, c.bodyHeight(1))
	m.updateKeys()
	return m, nil
}

func (m *entryScreen) title() string   { return m.e.Name }
func (m *entryScreen) capturing() bool { return m.confirmDelete }
func (m *entryScreen) restyle()        { m.setContent() }

func (m *entryScreen) resize(w, h int) {
	m.width, m.height = w, h
	m.notes.SetWidth(max(w-4, 10))
	m.notes.SetHeight(max(h-lipgloss.Height(m.fieldsView())-2, 1))
	m.setContent()
}

func (m *entryScreen) setContent() {
	s := m.c.styles
	if m.showHistory {
		var lines []string
		old := m.sec.PasswordHistory()
		if len(old) == 0 {
			lines = append(lines, s.Dim.Render("No earlier passwords."))
		}
		w := max(m.notes.Width()-18, 8)
		for i := len(old) - 1; i >= 0; i-- {
			h := old[i]
			lines = append(lines, s.Dim.Render(m.formatTime(h.Replaced)+"  ")+wrapExact(m.passwordView(h.Value), w, 18))
		}
		m.notes.SetContent(strings.Join(lines, "\n"))
		return
	}
	if m.sec.Notes == "" {
		m.notes.SetContent(s.Dim.Render("No notes."))
		return
	}
	// Wrapped at words here; the viewport's own wrap cuts anywhere.
	m.notes.SetContent(wrap(m.sec.Notes, m.notes.Width()))
}

func (m *entryScreen) formatTime(t time.Time) string {
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
func (m *entryScreen) passwordView(pw string) string {
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

func (m *entryScreen) updateKeys() {
	k := &m.keys
	ask := m.confirmDelete
	enable(!ask, &k.Reveal, &k.History, &k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Top, &k.Bottom,
		&k.CopyPass, &k.CopyUser, &k.Edit, &k.Delete, &k.Generator, &k.Lock, &k.Back)
	enable(ask, &k.Yes, &k.No)
	if m.revealed {
		k.Reveal.SetHelp("r", "hide password")
	} else {
		k.Reveal.SetHelp("r", "reveal password")
	}
	if m.showHistory {
		k.History.SetHelp("h", "notes")
	} else {
		k.History.SetHelp("h", "password history")
	}
}

func (m *entryScreen) update(msg tea.Msg) reply {
	defer m.updateKeys()
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		var cmd tea.Cmd
		m.notes, cmd = m.notes.Update(msg) // the mouse wheel
		return run(cmd)
	}
	k := m.keys
	switch {
	case key.Matches(km, k.Yes):
		m.confirmDelete = false
		return want(work{fn: deleteWork(m.e)})
	case key.Matches(km, k.No), m.confirmDelete:
		m.confirmDelete = false
		return want(say{statusInfo, "not deleted"})
	case key.Matches(km, k.Back):
		return want(goBack{})
	case key.Matches(km, k.Reveal):
		m.revealed = !m.revealed
		m.resize(m.width, m.height) // a revealed password may take more lines
	case key.Matches(km, k.History):
		m.showHistory = !m.showHistory
		m.notes.GotoTop()
		m.setContent()
	case key.Matches(km, k.Up):
		m.notes.ScrollUp(1)
	case key.Matches(km, k.Down):
		m.notes.ScrollDown(1)
	case key.Matches(km, k.PageUp):
		m.notes.PageUp()
	case key.Matches(km, k.PageDown):
		m.notes.PageDown()
	case key.Matches(km, k.Top):
		m.notes.GotoTop()
	case key.Matches(km, k.Bottom):
		m.notes.GotoBottom()
	case key.Matches(km, k.CopyPass):
		return want(copyValue{what: "password", name: m.e.Name, value: m.sec.Password})
	case key.Matches(km, k.CopyUser):
		return want(copyValue{what: "username", name: m.e.Name, value: m.e.Username})
	case key.Matches(km, k.Edit):
		return want(goTo{to: screenForm, id: m.e.ID})
	case key.Matches(km, k.Delete):
		m.confirmDelete = true
	case key.Matches(km, k.Lock):
		return want(lockNow{})
	case key.Matches(km, k.Generator):
		return want(goTo{to: screenGenerate})
	}
	return reply{}
}

// fieldsView draws the fields above the notes, each value wrapped under
// its label so that it can be read in full at any width.
func (m *entryScreen) fieldsView() string {
	s := m.c.styles
	w := max(m.width-4-labelWidth, 8)
	field := func(label, value string) string {
		return s.Label.Render(padRight(label, labelWidth)) + wrapExact(value, w, labelWidth)
	}
	plain := func(v string) string {
		if v == "" {
			return s.Dim.Render("—")
		}
		return v
	}
	pw := m.passwordView(m.sec.Password)
	hint := "  r reveal"
	if m.revealed {
		hint = "  r hide"
	}
	if lipgloss.Width(pw)+len(hint) <= w {
		pw += s.Dim.Render(hint)
	}
	lines := []string{
		field("name", s.Focused.Render(m.e.Name)),
		field("username", plain(m.e.Username)),
		field("password", pw),
		field("URL", plain(strings.Join(m.e.URLs, " "))),
		field("tags", plain(strings.Join(m.e.Tags, " "))),
		field("modified", m.formatTime(m.e.Modified)+s.Dim.Render("  created "+m.formatTime(m.e.Created))),
	}
	return strings.Join(lines, "\n")
}

func (m *entryScreen) view() string {
	s := m.c.styles
	title := "notes"
	if m.showHistory {
		title = fmt.Sprintf("password history (%d)", len(m.sec.History))
	} else if n := len(m.sec.History); n > 0 {
		title += s.Dim.Render(fmt.Sprintf("  ·  h: %d earlier password%s", n, plural(n)))
	}
	var where string
	if n, h := m.notes.TotalLineCount(), m.notes.Height(); n > h {
		top := m.notes.YOffset() + 1
		where = fmt.Sprintf(" %d–%d of %d", top, min(top+h-1, n), n)
	}
	title = truncate(title, m.width-4-lipgloss.Width(where)-2)
	rule := max(m.width-4-lipgloss.Width(title)-lipgloss.Width(where)-1, 0)
	lines := []string{
		m.fieldsView(),
		"",
		s.Label.Render(title) + " " + lipgloss.NewStyle().Foreground(s.Faint).Render(strings.Repeat("─", rule)) + s.Dim.Render(where),
		m.notes.View(),
	}
	if m.confirmDelete {
		lines = append(lines, askYesNo(s, wrap("delete "+m.e.Name+"?", m.width-10)))
	}
	return pad(strings.Join(lines, "\n"))
}

func (m *entryScreen) help() help.KeyMap {
	k := m.keys
	if m.confirmDelete {
		return oneLine(k.Yes, k.No)
	}
	return bindingsHelp{
		short: []key.Binding{k.Reveal, k.CopyPass, k.CopyUser, k.Edit, k.History, k.Back},
		full: [][]key.Binding{
			{k.Reveal, k.History, k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
			{k.CopyPass, k.CopyUser, k.Edit, k.Delete, k.Generator},
			{k.Back, k.Lock},
		},
	}
}
