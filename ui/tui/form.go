package tui

// This file is the add/edit form: name, username, password (with a live
// strength meter and ctrl+g to generate), URL, notes and tags. A save that
// finds the entry changed or deleted by another passtea since the form
// opened does not overwrite it: the form says so and offers the ways out.

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/passtea/passtea/generator"
	"github.com/passtea/passtea/generator/strength"
	"github.com/passtea/passtea/vault"
)

// The form's fields, in tab order.
const (
	fieldName = iota
	fieldUser
	fieldPassword
	fieldURL
	fieldNotes
	fieldTags
	numFields
)

var fieldLabels = [numFields]string{"name", "username", "password", "URL", "notes", "tags"}

// fieldOf maps the field a vault.InvalidError names to the form's.
var fieldOf = map[string]int{
	"name": fieldName, "username": fieldUser, "password": fieldPassword, "URL": fieldURL,
	"notes": fieldNotes, "tag": fieldTags, "tags": fieldTags,
}

// formDraft is what was typed in a form, kept by the root while the vault
// is locked (see App.lock) and put back in a new form after the unlock.
type formDraft struct {
	isNew    bool
	base     vault.Entry
	from     screenID
	values   [numFields]string
	initial  [numFields]string
	focus    int
	showPass bool
}

type formScreen struct {
	c      *common
	keys   formKeys
	isNew  bool
	base   vault.Entry // edit: the entry as the form opened it (its Revision)
	from   screenID    // where the form goes back to
	inputs [numFields]textinput.Model
	notes  textarea.Model
	focus  int

	initial   [numFields]string
	showPass  bool
	report    strength.Report
	hasReport bool
	err       string // why the last save failed, shown under the form

	confirmQuit bool
	changed     *vault.Entry // the entry as another passtea saved it since
	gone        bool         // another passtea deleted the entry
	width       int
	height      int
}

// newFormScreen opens a form for a new entry (e nil) or to edit e.
func newFormScreen(c *common, e *vault.Entry, from screenID) *formScreen {
	m := &formScreen{c: c, keys: c.keys.form, isNew: e == nil, from: from}
	m.build()
	// The widths first: an input fitted after its value is set shows
	// all of the value, however long.
	m.resize(c.width, c.bodyHeight(1))
	if e != nil {
		m.base = *e
		m.fill(*e)
	}
	m.initial = m.values()
	m.updateStrength()
	m.updateKeys()
	return m
}

// newFormFromDraft puts a kept draft back in a form.
func newFormFromDraft(c *common, d *formDraft) *formScreen {
	m := &formScreen{c: c, keys: c.keys.form, isNew: d.isNew, base: d.base, from: d.from}
	m.build()
	m.resize(c.width, c.bodyHeight(1))
	for i, v := range d.values {
		m.setValue(i, v)
	}
	m.initial = d.initial
	m.showPass, m.focus = d.showPass, d.focus
	m.setEcho()
	m.updateStrength()
	m.updateKeys()
	return m
}

// draft returns what is typed, to keep while the vault is locked.
func (m *formScreen) draft() *formDraft {
	return &formDraft{isNew: m.isNew, base: m.base, from: m.from, values: m.values(), initial: m.initial, focus: m.focus, showPass: m.showPass}
}

func (m *formScreen) build() {
	for i := range m.inputs {
		if i == fieldNotes {
			continue
		}
		ti := textinput.New()
		ti.Prompt = ""
		ti.SetStyles(m.c.styles.Input)
		ti.CharLimit = vault.MaxFieldLen
		m.inputs[i] = ti
	}
	m.inputs[fieldName].CharLimit = vault.MaxNameLen
	m.inputs[fieldName].Placeholder = "e.g. github or work/github"
	m.inputs[fieldURL].Placeholder = "e.g. https://example.com"
	m.inputs[fieldTags].Placeholder = "space or comma separated"
	m.inputs[fieldPassword].EchoCharacter = '•'
	m.inputs[fieldPassword].CharLimit = vault.MaxPasswordLen
	m.inputs[fieldPassword].Placeholder = "ctrl+g generates one"
	m.setEcho()
	m.notes = textarea.New()
	m.notes.ShowLineNumbers = false
	m.notes.Prompt = ""
	m.notes.Placeholder = "anything else to keep secret"
	m.notes.SetStyles(m.c.styles.TextArea)
	m.notes.CharLimit = 0
}

// fill puts the entry e, as the vault holds it now, in the form.
func (m *formScreen) fill(e vault.Entry) {
	m.setValue(fieldName, e.Name)
	m.setValue(fieldUser, e.Username)
	m.setValue(fieldURL, e.URL())
	m.setValue(fieldTags, strings.Join(e.Tags, " "))
	sec, err := m.c.vault.Secret(e.ID)
	if err != nil {
		m.err = "cannot open the password and notes: " + err.Error()
		return
	}
	m.setValue(fieldPassword, sec.Password)
	m.setValue(fieldNotes, sec.Notes)
}

func (m *formScreen) setValue(i int, v string) {
	if i == fieldNotes {
		m.notes.SetValue(v)
		return
	}
	m.inputs[i].SetValue(v)
}

func (m *formScreen) setEcho() {
	if m.showPass {
		m.inputs[fieldPassword].EchoMode = textinput.EchoNormal
	} else {
		m.inputs[fieldPassword].EchoMode = textinput.EchoPassword
	}
}

// focusCmd focuses the field the form was left on.
func (m *formScreen) focusCmd() tea.Cmd { return m.setFocus(m.focus) }

func (m *formScreen) title() string {
	if m.isNew {
		return "new entry"
	}
	return "edit " + m.base.Name
}

func (m *formScreen) capturing() bool { return true }

func (m *formScreen) values() [numFields]string {
	var v [numFields]string
	for i := range m.inputs {
		if i == fieldNotes {
			v[i] = m.notes.Value()
		} else {
			v[i] = m.inputs[i].Value()
		}
	}
	return v
}

// dirty reports whether anything typed would be lost.
func (m *formScreen) dirty() bool { return m.values() != m.initial }

func (m *formScreen) resize(w, h int) {
	m.width, m.height = w, h
	iw := max(w-16, 10)
	for i := range m.inputs {
		if i != fieldNotes {
			m.inputs[i].SetWidth(iw)
		}
	}
	m.notes.SetWidth(iw)
	m.fitNotes()
}

// fitNotes gives the notes the lines the other fields leave.
func (m *formScreen) fitNotes() {
	// name, user, password, URL, tags, the blank line
	other := 6 + len(m.strengthLines(max(m.width-16, 10))) + lipgloss.Height(m.message())
	m.notes.SetHeight(min(max(m.height-other, 2), 8))
}

func (m *formScreen) restyle() {
	for i := range m.inputs {
		if i != fieldNotes {
			m.inputs[i].SetStyles(m.c.styles.Input)
		}
	}
	m.notes.SetStyles(m.c.styles.TextArea)
}

func (m *formScreen) updateStrength() {
	pw := m.inputs[fieldPassword].Value()
	m.hasReport = pw != ""
	if m.hasReport {
		m.report = strength.Estimate(pw, m.inputs[fieldName].Value(), m.inputs[fieldUser].Value()).Report(m.c.vaultKDFTime())
	}
}

func (m *formScreen) setFocus(i int) tea.Cmd {
	i = (i + numFields) % numFields
	for j := range m.inputs {
		if j == fieldNotes {
			m.notes.Blur()
		} else {
			m.inputs[j].Blur()
		}
	}
	m.focus = i
	if i == fieldNotes {
		return m.notes.Focus()
	}
	return m.inputs[i].Focus()
}

// setPassword takes a password from the generator.
func (m *formScreen) setPassword(pw string) tea.Cmd {
	m.inputs[fieldPassword].SetValue(pw)
	m.updateStrength()
	return m.setFocus(fieldPassword)
}

func (m *formScreen) updateKeys() {
	k := &m.keys
	asking := m.confirmQuit || m.changed != nil || m.gone
	inField := !asking && m.focus != fieldNotes // in the notes, enter and the arrows are the text's
	enable(!asking, &k.Save, &k.Next, &k.Prev, &k.GenFill, &k.GenOpen, &k.ShowPass, &k.Cancel)
	enable(inField, &k.NextEnter, &k.Up, &k.Down)
	if m.focus == fieldTags {
		k.NextEnter.SetHelp("enter", "save")
	} else {
		k.NextEnter.SetHelp("enter", "next field")
	}
	enable(m.confirmQuit, &k.Yes, &k.No)
	enable(m.changed != nil, &k.Reload, &k.KeepMine)
	enable(m.gone, &k.SaveAsNew, &k.Discard)
	if m.changed != nil || m.gone {
		// esc goes back to editing.
		k.No.SetEnabled(true)
		k.No.SetHelp("esc", "keep editing")
	} else {
		k.No.SetHelp("n", "keep editing")
	}
}

func (m *formScreen) update(msg tea.Msg) reply {
	defer func() {
		m.updateKeys()
		m.fitNotes()
	}()
	if res, ok := msg.(entrySavedMsg); ok {
		return m.saveFailed(res)
	}
	km, isKey := msg.(tea.KeyPressMsg)
	if !isKey {
		return m.updateField(msg)
	}
	k := m.keys
	switch {
	case key.Matches(km, k.Yes):
		m.confirmQuit = false
		return want(goBack{})
	case key.Matches(km, k.Reload):
		return m.reload()
	case key.Matches(km, k.KeepMine):
		m.changed = nil
		return m.save(true)
	case key.Matches(km, k.SaveAsNew):
		m.gone, m.isNew = false, true
		return m.save(false)
	case key.Matches(km, k.Discard):
		m.gone = false
		return want(goBack{}, say{statusInfo, "discarded your changes to " + m.base.Name})
	case key.Matches(km, k.No):
		m.confirmQuit, m.changed, m.gone = false, nil, false
		return reply{}
	case m.confirmQuit || m.changed != nil || m.gone:
		return reply{} // a question is on screen: only its answers count
	case key.Matches(km, k.Cancel):
		if m.dirty() {
			m.confirmQuit = true
			return reply{}
		}
		return want(goBack{})
	case key.Matches(km, k.Save):
		return m.save(false)
	case key.Matches(km, k.Next, k.Down):
		return run(m.setFocus(m.focus + 1))
	case key.Matches(km, k.Prev, k.Up):
		return run(m.setFocus(m.focus - 1))
	case key.Matches(km, k.NextEnter):
		if m.focus == fieldTags {
			return m.save(false)
		}
		return run(m.setFocus(m.focus + 1))
	case key.Matches(km, k.GenFill):
		return m.generate()
	case key.Matches(km, k.GenOpen):
		return want(goTo{to: screenGenerate})
	case key.Matches(km, k.ShowPass):
		m.showPass = !m.showPass
		m.setEcho()
		return reply{}
	}
	return m.updateField(msg)
}

// updateField hands msg to the focused field.
func (m *formScreen) updateField(msg tea.Msg) reply {
	var cmd tea.Cmd
	if m.focus == fieldNotes {
		m.notes, cmd = m.notes.Update(msg)
		return run(cmd)
	}
	before := m.inputs[m.focus].Value()
	m.inputs[m.focus], cmd = m.inputs[m.focus].Update(msg)
	if m.inputs[m.focus].Value() != before {
		m.err = "" // the error was about what was typed before
		if m.focus == fieldPassword {
			m.updateStrength()
		}
	}
	return run(cmd)
}

// generate fills the password with the generator's options (ctrl+g).
func (m *formScreen) generate() reply {
	o := m.c.genOpts
	pw, err := m.c.gen.Generate(o)
	if err != nil {
		return want(say{statusErr, "cannot generate: " + err.Error() + " (ctrl+o opens the generator's options)"})
	}
	bits, err := generator.Entropy(o)
	if err != nil {
		panic("internal error: entropy of options that generated: " + err.Error())
	}
	return want(say{statusOK, fmt.Sprintf("generated a %s (%.1f bits); ctrl+r shows it", describeOptions(o), bits)}).and(m.setPassword(pw))
}

// splitTags reads tags separated by spaces or commas.
func splitTags(s string) []string {
	return vault.NormalizeTags(strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }))
}

// save asks the root to add or edit the entry. An edit first reads what
// other passtea processes saved: if the entry changed since the form
// opened, nothing is saved unless force (the user chose to save theirs
// over it).
func (m *formScreen) save(force bool) reply {
	m.err = ""
	val := m.values()
	name := vault.NormalizeName(strings.TrimSpace(val[fieldName]))
	if err := vault.ValidateName(name); err != nil {
		return m.showError(err)
	}
	tags := splitTags(val[fieldTags])
	url := strings.TrimSpace(val[fieldURL])
	urls := m.urls(url)
	if m.isNew {
		it := vault.NewEntry{Name: name, Username: val[fieldUser], URLs: urls, Tags: tags,
			Secret: vault.Secret{Password: val[fieldPassword], Notes: val[fieldNotes]}}
		return want(work{fn: func(v Store) workResult {
			e, err := v.Add(it)
			es, err := entriesAfter(v, err)
			return entrySavedMsg{entry: e, entries: es, added: true, err: err}
		}})
	}
	// An edit changes what was changed in the form; saving over another
	// process's change writes every field as the form has it.
	var ch vault.Change
	changed := func(i int, now string) bool { return force || now != m.initial[i] }
	if changed(fieldName, name) {
		ch.Name = &name
	}
	if changed(fieldUser, val[fieldUser]) {
		ch.Username = &val[fieldUser]
	}
	if changed(fieldPassword, val[fieldPassword]) {
		ch.Password = &val[fieldPassword]
	}
	if changed(fieldURL, url) {
		ch.URLs = &urls
	}
	if changed(fieldNotes, val[fieldNotes]) {
		ch.Notes = &val[fieldNotes]
	}
	if force || !slices.Equal(tags, splitTags(m.initial[fieldTags])) {
		ch.Tags = &tags
	}
	id, rev := m.base.ID, m.base.Revision
	return want(work{fn: func(v Store) workResult {
		// Not atomic with the edit: another process may still change the
		// entry between this check and the save (see the report on what
		// the vault package should offer).
		if err := v.Refresh(); err != nil {
			return entrySavedMsg{err: err}
		}
		cur, err := v.ByID(id)
		switch {
		case errors.Is(err, vault.ErrNotFound):
			return entrySavedMsg{gone: true}
		case err != nil:
			return entrySavedMsg{err: err}
		case cur.Revision != rev && !force:
			return entrySavedMsg{changed: &cur}
		}
		e, err := v.Edit(id, ch)
		es, err := entriesAfter(v, err)
		return entrySavedMsg{entry: e, entries: es, err: err}
	}})
}

// urls returns the entry's URLs with the first one replaced by first (the
// form edits the first; the others stay).
func (m *formScreen) urls(first string) []string {
	var rest []string
	if !m.isNew && len(m.base.URLs) > 1 {
		rest = m.base.URLs[1:]
	}
	if first == "" {
		return slices.Clone(rest)
	}
	return append([]string{first}, rest...)
}

// saveFailed shows why a save did not happen: a field the vault refused,
// a name taken, or the entry changed or deleted elsewhere.
func (m *formScreen) saveFailed(res entrySavedMsg) reply {
	switch {
	case res.changed != nil:
		m.changed = res.changed
		m.base.Revision = res.changed.Revision
		return reply{}
	case res.gone:
		m.gone = true
		return reply{}
	case errors.Is(res.err, vault.ErrNameTaken):
		m.err = "an entry with that name already exists: choose another name"
		return run(m.setFocus(fieldName))
	}
	return m.showError(res.err)
}

// showError shows err under the form, at the field it is about if the
// vault said which.
func (m *formScreen) showError(err error) reply {
	var inv *vault.InvalidError
	if errors.As(err, &inv) {
		m.err = "not saved: " + inv.Reason
		if f, ok := fieldOf[inv.Field]; ok {
			return run(m.setFocus(f))
		}
		return reply{}
	}
	m.err = "not saved: " + err.Error()
	return reply{}
}

// reload drops what was typed and shows the entry as the vault holds it
// now.
func (m *formScreen) reload() reply {
	cur := *m.changed
	m.changed = nil
	m.base = cur
	m.fill(cur)
	m.initial = m.values()
	m.updateStrength()
	return want(say{statusInfo, "reloaded " + cur.Name + " as another passtea saved it"})
}

func (m *formScreen) view() string {
	s := m.c.styles
	w := max(m.width-16, 10)
	label := func(i int) string {
		l := padRight(fieldLabels[i], labelWidth)
		if i == m.focus {
			return s.Focused.Render("▸ " + l)
		}
		return s.Label.Render("  " + l)
	}
	var lines []string
	for i := range numFields {
		switch i {
		case fieldNotes:
			notes := strings.Split(m.notes.View(), "\n")
			for j, l := range notes {
				if j == 0 {
					lines = append(lines, label(i)+l)
				} else {
					lines = append(lines, strings.Repeat(" ", labelWidth+2)+l)
				}
			}
		default:
			lines = append(lines, label(i)+m.inputs[i].View())
		}
		if i == fieldPassword {
			lines = append(lines, m.strengthLines(w)...)
		}
	}
	lines = append(lines, "")
	if msg := m.message(); msg != "" {
		lines = append(lines, msg)
	}
	return " " + strings.Join(strings.Split(strings.Join(lines, "\n"), "\n"), "\n ")
}

// message is what the form says under its fields: a question, or why the
// last save did not happen.
func (m *formScreen) message() string {
	s := m.c.styles
	tw := max(m.width-2, 10)
	switch {
	case m.confirmQuit:
		return askYesNo(s, "discard your changes?")
	case m.changed != nil:
		return s.Warn.Render(wrap(m.changed.Name+" was changed by another passtea since you opened it.", tw)) + "\n" +
			s.Dim.Render(wrap("r reload theirs (drops your changes) · k save yours over theirs · esc keep editing", tw))
	case m.gone:
		return s.Warn.Render(wrap(m.base.Name+" was deleted by another passtea.", tw)) + "\n" +
			s.Dim.Render(wrap("s save yours as a new entry · d discard yours · esc keep editing", tw))
	case m.err != "":
		return s.Error.Render(wrap(m.err, tw))
	}
	return ""
}

// strengthLines is the compact meter under the password: the bar, the
// score's name and the crack time, then zxcvbn's warning.
func (m *formScreen) strengthLines(w int) []string {
	s := m.c.styles
	indent := strings.Repeat(" ", labelWidth+2)
	if !m.hasReport {
		var lines []string
		for _, l := range strings.Split(wrap("ctrl+g: generate · ctrl+o: generator options", w+2), "\n") {
			lines = append(lines, indent+s.Dim.Render(l))
		}
		return lines
	}
	r := m.report
	band := scoreBand(r.Score)
	meter := bar(s, min(w/3, 16), float64(r.Score+1)/5, band) + " "
	// As much as fits, never cut: the score's name, the crack time.
	text := strength.ScoreName(r.Score)
	for _, more := range []string{" · " + strength.FormatCrackTime(r.CrackSecondsFastHash) + " at 10¹⁰/s", " · " + strength.FormatCrackTime(r.CrackSecondsFastHash)} {
		if lipgloss.Width(meter+text+more) <= w+2 {
			text += more
			break
		}
	}
	lines := []string{indent + meter + s.Dim.Render(text)}
	advice := r.Warning
	if advice == "" && len(r.Suggestions) > 0 {
		advice = r.Suggestions[0]
	}
	st := s.Dim
	if r.Warning != "" {
		st = s.Warn
	}
	for _, l := range strings.Split(wrap(advice, w+2), "\n") {
		lines = append(lines, indent+st.Render(l))
	}
	return lines
}

// describeOptions names what the generator makes: "20-character password",
// "6-word passphrase", "6-digit PIN".
func describeOptions(o generator.Options) string {
	switch o.Mode {
	case generator.Passphrase:
		return fmt.Sprintf("%d-word passphrase", o.Words)
	case generator.PIN:
		return fmt.Sprintf("%d-digit PIN", o.Length)
	}
	return fmt.Sprintf("%d-character password", o.Length)
}

func (m *formScreen) help() help.KeyMap {
	k := m.keys
	switch {
	case m.confirmQuit:
		return oneLine(k.Yes, k.No)
	case m.changed != nil:
		return oneLine(k.Reload, k.KeepMine, k.No)
	case m.gone:
		return oneLine(k.SaveAsNew, k.Discard, k.No)
	}
	return bindingsHelp{
		// esc early: at 60 columns the line keeps it.
		short: []key.Binding{k.Save, k.Cancel, k.Next, k.GenFill, k.ShowPass},
		full: [][]key.Binding{
			{k.Next, k.Prev, k.NextEnter, k.Up, k.Down},
			{k.Save, k.Cancel, k.GenFill, k.GenOpen, k.ShowPass},
		},
	}
}

// entrySavedMsg says an add or edit was saved, or why not.
type entrySavedMsg struct {
	entry   vault.Entry
	entries []vault.Entry
	added   bool
	err     error
	changed *vault.Entry // edit: the entry changed elsewhere since the form opened
	gone    bool         // edit: the entry was deleted elsewhere
}

func (m entrySavedMsg) workErr() error { return m.err }
func (entrySavedMsg) failed() string   { return "not saved" }

// ok reports whether the entry was saved.
func (m entrySavedMsg) ok() bool { return m.err == nil && m.changed == nil && !m.gone }
