package tui

// This file is the audit screen (a from the list): the findings of the
// last audit (auditrun.go), grouped by the severity of their entry, then
// the accepted ones. Each row is one finding of one entry: enter opens
// the entry, a accepts the finding (or reports an accepted one again), r
// audits again. It shows no password, only what the audit says of it.

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/passtea/passtea/audit"
	"github.com/passtea/passtea/ui/term"
	"github.com/passtea/passtea/vault"
)

type auditScreen struct {
	c       *common
	keys    auditKeys
	spinner spinner.Model

	rep     *audit.Report // what rows were built from
	version int           // the report's version then
	rows    []auditRow

	cursor, offset int
	width, height  int
}

// auditRow is one finding of one entry.
type auditRow struct {
	group    string // the heading it sits under
	entry    vault.Entry
	finding  audit.Finding
	accepted bool
	first    bool // the entry's first row: its name is shown
}

func newAuditScreen(c *common) *auditScreen {
	m := &auditScreen{c: c, keys: c.keys.audit, spinner: newSpinner(c), width: c.width, height: c.bodyHeight(1)}
	m.rebuild()
	return m
}

func (m *auditScreen) title() string   { return "audit" }
func (m *auditScreen) capturing() bool { return false }
func (m *auditScreen) restyle() {
	m.spinner.Style = lipgloss.NewStyle().Foreground(m.c.styles.Accent)
}

func (m *auditScreen) resize(w, h int) {
	m.width, m.height = w, h
	m.clampWindow()
}

// tick keeps the spinner turning while an audit runs.
func (m *auditScreen) tick() tea.Cmd {
	if !m.c.audit.running() {
		return nil
	}
	return m.c.spinnerTick(m.spinner.Tick)
}

// rebuild makes the rows of the report, if it is not the one shown,
// keeping the selected finding.
func (m *auditScreen) rebuild() {
	rep := m.c.audit.report
	if rep == m.rep && m.c.audit.version == m.version && rep != nil {
		return
	}
	sel, had := m.selected()
	m.rep, m.version, m.rows = rep, m.c.audit.version, nil
	if rep == nil {
		return
	}
	add := func(group string, e vault.Entry, fs []audit.Finding, accepted bool) {
		for i, f := range fs {
			m.rows = append(m.rows, auditRow{group: group, entry: e, finding: f, accepted: accepted, first: i == 0})
		}
	}
	for _, r := range rep.Found() {
		add(capitalize(r.Severity().String()), r.Entry, r.Findings, false)
	}
	for _, r := range rep.Results {
		add("Accepted", r.Entry, r.Accepted, true)
	}
	m.cursor = 0
	if had {
		for i, r := range m.rows {
			if r.entry.ID == sel.entry.ID && r.finding.Name == sel.finding.Name {
				m.cursor = i
			}
		}
	}
	m.clampWindow()
}

func (m *auditScreen) selected() (auditRow, bool) {
	if m.cursor < 0 || m.cursor >= len(m.rows) {
		return auditRow{}, false
	}
	return m.rows[m.cursor], true
}

func (m *auditScreen) updateKeys() {
	k := &m.keys
	sel, has := m.selected()
	enable(len(m.rows) > 1, &k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Home, &k.End)
	enable(has, &k.Open, &k.Accept)
	enable(!m.c.audit.running(), &k.Again)
	if sel.accepted {
		k.Accept.SetHelp("a", "report again")
	} else {
		k.Accept.SetHelp("a", "accept")
	}
}

func (m *auditScreen) update(msg tea.Msg) reply {
	m.rebuild()
	defer m.updateKeys()
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if !m.c.audit.running() {
			return reply{}
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return run(cmd)
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	return reply{}
}

func (m *auditScreen) key(km tea.KeyPressMsg) reply {
	k := m.keys
	sel, has := m.selected()
	switch {
	case key.Matches(km, k.Up):
		m.cursor--
	case key.Matches(km, k.Down):
		m.cursor++
	case key.Matches(km, k.PageUp):
		m.cursor -= m.listHeight() / 2
	case key.Matches(km, k.PageDown):
		m.cursor += m.listHeight() / 2
	case key.Matches(km, k.Home):
		m.cursor = 0
	case key.Matches(km, k.End):
		m.cursor = len(m.rows) - 1
	case key.Matches(km, k.Open) && has:
		return want(goTo{to: screenEntry, id: sel.entry.ID})
	case key.Matches(km, k.Accept) && has:
		return want(work{fn: acceptWork(sel.entry, sel.finding.Name, !sel.accepted)})
	case key.Matches(km, k.Again) && !m.c.audit.running():
		return want(auditAgain{}).and(m.c.spinnerTick(m.spinner.Tick))
	case key.Matches(km, k.Back):
		return want(goBack{})
	case key.Matches(km, k.Lock):
		return want(lockNow{})
	}
	m.clampWindow()
	return reply{}
}

// help is drawn before the body: the report may have changed since the
// last key (an audit ended, a finding was accepted).
func (m *auditScreen) help() help.KeyMap {
	m.rebuild()
	m.updateKeys()
	k := m.keys
	return bindingsHelp{
		short: []key.Binding{k.Up, k.Down, k.Open, k.Accept, k.Again, k.Back, k.Lock},
		full: [][]key.Binding{
			{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
			{k.Open, k.Accept, k.Again, k.Back, k.Lock},
		},
	}
}

// auditColumns are the widths of the entry, finding and detail columns.
func (m *auditScreen) auditColumns() (name, finding, detail int) {
	avail := m.width - 3 - 4 // margin, cursor mark, two gaps
	finding = len("breached")
	name = max(min(avail*28/100, 32), 8)
	return name, finding, max(avail-name-finding, 10)
}

// head is the summary above the table: the totals, or the audit under
// way, and how breached passwords were checked.
func (m *auditScreen) head() []string {
	s := m.c.styles
	st := &m.c.audit
	w := max(m.width-4, 20)
	var lines []string
	switch {
	case st.running():
		what := fmt.Sprintf("auditing %s…", entriesCount(len(st.run.basis)))
		if r := st.run; !r.checking && len(r.read) > 0 {
			what = fmt.Sprintf("reading %d of %s…", len(r.read), entriesCount(len(r.basis)))
		}
		lines = append(lines, m.c.working(m.spinner, what, w-8, st.run.started))
	case st.err != nil:
		lines = append(lines, s.Error.Render(wrap("the audit failed: "+st.err.Error(), w)), s.Dim.Render("r audits again"))
	}
	rep := st.report
	if rep == nil {
		return lines
	}
	found := rep.Found()
	var b strings.Builder
	if len(found) == 0 {
		fmt.Fprintf(&b, "No findings in %s", entriesCount(len(rep.Results)))
	} else {
		by := map[audit.Severity]int{}
		for _, r := range found {
			by[r.Severity()]++
		}
		var counts []string
		for _, sev := range []audit.Severity{audit.High, audit.Medium, audit.Low} {
			if by[sev] > 0 {
				counts = append(counts, fmt.Sprintf("%d %s", by[sev], sev))
			}
		}
		fmt.Fprintf(&b, "%d of %s with findings: %s", len(found), entriesCount(len(rep.Results)), strings.Join(counts, ", "))
	}
	if n := rep.AcceptedCount(); n > 0 {
		fmt.Fprintf(&b, "; %d accepted", n)
	}
	lines = append(lines, wrap(b.String()+".", w), s.Dim.Render(wrap(m.breachNote(), w)),
		s.Dim.Render(wrap("The list marks entries B breached, R reused, W weak.", w)))
	return lines
}

// listHeight is the lines the table may fill.
func (m *auditScreen) listHeight() int {
	return max(m.height-len(strings.Split(strings.Join(m.head(), "\n"), "\n"))-1, 2)
}

// rowLines draws row i: its heading when it starts a group (or the
// window), then the finding, its detail wrapped in its column.
func (m *auditScreen) rowLines(i int, top bool) []string {
	s := m.c.styles
	r := m.rows[i]
	nw, fw, dw := m.auditColumns()
	var lines []string
	if top || i == 0 || m.rows[i-1].group != r.group {
		lines = append(lines, "   "+s.Column.Render(r.group))
	}
	name := ""
	if r.first || top {
		name = term.Line(r.entry.Name)
	}
	detail := strings.Split(wrap(m.detail(r), dw), "\n")
	for j, d := range detail {
		mark, cells := "   ", padRight(name, nw)+"  "+padRight(r.finding.Name, fw)+"  "
		if j > 0 {
			cells = strings.Repeat(" ", nw+fw+4)
		}
		line := cells + d
		if i == m.cursor {
			mark = " " + lipgloss.NewStyle().Foreground(s.Accent).Render("▌") + " "
			line = s.Selected.Render(padRight(line, m.width-4))
		} else if r.accepted {
			line = s.Dim.Render(line)
		}
		lines = append(lines, mark+line)
	}
	return lines
}

// clampWindow keeps the cursor on a row and its row in the window: the
// window starts at the cursor's row at the latest, and early enough that
// the rows down to the cursor's fit.
func (m *auditScreen) clampWindow() {
	m.cursor = min(max(m.cursor, 0), max(len(m.rows)-1, 0))
	if len(m.rows) == 0 {
		m.offset = 0
		return
	}
	h := m.listHeight()
	first := m.cursor
	below := 0 // the lines of the rows after first, down to the cursor
	for first > 0 {
		below += len(m.rowLines(first, false))
		if len(m.rowLines(first-1, true))+below > h {
			break
		}
		first--
	}
	m.offset = min(max(m.offset, first), m.cursor)
}

func (m *auditScreen) view() string {
	m.rebuild()
	m.clampWindow()
	s := m.c.styles
	lines := indent(strings.Join(m.head(), "\n"), "  ")
	out := strings.Split(lines, "\n")
	if m.rep != nil && len(m.rows) == 0 && !m.c.audit.running() {
		out = append(out, "", "  "+s.Dim.Render(wrap("Nothing to do. Press r to audit again, esc to go back.", m.width-4)))
	}
	if len(m.rows) > 0 {
		out = append(out, "")
		h := m.listHeight()
		for i := m.offset; i < len(m.rows) && h > 0; i++ {
			l := m.rowLines(i, i == m.offset)
			if len(l) > h {
				l = l[:h]
			}
			out = append(out, l...)
			h -= len(l)
		}
	}
	return strings.Join(out, "\n")
}
