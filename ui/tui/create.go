package tui

// This file is the create-vault screen, shown when there is no vault file:
// a master password, its confirmation and a live strength meter, an
// optional key file, whether to make a recovery code; then the key
// derivation with its real parameters, and the recovery code, shown once
// on a page of its own that the user must acknowledge.
//
// Where the vault is missing but its backup (VAULT.bak) is there, the
// backup may be the only copy left: the screen says how to restore it, and
// creates a new vault (moving the backup aside) only when asked to.

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
	phaseRecovery // the recovery code is shown
)

// The rows of the create screen, in tab order.
const (
	rowMaster = iota
	rowConfirm
	rowKeyFile
	rowRecovery
	numCreateRows
)

type (
	// kdfCalibratedMsg carries the parameters calibrated for a new vault.
	kdfCalibratedMsg struct {
		settings vault.KDFSettings
		took     time.Duration
		err      error
	}
	// vaultCreatedMsg carries the new, unlocked vault and its recovery
	// code ("" when none was asked for).
	vaultCreatedMsg struct {
		vault   *vault.Vault
		code    string
		keyFile string
		err     error
	}
)

type createScreen struct {
	c        *common
	keys     createKeys
	pw       secretInput
	confirm  secretInput
	keyFile  textinput.Model
	recovery bool // make a recovery code
	focus    int

	// backup is what the vault says about a VAULT.bak without its vault;
	// insist is set once the user asked for a new vault all the same.
	backup string
	insist bool

	report    strength.Report
	hasReport bool
	err       string
	needAck   bool   // a weak password waits for ctrl+y
	weakWhy   string // why it is weak

	phase   createPhase
	params  vault.KDFParams
	start   time.Time
	spinner spinner.Model
	code    string // the recovery code, while it is shown
	width   int
}

// maskedPassword stands for the master password while the key is derived.
func maskedPassword(s Styles) string {
	return s.Label.Render("master password  ") + s.Masked.Render("••••••••")
}

func newCreateScreen(c *common) *createScreen {
	m := &createScreen{c: c, keys: c.keys.create, spinner: newSpinner(c), width: c.width, recovery: true}
	m.pw = newSecretInput(c, "master password  ")
	m.confirm = newSecretInput(c, "confirm          ")
	m.keyFile = textinput.New()
	m.keyFile.Prompt = "key file         "
	m.keyFile.Placeholder = "optional"
	m.keyFile.SetStyles(c.styles.Input)
	m.keyFile.CharLimit = 4096
	m.resize(c.width, 0)
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
	m.keyFile.SetWidth(max(w-23, 8))
}

func (m *createScreen) restyle() {
	m.pw.SetStyles(m.c.styles)
	m.confirm.SetStyles(m.c.styles)
	m.keyFile.SetStyles(m.c.styles.Input)
	m.spinner.Style = lipgloss.NewStyle().Foreground(m.c.styles.Accent)
}

// wipe empties the password inputs (see App.wipeScreens).
func (m *createScreen) wipe() {
	m.pw.Wipe()
	m.confirm.Wipe()
}

// gated reports whether the screen waits for the user to choose between
// restoring the backup and creating a new vault.
func (m *createScreen) gated() bool { return m.backup != "" && !m.insist }

func (m *createScreen) updateKeys() {
	k := &m.keys
	input := m.phase == phaseInput && !m.gated()
	enable(input && m.focus == rowMaster && !m.needAck, &k.Next)
	enable(input && m.focus != rowMaster && !m.needAck, &k.Create)
	enable(input && !m.needAck, &k.Switch, &k.Up, &k.Down)
	enable(input && m.focus != rowMaster && !m.needAck, &k.Back)
	enable(input && m.focus == rowRecovery && !m.needAck, &k.Toggle)
	enable(input && m.needAck, &k.AcceptWeak)
	enable(m.gated(), &k.NewAnyway, &k.QuitEsc)
	enable(m.phase == phaseRecovery, &k.Written)
	if m.recovery {
		k.Toggle.SetHelp("space", "no recovery code")
	} else {
		k.Toggle.SetHelp("space", "make a recovery code")
	}
}

// focusCmd focuses the row the screen is on.
func (m *createScreen) focusCmd() tea.Cmd { return m.setFocus(m.focus) }

func (m *createScreen) update(msg tea.Msg) reply {
	defer m.updateKeys()
	k := m.keys
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if m.phase != phaseCalibrating && m.phase != phaseDeriving {
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
			if _, ok := msg.err.(*keyFileError); ok {
				return run(m.setFocus(rowKeyFile))
			}
			return reply{}
		}
		m.wipe()
		if msg.code != "" {
			m.phase, m.code = phaseRecovery, msg.code
		}
		return reply{}

	case tea.KeyPressMsg:
		switch {
		case m.phase == phaseRecovery:
			if key.Matches(msg, k.Written) {
				m.code = ""
				return want(ackRecoveryCode{})
			}
			return reply{}
		case m.phase != phaseInput:
			return reply{}
		case key.Matches(msg, k.NewAnyway):
			m.insist = true
			return run(m.setFocus(rowMaster))
		case key.Matches(msg, k.QuitEsc):
			return want(quitNow{})
		case m.gated():
			return reply{}
		case key.Matches(msg, k.Next):
			if m.pw.Len() == 0 {
				m.err = "type a master password"
				return reply{}
			}
			return run(m.setFocus(rowConfirm))
		case key.Matches(msg, k.Create):
			return m.submit(false)
		case key.Matches(msg, k.AcceptWeak):
			return m.submit(true)
		case key.Matches(msg, k.Toggle):
			m.recovery = !m.recovery
			return reply{}
		case key.Matches(msg, k.Down) || (key.Matches(msg, k.Switch) && msg.String() == "tab"):
			return run(m.setFocus((m.focus + 1) % numCreateRows))
		case key.Matches(msg, k.Up, k.Switch):
			return run(m.setFocus((m.focus + numCreateRows - 1) % numCreateRows))
		case key.Matches(msg, k.Back):
			return run(m.setFocus(rowMaster))
		}
	}
	if m.phase != phaseInput || m.gated() {
		return reply{}
	}
	var cmd tea.Cmd
	switch m.focus {
	case rowMaster:
		if m.pw.Update(msg) {
			m.err, m.needAck = "", false
			m.updateStrength()
		}
	case rowConfirm:
		if m.confirm.Update(msg) {
			m.err, m.needAck = "", false
		}
	case rowKeyFile:
		m.keyFile, cmd = m.keyFile.Update(msg)
		if _, ok := msg.(tea.KeyPressMsg); ok {
			m.err = ""
		}
	}
	return run(cmd)
}

// updateStrength measures the master password as typed.
func (m *createScreen) updateStrength() {
	m.hasReport = m.pw.Len() > 0
	if m.hasReport {
		pw := m.pw.Bytes()
		m.report = strength.Estimate(string(pw)).Report(m.c.cfg.CalibrateTarget)
		clear(pw)
	}
}

func (m *createScreen) setFocus(i int) tea.Cmd {
	m.focus = i
	m.pw.Blur()
	m.confirm.Blur()
	m.keyFile.Blur()
	switch i {
	case rowMaster:
		return m.pw.Focus()
	case rowConfirm:
		return m.confirm.Focus()
	case rowKeyFile:
		return m.keyFile.Focus()
	}
	return nil
}

func (m *createScreen) submit(weakOK bool) reply {
	switch {
	case m.pw.Len() == 0:
		m.err = "type a master password"
		return run(m.setFocus(rowMaster))
	case !m.confirm.Equal(&m.pw):
		m.err = "the passwords do not match"
		m.confirm.Wipe()
		return run(m.setFocus(rowConfirm))
	}
	pw := m.pw.Bytes()
	if err := strength.CheckMasterBytes(pw); err != nil {
		clear(pw)
		m.err = err.Error()
		return run(m.setFocus(rowMaster))
	}
	if !weakOK {
		if err := m.c.cfg.checkMaster(pw); err != nil {
			clear(pw)
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
	return want(createVault{password: pw, settings: settings, keyFile: strings.TrimSpace(m.keyFile.Value()),
		recoveryCode: m.recovery, moveBackup: m.insist}).and(m.c.spinnerTick(m.spinner.Tick))
}

func (m *createScreen) view() string {
	s := m.c.styles
	w := min(max(m.width-4, 20), 76)
	var b strings.Builder
	if m.phase == phaseRecovery {
		return pad(m.recoveryView(w))
	}
	b.WriteString(s.Focused.Render("Create your vault") + "\n\n")
	if m.gated() {
		b.WriteString(s.Warn.Render(wrap(m.backup, w)) + "\n\n")
		b.WriteString(s.Dim.Render(wrap("Restore it and start passtea again, or create a new vault here anyway: the backup is then moved aside (to "+shortenPath(m.c.path)+".bak.DATE-TIME), not deleted.", w)) + "\n")
		return pad(b.String())
	}
	b.WriteString(s.Dim.Render(wrap(fmt.Sprintf("There is no vault at %s yet. Choose a master password: it opens the vault. Forget it, and only the recovery code opens it.", shortenPath(m.c.path)), w)) + "\n\n")

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
	b.WriteString(m.confirm.View() + "\n")
	b.WriteString(m.keyFile.View() + "\n")
	b.WriteString(m.recoveryRow() + "\n\n")
	if !m.recovery {
		b.WriteString(s.Warn.Render(wrap("Without a recovery code, a forgotten master password loses the vault.", w)) + "\n\n")
	}
	if m.hasReport {
		b.WriteString(strengthView(s, m.report, w, "this vault") + "\n")
	} else {
		b.WriteString(s.Dim.Render(wrap("A passphrase of five or more random words is strong and easy to type.", w)) + "\n")
	}
	errText := m.err
	if errText == "" {
		errText = m.pw.Err() + m.confirm.Err()
	}
	switch {
	case errText != "":
		b.WriteString("\n" + s.Error.Render(wrap(errText, w)))
	case m.needAck:
		b.WriteString("\n" + s.Warn.Render(wrap(capitalize(m.weakWhy)+".", w)) + "\n" +
			s.Dim.Render("Press ") + s.Key.Render("ctrl+y") + s.Dim.Render(" to use it anyway, or change it."))
	}
	return pad(b.String())
}

// recoveryRow is the choice of a recovery code.
func (m *createScreen) recoveryRow() string {
	s := m.c.styles
	label := s.Input.Blurred.Prompt.Render("recovery code    ")
	if m.focus == rowRecovery {
		label = s.Input.Focused.Prompt.Render("recovery code    ")
	}
	if m.recovery {
		return label + "[x] " + s.Dim.Render("make one, shown once")
	}
	return label + "[ ] " + s.Dim.Render("none")
}

// recoveryView shows the recovery code, once, in two lines of four groups.
func (m *createScreen) recoveryView(w int) string {
	s := m.c.styles
	groups := strings.Split(m.code, "-")
	half := (len(groups) + 1) / 2
	var b strings.Builder
	b.WriteString(s.Focused.Render("Your recovery code") + "\n\n")
	b.WriteString(wrap("It opens the vault if you forget the master password (passtea recover). It is shown this once: write it down and keep it apart from this computer.", w) + "\n\n")
	b.WriteString("    " + s.Key.Render(strings.Join(groups[:half], "-")) + "\n")
	b.WriteString("    " + s.Key.Render(strings.Join(groups[half:], "-")) + "\n\n")
	b.WriteString(s.Dim.Render(wrap("Whoever has it can open the vault. passtea keeps no copy; passtea recovery-code --new makes another.", w)))
	return b.String()
}

func (m *createScreen) help() help.KeyMap {
	k := m.keys
	switch {
	case m.phase == phaseRecovery:
		return oneLine(k.Written)
	case m.gated():
		return oneLine(k.NewAnyway, k.QuitEsc)
	}
	return oneLine(k.Next, k.Create, k.AcceptWeak, k.Toggle, k.Switch)
}
