package tui

// This file is the create-vault screen, shown when there is no vault file:
// a master password, its confirmation and a live strength meter, then the
// key derivation with its real parameters.

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/passtea/passtea/generator/strength"
	"github.com/passtea/passtea/vault"
)

type createPhase int

const (
	phaseInput createPhase = iota
	phaseCalibrating
	phaseDeriving
)

type (
	// kdfCalibratedMsg carries the parameters calibrated for a new vault.
	kdfCalibratedMsg struct {
		settings vault.KDFSettings
		took     time.Duration
		err      error
	}
	// vaultCreatedMsg carries the new, unlocked vault.
	vaultCreatedMsg struct {
		vault *vault.Vault
		err   error
	}
)

type createScreen struct {
	c       *common
	keys    createKeys
	pw      textinput.Model
	confirm textinput.Model
	focus   int // 0 password, 1 confirmation

	report    strength.Report
	hasReport bool
	err       string
	needAck   bool   // a weak password waits for ctrl+y
	weakWhy   string // why it is weak

	phase   createPhase
	params  vault.KDFParams
	start   time.Time
	spinner spinner.Model
	width   int
}

func newPasswordInput(c *common, prompt string) textinput.Model {
	ti := textinput.New()
	ti.Prompt = prompt
	ti.EchoMode = textinput.EchoPassword
	ti.EchoCharacter = '•'
	ti.CharLimit = 1024
	ti.SetStyles(c.styles.Input)
	ti.SetWidth(32)
	return ti
}

// maskedPassword stands for the master password while the key is derived.
func maskedPassword(s Styles) string {
	return s.Label.Render("master password  ") + s.Masked.Render("••••••••")
}

func newCreateScreen(c *common) *createScreen {
	m := &createScreen{c: c, keys: c.keys.create, spinner: newSpinner(c), width: c.width}
	m.pw = newPasswordInput(c, "master password  ")
	m.confirm = newPasswordInput(c, "confirm          ")
	m.updateKeys()
	return m
}

func (m *createScreen) title() string   { return "new vault" }
func (m *createScreen) capturing() bool { return true }

func (m *createScreen) resize(w, _ int) {
	m.width = w
	iw := min(max(w-26, 8), 40)
	m.pw.SetWidth(iw)
	m.confirm.SetWidth(iw)
}

func (m *createScreen) restyle() {
	m.pw.SetStyles(m.c.styles.Input)
	m.confirm.SetStyles(m.c.styles.Input)
	m.spinner.Style = lipgloss.NewStyle().Foreground(m.c.styles.Accent)
}

func (m *createScreen) updateKeys() {
	k := &m.keys
	input := m.phase == phaseInput
	enable(input && m.focus == 0 && !m.needAck, &k.Next)
	enable(input && m.focus == 1 && !m.needAck, &k.Create)
	enable(input && !m.needAck, &k.Switch, &k.Up, &k.Down)
	enable(input && m.focus == 1 && !m.needAck, &k.Back)
	enable(input && m.needAck, &k.AcceptWeak)
}

func (m *createScreen) update(msg tea.Msg) reply {
	defer m.updateKeys()
	k := m.keys
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if m.phase == phaseInput {
			return reply{}
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return run(cmd)

	case kdfCalibratedMsg:
		if msg.err != nil {
			m.phase, m.err = phaseInput, "calibration failed: "+msg.err.Error()
			return reply{}
		}
		m.phase, m.params, m.start = phaseDeriving, msg.settings.Params, m.c.now()
		return reply{}

	case vaultCreatedMsg:
		if msg.err != nil {
			m.phase, m.err = phaseInput, msg.err.Error()
			return reply{}
		}
		m.pw.Reset()
		m.confirm.Reset()
		return reply{}

	case tea.KeyPressMsg:
		if m.phase != phaseInput {
			return reply{}
		}
		switch {
		case key.Matches(msg, k.Next):
			if m.pw.Value() == "" {
				m.err = "type a master password"
				return reply{}
			}
			return run(m.setFocus(1))
		case key.Matches(msg, k.Create):
			return m.submit(false)
		case key.Matches(msg, k.AcceptWeak):
			return m.submit(true)
		case key.Matches(msg, k.Switch, k.Up, k.Down):
			return run(m.setFocus(1 - m.focus))
		case key.Matches(msg, k.Back):
			return run(m.setFocus(0))
		}
	}

	var cmd tea.Cmd
	before := m.pw.Value()
	if m.focus == 0 {
		m.pw, cmd = m.pw.Update(msg)
	} else {
		m.confirm, cmd = m.confirm.Update(msg)
	}
	if _, ok := msg.(tea.KeyPressMsg); ok {
		m.err, m.needAck = "", false
	}
	if v := m.pw.Value(); v != before || (!m.hasReport && v != "") {
		m.hasReport = v != ""
		if m.hasReport {
			m.report = strength.Estimate(v).Report(m.c.cfg.CalibrateTarget)
		}
	}
	return run(cmd)
}

func (m *createScreen) setFocus(i int) tea.Cmd {
	m.focus = i
	if i == 0 {
		m.confirm.Blur()
		return m.pw.Focus()
	}
	m.pw.Blur()
	return m.confirm.Focus()
}

func (m *createScreen) submit(weakOK bool) reply {
	pw := m.pw.Value()
	switch {
	case pw == "":
		m.err = "type a master password"
		return run(m.setFocus(0))
	case m.confirm.Value() != pw:
		m.err = "the passwords do not match"
		m.confirm.Reset()
		return reply{}
	case !weakOK:
		if err := m.c.cfg.checkMaster(pw); err != nil {
			m.needAck, m.weakWhy = true, err.Error()
			return reply{}
		}
	}
	m.err, m.needAck = "", false
	m.start = m.c.now()
	settings := m.c.cfg.KDF
	if settings != nil {
		m.phase, m.params = phaseDeriving, settings.Params
	} else {
		m.phase = phaseCalibrating
	}
	return want(createVault{password: []byte(pw), settings: settings}).and(m.c.spinnerTick(m.spinner.Tick))
}

func (m *createScreen) view() string {
	s := m.c.styles
	w := min(max(m.width-4, 20), 76)
	var b strings.Builder
	b.WriteString(s.Focused.Render("Create your vault") + "\n\n")
	b.WriteString(s.Dim.Render(wrap(fmt.Sprintf("There is no vault at %s yet. Choose a master password: it opens the vault, and nobody can recover it if you forget it.", shortenPath(m.c.path)), w)) + "\n\n")

	if m.phase != phaseInput {
		b.WriteString(maskedPassword(s) + "\n\n")
		what := "calibrating the key derivation to this machine…"
		if m.phase == phaseDeriving {
			what = "deriving key: " + m.params.String() + "…"
		}
		b.WriteString(m.c.working(m.spinner, what, w-10, m.start))
		return pad(b.String())
	}

	b.WriteString(m.pw.View() + "\n")
	b.WriteString(m.confirm.View() + "\n\n")
	if m.hasReport {
		b.WriteString(strengthView(s, m.report, w, "this vault") + "\n")
	} else {
		b.WriteString(s.Dim.Render(wrap("A passphrase of five or more random words is strong and easy to type.", w)) + "\n")
	}
	switch {
	case m.err != "":
		b.WriteString("\n" + s.Error.Render(wrap(m.err, w)))
	case m.needAck:
		b.WriteString("\n" + s.Warn.Render(wrap(capitalize(m.weakWhy)+".", w)) + "\n" +
			s.Dim.Render("Press ") + s.Key.Render("ctrl+y") + s.Dim.Render(" to use it anyway, or change it."))
	}
	return pad(b.String())
}

func (m *createScreen) help() help.KeyMap {
	k := m.keys
	return oneLine(k.Next, k.Create, k.AcceptWeak, k.Switch)
}
