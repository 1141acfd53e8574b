package tui

// This file holds the form's rows and what they hold: the fixed fields (the
// one-time code among them), the list of URLs and the list of custom
// fields (a name, a value, concealed or not), the stops tab moves through,
// and the values as one comparable set.
// Lists grow and shrink with ctrl+n and ctrl+x (form.go).

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/textinput"

	"github.com/passtea/passtea/vault"
)

// stopKind names what a stop of the form's focus is.
type stopKind int

const (
	stopName stopKind = iota
	stopUser
	stopPassword
	stopURL
	stopNotes
	stopTags
	stopFieldName
	stopFieldValue
	stopOTP
)

// stop is a place the form's focus can be: a kind, and for the URLs and
// custom fields, which one.
type stop struct {
	kind stopKind
	i    int
}

// fieldRow is a custom field in the form.
type fieldRow struct {
	name, value textinput.Model
	concealed   bool
	// locked is set for a value the one-line input would change (it
	// holds a line break or a tab): it is kept as it is, not edited here.
	locked bool
	kept   string
}

// formValues is everything the form holds, comparable with equal. otp is
// the one-time code as stored (a URI), or as pasted since.
type formValues struct {
	name, user, password, notes, tags, otp string
	urls                                   []string
	fields                                 []vault.Field
}

func (v formValues) equal(w formValues) bool {
	return v.name == w.name && v.user == w.user && v.password == w.password && v.notes == w.notes &&
		v.tags == w.tags && v.otp == w.otp && slices.Equal(v.urls, w.urls) && slices.Equal(v.fields, w.fields)
}

// newLineInput is an input of the form.
func (m *formScreen) newLineInput(limit int, placeholder string) textinput.Model {
	ti := textinput.New()
	ti.Prompt = ""
	ti.SetStyles(m.c.styles.Input)
	ti.CharLimit = limit
	ti.Placeholder = placeholder
	// The width before any value: an input fitted after its value is set
	// shows all of the value, however long.
	ti.SetWidth(m.inputWidth())
	return ti
}

// newURLInput is a row of the URL list.
func (m *formScreen) newURLInput(v string) textinput.Model {
	ti := m.newLineInput(vault.MaxFieldLen, "e.g. https://example.com")
	ti.SetValue(v)
	return ti
}

// newFieldRow is a row of the custom fields.
func (m *formScreen) newFieldRow(f vault.Field) fieldRow {
	r := fieldRow{
		name:      m.newLineInput(vault.MaxFieldNameLen, "name"),
		value:     m.newLineInput(vault.MaxPasswordLen, "value"),
		concealed: f.Concealed,
	}
	r.name.SetWidth(labelWidth - 2) // and the cursor: the label's width
	r.name.SetValue(f.Name)
	r.name.CursorStart() // a long name shows its start
	if strings.ContainsAny(f.Value, "\n\t") {
		r.locked, r.kept = true, f.Value
	} else {
		r.value.SetValue(f.Value)
	}
	r.value.EchoCharacter = '•'
	return r
}

// stops lists the places the focus goes through, in tab order.
func (m *formScreen) stops() []stop {
	out := []stop{{stopName, 0}, {stopUser, 0}, {stopPassword, 0}}
	for i := range m.urls {
		out = append(out, stop{stopURL, i})
	}
	out = append(out, stop{stopNotes, 0}, stop{stopTags, 0}, stop{stopOTP, 0})
	for i, r := range m.fields {
		out = append(out, stop{stopFieldName, i})
		if !r.locked {
			out = append(out, stop{stopFieldValue, i})
		}
	}
	return out
}

// at returns the focus's stop.
func (m *formScreen) at() stop {
	st := m.stops()
	return st[min(max(m.focus, 0), len(st)-1)]
}

// indexOf is the position of s among the stops (0 if it is gone).
func (m *formScreen) indexOf(s stop) int {
	if i := slices.Index(m.stops(), s); i >= 0 {
		return i
	}
	return 0
}

// input returns the one-line input of stop s (nil for the notes).
func (m *formScreen) input(s stop) *textinput.Model {
	switch s.kind {
	case stopName:
		return &m.name
	case stopUser:
		return &m.user
	case stopPassword:
		return &m.password
	case stopURL:
		return &m.urls[s.i]
	case stopTags:
		return &m.tags
	case stopOTP:
		return &m.otp
	case stopFieldName:
		return &m.fields[s.i].name
	case stopFieldValue:
		return &m.fields[s.i].value
	}
	return nil
}

// eachInput calls fn for every one-line input.
func (m *formScreen) eachInput(fn func(*textinput.Model)) {
	for _, s := range m.stops() {
		if in := m.input(s); in != nil {
			fn(in)
		}
	}
}

// values returns what the form holds: URLs and fields as they will be
// saved (blank rows left out, URLs trimmed).
func (m *formScreen) values() formValues {
	v := formValues{name: m.name.Value(), user: m.user.Value(), password: m.password.Value(), notes: m.notes.Value(), tags: m.tags.Value(), otp: m.otp.Value()}
	urls := make([]string, len(m.urls))
	for i := range m.urls {
		urls[i] = m.urls[i].Value()
	}
	v.urls = vault.NormalizeURLs(urls)
	for _, r := range m.fields {
		f := vault.Field{Name: strings.TrimSpace(r.name.Value()), Value: r.value.Value(), Concealed: r.concealed}
		if r.locked {
			f.Value = r.kept
		}
		if f.Name != "" || f.Value != "" {
			v.fields = append(v.fields, f)
		}
	}
	return v
}

// setValues fills the form with v.
func (m *formScreen) setValues(v formValues) {
	m.name.SetValue(v.name)
	m.user.SetValue(v.user)
	m.password.SetValue(v.password)
	m.notes.SetValue(v.notes)
	m.tags.SetValue(v.tags)
	m.otp.SetValue(v.otp)
	m.urls = nil
	for _, u := range v.urls {
		m.urls = append(m.urls, m.newURLInput(u))
	}
	if len(m.urls) == 0 {
		m.urls = []textinput.Model{m.newURLInput("")}
	}
	m.fields = nil
	for _, f := range v.fields {
		m.fields = append(m.fields, m.newFieldRow(f))
	}
	m.setEcho()
	m.resize(m.width, m.height)
}

// addRow adds a URL after the focused one, or a custom field at the end,
// and goes to it.
func (m *formScreen) addRow() stop {
	s := m.at()
	if s.kind == stopURL {
		m.urls = slices.Insert(m.urls, s.i+1, m.newURLInput(""))
		m.resize(m.width, m.height)
		return stop{stopURL, s.i + 1}
	}
	m.fields = append(m.fields, m.newFieldRow(vault.Field{Concealed: true}))
	m.setEcho()
	m.resize(m.width, m.height)
	return stop{stopFieldName, len(m.fields) - 1}
}

// removeRow removes the focused URL or custom field (one empty URL row
// always stays), or the one-time code, and says where the focus goes.
func (m *formScreen) removeRow() (stop, bool) {
	s := m.at()
	switch s.kind {
	case stopURL:
		if len(m.urls) == 1 {
			m.urls[0].SetValue("")
			return s, true
		}
		m.urls = slices.Delete(m.urls, s.i, s.i+1)
		return stop{stopURL, min(s.i, len(m.urls)-1)}, true
	case stopOTP:
		m.otp.SetValue("")
		return s, true
	case stopFieldName, stopFieldValue:
		m.fields = slices.Delete(m.fields, s.i, s.i+1)
		if len(m.fields) == 0 {
			return stop{stopTags, 0}, true
		}
		return stop{stopFieldName, min(s.i, len(m.fields)-1)}, true
	}
	return s, false
}
