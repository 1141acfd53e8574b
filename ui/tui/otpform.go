package tui

// This file is the one-time code in the add/edit form: paste an otpauth://
// URI or a bare base32 secret (a site's "enter this key instead"), read by
// otp's parser when the form is saved and stored as its canonical URI;
// ctrl+x removes it.
//
// Decision: the code's secret is never drawn, not even with ctrl+r (which
// shows the password): it is typed or pasted once, and nobody needs to read
// it back here (passtea otp uri --qr moves it to a phone). A stored code is
// described instead ("TOTP, SHA1, 6 digits, every 30 s"); what is pasted is
// drawn as dots.

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/passtea/passtea/otp"
	"github.com/passtea/passtea/vault"
)

// newOTPInput is the form's input of the one-time code, always masked.
func (m *formScreen) newOTPInput() textinput.Model {
	in := m.newLineInput(vault.MaxOTPLen, "paste an otpauth:// URI or a base32 secret")
	in.EchoCharacter = '•'
	in.EchoMode = textinput.EchoPassword
	return in
}

// storedOTP reports whether the input holds the code as stored, untouched.
func (m *formScreen) storedOTP() bool {
	return m.initial.otp != "" && m.otp.Value() == m.initial.otp
}

// replaceStoredOTP clears the stored code when text is typed or pasted
// over it (a new code replaces it, it is not appended to), and reports
// whether msg is used up (a backspace removes the whole code).
func (m *formScreen) replaceStoredOTP(msg tea.Msg) bool {
	if !m.storedOTP() {
		return false
	}
	switch msg := msg.(type) {
	case tea.PasteMsg:
		m.otp.SetValue("")
	case tea.KeyPressMsg:
		if msg.Code == tea.KeyBackspace || msg.Code == tea.KeyDelete {
			m.otp.SetValue("")
			return true
		}
		if msg.Text != "" {
			m.otp.SetValue("")
		}
	}
	return false
}

// otpToSave is the one-time code to save: the stored URI when untouched,
// "" to remove it, or what was pasted, read by otp's parser and written as
// its canonical URI. The error says what is wrong, never the secret.
func (m *formScreen) otpToSave() (string, error) {
	if m.storedOTP() {
		return m.initial.otp, nil
	}
	text := strings.TrimSpace(m.otp.Value())
	if text == "" {
		return "", nil
	}
	k, err := otp.Parse(text)
	if err != nil {
		return "", err
	}
	uri, err := k.URI()
	if err != nil {
		return "", fmt.Errorf("one-time code: %w", err)
	}
	return uri, nil
}

// otpView draws the one-time code's input: a stored code described (as
// much as fits), else the input (dots, or its placeholder).
func (m *formScreen) otpView(focused bool) string {
	s := m.c.styles
	if !m.storedOTP() {
		return m.otp.View()
	}
	what := "set"
	if k, err := otp.ParseURI(m.initial.otp); err == nil {
		k.Issuer, k.Account = "", "" // the form names the entry
		what = k.Describe()
	}
	hint := " · ctrl+x removes"
	if focused {
		hint = " · paste to replace, ctrl+x removes"
	}
	w := m.inputWidth()
	for _, text := range []string{what + hint, what, "set" + hint} {
		if len(text) <= w {
			return s.Dim.Render(text)
		}
	}
	return s.Dim.Render(truncatePlain("set", w))
}
