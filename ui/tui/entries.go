package tui

// This file is the entries screen: the list of names, usernames, URLs and
// tags, the filter (package match ranks what it finds and says which
// letters matched), and the actions on the highlighted entry. t turns it
// into the trash: the same list of the deleted entries, which r restores
// and d erases for good. An entry with a one-time code has a mark (◷) in
// the last cells of its name; o copies the code (otpcode.go).
//
// It stays quick with tens of thousands of entries: the entries are folded
// for matching once per change, a filter that extends the previous one
// searches only the previous matches, and only the rows in the window are
// matched for highlighting and styled.

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/passtea/passtea/match"
	"github.com/passtea/passtea/ui/term"
	"github.com/passtea/passtea/vault"
)

type entriesScreen struct {
	c    *common
	keys entriesKeys
	all  []vault.Entry // what is listed: live, or trashed
	ix   *match.Index

	live, trashed []vault.Entry
	inTrash       bool

	filter    textinput.Model
	filtering bool        // the filter input has the keys
	pattern   string      // the filter applied, as typed
	query     match.Query // pattern, parsed
	shown     []int       // indexes into all, in display order
	hits      []int       // the matches of query, for a query that extends it

	cursor int // index into shown
	offset int // first row in the window

	confirmDelete bool
	width, height int
	paints        paints
}

func newEntriesScreen(c *common) *entriesScreen {
	f := textinput.New()
	f.Prompt = "/ "
	f.Placeholder = "type to filter"
	f.SetStyles(c.styles.Input)
	f.CharLimit = 256
	m := &entriesScreen{c: c, keys: c.keys.entries, filter: f, width: c.width, height: c.bodyHeight(1), paints: newPaints(c.styles)}
	m.setEntries(nil)
	return m
}

func (m *entriesScreen) title() string {
	if m.inTrash {
		return "trash"
	}
	return "entries"
}
func (m *entriesScreen) capturing() bool { return m.filtering || m.confirmDelete }
func (m *entriesScreen) restyle() {
	m.filter.SetStyles(m.c.styles.Input)
	m.paints = newPaints(m.c.styles)
}

func (m *entriesScreen) resize(w, h int) {
	m.width, m.height = w, h
	m.filter.SetWidth(max(w-6, 10))
	m.clampWindow()
}

// setEntries replaces the live entries, keeping the filter and the
// highlighted entry.
func (m *entriesScreen) setEntries(list []vault.Entry) {
	m.live = list
	if !m.inTrash {
		m.show(list)
	}
}

// setTrash replaces the entries in the trash.
func (m *entriesScreen) setTrash(list []vault.Entry) {
	m.trashed = list
	if m.inTrash {
		m.show(list)
	}
}

// toggleTrash shows the trash, or the live entries again.
func (m *entriesScreen) toggleTrash() reply {
	m.inTrash = !m.inTrash
	m.filtering = false
	m.filter.Blur()
	m.filter.Reset()
	m.pattern, m.query = "", match.Query{}
	m.cursor, m.offset = 0, 0
	if !m.inTrash {
		m.show(m.live)
		return reply{}
	}
	trashed, err := m.c.vault.Trash()
	if err != nil {
		m.inTrash = false
		return want(say{statusErr, "cannot list the trash: " + err.Error()})
	}
	m.trashed = trashed
	m.show(trashed)
	return reply{}
}

// show lists list, keeping the filter and the highlighted entry.
func (m *entriesScreen) show(list []vault.Entry) {
	keep, had := m.current()
	m.all = list
	m.ix = match.NewIndex(list)
	m.hits = nil
	m.apply(m.query, true)
	if had {
		m.selectID(keep.ID)
	}
	m.updateKeys()
}

// apply filters by q; full forces a search of every entry.
func (m *entriesScreen) apply(q match.Query, full bool) {
	prev := m.query
	m.query = q
	if q.Empty() {
		m.shown = make([]int, len(m.all))
		for i := range m.shown {
			m.shown[i] = i
		}
		m.hits = nil
		m.clampWindow()
		return
	}
	var within []int
	if !full && m.hits != nil && q.Extends(prev) {
		within = m.hits
	}
	found := m.ix.Search(q, within)
	m.shown = make([]int, len(found))
	for i, h := range found {
		m.shown[i] = h.Index
	}
	m.hits = m.shown
	m.cursor, m.offset = 0, 0
}

func (m *entriesScreen) selectID(id vault.ID) {
	for i, j := range m.shown {
		if m.all[j].ID == id {
			m.cursor = i
			m.clampWindow()
			return
		}
	}
}

func (m *entriesScreen) current() (vault.Entry, bool) {
	if m.cursor < 0 || m.cursor >= len(m.shown) {
		return vault.Entry{}, false
	}
	return m.all[m.shown[m.cursor]], true
}

// rows is the number of entry rows in the window.
func (m *entriesScreen) rows() int {
	h := m.height - 1 // the column headings
	if m.filtering || !m.query.Empty() {
		h--
	}
	if m.confirmDelete {
		h -= 2
	}
	return max(h, 1)
}

func (m *entriesScreen) clampWindow() {
	n := len(m.shown)
	m.cursor = min(max(m.cursor, 0), max(n-1, 0))
	rows := m.rows()
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+rows {
		m.offset = m.cursor - rows + 1
	}
	m.offset = min(max(m.offset, 0), max(n-rows, 0))
}

func (m *entriesScreen) countText() string {
	n := len(m.all)
	noun := "entries"
	if n == 1 {
		noun = "entry"
	}
	if m.inTrash {
		noun += " in the trash"
	}
	if !m.query.Empty() {
		return fmt.Sprintf("%d of %d %s", len(m.shown), n, noun)
	}
	return fmt.Sprintf("%d %s", n, noun)
}

// updateKeys switches the bindings to what works in the present state.
func (m *entriesScreen) updateKeys() {
	k := &m.keys
	cur, has := m.current()
	ask := m.confirmDelete
	list := !ask && !m.filtering
	if m.filtering {
		// j and k are letters of the filter.
		k.Up.SetKeys("up", "ctrl+p")
		k.Up.SetHelp("↑", "up")
		k.Down.SetKeys("down", "ctrl+n")
		k.Down.SetHelp("↓", "down")
	} else {
		k.Up = m.c.keys.entries.Up
		k.Down = m.c.keys.entries.Down
	}
	rows := len(m.shown) > 1
	live := list && !m.inTrash
	enable(!ask && rows, &k.Up, &k.Down, &k.PageUp, &k.PageDown)
	enable(list && rows, &k.Home, &k.End)
	enable(list, &k.Filter, &k.Trash, &k.Lock)
	enable(live, &k.New, &k.Generator, &k.Settings, &k.Audit)
	enable(live && has, &k.Open, &k.Edit, &k.Delete, &k.CopyPass, &k.CopyUser)
	enable(live && has && cur.HasOTP, &k.CopyOTP)
	enable(list && m.inTrash && has, &k.Restore, &k.Purge)
	if m.inTrash {
		k.Trash.SetHelp("t", "entries")
		k.Yes.SetHelp("y", "erase")
	} else {
		k.Trash.SetHelp("t", "trash")
		k.Yes.SetHelp("y", "to the trash")
	}
	enable(!ask && (m.filtering || !m.query.Empty()), &k.ClearFilter)
	enable(!ask && m.filtering && has, &k.Take)
	enable(ask, &k.Yes, &k.No)
}

func (m *entriesScreen) update(msg tea.Msg) reply {
	defer m.updateKeys()
	if res, ok := msg.(hotpIssuedMsg); ok {
		return res.copy()
	}
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		if m.filtering {
			var cmd tea.Cmd
			m.filter, cmd = m.filter.Update(msg)
			m.refilter()
			return run(cmd)
		}
		return reply{}
	}
	k := m.keys
	e, has := m.current()
	switch {
	case key.Matches(km, k.Yes):
		m.confirmDelete = false
		m.clampWindow()
		if m.inTrash {
			return want(work{fn: purgeWork(e)})
		}
		return want(work{fn: deleteWork(e)})
	case key.Matches(km, k.No), m.confirmDelete:
		m.confirmDelete = false
		m.clampWindow()
		return want(say{statusInfo, "not deleted"})
	case key.Matches(km, k.Trash) && !m.filtering:
		return m.toggleTrash()
	case key.Matches(km, k.Restore) && has:
		return want(work{fn: restoreWork(e)})
	case key.Matches(km, k.Purge) && has:
		m.confirmDelete = true
	case key.Matches(km, k.Up):
		m.cursor--
	case key.Matches(km, k.Down):
		m.cursor++
	case key.Matches(km, k.PageUp):
		m.cursor -= m.rows()
	case key.Matches(km, k.PageDown):
		m.cursor += m.rows()
	case key.Matches(km, k.Home):
		m.cursor = 0
	case key.Matches(km, k.End):
		m.cursor = len(m.shown) - 1
	case key.Matches(km, k.ClearFilter):
		m.filtering = false
		m.filter.Blur()
		m.filter.Reset()
		m.pattern = ""
		m.apply(match.Query{}, true)
	case key.Matches(km, k.Take):
		// As in fzf: enter takes the highlighted entry.
		m.filtering = false
		m.filter.Blur()
		m.clampWindow()
		if m.inTrash {
			return reply{}
		}
		return want(goTo{to: screenEntry, id: e.ID})
	case m.filtering:
		var cmd tea.Cmd
		m.filter, cmd = m.filter.Update(msg)
		m.refilter()
		return run(cmd)
	case key.Matches(km, k.Filter):
		m.filtering = true
		m.clampWindow()
		return run(m.filter.Focus())
	case key.Matches(km, k.Open) && has && !m.inTrash:
		return want(goTo{to: screenEntry, id: e.ID})
	case key.Matches(km, k.New):
		return want(goTo{to: screenForm, newEntry: true})
	case key.Matches(km, k.Edit) && has:
		return want(goTo{to: screenForm, id: e.ID})
	case key.Matches(km, k.Delete) && has:
		m.confirmDelete = true
	case key.Matches(km, k.CopyPass) && has:
		return m.copyPassword(e)
	case key.Matches(km, k.CopyUser) && has:
		return want(copyValue{what: "username", name: e.Name, value: e.Username})
	case key.Matches(km, k.CopyOTP) && has && e.HasOTP:
		return copyStoredCode(m.c, e)
	case key.Matches(km, k.Generator):
		return want(goTo{to: screenGenerate})
	case key.Matches(km, k.Settings):
		return want(goTo{to: screenSettings})
	case key.Matches(km, k.Audit):
		return want(goTo{to: screenAudit})
	case key.Matches(km, k.Lock):
		return want(lockNow{})
	}
	m.clampWindow()
	return reply{}
}

// refilter applies the filter input's value if it changed.
func (m *entriesScreen) refilter() {
	if v := m.filter.Value(); v != m.pattern {
		m.pattern = v
		m.apply(match.Parse(v), false)
	}
}

func (m *entriesScreen) copyPassword(e vault.Entry) reply {
	sec, err := m.c.vault.Secret(e.ID)
	if err != nil {
		return want(say{statusErr, fmt.Sprintf("cannot open %s: %s", e.Name, err)})
	}
	return want(copyValue{what: "password", name: e.Name, value: sec.Password})
}

// columns returns the widths of the name, username, URL and tags columns
// (0: not shown) for the list's width.
func (m *entriesScreen) columns() [4]int {
	avail := m.width - 4 // margin and the cursor mark
	switch {
	case avail >= 72:
		gaps := 6
		a := avail - gaps
		name := a * 29 / 100
		user := a * 24 / 100
		url := a * 29 / 100
		return [4]int{name, user, url, a - name - user - url}
	case avail >= 50:
		a := avail - 4
		name := a * 40 / 100
		user := a * 28 / 100
		return [4]int{name, user, a - name - user, 0}
	case avail >= 30:
		a := avail - 2
		name := a * 55 / 100
		return [4]int{name, a - name, 0, 0}
	}
	return [4]int{max(avail, 4), 0, 0, 0}
}

func (m *entriesScreen) view() string {
	s := m.c.styles
	var lines []string
	if m.filtering || !m.query.Empty() {
		if m.filtering {
			lines = append(lines, " "+m.filter.View())
		} else {
			lines = append(lines, " "+s.Dim.Render("/ ")+s.Match.Render(truncatePlain(m.filter.Value(), m.width-16))+s.Dim.Render("  (esc clears)"))
		}
	}
	cols := m.columns()
	heads := [4]string{"NAME", "USERNAME", "URL", "TAGS"}
	var hb strings.Builder
	hb.WriteString("   ")
	for i, w := range cols {
		if w == 0 {
			continue
		}
		if i > 0 {
			hb.WriteString("  ")
		}
		hb.WriteString(padRight(heads[i], w))
	}
	lines = append(lines, s.Column.Render(strings.TrimRight(hb.String(), " ")))

	switch {
	case len(m.all) == 0 && m.inTrash:
		lines = append(lines, "", indent(s.Dim.Render(wrap("The trash is empty. Press t to go back to the entries.", m.width-4)), "   "))
	case len(m.all) == 0:
		lines = append(lines, "", indent(s.Dim.Render(wrap("No entries yet. Press n to add one, or g to generate a password.", m.width-4)), "   "))
	case len(m.shown) == 0:
		lines = append(lines, "", "   "+s.Dim.Render("No entry matches “")+s.Match.Render(truncatePlain(m.filter.Value(), m.width-24))+s.Dim.Render("”."))
	default:
		end := min(m.offset+m.rows(), len(m.shown))
		for i := m.offset; i < end; i++ {
			lines = append(lines, m.row(i, cols))
		}
	}
	if m.confirmDelete {
		if e, ok := m.current(); ok {
			for len(lines) < m.height-1 {
				lines = append(lines, "")
			}
			q := "move " + term.Line(e.Name) + " to the trash?"
			if m.inTrash {
				q = "erase " + term.Line(e.Name) + " for good?"
			}
			lines = append(lines, indent(askYesNo(s, wrap(q, m.width-8)), " "))
		}
	}
	return strings.Join(lines, "\n")
}

// paint is a style reduced to the escape sequences around a run of text.
// The list draws hundreds of runs a frame; through lipgloss (which styles
// underlined text letter by letter) they cost more than the search.
type paint struct{ pre, post string }

func paintOf(st lipgloss.Style) paint {
	s := st.Render("\x00")
	i := strings.IndexByte(s, 0)
	if i < 0 {
		return paint{}
	}
	return paint{s[:i], s[i+1:]}
}

func (p paint) draw(b *strings.Builder, text string) {
	if text == "" {
		return
	}
	b.WriteString(p.pre)
	b.WriteString(text)
	b.WriteString(p.post)
}

// rowPaints are the paints of a row: plain or highlighted.
type rowPaints struct {
	name, other, hit paint
	otp              paint // the mark of an entry with a one-time code
}

// paints are the list's paints, made when the theme is.
type paints struct {
	row, selected rowPaints
	mark          paint
	badges        badgePaints
}

func newPaints(s Styles) paints {
	return paints{
		row:      rowPaints{name: paintOf(lipgloss.NewStyle()), other: paintOf(s.Dim), hit: paintOf(s.Match), otp: paintOf(lipgloss.NewStyle().Foreground(s.Accent))},
		selected: rowPaints{name: paintOf(s.Selected), other: paintOf(s.Selected.Bold(false)), hit: paintOf(s.Selected.Foreground(s.Match.GetForeground()).Underline(true)), otp: paintOf(s.Selected.Foreground(s.Accent))},
		mark:     paintOf(lipgloss.NewStyle().Foreground(s.Accent)),
		badges:   newBadgePaints(s),
	}
}

// otpMarkWidth is the cells at the end of the name column that hold the
// mark of an entry with a one-time code (a space and otpMark).
const otpMarkWidth = 2

// row draws row i of the shown entries.
func (m *entriesScreen) row(i int, cols [4]int) string {
	j := m.shown[i]
	e := m.all[j]
	var hits [4][]int
	if !m.query.Empty() {
		hits = m.ix.Positions(j, m.query)
	}
	p := m.paints.row
	var b strings.Builder
	b.WriteString(" ")
	if i == m.cursor {
		p = m.paints.selected
		m.paints.mark.draw(&b, "▌")
		p.name.draw(&b, " ")
	} else {
		b.WriteString("  ")
	}
	used := 3
	fields := [4]string{e.Name, e.Username, e.URL(), strings.Join(e.Tags, " ")}
	for f := range fields {
		if esc := term.Line(fields[f]); esc != fields[f] {
			// Stored text a terminal would act on is drawn escaped;
			// the match offsets no longer fit it.
			fields[f], hits[f] = esc, nil
		}
	}
	for f, w := range cols {
		if w == 0 {
			continue
		}
		if f > 0 {
			p.name.draw(&b, "  ")
			used += 2
		}
		st := p.name
		if f > 0 {
			st = p.other
		}
		if f == 0 && w > badgeCells+otpMarkWidth+4 {
			// The name's last cells are the one-time-code mark's and
			// the badges'.
			highlight(&b, fields[f], hits[f], w-otpMarkWidth-badgeCells, st, p.hit)
			if e.HasOTP {
				st.draw(&b, " ")
				p.otp.draw(&b, otpMark)
			} else {
				st.draw(&b, "  ")
			}
			m.paints.badges.draw(&b, m.c.audit.badge(e), i == m.cursor, st)
		} else {
			highlight(&b, fields[f], hits[f], w, st, p.hit)
		}
		used += w
	}
	if i == m.cursor {
		if pad := m.width - 1 - used; pad > 0 {
			p.name.draw(&b, strings.Repeat(" ", pad))
		}
	}
	return b.String()
}

// highlight draws text in w cells (a table cell: cut with "…" if longer),
// the bytes at the offsets hits in the paint hit.
func highlight(b *strings.Builder, text string, hits []int, w int, base, hit paint) {
	visible, ellipsis := text, false
	if lipgloss.Width(text) > w {
		visible, ellipsis = truncatePlain(text, w-1), true
	}
	start, h, inHit := 0, 0, false
	for off := range visible {
		for h < len(hits) && hits[h] < off {
			h++
		}
		if isHit := h < len(hits) && hits[h] == off; isHit != inHit {
			if inHit {
				hit.draw(b, visible[start:off])
			} else {
				base.draw(b, visible[start:off])
			}
			start, inHit = off, isHit
		}
	}
	if inHit {
		hit.draw(b, visible[start:])
	} else {
		base.draw(b, visible[start:])
	}
	used := lipgloss.Width(visible)
	tail := ""
	if ellipsis {
		tail, used = "…", used+1
	}
	if pad := w - used; pad > 0 {
		tail += strings.Repeat(" ", pad)
	}
	base.draw(b, tail)
}

func (m *entriesScreen) help() help.KeyMap {
	k := m.keys
	if m.confirmDelete {
		return oneLine(k.Yes, k.No)
	}
	if m.inTrash {
		return bindingsHelp{
			short: []key.Binding{k.Restore, k.Purge, k.Trash, k.Up, k.Down, k.Filter, k.ClearFilter},
			full: [][]key.Binding{
				{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
				{k.Restore, k.Purge, k.Trash, k.Filter, k.ClearFilter, k.Lock},
			},
		}
	}
	return bindingsHelp{
		short: []key.Binding{k.Take, k.Up, k.Down, k.ClearFilter, k.Open, k.Filter, k.New, k.CopyPass, k.Generator, k.Lock},
		full: [][]key.Binding{
			{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
			{k.Open, k.Take, k.Filter, k.ClearFilter, k.New, k.Edit, k.Delete, k.Trash},
			{k.CopyPass, k.CopyUser, k.CopyOTP, k.Generator, k.Audit, k.Settings, k.Lock},
		},
	}
}

// deleteWork moves the entry e to the trash.
func deleteWork(e vault.Entry) func(Store) workResult {
	return func(v Store) workResult {
		es, err := entriesAfter(v, v.Delete(e.ID))
		return entryDeletedMsg{name: e.Name, entries: es, err: err}
	}
}

// restoreWork brings the entry e back from the trash.
func restoreWork(e vault.Entry) func(Store) workResult {
	return func(v Store) workResult {
		_, err := v.Restore(e.ID)
		note := "restored " + term.Line(e.Name)
		if errors.Is(err, vault.ErrNameTaken) {
			err = fmt.Errorf("an entry named %s exists: rename it, then restore", term.Quote(e.Name))
		}
		return trashAfter(v, note, err)
	}
}

// purgeWork erases the entry e, in the trash, for good.
func purgeWork(e vault.Entry) func(Store) workResult {
	return func(v Store) workResult {
		return trashAfter(v, "erased "+term.Line(e.Name)+" for good", v.Purge(e.ID))
	}
}

// trashAfter lists the entries and the trash after a change of the trash.
func trashAfter(v Store, note string, err error) trashChangedMsg {
	es, err := entriesAfter(v, err)
	tr, terr := v.Trash()
	if err == nil {
		err = terr
	}
	return trashChangedMsg{note: note, entries: es, trash: tr, err: err}
}

// trashChangedMsg says an entry came back from the trash or was erased,
// or why not.
type trashChangedMsg struct {
	note           string
	entries, trash []vault.Entry
	err            error
}

func (m trashChangedMsg) workErr() error { return m.err }
func (trashChangedMsg) failed() string   { return "not changed" }

// entryDeletedMsg says an entry was deleted, or why not.
type entryDeletedMsg struct {
	name    string
	entries []vault.Entry
	err     error
}

func (m entryDeletedMsg) workErr() error { return m.err }
func (entryDeletedMsg) failed() string   { return "not deleted" }
