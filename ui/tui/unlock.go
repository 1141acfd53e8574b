package tui

// This file is the unlock screen: the master password and, for a vault
// that needs one, the key file's path (remembered by passtea config, or
// typed: tab goes to it); a spinner naming the key derivation while it
// runs; "wrong master password" in place, and the wait after three wrong
// tries in a row (the vault keeps the count beside the file).
//
// While the screen is up, the root prepares the key derivation's memory
// (vault.PrepareKDF, see App.prepareKDF): by the time enter is pressed,
// the derivation is pure compute.

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/passtea/passtea/crypto/keyfile"
	"github.com/passtea/passtea/vault"
)

type (
	// vaultUnlockedMsg carries the unlocked vault, or why it did not
	// open, and what strengthening its key derivation did (see unlockCmd).
	vaultUnlockedMsg struct {
		vault *vault.Vault
		err   error
		note  string
	}
	// retryTickMsg redraws the countdown before the next try is accepted.
	retryTickMsg struct{ gen int }
)

// keyFileError is a key file that could not be read: the screen says so
// beside the field, and the password was not tried.
type keyFileError struct {
	path string
	err  error
}

func (e *keyFileError) Error() string {
	if errors.Is(e.err, fs.ErrNotExist) {
		return "key file " + e.path + ": no such file"
	}
	return "key file " + e.path + ": " + strings.TrimPrefix(e.err.Error(), "key file: ")
}

func (e *keyFileError) Unwrap() error { return e.err }

type unlockScreen struct {
	c        *common
	keys     unlockKeys
	input    secretInput
	keyFile  textinput.Model
	focus    int  // 0 the password, 1 the key file
	showKey  bool // the key file's field is on screen
	deriving bool
	start    time.Time
	spinner  spinner.Model
	err      string
	hint     string // what to try after a wrong password
	notice   string // why the vault was locked, or what is kept while it is
	fatal    bool   // the file cannot be opened at all: no input
	failures int
	retryAt  time.Time
	retryGen int
	width    int
}

func newUnlockScreen(c *common) *unlockScreen {
	m := &unlockScreen{c: c, keys: c.keys.unlock, spinner: newSpinner(c), width: c.width}
	m.input = newSecretInput(c, "master password  ")
	m.keyFile = textinput.New()
	m.keyFile.Prompt = "key file         "
	m.keyFile.Placeholder = "if the vault needs one"
	m.keyFile.SetStyles(c.styles.Input)
	m.keyFile.CharLimit = 4096
	if c.cfg.KeyFile != "" {
		m.keyFile.SetValue(c.cfg.KeyFile)
		m.showKey = true
	}
	m.resize(c.width, 0)
	m.updateKeys()
	return m
}

func (m *unlockScreen) title() string   { return "unlock" }
func (m *unlockScreen) capturing() bool { return !m.fatal }

// focusCmd focuses the password.
func (m *unlockScreen) focusCmd() tea.Cmd { return m.setFocus(0) }

func (m *unlockScreen) resize(w, _ int) {
	m.width = w
	iw := min(max(w-26, 8), 40)
	m.input.SetWidth(iw)
	m.keyFile.SetWidth(max(w-23, 8))
}

func (m *unlockScreen) restyle() {
	m.input.SetStyles(m.c.styles)
	m.keyFile.SetStyles(m.c.styles.Input)
	m.spinner.Style = lipgloss.NewStyle().Foreground(m.c.styles.Accent)
}

// wipe empties the password input (see App.wipeScreens).
func (m *unlockScreen) wipe() { m.input.Wipe() }

func (m *unlockScreen) updateKeys() {
	waiting := m.c.now().Before(m.retryAt) // the countdown after wrong tries
	enable(!m.fatal && !m.deriving && !waiting, &m.keys.Unlock)
	enable(!m.fatal && !m.deriving, &m.keys.Switch)
	enable(m.fatal, &m.keys.QuitEsc)
	if m.focus == 1 {
		m.keys.Switch.SetHelp("tab", "password")
	} else {
		m.keys.Switch.SetHelp("tab", "key file")
	}
}

func (m *unlockScreen) setFocus(i int) tea.Cmd {
	m.focus = i
	if i == 1 {
		m.showKey = true
		m.input.Blur()
		return m.keyFile.Focus()
	}
	m.keyFile.Blur()
	return m.input.Focus()
}

// unlockCmd unlocks f, the vault file as read when the app started (or
// when it last locked), with password and the key file at keyPath ("":
// none). Only if the password is wrong and the file has changed on disk
// since (another process changed the master password meanwhile) is the
// file read again, and the unlock tried once more. A session in the app is
// when a default key derivation that fell behind the defaults is
// strengthened (reading alone never writes).
func unlockCmd(f *vault.File, read fileStamp, password []byte, keyPath string, opts *vault.Options) tea.Cmd {
	return func() tea.Msg {
		defer clear(password)
		creds := vault.Credentials{Password: password}
		if keyPath != "" {
			key, _, err := keyfile.ReadFile(keyPath)
			if err != nil {
				return vaultUnlockedMsg{err: &keyFileError{keyPath, err}}
			}
			defer clear(key)
			creds.KeyFile = key
		}
		v, err := f.Unlock(creds)
		if errors.Is(err, vault.ErrWrongPassword) && stampOf(f.Path()) != read {
			if f, err = vault.ReadFile(f.Path(), opts); err == nil {
				v, err = f.Unlock(creds)
			}
		}
		if err == nil {
			// Every page is read here, off the app's loop.
			if _, err = v.Entries(); err != nil {
				v.Lock()
			}
		}
		if err != nil {
			return vaultUnlockedMsg{err: err}
		}
		msg := vaultUnlockedMsg{vault: v}
		switch up, err := v.UpgradeKDF(creds); {
		case err != nil:
			msg.note = "unlocked; " + err.Error()
		case up != nil:
			msg.note = "unlocked; key derivation upgraded to " + up.To.String()
		}
		return msg
	}
}

func (m *unlockScreen) update(msg tea.Msg) reply {
	m.updateKeys() // the countdown may have ended since
	defer m.updateKeys()
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if !m.deriving {
			return reply{}
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return run(cmd)

	case retryTickMsg:
		if msg.gen != m.retryGen || !m.c.now().Before(m.retryAt) {
			return reply{}
		}
		return run(m.retryTick())

	case vaultUnlockedMsg:
		m.deriving = false
		m.input.Wipe()
		if msg.err == nil {
			m.failures, m.err, m.hint, m.notice = 0, "", "", ""
			return reply{}
		}
		return m.failed(msg.err)

	case tea.KeyPressMsg:
		switch {
		case m.deriving:
			return reply{}
		case key.Matches(msg, m.keys.QuitEsc):
			return want(quitNow{})
		case key.Matches(msg, m.keys.Unlock):
			return m.submit()
		case key.Matches(msg, m.keys.Switch):
			return run(m.setFocus(1 - m.focus))
		}
	}
	if m.fatal {
		return reply{}
	}
	if m.focus == 1 {
		var cmd tea.Cmd
		m.keyFile, cmd = m.keyFile.Update(msg)
		return run(cmd)
	}
	m.input.Update(msg)
	return reply{}
}

// failed shows why the unlock did not happen.
func (m *unlockScreen) failed(err error) reply {
	// The vault keeps the count of wrong tries beside the file, so the
	// wait holds across restarts and for the commands too; the screen
	// only shows it.
	var wait *vault.BackoffError
	var kf *keyFileError
	m.hint = ""
	switch {
	case errors.As(err, &kf):
		m.err = kf.Error()
		return run(m.setFocus(1))
	case errors.As(err, &wait):
		m.failures = wait.Failures
		m.err = m.wrong()
		m.retryAt = m.c.now().Add(wait.Wait)
		m.retryGen++
		return run(tea.Batch(m.setFocus(0), m.retryTick()))
	case errors.Is(err, vault.ErrWrongPassword):
		m.failures++
		m.err = m.wrong()
		if strings.TrimSpace(m.keyFile.Value()) == "" && m.c.formatVersion >= 2 {
			m.hint = "If this vault needs a key file, press tab to give its path."
		}
		if d := vault.RetryDelay(m.failures); d > 0 {
			m.retryAt = m.c.now().Add(d)
			m.retryGen++
			return run(tea.Batch(m.setFocus(0), m.retryTick()))
		}
		return run(m.setFocus(0))
	}
	m.err = err.Error()
	m.fatal = !errors.Is(err, vault.ErrConflict)
	return run(m.setFocus(0))
}

// wrong is what a wrong password is called: with a key file given, either
// may be wrong.
func (m *unlockScreen) wrong() string {
	if strings.TrimSpace(m.keyFile.Value()) != "" {
		return "wrong master password or key file"
	}
	return "wrong master password"
}

func (m *unlockScreen) retryTick() tea.Cmd {
	if m.c.cfg.NoTimers {
		return nil
	}
	gen := m.retryGen
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return retryTickMsg{gen: gen} })
}

func (m *unlockScreen) submit() reply {
	if m.input.Len() == 0 {
		return run(m.setFocus(0))
	}
	if m.c.now().Before(m.retryAt) {
		return reply{} // the countdown is on screen
	}
	m.deriving = true
	m.err, m.hint = "", ""
	m.start = m.c.now()
	return want(unlockWith{password: m.input.Bytes(), keyFile: strings.TrimSpace(m.keyFile.Value())}).and(m.c.spinnerTick(m.spinner.Tick))
}

func (m *unlockScreen) view() string {
	s := m.c.styles
	w := min(max(m.width-4, 20), 76)
	var b strings.Builder
	b.WriteString(s.Focused.Render("Unlock your vault") + "\n")
	b.WriteString(s.Dim.Render(wrapExact(shortenPath(m.c.path), w, 0)) + "\n")
	if p := m.c.kdfParams; p != (vault.KDFParams{}) {
		b.WriteString(s.Dim.Render(wrap(p.String(), w)) + "\n")
	}
	b.WriteString("\n")
	if m.notice != "" && !m.fatal {
		b.WriteString(s.Warn.Render(wrap(m.notice, w)) + "\n\n")
	}
	if m.fatal {
		b.WriteString(s.Error.Render(wrap(m.err, w)) + "\n\n" + s.Dim.Render(wrap("No entries are shown. Press esc to quit.", w)))
		return pad(b.String())
	}
	if m.deriving {
		b.WriteString(maskedPassword(s) + "\n")
		if m.showKey {
			b.WriteString(s.Label.Render("key file         ") + s.Dim.Render(wrapExact(m.keyFile.Value(), max(w-17, 8), 17)) + "\n")
		}
		b.WriteString("\n" + m.c.working(m.spinner, "deriving key: "+m.c.kdfParams.String()+"…", w-10, m.start))
		return pad(b.String())
	}
	b.WriteString(m.input.View() + "\n")
	if m.showKey {
		b.WriteString(m.keyFile.View() + "\n")
	}
	b.WriteString("\n")
	if e := m.input.Err(); e != "" {
		b.WriteString(s.Error.Render(wrap(e, w)) + "\n")
	}
	if m.err != "" {
		e := m.err
		if m.failures > 1 {
			e += fmt.Sprintf(" (%d tries)", m.failures)
		}
		b.WriteString(s.Error.Render(wrap(e, w)) + "\n")
	}
	if m.hint != "" {
		b.WriteString(s.Dim.Render(wrap(m.hint, w)) + "\n")
	}
	if wait := m.retryAt.Sub(m.c.now()); wait > 0 {
		secs := int((wait + time.Second - 1) / time.Second)
		b.WriteString(s.Warn.Render(fmt.Sprintf("wait %d s before the next try", secs)) + "\n")
	}
	return pad(b.String())
}

func (m *unlockScreen) help() help.KeyMap {
	return oneLine(m.keys.Unlock, m.keys.Switch, m.keys.QuitEsc)
}
