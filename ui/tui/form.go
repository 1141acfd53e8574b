package tui

// This file is the add/edit form: name, username, password (with a live
// strength meter and ctrl+g to generate), URL, notes and tags.

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/passtea/passtea/generator"
	"github.com/passtea/passtea/vault"
)

type (
	// entrySavedMsg says an add or edit was saved, or why not.
	entrySavedMsg struct {
		entry   vault.Entry
		entries []vault.Entry
		added   bool
		err     error
	}
	// passwordChosenMsg brings a password from the generator into the form.
	passwordChosenMsg struct{ password string }
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

type formModel struct {
	c      *common
	isNew  bool
	id     vault.ID
	from   screen // where esc returns
	inputs [numFields]textinput.Model
	notes  textarea.Model
	focus  int

	initial     [numFields]string
	showPass    bool
	report      generator.Report
	hasReport   bool
	err         string
	confirmQuit bool
	width       int
	height      int
}

func newFormModel(c *common, e *vault.Entry) formModel {
	m := formModel{c: c, isNew: e == nil, width: c.width, height: c.bodyHeight(1)}
	for i := range m.inputs {
		if i == fieldNotes {
			continue
		}
		ti := textinput.New()
		ti.Prompt = ""
		ti.SetStyles(c.styles.Input)
		ti.CharLimit = vault.MaxFieldLen
		m.inputs[i] = ti
	}
	m.inputs[fieldName].CharLimit = vault.MaxNameLen
	m.inputs[fieldName].Placeholder = "e.g. github or work/github"
	m.inputs[fieldURL].Placeholder = "e.g. https://example.com"
	m.inputs[fieldTags].Placeholder = "space or comma separated"
	m.inputs[fieldPassword].EchoMode = textinput.EchoPassword
	m.inputs[fieldPassword].EchoCharacter = '•'
	m.inputs[fieldPassword].CharLimit = 1024
	m.inputs[fieldPassword].Placeholder = "ctrl+g generates one"
	m.notes = textarea.New()
	m.notes.ShowLineNumbers = false
	m.notes.Prompt = ""
	m.notes.Placeholder = "anything else to keep secret"
	m.notes.SetStyles(c.styles.TextArea)
	m.notes.CharLimit = 0

	if e != nil {
		m.id = e.ID
		m.inputs[fieldName].SetValue(e.Name)
		m.inputs[fieldUser].SetValue(e.Username)
		m.inputs[fieldURL].SetValue(e.URL)
		m.inputs[fieldTags].SetValue(strings.Join(e.Tags, " "))
		if sec, err := c.vault.Secret(e.ID); err == nil {
			m.inputs[fieldPassword].SetValue(sec.Password)
			m.notes.SetValue(sec.Notes)
		} else {
			m.err = err.Error()
		}
	}
	m.initial = m.values()
	m.updateStrength()
	m.resize(c.width, c.bodyHeight(1))
	return m
}

func (m *formModel) Init() tea.Cmd { return m.inputs[fieldName].Focus() }

func (m formModel) title() string {
	if m.isNew {
		return "new entry"
	}
	return "edit " + m.initial[fieldName]
}

func (m formModel) values() [numFields]string {
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

func (m formModel) dirty() bool { return m.values() != m.initial }

func (m *formModel) resize(w, h int) {
	if m.c == nil {
		return
	}
	m.width, m.height = w, h
	iw := max(w-18, 10)
	for i := range m.inputs {
		if i != fieldNotes {
			m.inputs[i].SetWidth(iw)
		}
	}
	m.notes.SetWidth(iw)
	// name, user, password, 2 strength, URL, tags, blank, error = 9 lines
	m.notes.SetHeight(min(max(h-10, 2), 8))
}

func (m *formModel) restyle() {
	if m.c == nil {
		return
	}
	for i := range m.inputs {
		if i != fieldNotes {
			m.inputs[i].SetStyles(m.c.styles.Input)
		}
	}
	m.notes.SetStyles(m.c.styles.TextArea)
}

func (m *formModel) updateStrength() {
	pw := m.inputs[fieldPassword].Value()
	m.hasReport = pw != ""
	if m.hasReport {
		m.report = generator.Strength(pw, m.c.vaultKDFTime(), m.inputs[fieldName].Value(), m.inputs[fieldUser].Value())
	}
}

func (m formModel) setFocus(i int) (formModel, tea.Cmd) {
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
		return m, m.notes.Focus()
	}
	return m, m.inputs[i].Focus()
}

func (m formModel) Update(msg tea.Msg) (formModel, tea.Cmd) {
	k := m.c.keys
	switch msg := msg.(type) {
	case entrySavedMsg:
		// Only failures come here: the form keeps what was typed, and the
		// status line says why.
		if errors.Is(msg.err, vault.ErrNameTaken) {
			return m.setFocus(fieldName)
		}
		return m, nil
	case passwordChosenMsg:
		m.inputs[fieldPassword].SetValue(msg.password)
		m.updateStrength()
		return m.setFocus(fieldPassword)
	case tea.KeyPressMsg:
		if m.confirmQuit {
			m.confirmQuit = false
			if key.Matches(msg, k.Yes) {
				return m, m.c.request(backMsg{})
			}
			return m, nil
		}
		switch {
		case key.Matches(msg, k.Back):
			if m.dirty() {
				m.confirmQuit = true
				return m, nil
			}
			return m, m.c.request(backMsg{})
		case key.Matches(msg, k.Save):
			return m.save()
		case key.Matches(msg, k.Tab):
			return m.setFocus(m.focus + 1)
		case key.Matches(msg, k.ShiftTab):
			return m.setFocus(m.focus - 1)
		case key.Matches(msg, k.GenFill):
			pw, err := m.c.gen.Generate(m.c.genOpts)
			if err != nil {
				m.err = "cannot generate: " + err.Error()
				return m, nil
			}
			m.inputs[fieldPassword].SetValue(pw)
			m.updateStrength()
			m, cmd := m.setFocus(fieldPassword)
			bits, _ := generator.Entropy(m.c.genOpts)
			return m, tea.Batch(cmd, m.c.status(statusOK, "generated a %s (%.1f bits); ctrl+r shows it", describeOptions(m.c.genOpts), bits))
		case key.Matches(msg, k.GenOpen):
			return m, m.c.request(navigateMsg{to: screenGenerate})
		case key.Matches(msg, k.ShowPass):
			m.showPass = !m.showPass
			if m.showPass {
				m.inputs[fieldPassword].EchoMode = textinput.EchoNormal
			} else {
				m.inputs[fieldPassword].EchoMode = textinput.EchoPassword
			}
			return m, nil
		case msg.String() == "enter" && m.focus != fieldNotes:
			if m.focus == fieldTags {
				return m.save()
			}
			return m.setFocus(m.focus + 1)
		case msg.String() == "up" && m.focus != fieldNotes:
			return m.setFocus(m.focus - 1)
		case msg.String() == "down" && m.focus != fieldNotes:
			return m.setFocus(m.focus + 1)
		}
	}
	var cmd tea.Cmd
	if m.focus == fieldNotes {
		m.notes, cmd = m.notes.Update(msg)
	} else {
		before := m.inputs[m.focus].Value()
		m.inputs[m.focus], cmd = m.inputs[m.focus].Update(msg)
		if m.focus == fieldPassword && m.inputs[m.focus].Value() != before {
			m.updateStrength()
		}
	}
	if _, ok := msg.(tea.KeyPressMsg); ok {
		m.err = ""
	}
	return m, cmd
}

// splitTags reads tags separated by spaces or commas.
func splitTags(s string) []string {
	return vault.NormalizeTags(strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }))
}

func (m formModel) save() (formModel, tea.Cmd) {
	v := m.c.vault
	val := m.values()
	name := strings.TrimSpace(val[fieldName])
	if err := vault.ValidateName(name); err != nil {
		m.err = strings.TrimPrefix(err.Error(), vault.ErrInvalid.Error()+": ")
		return m.setFocus(fieldName)
	}
	tags := splitTags(val[fieldTags])
	m.c.busy = true
	if m.isNew {
		f := vault.Fields{Name: name, Username: val[fieldUser], URL: strings.TrimSpace(val[fieldURL]), Tags: tags}
		sec := vault.Secret{Password: val[fieldPassword], Notes: val[fieldNotes]}
		return m, func() tea.Msg {
			e, err := v.Add(f, sec)
			return entrySavedMsg{entry: e, entries: v.Entries(), added: true, err: err}
		}
	}
	var ch vault.Change
	if name != m.initial[fieldName] {
		ch.Name = &name
	}
	if val[fieldUser] != m.initial[fieldUser] {
		ch.Username = &val[fieldUser]
	}
	if val[fieldPassword] != m.initial[fieldPassword] {
		ch.Password = &val[fieldPassword]
	}
	if u := strings.TrimSpace(val[fieldURL]); u != m.initial[fieldURL] {
		ch.URL = &u
	}
	if val[fieldNotes] != m.initial[fieldNotes] {
		ch.Notes = &val[fieldNotes]
	}
	if !slices.Equal(tags, splitTags(m.initial[fieldTags])) {
		ch.Tags = &tags
	}
	id := m.id
	return m, func() tea.Msg {
		e, err := v.Edit(id, ch)
		return entrySavedMsg{entry: e, entries: v.Entries(), err: err}
	}
}

func (m formModel) View() string {
	if m.c == nil {
		return ""
	}
	s := m.c.styles
	w := max(m.width-18, 10)
	label := func(i int) string {
		l := padRight(fieldLabels[i], 11)
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
					lines = append(lines, strings.Repeat(" ", 13)+l)
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
	switch {
	case m.confirmQuit:
		lines = append(lines, askYesNo(s, "discard your changes?"))
	case m.err != "":
		lines = append(lines, s.Error.Render(truncate(m.err, m.width-4)))
	}
	return " " + strings.Join(lines, "\n ")
}

// strengthLines is the compact meter under the password: the bar and the
// crack time, then zxcvbn's warning.
func (m formModel) strengthLines(w int) []string {
	s := m.c.styles
	indent := strings.Repeat(" ", 13)
	if !m.hasReport {
		return []string{indent + s.Dim.Render(ellipsize("ctrl+g: generate · ctrl+o: generator options", w)), ""}
	}
	r := m.report
	band := scoreBand(r.Score)
	line1 := indent + bar(s, min(w/3, 16), float64(r.Score+1)/5, band) + " " + s.Dim.Render(scoreNames[r.Score]+" · "+
		generator.FormatCrackTime(r.CrackSecondsFastHash)+" at 10¹⁰/s")
	line2 := indent
	if r.Warning != "" {
		line2 += s.Warn.Render(ellipsize(r.Warning, w))
	} else if len(r.Suggestions) > 0 {
		line2 += s.Dim.Render(ellipsize(r.Suggestions[0], w))
	}
	return []string{truncate(line1, m.width-2), line2}
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

func (m formModel) help() bindingsHelp {
	k := m.c.keys
	if m.confirmQuit {
		return oneLine(k.Yes, k.No)
	}
	short := []key.Binding{k.Save, as(k.Tab, "next"), as(k.GenFill, "generate"), as(k.ShowPass, "show"), as(k.Back, "cancel")}
	return bindingsHelp{
		short: short,
		full: [][]key.Binding{
			{k.Tab, k.ShiftTab, k.Save, as(k.Back, "cancel")},
			{k.GenFill, k.GenOpen, k.ShowPass, k.Quit},
		},
	}
}
