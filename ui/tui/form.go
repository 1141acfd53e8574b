package tui

// This file is the add/edit form: name, username, password (with a live
// strength meter and ctrl+g to generate), the URLs, notes, tags, the
// one-time code (otpform.go) and the custom fields. ctrl+n adds a URL (on
// a URL) or a custom field, ctrl+x removes the one the cursor is on (or
// the one-time code), ctrl+t makes a custom field concealed or plain
// (formrows.go holds the rows).
//
// An edit is saved only if the entry is still as the form opened it
// (vault.Change.IfRevision, checked under the vault's lock): a save that
// finds it changed or deleted by another passtea does not overwrite it;
// the form says so and offers the ways out.

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
	"github.com/passtea/passtea/ui/term"
	"github.com/passtea/passtea/vault"
)

// stopOf maps the field a vault.InvalidError names to the form's stop.
var stopOf = map[string]stopKind{
	"name": stopName, "username": stopUser, "password": stopPassword, "URL": stopURL,
	"notes": stopNotes, "tag": stopTags, "tags": stopTags, "field": stopFieldName, "field name": stopFieldName,
	"one-time code": stopOTP,
}

// formDraft is what was typed in a form, kept by the root while the vault
// is locked (see App.lock) and put back in a new form after the unlock.
type formDraft struct {
	isNew    bool
	base     vault.Entry
	from     screenID
	values   formValues
	initial  formValues
	focus    stop
	showPass bool
}

type formScreen struct {
	c     *common
	keys  formKeys
	isNew bool
	base  vault.Entry // edit: the entry as the form opened it (its Revision)
	from  screenID    // where the form goes back to

	name, user, password, tags textinput.Model
	otp                        textinput.Model   // always masked (otpform.go)
	urls                       []textinput.Model // at least one
	notes                      textarea.Model
	fields                     []fieldRow
	focus                      int // index into stops()

	initial   formValues
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
	m := &formScreen{c: c, keys: c.keys.form, isNew: e == nil, from: from, width: c.width, height: c.bodyHeight(1)}
	m.build()
	if e != nil {
		m.base = *e
		m.fill(*e)
	} else {
		m.setValues(formValues{})
	}
	m.initial = m.values()
	m.updateStrength()
	m.updateKeys()
	return m
}

// newFormFromDraft puts a kept draft back in a form.
func newFormFromDraft(c *common, d *formDraft) *formScreen {
	m := &formScreen{c: c, keys: c.keys.form, isNew: d.isNew, base: d.base, from: d.from, width: c.width, height: c.bodyHeight(1)}
	m.build()
	m.showPass = d.showPass
	m.setValues(d.values)
	m.initial = d.initial
	m.focus = m.indexOf(d.focus)
	m.updateStrength()
	m.updateKeys()
	return m
}

// draft returns what is typed, to keep while the vault is locked.
func (m *formScreen) draft() *formDraft {
	return &formDraft{isNew: m.isNew, base: m.base, from: m.from, values: m.values(), initial: m.initial, focus: m.at(), showPass: m.showPass}
}

func (m *formScreen) build() {
	m.name = m.newLineInput(vault.MaxNameLen, "e.g. github or work/github")
	m.user = m.newLineInput(vault.MaxFieldLen, "")
	m.password = m.newLineInput(vault.MaxPasswordLen, "ctrl+g generates one")
	m.password.EchoCharacter = '•'
	m.tags = m.newLineInput(vault.MaxFieldLen, "space or comma separated")
	m.otp = m.newOTPInput()
	m.notes = textarea.New()
	m.notes.ShowLineNumbers = false
	m.notes.Prompt = ""
	m.notes.Placeholder = "anything else to keep secret"
	m.notes.SetStyles(m.c.styles.TextArea)
	m.notes.CharLimit = 0
}

// fill puts the entry e, as the vault holds it now, in the form.
func (m *formScreen) fill(e vault.Entry) {
	v := formValues{name: e.Name, user: e.Username, urls: e.URLs, tags: strings.Join(e.Tags, " ")}
	sec, err := m.c.vault.Secret(e.ID)
	if err != nil {
		m.err = "cannot open the password and notes: " + err.Error()
	} else {
		v.password, v.notes, v.fields, v.otp = sec.Password, sec.Notes, sec.Fields, sec.OTP
	}
	m.setValues(v)
}

// setEcho masks the password and the concealed fields, unless ctrl+r
// shows them.
func (m *formScreen) setEcho() {
	echo := func(in *textinput.Model, concealed bool) {
		if concealed && !m.showPass {
			in.EchoMode = textinput.EchoPassword
		} else {
			in.EchoMode = textinput.EchoNormal
		}
	}
	echo(&m.password, true)
	for i := range m.fields {
		echo(&m.fields[i].value, m.fields[i].concealed)
	}
}

// focusCmd focuses the field the form was left on.
func (m *formScreen) focusCmd() tea.Cmd { return m.setFocus(m.focus) }

func (m *formScreen) title() string {
	if m.isNew {
		return "new entry"
	}
	return "edit " + term.Line(m.base.Name)
}

func (m *formScreen) capturing() bool { return true }

// dirty reports whether anything typed would be lost.
func (m *formScreen) dirty() bool { return !m.values().equal(m.initial) }

// inputWidth is the width of the inputs after the labels.
func (m *formScreen) inputWidth() int { return max(m.width-16, 10) }

func (m *formScreen) resize(w, h int) {
	m.width, m.height = w, h
	iw := m.inputWidth()
	m.eachInput(func(in *textinput.Model) { in.SetWidth(iw) })
	for i := range m.fields {
		m.fields[i].name.SetWidth(labelWidth - 2)
	}
	m.notes.SetWidth(iw)
	m.fitNotes()
}

// fitNotes gives the notes the lines the other fields leave.
func (m *formScreen) fitNotes() {
	// name, user, password, the URLs, tags, the one-time code, the
	// fields, the blank line
	other := 6 + len(m.urls) + len(m.fields) + len(m.strengthLines(m.inputWidth())) + lipgloss.Height(m.message())
	if len(m.fields) == 0 {
		other++ // the hint of ctrl+n
	}
	m.notes.SetHeight(min(max(m.height-other, 2), 8))
}

func (m *formScreen) restyle() {
	m.eachInput(func(in *textinput.Model) { in.SetStyles(m.c.styles.Input) })
	m.notes.SetStyles(m.c.styles.TextArea)
}

func (m *formScreen) updateStrength() {
	pw := m.password.Value()
	m.hasReport = pw != ""
	if m.hasReport {
		m.report = strength.Estimate(pw, m.name.Value(), m.user.Value()).Report(m.c.vaultKDFTime())
	}
}

func (m *formScreen) setFocus(i int) tea.Cmd {
	st := m.stops()
	i = (i + len(st)) % len(st)
	m.eachInput(func(in *textinput.Model) { in.Blur() })
	m.notes.Blur()
	for j := range m.fields {
		// A custom field's name is narrow: show its start, but type at
		// its end.
		if st[i] == (stop{stopFieldName, j}) {
			m.fields[j].name.CursorEnd()
		} else {
			m.fields[j].name.CursorStart()
		}
	}
	m.focus = i
	if st[i].kind == stopNotes {
		return m.notes.Focus()
	}
	return m.input(st[i]).Focus()
}

// setPassword takes a password from the generator.
func (m *formScreen) setPassword(pw string) tea.Cmd {
	m.password.SetValue(pw)
	m.updateStrength()
	return m.setFocus(m.indexOf(stop{stopPassword, 0}))
}

func (m *formScreen) updateKeys() {
	k := &m.keys
	at := m.at()
	asking := m.confirmQuit || m.changed != nil || m.gone
	inField := !asking && at.kind != stopNotes // in the notes, enter and the arrows are the text's
	inRow := at.kind == stopURL || at.kind == stopFieldName || at.kind == stopFieldValue || at.kind == stopOTP
	inField2 := at.kind == stopFieldName || at.kind == stopFieldValue
	enable(!asking, &k.Save, &k.Next, &k.Prev, &k.GenFill, &k.GenOpen, &k.ShowPass, &k.Cancel, &k.AddRow)
	enable(inField, &k.NextEnter, &k.Up, &k.Down)
	enable(!asking && inRow, &k.RemoveRow)
	enable(!asking && inField2, &k.Conceal)
	switch at.kind {
	case stopURL:
		k.AddRow.SetHelp("ctrl+n", "add URL")
		k.RemoveRow.SetHelp("ctrl+x", "remove URL")
	case stopOTP:
		k.AddRow.SetHelp("ctrl+n", "add field")
		k.RemoveRow.SetHelp("ctrl+x", "remove code")
	default:
		k.AddRow.SetHelp("ctrl+n", "add field")
		k.RemoveRow.SetHelp("ctrl+x", "remove field")
	}
	if m.focus == len(m.stops())-1 {
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
		return want(goBack{}, say{statusInfo, "discarded your changes to " + term.Line(m.base.Name)})
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
		if m.focus == len(m.stops())-1 {
			return m.save(false)
		}
		return run(m.setFocus(m.focus + 1))
	case key.Matches(km, k.AddRow):
		return run(m.setFocus(m.indexOf(m.addRow())))
	case key.Matches(km, k.RemoveRow):
		if to, ok := m.removeRow(); ok {
			m.resize(m.width, m.height)
			return run(m.setFocus(m.indexOf(to)))
		}
		return reply{}
	case key.Matches(km, k.Conceal):
		at := m.at()
		m.fields[at.i].concealed = !m.fields[at.i].concealed
		m.setEcho()
		return reply{}
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
	at := m.at()
	if at.kind == stopNotes {
		m.notes, cmd = m.notes.Update(msg)
		return run(cmd)
	}
	if at.kind == stopOTP && m.replaceStoredOTP(msg) {
		return reply{}
	}
	in := m.input(at)
	before := in.Value()
	*in, cmd = in.Update(msg)
	if in.Value() != before {
		m.err = "" // the error was about what was typed before
		if at.kind == stopPassword {
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

// save asks the root to add or edit the entry. An edit changes only what
// was changed in the form, and only if the entry is still at the revision
// the form showed; force writes every field as the form has it (the user
// chose to save theirs over another passtea's change).
func (m *formScreen) save(force bool) reply {
	m.err = ""
	val := m.values()
	name := vault.NormalizeName(strings.TrimSpace(val.name))
	if err := vault.ValidateName(name); err != nil {
		return m.showError(err)
	}
	for i, r := range m.fields {
		if strings.TrimSpace(r.name.Value()) == "" && (r.value.Value() != "" || r.locked) {
			m.err = "not saved: a custom field needs a name"
			return run(m.setFocus(m.indexOf(stop{stopFieldName, i})))
		}
	}
	tags := splitTags(val.tags)
	code, err := m.otpToSave()
	if err != nil {
		m.err = "not saved: " + term.Line(err.Error())
		return run(m.setFocus(m.indexOf(stop{stopOTP, 0})))
	}
	if m.isNew {
		it := vault.NewEntry{Name: name, Username: val.user, URLs: val.urls, Tags: tags,
			Secret: vault.Secret{Password: val.password, Notes: val.notes, Fields: val.fields, OTP: code}}
		return want(work{fn: func(v Store) workResult {
			e, err := v.Add(it)
			es, err := entriesAfter(v, err)
			return entrySavedMsg{entry: e, entries: es, added: true, err: err}
		}})
	}
	ch := vault.Change{IfRevision: m.base.Revision}
	ini := m.initial
	if force || name != ini.name {
		ch.Name = &name
	}
	if force || val.user != ini.user {
		ch.Username = &val.user
	}
	if force || val.password != ini.password {
		ch.Password = &val.password
	}
	if force || !slices.Equal(val.urls, ini.urls) {
		ch.URLs = &val.urls
	}
	if force || val.notes != ini.notes {
		ch.Notes = &val.notes
	}
	if force || !slices.Equal(tags, splitTags(ini.tags)) {
		ch.Tags = &tags
	}
	if force || !slices.Equal(val.fields, ini.fields) {
		ch.Fields = &val.fields
	}
	if force || val.otp != ini.otp {
		ch.OTP = &code
	}
	id := m.base.ID
	return want(work{fn: func(v Store) workResult {
		e, err := v.Edit(id, ch)
		var changed *vault.ChangedError
		switch {
		case errors.As(err, &changed):
			return entrySavedMsg{changed: &changed.Current}
		case errors.Is(err, vault.ErrNotFound):
			return entrySavedMsg{gone: true}
		}
		es, err := entriesAfter(v, err)
		return entrySavedMsg{entry: e, entries: es, err: err}
	}})
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
		return run(m.setFocus(m.indexOf(stop{stopName, 0})))
	case errors.Is(res.err, vault.ErrInterrupted):
		m.err = "not saved: the save was abandoned while another passtea held the vault"
		return reply{}
	}
	return m.showError(res.err)
}

// showError shows err under the form, at the field it is about if the
// vault said which.
func (m *formScreen) showError(err error) reply {
	var inv *vault.InvalidError
	if errors.As(err, &inv) {
		m.err = "not saved: " + term.Line(inv.Reason)
		if k, ok := stopOf[inv.Field]; ok {
			if k == stopFieldName && len(m.fields) == 0 {
				return reply{}
			}
			return run(m.setFocus(m.indexOf(stop{k, 0})))
		}
		return reply{}
	}
	m.err = "not saved: " + term.Line(err.Error())
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
	m.focus = min(m.focus, len(m.stops())-1)
	m.updateStrength()
	return want(say{statusInfo, "reloaded " + term.Line(cur.Name) + " as another passtea saved it"})
}

func (m *formScreen) view() string {
	s := m.c.styles
	w := m.inputWidth()
	at := m.at()
	label := func(text string, focused bool) string {
		l := padRight(text, labelWidth)
		if focused {
			return s.Focused.Render("▸ " + l)
		}
		return s.Label.Render("  " + l)
	}
	var lines []string
	line := func(text string, st stop, in *textinput.Model) {
		lines = append(lines, label(text, at == st)+in.View())
	}
	line("name", stop{stopName, 0}, &m.name)
	line("username", stop{stopUser, 0}, &m.user)
	line("password", stop{stopPassword, 0}, &m.password)
	lines = append(lines, m.strengthLines(w)...)
	for i := range m.urls {
		text := ""
		switch {
		case i == 0 && len(m.urls) == 1:
			text = "URL"
		case i == 0:
			text = "URLs"
		}
		line(text, stop{stopURL, i}, &m.urls[i])
	}
	for j, l := range strings.Split(m.notes.View(), "\n") {
		if j == 0 {
			lines = append(lines, label("notes", at.kind == stopNotes)+l)
		} else {
			lines = append(lines, strings.Repeat(" ", labelWidth+2)+l)
		}
	}
	line("tags", stop{stopTags, 0}, &m.tags)
	lines = append(lines, label("OTP", at.kind == stopOTP)+m.otpView(at.kind == stopOTP))
	if len(m.fields) == 0 {
		lines = append(lines, label("fields", false)+s.Dim.Render(truncatePlain("ctrl+n adds one (a PIN, an answer)", w)))
	}
	for i := range m.fields {
		lines = append(lines, m.fieldLine(i, at))
	}
	lines = append(lines, "")
	if msg := m.message(); msg != "" {
		lines = append(lines, msg)
	}
	return " " + strings.Join(strings.Split(strings.Join(lines, "\n"), "\n"), "\n ")
}

// fieldLine draws a custom field: its name where the labels are, then its
// value, masked while concealed.
func (m *formScreen) fieldLine(i int, at stop) string {
	s := m.c.styles
	r := &m.fields[i]
	mark := "  "
	if at.i == i && (at.kind == stopFieldName || at.kind == stopFieldValue) {
		mark = s.Focused.Render("▸ ")
	}
	value := r.value.View()
	if r.locked {
		n := strings.Count(r.kept, "\n") + 1
		value = s.Dim.Render(truncatePlain(fmt.Sprintf("%d lines: edit with passtea edit --set-field", n), m.inputWidth()))
		if r.concealed && !m.showPass {
			value = s.Masked.Render(mask)
		}
	}
	name := r.name.View()
	return mark + name + strings.Repeat(" ", max(labelWidth-lipgloss.Width(name), 1)) + value
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
		return s.Warn.Render(wrap(term.Line(m.changed.Name)+" was changed by another passtea since you opened it.", tw)) + "\n" +
			s.Dim.Render(wrap("r reload theirs (drops your changes) · k save yours over theirs · esc keep editing", tw))
	case m.gone:
		return s.Warn.Render(wrap(term.Line(m.base.Name)+" was deleted by another passtea.", tw)) + "\n" +
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
		short: []key.Binding{k.Save, k.Cancel, k.Next, k.GenFill, k.ShowPass, k.AddRow},
		full: [][]key.Binding{
			{k.Next, k.Prev, k.NextEnter, k.Up, k.Down},
			{k.Save, k.Cancel, k.GenFill, k.GenOpen, k.ShowPass},
			{k.AddRow, k.RemoveRow, k.Conceal},
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
