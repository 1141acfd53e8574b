package tui

// This file is the create-vault screen, shown when there is no vault file:
// a master password, its confirmation and a live strength meter, then the
// key derivation with its real parameters.

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/passtea/passtea/generator"
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
		err      error
	}
	// vaultCreatedMsg carries the new, unlocked vault.
	vaultCreatedMsg struct {
		vault *vault.Vault
		err   error
	}
)

type createModel struct {
	c       *common
	pw      textinput.Model
	confirm textinput.Model
	focus   int // 0 password, 1 confirmation

	report    generator.Report
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

func newSpinner(c *common) spinner.Model {
	return spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(lipgloss.NewStyle().Foreground(c.styles.Accent)))
}

// maskedPassword stands for the master password while the key is derived.
func maskedPassword(s Styles) string {
	return s.Label.Render("master password  ") + s.Masked.Render("••••••••")
}

// working is the line of slow work under way: the spinner, what it does
// (wrapped to w cells) and the time since start.
func (c *common) working(sp spinner.Model, what string, w int, start time.Time) string {
	return sp.View() + " " + wrap(what, w) + " " + c.styles.Dim.Render(formatSeconds(c.now().Sub(start)))
}

func newCreateModel(c *common) createModel {
	m := createModel{c: c, spinner: newSpinner(c), width: c.width}
	m.pw = newPasswordInput(c, "master password  ")
	m.confirm = newPasswordInput(c, "confirm          ")
	return m
}

func (m *createModel) Init() tea.Cmd { return m.pw.Focus() }

func (m *createModel) resize(w, _ int) {
	m.width = w
	iw := min(max(w-26, 8), 40)
	m.pw.SetWidth(iw)
	m.confirm.SetWidth(iw)
}

func (m *createModel) restyle() {
	m.pw.SetStyles(m.c.styles.Input)
	m.confirm.SetStyles(m.c.styles.Input)
	m.spinner.Style = lipgloss.NewStyle().Foreground(m.c.styles.Accent)
}

// kdfTime is what the strength meter assumes one derivation of the new
// vault will take.
func (m createModel) kdfTime() time.Duration { return m.c.cfg.CalibrateTarget }

func (m createModel) Update(msg tea.Msg) (createModel, tea.Cmd) {
	k := m.c.keys
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if m.phase == phaseInput {
			return m, nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return m, cmd

	case kdfCalibratedMsg:
		if msg.err != nil {
			m.phase, m.err = phaseInput, "calibration failed: "+msg.err.Error()
			return m, nil
		}
		return m.derive(msg.settings)

	case vaultCreatedMsg:
		if msg.err != nil {
			m.phase, m.err = phaseInput, msg.err.Error()
			return m, nil
		}
		m.pw.Reset()
		m.confirm.Reset()
		return m, nil

	case tea.KeyPressMsg:
		if m.phase != phaseInput {
			return m, nil
		}
		switch {
		case key.Matches(msg, k.Submit):
			if m.focus == 0 {
				if m.pw.Value() == "" {
					m.err = "type a master password"
					return m, nil
				}
				return m.setFocus(1)
			}
			return m.submit(false)
		case key.Matches(msg, k.AcceptWeak) && m.needAck:
			return m.submit(true)
		case key.Matches(msg, k.Tab), msg.String() == "down":
			return m.setFocus(1 - m.focus)
		case key.Matches(msg, k.ShiftTab), msg.String() == "up":
			return m.setFocus(1 - m.focus)
		case key.Matches(msg, k.Back):
			if m.focus == 1 {
				return m.setFocus(0)
			}
			return m, nil
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
			m.report = generator.Strength(v, m.kdfTime())
		}
	}
	return m, cmd
}

func (m createModel) setFocus(i int) (createModel, tea.Cmd) {
	m.focus = i
	if i == 0 {
		m.confirm.Blur()
		return m, m.pw.Focus()
	}
	m.pw.Blur()
	return m, m.confirm.Focus()
}

func (m createModel) submit(weakOK bool) (createModel, tea.Cmd) {
	pw := m.pw.Value()
	switch {
	case pw == "":
		m.err = "type a master password"
		return m.setFocus(0)
	case m.confirm.Value() != pw:
		m.err = "the passwords do not match"
		m.confirm.Reset()
		return m, nil
	case !weakOK:
		if err := generator.CheckMasterPassword(pw); err != nil {
			m.needAck, m.weakWhy = true, err.Error()
			return m, nil
		}
	}
	m.err, m.needAck = "", false
	m.start = m.c.now()
	spin := m.c.spinnerTick(m.spinner.Tick)
	if s := m.c.cfg.KDF; s != nil {
		m2, cmd := m.derive(*s)
		return m2, tea.Batch(spin, cmd)
	}
	m.phase = phaseCalibrating
	target := m.c.cfg.CalibrateTarget
	m.c.busy = true
	return m, tea.Batch(spin, func() tea.Msg {
		p, _, err := vault.Calibrate(target, vault.DefaultKDF.MemoryKiB, vault.DefaultKDF.Parallelism)
		return kdfCalibratedMsg{settings: vault.KDFSettings{Params: p}, err: err}
	})
}

// derive starts creating the vault with settings.
func (m createModel) derive(settings vault.KDFSettings) (createModel, tea.Cmd) {
	m.phase = phaseDeriving
	m.params = settings.Params
	m.start = m.c.now()
	pw := []byte(m.pw.Value())
	path, opts := m.c.path, m.c.cfg.VaultOptions
	m.c.busy = true
	return m, tea.Batch(func() tea.Msg {
		v, err := vault.Create(path, pw, settings, opts)
		clear(pw)
		return vaultCreatedMsg{vault: v, err: err}
	})
}

func (m createModel) View() string {
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
		b.WriteString(m.c.working(m.spinner, what, w-2, m.start))
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
		b.WriteString("\n" + s.Error.Render(m.err))
	case m.needAck:
		b.WriteString("\n" + s.Warn.Render(wrap(capitalize(m.weakWhy)+".", w)) + "\n" +
			s.Dim.Render("Press ") + s.Key.Render("ctrl+y") + s.Dim.Render(" to use it anyway, or change it."))
	}
	return pad(b.String())
}

func (m createModel) help() bindingsHelp {
	k := m.c.keys
	next := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next"))
	if m.focus == 1 {
		next = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "create vault"))
	}
	short := []key.Binding{next, as(k.Tab, "switch field"), k.Quit}
	if m.phase != phaseInput {
		short = []key.Binding{k.Quit}
	} else if m.needAck {
		short = []key.Binding{k.AcceptWeak, k.Quit}
	}
	return oneLine(short...)
}
