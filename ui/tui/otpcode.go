package tui

// This file is an entry's one-time code in the app. The entry screen shows
// a time-based code (TOTP, Steam) live, with the seconds left and a small
// countdown bar, redrawn by a tick that runs only while that screen is
// shown; a counter-based one (HOTP) only when o asks for it, since showing
// it means using it up. o copies the code, on the entry screen and in the
// list, cleared when the code expires or after the usual delay, whichever
// comes first (clipboard.ClearBefore, as `passtea otp --copy`).

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/passtea/passtea/otp"
	"github.com/passtea/passtea/ui/term"
	"github.com/passtea/passtea/vault"
)

// otpMark marks the entries with a one-time code in the list.
const otpMark = "◷"

// otpWhat is what the status line calls a copied code.
const otpWhat = "one-time code"

// entryCode is the one-time code of the opened entry.
type entryCode struct {
	key otp.Key
	err error // the stored code cannot be read
	// issued is the HOTP code the last o handed out, for counter.
	issued  string
	counter uint64
}

// readCode reads the one-time code stored in sec; nil when there is none.
func readCode(sec vault.Secret) *entryCode {
	if sec.OTP == "" {
		return nil
	}
	k, err := otp.ParseURI(sec.OTP)
	return &entryCode{key: k, err: err}
}

// timeBased reports whether the code changes with the time (and so needs
// the tick).
func (c *entryCode) timeBased() bool { return c != nil && c.err == nil && c.key.Type.TimeBased() }

// otpTickMsg redraws the code of the entry screen from. A tick that finds
// another screen (the entry was left, the vault locked) is dropped, which
// ends its chain.
type otpTickMsg struct{ from *entryScreen }

// tick asks for the next redraw of a time-based code, at the next whole
// second of the clock, when the seconds left change.
func (m *entryScreen) tick() tea.Cmd {
	if !m.code.timeBased() {
		return nil
	}
	d := time.Second - time.Duration(m.c.now().Nanosecond())
	return m.c.after(d, otpTickMsg{from: m})
}

// copyCode copies the code of k, the one-time code of e: a time-based one
// at once, to be cleared when it expires; an HOTP one once its counter is
// saved (hotpWork).
func copyCode(c *common, e vault.Entry, k otp.Key) reply {
	if !k.Type.TimeBased() {
		return want(work{fn: hotpWork(e)})
	}
	now := c.now()
	code, err := k.Code(now)
	if err != nil {
		return want(say{statusErr, "no code: " + err.Error()})
	}
	return want(copyValue{what: otpWhat, name: e.Name, value: code, expires: k.Expires(now)})
}

// copyStoredCode reads the one-time code of e from the vault and copies
// it (the list's o).
func copyStoredCode(c *common, e vault.Entry) reply {
	sec, err := c.vault.Secret(e.ID)
	if err != nil {
		return want(say{statusErr, fmt.Sprintf("cannot open %s: %s", term.Line(e.Name), err)})
	}
	code := readCode(sec)
	switch {
	case code == nil:
		return want(say{statusErr, term.Line(e.Name) + " has no one-time code"})
	case code.err != nil:
		return want(say{statusErr, "the one-time code of " + term.Line(e.Name) + ": " + code.err.Error()})
	}
	return copyCode(c, e, code.key)
}

// hotpWork hands out the next code of e's HOTP key: the counter moves on
// and is saved (with IfRevision, vault.NextHOTP) before the code is shown
// or copied, so that no code is issued twice.
func hotpWork(e vault.Entry) func(Store) workResult {
	return func(v Store) workResult {
		code, counter, saved, err := vault.NextHOTP(v, e.ID)
		return hotpIssuedMsg{name: e.Name, code: code, counter: counter, entry: saved, err: err}
	}
}

// hotpIssuedMsg carries an HOTP code whose counter is saved, or why no
// code was issued.
type hotpIssuedMsg struct {
	name    string
	code    string
	counter uint64
	entry   vault.Entry // as saved
	err     error
}

func (m hotpIssuedMsg) workErr() error { return m.err }
func (hotpIssuedMsg) failed() string   { return "no code was issued" }

// copy is the reply to an issued code: copy it, or say why there is none.
func (m hotpIssuedMsg) copy() reply {
	if m.err != nil {
		return want(say{statusErr, m.failed() + ": " + term.Line(m.err.Error())})
	}
	return want(copyValue{what: otpWhat, name: m.name, value: m.code})
}

// codeView draws the one-time code's line of the entry screen, w cells
// wide at most.
func (m *entryScreen) codeView(w int) string {
	s := m.c.styles
	c := m.code
	switch {
	case c.err != nil:
		return s.Error.Render(wrap("cannot read it: "+c.err.Error(), w))
	case !c.key.Type.TimeBased() && c.issued == "":
		return s.Dim.Render(wrap("press o to generate and copy the next code", w))
	case !c.key.Type.TimeBased():
		return s.Key.Render(groupCode(c.issued)) + s.Dim.Render(fmt.Sprintf("  counter %d", c.counter))
	}
	now := m.c.now()
	code, err := c.key.Code(now)
	if err != nil {
		return s.Error.Render(wrap(err.Error(), w))
	}
	left, period := c.key.SecondsLeft(now), c.key.Period
	band := 3
	if left <= 5 {
		band = 1 // about to change: the next one may be the one to type
	}
	text := s.Key.Render(groupCode(code))
	if more := "  " + bar(s, 10, float64(left)/float64(period), band) + s.Dim.Render(fmt.Sprintf(" %2d s", left)); lipgloss.Width(text+more) <= w {
		text += more
	}
	if hint := "  o copy"; lipgloss.Width(text)+len(hint) <= w {
		text += s.Dim.Render(hint)
	}
	return text
}

// groupCode splits a code in two halves to read it out, the longer first:
// "123 456", "1234 5678". Steam's five characters stay whole.
func groupCode(code string) string {
	if len(code) < 6 {
		return code
	}
	h := (len(code) + 1) / 2
	return code[:h] + " " + code[h:]
}
