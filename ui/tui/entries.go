package tui

// This file is the entries screen: the list of names, usernames, URLs and
// tags, a fuzzy filter that highlights the matched letters, and the actions
// on the highlighted entry.
//
// It stays quick with tens of thousands of entries: the search strings are
// built once per change of the entries, the matcher (fuzzy.go) allocates
// nothing per entry, a filter that extends the previous one searches only
// the previous matches (as fzf does), and only the rows in the window are
// matched for highlighting and styled.

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/passtea/passtea/vault"
)

type entriesModel struct {
	c   *common
	all []vault.Entry
	// hay[i] is what the filter searches for all[i]: name, username, URL
	// and tags joined by spaces, folded to lower case.
	hay []string

	filter    textinput.Model
	filtering bool   // the filter input has the keys
	pattern   string // the filter applied
	folded    string // pattern, folded
	shown     []int  // indexes into all, in display order
	lastHits  []int  // for an extended pattern: the previous matches, in entry order
	scored    []scoredEntry

	cursor int // index into shown
	offset int // first row in the window

	confirmDelete bool
	width, height int
}

func newEntriesModel(c *common) entriesModel {
	f := textinput.New()
	f.Prompt = "/ "
	f.Placeholder = "type to filter"
	f.SetStyles(c.styles.Input)
	f.CharLimit = 256
	m := entriesModel{c: c, filter: f, width: c.width, height: c.bodyHeight(1)}
	return m
}

func (m entriesModel) capturing() bool { return m.filtering || m.confirmDelete }

func (m *entriesModel) restyle() { m.filter.SetStyles(m.c.styles.Input) }

func (m *entriesModel) resize(w, h int) {
	m.width, m.height = w, h
	m.filter.SetWidth(max(w-6, 10))
	m.clampWindow()
}

// setEntries replaces the list, keeping the filter and the highlighted entry.
func (m *entriesModel) setEntries(list []vault.Entry) {
	var keep vault.ID
	var had bool
	if e, ok := m.current(); ok {
		keep, had = e.ID, true
	}
	m.all = list
	m.hay = make([]string, len(list))
	var b strings.Builder
	for i, e := range list {
		b.Reset()
		b.WriteString(e.Name)
		b.WriteByte(' ')
		b.WriteString(e.Username)
		b.WriteByte(' ')
		b.WriteString(e.URL)
		for _, t := range e.Tags {
			b.WriteByte(' ')
			b.WriteString(t)
		}
		m.hay[i] = fold(b.String())
	}
	m.lastHits = nil
	m.apply(m.pattern, true)
	if had {
		m.selectID(keep)
	}
}

// scoredEntry is an entry that matches the filter, and how well.
type scoredEntry struct {
	idx   int32
	score int32
}

// apply filters by pattern. full forces a search of every entry.
func (m *entriesModel) apply(pattern string, full bool) {
	prev := m.pattern
	m.pattern, m.folded = pattern, fold(pattern)
	if pattern == "" {
		m.shown = make([]int, len(m.all))
		for i := range m.shown {
			m.shown[i] = i
		}
		m.lastHits = nil
		m.cursor, m.offset = min(m.cursor, max(len(m.shown)-1, 0)), 0
		m.clampWindow()
		return
	}
	scored := m.scored[:0]
	try := func(i int) {
		if sc, ok := fuzzyMatch(m.hay[i], m.folded, len(m.all[i].Name), nil); ok {
			scored = append(scored, scoredEntry{idx: int32(i), score: int32(sc)})
		}
	}
	if !full && prev != "" && strings.HasPrefix(pattern, prev) && m.lastHits != nil {
		// Every match of the longer pattern matches the shorter one.
		for _, i := range m.lastHits {
			try(i)
		}
	} else {
		for i := range m.hay {
			try(i)
		}
	}
	// The next, longer pattern searches these, in entry order.
	hits := make([]int, len(scored))
	for i, e := range scored {
		hits[i] = int(e.idx)
	}
	m.lastHits = hits
	// Best first; equal scores stay in name order.
	slices.SortStableFunc(scored, func(a, b scoredEntry) int { return cmp.Compare(b.score, a.score) })
	shown := make([]int, len(scored))
	for i, e := range scored {
		shown[i] = int(e.idx)
	}
	m.shown, m.scored = shown, scored
	m.cursor, m.offset = 0, 0
}

func (m *entriesModel) selectID(id vault.ID) {
	for i, j := range m.shown {
		if m.all[j].ID == id {
			m.cursor = i
			m.clampWindow()
			return
		}
	}
}

func (m entriesModel) current() (vault.Entry, bool) {
	if m.cursor < 0 || m.cursor >= len(m.shown) {
		return vault.Entry{}, false
	}
	return m.all[m.shown[m.cursor]], true
}

// rows is the number of entry rows in the window.
func (m entriesModel) rows() int {
	h := m.height - 1 // the column headings
	if m.filtering || m.pattern != "" {
		h--
	}
	if m.confirmDelete {
		h -= 2
	}
	return max(h, 1)
}

func (m *entriesModel) clampWindow() {
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

func (m entriesModel) countText() string {
	n := len(m.all)
	noun := "entries"
	if n == 1 {
		noun = "entry"
	}
	if m.pattern != "" {
		return fmt.Sprintf("%d of %d %s", len(m.shown), n, noun)
	}
	return fmt.Sprintf("%d %s", n, noun)
}

func (m entriesModel) Update(msg tea.Msg) (entriesModel, tea.Cmd) {
	k := m.c.keys
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		if m.filtering {
			var cmd tea.Cmd
			m.filter, cmd = m.filter.Update(msg)
			m.refilter()
			return m, cmd
		}
		return m, nil
	}

	if m.confirmDelete {
		e, ok := m.current()
		m.confirmDelete = false
		m.clampWindow()
		if ok && key.Matches(km, k.Yes) {
			return m, m.c.deleteCmd(e)
		}
		return m, m.c.status(statusInfo, "not deleted")
	}

	// Moving works while filtering too.
	switch {
	case key.Matches(km, k.Up) && (!m.filtering || km.String() != "k"):
		m.cursor--
		m.clampWindow()
		return m, nil
	case key.Matches(km, k.Down) && (!m.filtering || km.String() != "j"):
		m.cursor++
		m.clampWindow()
		return m, nil
	case key.Matches(km, k.PageUp):
		m.cursor -= m.rows()
		m.clampWindow()
		return m, nil
	case key.Matches(km, k.PageDown):
		m.cursor += m.rows()
		m.clampWindow()
		return m, nil
	}

	if m.filtering {
		switch {
		case key.Matches(km, k.ClearFilter):
			m.filtering = false
			m.filter.Blur()
			m.filter.Reset()
			m.apply("", true)
			return m, nil
		case key.Matches(km, k.Open):
			// As in fzf: enter takes the highlighted entry.
			m.filtering = false
			m.filter.Blur()
			m.clampWindow()
			if e, ok := m.current(); ok {
				return m, m.c.request(navigateMsg{to: screenEntry, id: e.ID})
			}
			return m, nil
		}
		var cmd tea.Cmd
		m.filter, cmd = m.filter.Update(msg)
		m.refilter()
		return m, cmd
	}

	e, has := m.current()
	switch {
	case key.Matches(km, k.Filter):
		m.filtering = true
		m.clampWindow()
		return m, m.filter.Focus()
	case key.Matches(km, k.ClearFilter) && m.pattern != "":
		m.filter.Reset()
		m.apply("", true)
		return m, nil
	case key.Matches(km, k.Home):
		m.cursor = 0
		m.clampWindow()
	case key.Matches(km, k.End):
		m.cursor = len(m.shown) - 1
		m.clampWindow()
	case key.Matches(km, k.Open) && has:
		return m, m.c.request(navigateMsg{to: screenEntry, id: e.ID})
	case key.Matches(km, k.New):
		return m, m.c.request(navigateMsg{to: screenForm, isNew: true})
	case key.Matches(km, k.Edit) && has:
		return m, m.c.request(navigateMsg{to: screenForm, id: e.ID})
	case key.Matches(km, k.Delete) && has:
		m.confirmDelete = true
		m.clampWindow()
	case key.Matches(km, k.CopyPass) && has:
		return m, m.copyPassword(e)
	case key.Matches(km, k.CopyUser) && has:
		return m, m.c.copy("username", e.Name, e.Username)
	case key.Matches(km, k.Generator):
		return m, m.c.request(navigateMsg{to: screenGenerate})
	case key.Matches(km, k.Settings):
		return m, m.c.request(navigateMsg{to: screenSettings})
	case key.Matches(km, k.Lock):
		return m, m.c.request(lockRequestedMsg{})
	}
	return m, nil
}

// refilter applies the filter input's value if it changed.
func (m *entriesModel) refilter() {
	if v := m.filter.Value(); v != m.pattern {
		m.apply(v, false)
	}
}

func (m entriesModel) copyPassword(e vault.Entry) tea.Cmd {
	sec, err := m.c.vault.Secret(e.ID)
	if err != nil {
		return m.c.status(statusErr, "cannot open %s: %s", e.Name, err)
	}
	return m.c.copy("password", e.Name, sec.Password)
}

// columns returns the widths of the name, username, URL and tags columns
// (0: not shown) for the list's width.
func (m entriesModel) columns() [4]int {
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

func (m entriesModel) View() string {
	s := m.c.styles
	var lines []string
	if m.filtering || m.pattern != "" {
		if m.filtering {
			lines = append(lines, " "+m.filter.View())
		} else {
			lines = append(lines, " "+s.Dim.Render("/ ")+s.Match.Render(m.pattern)+s.Dim.Render("  (esc clears)"))
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
	case len(m.all) == 0:
		lines = append(lines, "", "   "+s.Dim.Render("No entries yet. Press ")+s.Key.Render("n")+s.Dim.Render(" to add one, or ")+
			s.Key.Render("g")+s.Dim.Render(" to generate a password."))
	case len(m.shown) == 0:
		lines = append(lines, "", "   "+s.Dim.Render("No entry matches “")+s.Match.Render(m.pattern)+s.Dim.Render("”."))
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
			lines = append(lines, " "+askYesNo(s, "delete "+e.Name+"?"))
		}
	}
	return strings.Join(lines, "\n")
}

// row draws row i of the shown entries.
func (m entriesModel) row(i int, cols [4]int) string {
	s := m.c.styles
	j := m.shown[i]
	e := m.all[j]
	var hits []int
	if m.pattern != "" {
		fuzzyMatch(m.hay[j], m.folded, len(e.Name), &hits)
	}
	base, dim, match := lipgloss.NewStyle(), s.Dim, s.Match
	var b strings.Builder
	b.WriteString(" ")
	if i == m.cursor {
		base = s.Selected
		dim = s.Selected.Bold(false)
		match = s.Selected.Foreground(s.Match.GetForeground()).Underline(true)
		b.WriteString(lipgloss.NewStyle().Foreground(s.Accent).Render("▌"))
		b.WriteString(base.Render(" "))
	} else {
		b.WriteString("  ")
	}
	fields := [4]string{e.Name, e.Username, e.URL, strings.Join(e.Tags, " ")}
	start := 0
	for f, w := range cols {
		text := fields[f]
		if w > 0 {
			if f > 0 {
				b.WriteString(base.Render("  "))
			}
			st := base
			if f > 0 {
				st = dim
			}
			b.WriteString(highlight(text, start, hits, w, st, match))
		}
		start += len(text) + 1
	}
	line := b.String()
	if i == m.cursor {
		if pad := m.width - 1 - lipgloss.Width(line); pad > 0 {
			line += base.Render(strings.Repeat(" ", pad))
		}
	}
	return line
}

// highlight draws text in w cells, the bytes at hits (offsets into the
// search string, where text starts at start) in match style.
func highlight(text string, start int, hits []int, w int, base, match lipgloss.Style) string {
	visible, ellipsis := text, false
	if lipgloss.Width(text) > w {
		visible, ellipsis = truncatePlain(text, w-1), true
	}
	var b, run strings.Builder
	runMatched := false
	flush := func() {
		if run.Len() == 0 {
			return
		}
		if runMatched {
			b.WriteString(match.Render(run.String()))
		} else {
			b.WriteString(base.Render(run.String()))
		}
		run.Reset()
	}
	h := 0
	for off, r := range visible {
		abs := start + off
		for h < len(hits) && hits[h] < abs {
			h++
		}
		isHit := h < len(hits) && hits[h] == abs
		if isHit != runMatched {
			flush()
			runMatched = isHit
		}
		run.WriteRune(r)
	}
	flush()
	used := lipgloss.Width(visible)
	if ellipsis {
		b.WriteString(base.Render("…"))
		used++
	}
	if pad := w - used; pad > 0 {
		b.WriteString(base.Render(strings.Repeat(" ", pad)))
	}
	return b.String()
}

func (m entriesModel) help() bindingsHelp {
	k := m.c.keys
	if m.filtering {
		short := []key.Binding{
			key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", "move")),
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
			k.ClearFilter, k.Quit,
		}
		return oneLine(short...)
	}
	if m.confirmDelete {
		return oneLine(k.Yes, k.No)
	}
	return bindingsHelp{
		short: []key.Binding{k.Open, k.Filter, k.New, as(k.CopyPass, "copy"), as(k.Generator, "generate"), k.Lock, k.QuitQ, as(k.Help, "more")},
		full: [][]key.Binding{
			{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
			{k.Open, k.Filter, k.ClearFilter, k.New, k.Edit, k.Delete},
			{k.CopyPass, k.CopyUser, k.Generator, k.Settings},
			{k.Lock, k.QuitQ, k.Quit, k.Help},
		},
	}
}
