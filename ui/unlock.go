package ui

// This file is the unlock screen: the master password, a spinner naming the
// key derivation while it runs, "wrong master password" in place, and a
// growing delay after three wrong tries in a row.

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/passtea/passtea/vault"
)

type (
	// vaultUnlockedMsg carries the unlocked vault, or why it did not open,
	// and what strengthening its key derivation did (see unlockCmd).
	vaultUnlockedMsg struct {
		vault *vault.Vault
		err   error
		note  string
	}
	// retryTickMsg redraws the countdown before the next try is accepted.
	retryTickMsg struct{ gen int }
)

// freeTries is how many wrong passwords in a row are accepted without delay.
const freeTries = 3

// retryDelay is the wait after failures wrong tries in a row: 2 s after the
// third, doubling up to a minute.
func retryDelay(failures int) time.Duration {
	if failures < freeTries {
		return 0
	}
	d := 2 * time.Second << min(failures-freeTries, 5)
	return min(d, time.Minute)
}

type unlockModel struct {
	c        *common
	input    textinput.Model
	params   vault.KDFParams
	deriving bool
	start    time.Time
	spinner  spinner.Model
	err      string
	notice   string // why the vault was locked, when it was not asked for
	fatal    bool   // the file cannot be opened at all: no input
	failures int
	retryAt  time.Time
	retryGen int
	width    int
}

func newUnlockModel(c *common) unlockModel {
	m := unlockModel{c: c, spinner: newSpinner(c), width: c.width}
	m.input = newPasswordInput(c, "master password  ")
	return m
}

func (m *unlockModel) Init() tea.Cmd { return m.input.Focus() }

func (m *unlockModel) resize(w, _ int) {
	m.width = w
	m.input.SetWidth(min(max(w-26, 8), 40))
}

func (m *unlockModel) restyle() {
	m.input.SetStyles(m.c.styles.Input)
	m.spinner.Style = lipgloss.NewStyle().Foreground(m.c.styles.Accent)
}

func unlockCmd(path string, password []byte, opts *vault.Options) tea.Cmd {
	return func() tea.Msg {
		defer clear(password)
		f, err := vault.ReadFile(path, opts)
		if err != nil {
			return vaultUnlockedMsg{err: err}
		}
		v, err := f.Unlock(password)
		if err != nil {
			return vaultUnlockedMsg{err: err}
		}
		// A session in the app is when a default key derivation that fell
		// behind the defaults is strengthened (reading alone never writes).
		msg := vaultUnlockedMsg{vault: v}
		switch up, err := v.UpgradeKDF(password); {
		case err != nil:
			msg.note = "unlocked; " + err.Error()
		case up != nil:
			msg.note = "unlocked; key derivation upgraded to " + up.To.String()
		}
		return msg
	}
}

func (m unlockModel) Update(msg tea.Msg) (unlockModel, tea.Cmd) {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if !m.deriving {
			return m, nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return m, cmd

	case retryTickMsg:
		if msg.gen != m.retryGen || !m.c.now().Before(m.retryAt) {
			return m, nil
		}
		return m, m.retryTick()

	case vaultUnlockedMsg:
		m.deriving = false
		if msg.err == nil {
			m.failures, m.err, m.notice = 0, "", ""
			m.input.Reset()
			return m, nil
		}
		m.input.Reset()
		if errors.Is(msg.err, vault.ErrWrongPassword) {
			m.failures++
			m.err = "wrong master password"
			if d := retryDelay(m.failures); d > 0 {
				m.retryAt = m.c.now().Add(d)
				m.retryGen++
				return m, tea.Batch(m.input.Focus(), m.retryTick())
			}
			return m, m.input.Focus()
		}
		m.err = msg.err.Error()
		m.fatal = !errors.Is(msg.err, vault.ErrConflict)
		return m, m.input.Focus()

	case tea.KeyPressMsg:
		if m.deriving {
			return m, nil
		}
		if m.fatal && key.Matches(msg, m.c.keys.Back) {
			return m, m.c.request(quitRequestedMsg{})
		}
		if key.Matches(msg, m.c.keys.Submit) {
			return m.submit()
		}
	}
	if m.fatal {
		return m, nil
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return m, cmd
}

func (m unlockModel) retryTick() tea.Cmd {
	if m.c.cfg.NoTimers {
		return nil
	}
	gen := m.retryGen
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return retryTickMsg{gen: gen} })
}

func (m unlockModel) submit() (unlockModel, tea.Cmd) {
	if m.input.Value() == "" {
		return m, nil
	}
	if now := m.c.now(); now.Before(m.retryAt) {
		return m, nil // the countdown is on screen
	}
	m.deriving = true
	m.err = ""
	m.start = m.c.now()
	pw := []byte(m.input.Value())
	spin := m.c.spinnerTick(m.spinner.Tick)
	m.c.busy = true
	return m, tea.Batch(spin, unlockCmd(m.c.path, pw, m.c.cfg.VaultOptions))
}

func (m unlockModel) View() string {
	s := m.c.styles
	w := min(max(m.width-4, 20), 76)
	var b strings.Builder
	b.WriteString(s.Focused.Render("Unlock your vault") + "\n")
	b.WriteString(s.Dim.Render(wrap(shortenPath(m.c.path), w)) + "\n")
	if m.params != (vault.KDFParams{}) {
		b.WriteString(s.Dim.Render(wrap(m.params.String(), w)) + "\n")
	}
	b.WriteString("\n")
	if m.notice != "" && !m.fatal {
		b.WriteString(s.Warn.Render(wrap(m.notice, w)) + "\n\n")
	}
	if m.fatal {
		b.WriteString(s.Error.Render(wrap(m.err, w)) + "\n\n" + s.Dim.Render("No entries are shown."))
		return pad(b.String())
	}
	if m.deriving {
		b.WriteString(maskedPassword(s) + "\n\n")
		b.WriteString(m.c.working(m.spinner, "deriving key: "+m.params.String()+"…", w-8, m.start))
		return pad(b.String())
	}
	b.WriteString(m.input.View() + "\n\n")
	if m.err != "" {
		b.WriteString(s.Error.Render(wrap(m.err, w)))
		if m.failures > 1 {
			b.WriteString(s.Dim.Render(fmt.Sprintf(" (%d tries)", m.failures)))
		}
		b.WriteString("\n")
	}
	if wait := m.retryAt.Sub(m.c.now()); wait > 0 {
		secs := int((wait + time.Second - 1) / time.Second)
		b.WriteString(s.Warn.Render(fmt.Sprintf("wait %d s before the next try", secs)) + "\n")
	}
	return pad(b.String())
}

func (m unlockModel) help() bindingsHelp {
	k := m.c.keys
	submit := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "unlock"))
	short := []key.Binding{submit, k.Quit}
	if m.fatal || m.deriving {
		short = []key.Binding{k.Quit}
	}
	return oneLine(short...)
}
