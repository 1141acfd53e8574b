package tui

// This file is the unlock screen: the master password, a spinner naming the
// key derivation while it runs, "wrong master password" in place, and a
// growing delay after three wrong tries in a row.

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

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

type unlockScreen struct {
	c        *common
	keys     unlockKeys
	input    textinput.Model
	deriving bool
	start    time.Time
	spinner  spinner.Model
	err      string
	notice   string // why the vault was locked, or what is kept while it is
	fatal    bool   // the file cannot be opened at all: no input
	failures int
	retryAt  time.Time
	retryGen int
	width    int
}

func newUnlockScreen(c *common) *unlockScreen {
	m := &unlockScreen{c: c, keys: c.keys.unlock, spinner: newSpinner(c), width: c.width}
	m.input = newPasswordInput(c, "master password  ")
	m.updateKeys()
	return m
}

func (m *unlockScreen) title() string   { return "unlock" }
func (m *unlockScreen) capturing() bool { return !m.fatal }

func (m *unlockScreen) resize(w, _ int) {
	m.width = w
	m.input.SetWidth(min(max(w-26, 8), 40))
}

func (m *unlockScreen) restyle() {
	m.input.SetStyles(m.c.styles.Input)
	m.spinner.Style = lipgloss.NewStyle().Foreground(m.c.styles.Accent)
}

func (m *unlockScreen) updateKeys() {
	waiting := m.c.now().Before(m.retryAt) // the countdown after wrong tries
	enable(!m.fatal && !m.deriving && !waiting, &m.keys.Unlock)
	enable(m.fatal, &m.keys.QuitEsc)
}

// unlockCmd unlocks f, the vault file as read when the app started (or
// when it last locked), with password. Only if the password is wrong and
// the file has changed on disk since (another process changed the master
// password meanwhile) is the file read again, and the unlock tried once
// more. A session in the app is when a default key derivation that fell
// behind the defaults is strengthened (reading alone never writes).
func unlockCmd(f *vault.File, read fileStamp, password []byte, opts *vault.Options) tea.Cmd {
	return func() tea.Msg {
		defer clear(password)
		creds := vault.Credentials{Password: password}
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
		m.input.Reset()
		if msg.err == nil {
			m.failures, m.err, m.notice = 0, "", ""
			return reply{}
		}
		// The vault keeps the count of wrong tries beside the file, so the
		// wait holds across restarts and for the commands too; the screen
		// only shows it.
		var wait *vault.BackoffError
		switch {
		case errors.As(msg.err, &wait):
			m.failures = wait.Failures
			m.err = "wrong master password"
			m.retryAt = m.c.now().Add(wait.Wait)
			m.retryGen++
			return run(tea.Batch(m.input.Focus(), m.retryTick()))
		case errors.Is(msg.err, vault.ErrWrongPassword):
			m.failures++
			m.err = "wrong master password"
			if d := vault.RetryDelay(m.failures); d > 0 {
				m.retryAt = m.c.now().Add(d)
				m.retryGen++
				return run(tea.Batch(m.input.Focus(), m.retryTick()))
			}
			return run(m.input.Focus())
		}
		m.err = msg.err.Error()
		m.fatal = !errors.Is(msg.err, vault.ErrConflict)
		return run(m.input.Focus())

	case tea.KeyPressMsg:
		switch {
		case m.deriving:
			return reply{}
		case key.Matches(msg, m.keys.QuitEsc):
			return want(quitNow{})
		case key.Matches(msg, m.keys.Unlock):
			return m.submit()
		}
	}
	if m.fatal {
		return reply{}
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return run(cmd)
}

func (m *unlockScreen) retryTick() tea.Cmd {
	if m.c.cfg.NoTimers {
		return nil
	}
	gen := m.retryGen
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return retryTickMsg{gen: gen} })
}

func (m *unlockScreen) submit() reply {
	if m.input.Value() == "" {
		return reply{}
	}
	if m.c.now().Before(m.retryAt) {
		return reply{} // the countdown is on screen
	}
	m.deriving = true
	m.err = ""
	m.start = m.c.now()
	return want(unlockWith{password: []byte(m.input.Value())}).and(m.c.spinnerTick(m.spinner.Tick))
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
		b.WriteString(maskedPassword(s) + "\n\n")
		b.WriteString(m.c.working(m.spinner, "deriving key: "+m.c.kdfParams.String()+"…", w-10, m.start))
		return pad(b.String())
	}
	b.WriteString(m.input.View() + "\n\n")
	if m.err != "" {
		e := m.err
		if m.failures > 1 {
			e += fmt.Sprintf(" (%d tries)", m.failures)
		}
		b.WriteString(s.Error.Render(wrap(e, w)) + "\n")
	}
	if wait := m.retryAt.Sub(m.c.now()); wait > 0 {
		secs := int((wait + time.Second - 1) / time.Second)
		b.WriteString(s.Warn.Render(fmt.Sprintf("wait %d s before the next try", secs)) + "\n")
	}
	return pad(b.String())
}

func (m *unlockScreen) help() help.KeyMap { return oneLine(m.keys.Unlock, m.keys.QuitEsc) }
