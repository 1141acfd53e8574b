package tui

// This file is the entry screen: every field, wrapped to be read in full
// (all URLs, the custom fields), the password and concealed fields masked
// until r reveals them, the one-time code live (otpcode.go), and the notes
// (or, on h, the earlier values of every field) in a viewport that
// scrolls. tab moves a marker over the values that can be copied; enter
// copies the marked one, o the one-time code.
//
// Stored text is shown escaped (package ui/term): an escape sequence in a
// hostile vault is drawn as \x1b, never sent to the terminal.
//
// An entry a merge marked as having concurrent changes says so, and is
// marked as seen (vault.Resolve) when it is opened.

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
	"github.com/passtea/passtea/ui/term"
	"github.com/passtea/passtea/vault"
)

// labelWidth is the width of the labels before field values.
const labelWidth = 11

// mask stands for a concealed value.
const mask = "••••••••••••"

// copyable is a value of the entry the marker can stop at and enter copies.
type copyable struct {
	what, value string
}

type entryScreen struct {
	c             *common
	keys          entryKeys
	e             vault.Entry
	sec           vault.Secret // opened when the screen opens, dropped when it closes
	code          *entryCode   // the one-time code (otpcode.go); nil when none
	revealed      bool
	showHistory   bool
	confirmDelete bool
	sel           int // the copyable value the marker is on
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
		return nil, fmt.Errorf("open %s: %w", term.Line(e.Name), err)
	}
	vp := viewport.New()
	vp.SoftWrap = true
	vp.MouseWheelEnabled = true
	// The screen's own bindings move it (see update).
	vp.KeyMap = viewport.KeyMap{}
	m := &entryScreen{c: c, keys: c.keys.entry, e: e, sec: sec, code: readCode(sec), notes: vp}
	if len(m.copyables()) > 1 {
		m.sel = 1 // the password
	}
	m.resize(c.width, c.bodyHeight(1))
	m.updateKeys()
	return m, nil
}

func (m *entryScreen) title() string   { return term.Line(m.e.Name) }
func (m *entryScreen) capturing() bool { return m.confirmDelete }
func (m *entryScreen) restyle()        { m.setContent() }

func (m *entryScreen) resize(w, h int) {
	m.width, m.height = w, h
	m.notes.SetWidth(max(w-4, 10))
	fields, _ := m.fieldsView()
	m.notes.SetHeight(max(h-lipgloss.Height(fields)-2, 1))
	m.setContent()
}

// copyables are the values the marker stops at: the username, the
// password, each URL, each custom field.
func (m *entryScreen) copyables() []copyable {
	out := []copyable{{"username", m.e.Username}, {"password", m.sec.Password}}
	for i, u := range m.e.URLs {
		what := "URL"
		if len(m.e.URLs) > 1 {
			what = fmt.Sprintf("URL %d", i+1)
		}
		out = append(out, copyable{what, u})
	}
	for _, f := range m.sec.Fields {
		out = append(out, copyable{term.Line(f.Name), f.Value})
	}
	return out
}

func (m *entryScreen) setContent() {
	s := m.c.styles
	if m.showHistory {
		m.notes.SetContent(m.historyView())
		return
	}
	if m.sec.Notes == "" {
		m.notes.SetContent(s.Dim.Render("No notes."))
		return
	}
	// Wrapped at words here; the viewport's own wrap cuts anywhere.
	m.notes.SetContent(wrap(term.Text(m.sec.Notes), m.notes.Width()))
}

// historyView lists the earlier values of every field, newest first: the
// time each was replaced (for a value a merge set aside, when it was set)
// and the field, then the value (masked while concealed values are).
func (m *entryScreen) historyView() string {
	s := m.c.styles
	old := m.sec.History
	if len(old) == 0 {
		return s.Dim.Render("No earlier values.")
	}
	w := max(m.notes.Width()-4, 8)
	var lines []string
	for i := len(old) - 1; i >= 0; i-- {
		h := old[i]
		what := h.Kind.String()
		if h.Kind == vault.KindCustom {
			what = term.Line(h.Field)
		}
		when := m.formatTime(h.Replaced)
		if h.Replaced.IsZero() {
			// Never replaced: a merge set it aside (vault.OldValue).
			when = "set aside by a merge"
			if !h.Set.IsZero() {
				when = "set " + m.formatTime(h.Set) + ", " + when
			}
		}
		if lipgloss.Width(when+"  "+what) > m.notes.Width() {
			// The field goes under a long "set …, set aside by a merge".
			lines = append(lines, s.Dim.Render(when), s.Label.Render(what))
		} else {
			lines = append(lines, s.Dim.Render(when+"  ")+s.Label.Render(what))
		}
		var value string
		switch {
		case h.Removed:
			value = s.Dim.Render("(removed)")
		case h.Concealed && !m.revealed:
			value = s.Masked.Render(mask)
		case h.Value == "":
			value = s.Dim.Render("(empty)")
		case h.Kind == vault.KindPassword:
			value = colorize(s, term.Line(h.Value))
		default:
			value = term.Text(h.Value)
		}
		for _, l := range strings.Split(value, "\n") {
			lines = append(lines, "    "+wrapExact(l, w, 4))
		}
	}
	return strings.Join(lines, "\n")
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
		return s.Masked.Render(mask)
	}
	return colorize(s, term.Line(pw))
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
		&k.CopyPass, &k.CopyUser, &k.Next, &k.Prev, &k.CopySel, &k.Edit, &k.Delete, &k.Generator, &k.Lock, &k.Back)
	enable(!ask && m.code != nil && m.code.err == nil, &k.CopyOTP)
	enable(ask, &k.Yes, &k.No)
	if m.revealed {
		k.Reveal.SetHelp("r", "hide")
	} else {
		k.Reveal.SetHelp("r", "reveal")
	}
	if m.showHistory {
		k.History.SetHelp("h", "notes")
	} else {
		k.History.SetHelp("h", "history")
	}
	if cs := m.copyables(); m.sel < len(cs) {
		k.CopySel.SetHelp("enter", "copy "+cs[m.sel].what)
	}
}

func (m *entryScreen) update(msg tea.Msg) reply {
	defer m.updateKeys()
	switch msg := msg.(type) {
	case otpTickMsg:
		if msg.from != m {
			return reply{} // a tick of a screen left since
		}
		return run(m.tick())
	case hotpIssuedMsg:
		if msg.err == nil && m.code != nil {
			m.code.issued, m.code.counter, m.e = msg.code, msg.counter, msg.entry
		}
		return msg.copy()
	}
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
		m.resize(m.width, m.height) // a revealed value may take more lines
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
	case key.Matches(km, k.Next):
		m.sel = (m.sel + 1) % len(m.copyables())
	case key.Matches(km, k.Prev):
		n := len(m.copyables())
		m.sel = (m.sel + n - 1) % n
	case key.Matches(km, k.CopySel):
		c := m.copyables()[m.sel]
		return want(copyValue{what: c.what, name: m.e.Name, value: c.value})
	case key.Matches(km, k.CopyPass):
		return want(copyValue{what: "password", name: m.e.Name, value: m.sec.Password})
	case key.Matches(km, k.CopyUser):
		return want(copyValue{what: "username", name: m.e.Name, value: m.e.Username})
	case key.Matches(km, k.CopyOTP):
		return copyCode(m.c, m.e, m.code.key)
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
// its label so that it can be read in full at any width, and returns the
// line the copy marker goes on.
func (m *entryScreen) fieldsView() (string, int) {
	s := m.c.styles
	w := max(m.width-4-labelWidth, 8)
	var lines []string
	markAt := -1
	n := 0 // the copyable values so far
	add := func(label, value string, copyable bool) {
		if copyable {
			if n == m.sel {
				markAt = len(lines)
			}
			n++
		}
		if lipgloss.Width(label) >= labelWidth {
			// A long custom field's name has a line of its own.
			lines = append(lines, strings.Split(s.Label.Render(wrapExact(label, m.width-4, 0)), "\n")...)
			label = ""
		}
		text := s.Label.Render(padRight(label, labelWidth)) + wrapExact(value, w, labelWidth)
		lines = append(lines, strings.Split(text, "\n")...)
	}
	plain := func(v string) string {
		if v == "" {
			return s.Dim.Render("—")
		}
		return term.Line(v)
	}
	hint := "  r reveal"
	if m.revealed {
		hint = "  r hide"
	}
	withHint := func(v string) string {
		if lipgloss.Width(v)+len(hint) <= w {
			return v + s.Dim.Render(hint)
		}
		return v
	}
	add("name", s.Focused.Render(term.Line(m.e.Name)), false)
	add("username", plain(m.e.Username), true)
	add("password", withHint(m.passwordView(m.sec.Password)), true)
	switch len(m.e.URLs) {
	case 0:
		add("URL", plain(""), false)
	case 1:
		add("URL", term.Line(m.e.URLs[0]), true)
	default:
		for i, u := range m.e.URLs {
			label := ""
			if i == 0 {
				label = "URLs"
			}
			add(label, term.Line(u), true)
		}
	}
	add("tags", plain(strings.Join(m.e.Tags, " ")), false)
	if m.code != nil {
		add("OTP", m.codeView(w), false)
	}
	for _, f := range m.sec.Fields {
		value := term.Line(f.Value)
		switch {
		case f.Concealed && !m.revealed:
			value = s.Masked.Render(mask)
		case strings.Contains(f.Value, "\n"):
			value = term.Text(f.Value)
		case f.Value == "":
			value = s.Dim.Render("—")
		}
		add(term.Line(f.Name), value, true)
	}
	add("modified", m.formatTime(m.e.Modified)+s.Dim.Render("  created "+m.formatTime(m.e.Created)), false)
	if m.e.Conflict {
		for _, l := range strings.Split(wrap("⚠ A merge kept two changes made apart; the one not shown is in the history (h).", m.width-4), "\n") {
			lines = append(lines, s.Warn.Render(l))
		}
	}
	return strings.Join(lines, "\n"), markAt
}

func (m *entryScreen) view() string {
	s := m.c.styles
	title := "notes"
	if m.showHistory {
		title = fmt.Sprintf("history (%d)", len(m.sec.History))
	} else if n := len(m.sec.History); n > 0 {
		title += s.Dim.Render(fmt.Sprintf("  ·  h: %d earlier value%s", n, plural(n)))
	}
	var where string
	if n, h := m.notes.TotalLineCount(), m.notes.Height(); n > h {
		top := m.notes.YOffset() + 1
		where = fmt.Sprintf(" %d–%d of %d", top, min(top+h-1, n), n)
	}
	title = truncate(title, m.width-4-lipgloss.Width(where)-2)
	rule := max(m.width-4-lipgloss.Width(title)-lipgloss.Width(where)-1, 0)
	fields, markAt := m.fieldsView()
	lines := []string{
		fields,
		"",
		s.Label.Render(title) + " " + lipgloss.NewStyle().Foreground(s.Faint).Render(strings.Repeat("─", rule)) + s.Dim.Render(where),
		m.notes.View(),
	}
	if m.confirmDelete {
		lines = append(lines, askYesNo(s, wrap("move "+term.Line(m.e.Name)+" to the trash?", m.width-10)))
	}
	out := strings.Split(pad(strings.Join(lines, "\n")), "\n")
	if markAt >= 0 && markAt < len(out) {
		out[markAt] = s.Focused.Render("▸") + " " + strings.TrimPrefix(out[markAt], "  ")
	}
	return strings.Join(out, "\n")
}

func (m *entryScreen) help() help.KeyMap {
	k := m.keys
	if m.confirmDelete {
		return oneLine(k.Yes, k.No)
	}
	return bindingsHelp{
		short: []key.Binding{k.Reveal, k.CopySel, k.CopyOTP, k.Next, k.Edit, k.History, k.Back},
		full: [][]key.Binding{
			{k.Reveal, k.History, k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
			{k.Next, k.Prev, k.CopySel, k.CopyPass, k.CopyUser, k.CopyOTP, k.Edit, k.Delete, k.Generator},
			{k.Back, k.Lock},
		},
	}
}

// resolveWork marks the entry's merge conflict as seen.
func resolveWork(id vault.ID) func(Store) workResult {
	return func(v Store) workResult {
		return entryResolvedMsg{err: v.Resolve(id)}
	}
}

// entryResolvedMsg says whether a conflict was marked as seen.
type entryResolvedMsg struct{ err error }

func (m entryResolvedMsg) workErr() error { return m.err }
func (entryResolvedMsg) failed() string   { return "could not mark the conflict as seen" }
