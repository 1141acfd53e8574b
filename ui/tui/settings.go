package tui

// This file is the settings screen: the clipboard clear delay, the auto-lock
// idle time, the key-derivation parameters (with "calibrate to N ms") and
// the master password. Settings are saved in the vault at once.

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/passtea/passtea/generator"
	"github.com/passtea/passtea/vault"
)

type (
	// settingsSavedMsg says a setting, new KDF parameters or a new master
	// password were saved, or why not.
	settingsSavedMsg struct {
		note    string
		params  vault.KDFParams // the key derivation after a rewrap
		kdfTime time.Duration   // its measured time, if known
		err     error
		undo    func() // puts back a setting the app already applied, after err
	}
)

// The rows of the settings screen.
const (
	rowClipboard = iota
	rowAutoLock
	rowCalibrate
	rowPassword
	numRows
)

var (
	clipChoices      = []time.Duration{10 * time.Second, 20 * time.Second, 30 * time.Second, 45 * time.Second, time.Minute, 90 * time.Second, 0}
	lockChoices      = []time.Duration{time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute, time.Hour, 0}
	calibrateChoices = []time.Duration{250 * time.Millisecond, 500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second}
)

type settingsPhase int

const (
	settingsList settingsPhase = iota
	settingsAsk                // the passwords for the selected row
	settingsWorking
)

type settingsModel struct {
	c       *common
	row     int
	target  int // index into calibrateChoices
	phase   settingsPhase
	inputs  []textinput.Model // current password[, new, confirm]
	focus   int
	report  generator.Report
	hasRep  bool
	needAck bool
	weakWhy string
	err     string
	spinner spinner.Model
	start   time.Time
	working string
	// The vault's key derivation, read when the screen opens and after a
	// change: View must not touch the vault while a command rewraps it.
	params   vault.KDFParams
	explicit bool
	kdfTime  time.Duration
	width    int
	height   int
}

func newSettingsModel(c *common) settingsModel {
	m := settingsModel{c: c, target: 1, spinner: newSpinner(c), width: c.width}
	if c.vault != nil {
		m.params, m.explicit, m.kdfTime = c.vault.Params(), c.vault.Explicit(), c.kdfTime
	}
	return m
}

func (m settingsModel) capturing() bool { return m.phase != settingsList }

func (m *settingsModel) resize(w, h int) {
	m.width, m.height = w, h
	for i := range m.inputs {
		m.inputs[i].SetWidth(min(max(w-26, 8), 40))
	}
}

func (m *settingsModel) restyle() {
	if m.c == nil {
		return
	}
	for i := range m.inputs {
		m.inputs[i].SetStyles(m.c.styles.Input)
	}
}

func indexOf(list []time.Duration, d time.Duration) int {
	for i, x := range list {
		if x == d {
			return i
		}
	}
	return -1
}

// cycle moves d by step through list; a value not in list starts at the
// nearest end.
func cycle(list []time.Duration, d time.Duration, step int) time.Duration {
	i := indexOf(list, d)
	if i < 0 {
		i = 0
	}
	return list[min(max(i+step, 0), len(list)-1)]
}

func (m settingsModel) Update(msg tea.Msg) (settingsModel, tea.Cmd) {
	k := m.c.keys
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if m.phase != settingsWorking {
			return m, nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return m, cmd
	case settingsSavedMsg:
		if m.phase == settingsWorking {
			if errors.Is(msg.err, vault.ErrWrongPassword) {
				m.phase = settingsAsk
				m.err = "wrong master password"
				m.inputs[0].Reset()
				return m.setFocus(0)
			}
			m.phase, m.inputs = settingsList, nil
		}
		if msg.params != (vault.KDFParams{}) {
			m.params = msg.params
			if msg.kdfTime > 0 {
				m.kdfTime = msg.kdfTime
				m.c.kdfTime = msg.kdfTime
			}
		}
		if msg.err != nil {
			if msg.undo != nil {
				msg.undo()
			}
			return m, m.c.status(statusErr, "%s", msg.err.Error())
		}
		return m, m.c.status(statusOK, "%s", msg.note)
	case tea.KeyPressMsg:
		switch m.phase {
		case settingsWorking:
			return m, nil
		case settingsAsk:
			return m.updateAsk(msg)
		}
		switch {
		case key.Matches(msg, k.Back):
			return m, m.c.request(backMsg{})
		case key.Matches(msg, k.Up):
			m.row = (m.row + numRows - 1) % numRows
		case key.Matches(msg, k.Down):
			m.row = (m.row + 1) % numRows
		case key.Matches(msg, k.Shorter), key.Matches(msg, k.Longer):
			step := 1
			if key.Matches(msg, k.Shorter) {
				step = -1
			}
			return m.change(step)
		case key.Matches(msg, k.Change):
			switch m.row {
			case rowCalibrate:
				return m.ask(1)
			case rowPassword:
				return m.ask(3)
			default:
				return m.change(1)
			}
		case key.Matches(msg, k.Lock):
			return m, m.c.request(lockRequestedMsg{})
		}
	}
	return m, nil
}

// change moves the selected setting by step and saves it.
func (m settingsModel) change(step int) (settingsModel, tea.Cmd) {
	switch m.row {
	case rowClipboard:
		return m, m.saveSetting(settingClipboardClear, &m.c.clipClear, cycle(clipChoices, m.c.clipClear, step))
	case rowAutoLock:
		return m, m.saveSetting(settingAutoLock, &m.c.autoLock, cycle(lockChoices, m.c.autoLock, step))
	case rowCalibrate:
		m.target = min(max(m.target+step, 0), len(calibrateChoices)-1)
	}
	return m, nil
}

// saveSetting applies d to the setting the app keeps in *applied, at once,
// and saves it in the vault as name; a failed save puts the old value back.
func (m settingsModel) saveSetting(name string, applied *time.Duration, d time.Duration) tea.Cmd {
	var note string
	switch {
	case name == settingAutoLock && d == 0:
		note = "auto-lock off"
	case name == settingAutoLock:
		note = "auto-lock after " + formatDuration(d) + " idle"
	case d == 0:
		note = "the clipboard is not cleared"
	default:
		note = "clipboard clears after " + formatDuration(d)
	}
	old := *applied
	*applied = d
	undo := func() { *applied = old }
	v := m.c.vault
	m.c.busy = true
	return func() tea.Msg {
		err := v.SetSetting(name, d.String())
		return settingsSavedMsg{note: note, err: err, undo: undo}
	}
}

// ask shows n password inputs: the current one, then the new one and its
// confirmation.
func (m settingsModel) ask(n int) (settingsModel, tea.Cmd) {
	m.phase = settingsAsk
	m.err, m.needAck, m.hasRep = "", false, false
	prompts := []string{"current password ", "new password     ", "confirm          "}
	m.inputs = make([]textinput.Model, n)
	for i := range n {
		m.inputs[i] = newPasswordInput(m.c, prompts[i])
	}
	m.resize(m.width, m.height)
	return m.setFocus(0)
}

func (m settingsModel) setFocus(i int) (settingsModel, tea.Cmd) {
	m.focus = i
	for j := range m.inputs {
		m.inputs[j].Blur()
	}
	return m, m.inputs[i].Focus()
}

func (m settingsModel) updateAsk(msg tea.KeyPressMsg) (settingsModel, tea.Cmd) {
	k := m.c.keys
	switch {
	case key.Matches(msg, k.Back):
		m.phase, m.inputs = settingsList, nil
		return m, nil
	case key.Matches(msg, k.Tab), msg.String() == "down":
		return m.setFocus((m.focus + 1) % len(m.inputs))
	case key.Matches(msg, k.ShiftTab), msg.String() == "up":
		return m.setFocus((m.focus + len(m.inputs) - 1) % len(m.inputs))
	case key.Matches(msg, k.AcceptWeak) && m.needAck:
		return m.submit(true)
	case key.Matches(msg, k.Submit):
		// enter goes to the next empty field, and submits when none is.
		for i := range m.inputs {
			if j := (m.focus + i) % len(m.inputs); m.inputs[j].Value() == "" {
				return m.setFocus(j)
			}
		}
		return m.submit(false)
	}
	var cmd tea.Cmd
	before := ""
	if len(m.inputs) > 1 {
		before = m.inputs[1].Value()
	}
	m.inputs[m.focus], cmd = m.inputs[m.focus].Update(msg)
	m.err, m.needAck = "", false
	if len(m.inputs) > 1 && m.inputs[1].Value() != before {
		pw := m.inputs[1].Value()
		m.hasRep = pw != ""
		if m.hasRep {
			m.report = generator.Strength(pw, m.c.vaultKDFTime())
		}
	}
	return m, cmd
}

func (m settingsModel) submit(weakOK bool) (settingsModel, tea.Cmd) {
	cur := m.inputs[0].Value()
	if cur == "" {
		m.err = "type your current master password"
		return m.setFocus(0)
	}
	v := m.c.vault
	path, opts := m.c.path, m.c.cfg.VaultOptions
	curB := []byte(cur)
	var work func() (settingsSavedMsg, error)
	if len(m.inputs) == 3 {
		nw := m.inputs[1].Value()
		switch {
		case nw == "":
			m.err = "type a new master password"
			return m.setFocus(1)
		case m.inputs[2].Value() != nw:
			m.err = "the new passwords do not match"
			m.inputs[2].Reset()
			return m.setFocus(2)
		case !weakOK && generator.CheckMasterPassword(nw) != nil:
			m.needAck, m.weakWhy = true, generator.CheckMasterPassword(nw).Error()
			return m, nil
		}
		newB := []byte(nw)
		settings := vault.KDFSettings{Params: m.params, Explicit: m.explicit}
		m.working = "changing the master password: " + m.params.String() + "…"
		work = func() (settingsSavedMsg, error) {
			defer clear(newB)
			if err := v.Rewrap(newB, settings); err != nil {
				return settingsSavedMsg{}, err
			}
			return settingsSavedMsg{note: "master password changed"}, nil
		}
	} else {
		target := calibrateChoices[m.target]
		p := m.params
		m.working = fmt.Sprintf("calibrating %s to %s…", p.String(), formatMillis(target))
		work = func() (settingsSavedMsg, error) {
			np, took, err := vault.Calibrate(target, p.MemoryKiB, p.Parallelism)
			if err != nil {
				return settingsSavedMsg{}, err
			}
			if err := v.Rewrap(curB, vault.KDFSettings{Params: np, Explicit: true}); err != nil {
				return settingsSavedMsg{}, err
			}
			note := fmt.Sprintf("key derivation now %s (%s here)", np.String(), formatMillis(took.Round(time.Millisecond)))
			return settingsSavedMsg{note: note, params: np, kdfTime: took}, nil
		}
	}
	m.phase = settingsWorking
	m.start = m.c.now()
	m.c.busy = true
	spin := m.c.spinnerTick(m.spinner.Tick)
	return m, tea.Batch(spin, func() tea.Msg {
		defer clear(curB)
		// Check the current password on a copy of the file read afresh,
		// so that a typo cannot lock the user out.
		f, err := vault.ReadFile(path, opts)
		if err != nil {
			return settingsSavedMsg{err: err}
		}
		check, err := f.Unlock(curB)
		if err != nil {
			return settingsSavedMsg{err: err}
		}
		check.Lock()
		msg, err := work()
		msg.err = err
		return msg
	})
}

func formatMillis(d time.Duration) string {
	if d >= time.Second && d%time.Second == 0 {
		return fmt.Sprintf("%d s", int(d.Seconds()))
	}
	return fmt.Sprintf("%d ms", d.Milliseconds())
}

func (m settingsModel) View() string {
	if m.c == nil || m.c.vault == nil {
		return ""
	}
	s := m.c.styles
	w := min(max(m.width-4, 20), 76)
	row := func(i int, label, value, hint string) string {
		mark, l := "  ", s.Label.Render(padRight(label, 22))
		if i == m.row {
			mark, l = s.Focused.Render("▸ "), s.Focused.Render(padRight(label, 22))
		}
		return mark + l + value + s.Dim.Render("  "+hint)
	}
	clip := formatDuration(m.c.clipClear)
	lockT := formatDuration(m.c.autoLock)
	lines := []string{
		row(rowClipboard, "clear clipboard after", s.Value.Render("‹ "+clip+" ›"), "←/→"),
		row(rowAutoLock, "lock when idle for", s.Value.Render("‹ "+lockT+" ›"), "←/→"),
		row(rowCalibrate, "key derivation", s.Value.Render(ellipsize(m.params.String(), max(w-26, 10))), ""),
		"  " + strings.Repeat(" ", 22) + s.Dim.Render(m.kdfTimeText()),
		"  " + strings.Repeat(" ", 22) + s.Value.Render("calibrate to ‹ "+formatMillis(calibrateChoices[m.target])+" ›") + s.Dim.Render("  enter"),
		row(rowPassword, "master password", s.Value.Render("change…"), "enter"),
	}
	switch m.phase {
	case settingsAsk:
		lines = append(lines, "")
		what := "Type your master password to calibrate the key derivation."
		if len(m.inputs) == 3 {
			what = "Change the master password."
		}
		lines = append(lines, "  "+s.Focused.Render(what))
		for _, in := range m.inputs {
			lines = append(lines, "  "+in.View())
		}
		if len(m.inputs) == 3 && m.hasRep {
			lines = append(lines, "", indent(strengthView(s, m.report, w-2, "this vault"), "  "))
		}
		switch {
		case m.err != "":
			lines = append(lines, "", "  "+s.Error.Render(m.err))
		case m.needAck:
			lines = append(lines, "", indent(s.Warn.Render(wrap(capitalize(m.weakWhy)+".", w-2)), "  "),
				"  "+s.Dim.Render("Press ")+s.Key.Render("ctrl+y")+s.Dim.Render(" to use it anyway."))
		}
	case settingsWorking:
		lines = append(lines, "", "  "+m.c.working(m.spinner, m.working, w-4, m.start))
	}
	return indent(strings.Join(lines, "\n"), " ")
}

func (m settingsModel) kdfTimeText() string {
	if m.kdfTime <= 0 {
		return "one derivation: not measured yet"
	}
	return "one derivation takes " + formatSeconds(m.kdfTime) + " here"
}

func (m settingsModel) help() bindingsHelp {
	k := m.c.keys
	if m.phase == settingsAsk {
		submit := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next/confirm"))
		short := []key.Binding{submit, k.Tab, k.Back}
		if m.needAck {
			short = []key.Binding{k.AcceptWeak, k.Back}
		}
		return oneLine(short...)
	}
	move := key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "move"))
	adjust := key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "adjust"))
	short := []key.Binding{move, adjust, k.Change, k.Back}
	return bindingsHelp{short: short, full: [][]key.Binding{{k.Up, k.Down, as(k.Shorter, "less"), as(k.Longer, "more")}, {k.Change, k.Back, k.Lock, k.QuitQ, k.Quit}}}
}
