package tui

// This file is the settings screen: the clipboard clear delay, the auto-lock
// idle time, the key-derivation parameters (with "calibrate to N") and the
// master password. The root applies and saves every change.

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/passtea/passtea/crypto/keyfile"
	"github.com/passtea/passtea/generator/strength"
	"github.com/passtea/passtea/vault"
)

// settingsSavedMsg says a setting, new KDF parameters or a new master
// password were saved, or why not.
type settingsSavedMsg struct {
	note    string
	params  vault.KDFParams // the key derivation after a rewrap
	kdfTime time.Duration   // its measured time, if known
	err     error
}

func (m settingsSavedMsg) workErr() error { return m.err }
func (settingsSavedMsg) failed() string   { return "not changed" }

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

type settingsScreen struct {
	c       *common
	keys    settingsKeys
	row     int
	target  int // index into calibrateChoices
	phase   settingsPhase
	inputs  []secretInput // current password[, new, confirm]
	focus   int
	report  strength.Report
	hasRep  bool
	needAck bool
	weakWhy string
	err     string
	spinner spinner.Model
	start   time.Time
	working string
	// The vault's key derivation, read when the screen opens and after a
	// change: view must not touch the vault while a command rewraps it.
	params   vault.KDFParams
	explicit bool
	width    int
	height   int
}

func newSettingsScreen(c *common) *settingsScreen {
	m := &settingsScreen{c: c, keys: c.keys.settings, target: 1, spinner: newSpinner(c), width: c.width}
	if c.vault != nil {
		m.params, m.explicit = kdfOf(c.vault)
	}
	m.updateKeys()
	return m
}

func (m *settingsScreen) title() string   { return "settings" }
func (m *settingsScreen) capturing() bool { return m.phase != settingsList }

func (m *settingsScreen) resize(w, h int) {
	m.width, m.height = w, h
	for i := range m.inputs {
		m.inputs[i].SetWidth(min(max(w-26, 8), 40))
	}
}

func (m *settingsScreen) restyle() {
	for i := range m.inputs {
		m.inputs[i].SetStyles(m.c.styles)
	}
}

// wipe empties the password inputs (see App.wipeScreens).
func (m *settingsScreen) wipe() {
	for i := range m.inputs {
		m.inputs[i].Wipe()
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

func (m *settingsScreen) updateKeys() {
	k := &m.keys
	list, ask := m.phase == settingsList, m.phase == settingsAsk
	enable(list, &k.Up, &k.Down, &k.Change, &k.Back, &k.Lock)
	enable(list && m.row <= rowCalibrate, &k.Less, &k.More)
	enable(ask, &k.Next, &k.Prev, &k.Submit, &k.Cancel)
	enable(ask && m.needAck, &k.AcceptWeak)
	if m.row == rowCalibrate {
		k.Change.SetHelp("enter", "calibrate")
		k.Less.SetHelp("←", "shorter")
		k.More.SetHelp("→", "longer")
	} else {
		k.Change.SetHelp("enter", "change")
		k.Less.SetHelp("←", "less")
		k.More.SetHelp("→", "more")
	}
}

func (m *settingsScreen) update(msg tea.Msg) reply {
	defer m.updateKeys()
	k := m.keys
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if m.phase != settingsWorking {
			return reply{}
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return run(cmd)
	case settingsSavedMsg:
		return m.saved(msg)
	case tea.KeyPressMsg:
		switch m.phase {
		case settingsWorking:
			return reply{}
		case settingsAsk:
			return m.updateAsk(msg)
		}
		switch {
		case key.Matches(msg, k.Back):
			return want(goBack{})
		case key.Matches(msg, k.Up):
			m.row = (m.row + numRows - 1) % numRows
		case key.Matches(msg, k.Down):
			m.row = (m.row + 1) % numRows
		case key.Matches(msg, k.Less):
			return m.change(-1)
		case key.Matches(msg, k.More):
			return m.change(1)
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
			return want(lockNow{})
		}
	}
	return reply{}
}

// saved shows how a change went.
func (m *settingsScreen) saved(msg settingsSavedMsg) reply {
	if m.phase == settingsWorking {
		if errors.Is(msg.err, vault.ErrWrongPassword) {
			m.phase = settingsAsk
			m.err = "wrong master password"
			m.inputs[0].Wipe()
			return run(m.setFocus(0))
		}
		m.wipe()
		m.phase, m.inputs = settingsList, nil
	}
	var r reply
	if msg.params != (vault.KDFParams{}) {
		m.params = msg.params
		if msg.kdfTime > 0 {
			r.intents = append(r.intents, useKDFTime{msg.kdfTime})
		}
	}
	if msg.err != nil {
		r.intents = append(r.intents, say{statusErr, msg.err.Error()})
		return r
	}
	r.intents = append(r.intents, say{statusOK, msg.note})
	return r
}

// change moves the selected setting by step: the root applies and saves
// the durations; the calibration target is the screen's own.
func (m *settingsScreen) change(step int) reply {
	switch m.row {
	case rowClipboard:
		d := cycle(clipChoices, m.c.clipClear, step)
		note := "clipboard clears after " + formatDuration(d)
		if d == 0 {
			note = "the clipboard is not cleared"
		}
		return want(setSetting{name: settingClipboardClear, value: d, note: note})
	case rowAutoLock:
		d := cycle(lockChoices, m.c.autoLock, step)
		note := "auto-lock after " + formatDuration(d) + " idle"
		if d == 0 {
			note = "auto-lock off"
		}
		return want(setSetting{name: settingAutoLock, value: d, note: note})
	case rowCalibrate:
		m.target = min(max(m.target+step, 0), len(calibrateChoices)-1)
	}
	return reply{}
}

// ask shows n password inputs: the current one, then the new one and its
// confirmation.
func (m *settingsScreen) ask(n int) reply {
	m.phase = settingsAsk
	m.err, m.needAck, m.hasRep = "", false, false
	prompts := []string{"current password ", "new password     ", "confirm          "}
	m.inputs = make([]secretInput, n)
	for i := range n {
		m.inputs[i] = newSecretInput(m.c, prompts[i])
	}
	m.resize(m.width, m.height)
	return run(m.setFocus(0))
}

func (m *settingsScreen) setFocus(i int) tea.Cmd {
	m.focus = i
	for j := range m.inputs {
		m.inputs[j].Blur()
	}
	return m.inputs[i].Focus()
}

func (m *settingsScreen) updateAsk(msg tea.KeyPressMsg) reply {
	k := m.keys
	switch {
	case key.Matches(msg, k.Cancel):
		m.wipe()
		m.phase, m.inputs = settingsList, nil
		return reply{}
	case key.Matches(msg, k.Next):
		return run(m.setFocus((m.focus + 1) % len(m.inputs)))
	case key.Matches(msg, k.Prev):
		return run(m.setFocus((m.focus + len(m.inputs) - 1) % len(m.inputs)))
	case key.Matches(msg, k.AcceptWeak):
		return m.submit(true)
	case key.Matches(msg, k.Submit):
		// enter goes to the next empty field, and submits when none is.
		for i := range m.inputs {
			if j := (m.focus + i) % len(m.inputs); m.inputs[j].Len() == 0 {
				return run(m.setFocus(j))
			}
		}
		return m.submit(false)
	}
	if !m.inputs[m.focus].Update(msg) {
		return reply{}
	}
	m.err, m.needAck = "", false
	if m.focus == 1 {
		m.hasRep = m.inputs[1].Len() > 0
		if m.hasRep {
			pw := m.inputs[1].Bytes()
			m.report = strength.Estimate(string(pw)).Report(m.c.vaultKDFTime())
			clear(pw)
		}
	}
	return reply{}
}

func (m *settingsScreen) submit(weakOK bool) reply {
	if m.inputs[0].Len() == 0 {
		m.err = "type your current master password"
		return run(m.setFocus(0))
	}
	path, opts := m.c.path, m.c.cfg.VaultOptions
	curB := m.inputs[0].Bytes()
	var change func(v *vault.Vault, key []byte) (settingsSavedMsg, error)
	if len(m.inputs) == 3 {
		switch {
		case m.inputs[1].Len() == 0:
			m.err = "type a new master password"
			return run(m.setFocus(1))
		case !m.inputs[2].Equal(&m.inputs[1]):
			m.err = "the new passwords do not match"
			m.inputs[2].Wipe()
			return run(m.setFocus(2))
		}
		newB := m.inputs[1].Bytes()
		check := m.c.cfg.checkMaster
		if weakOK {
			check = func(pw []byte) error { return strength.CheckMasterBytes(pw) }
		}
		if err := check(newB); err != nil {
			clear(newB)
			clear(curB)
			if errors.Is(err, strength.ErrWeakPassword) {
				m.needAck, m.weakWhy = true, err.Error()
				return reply{}
			}
			m.err = err.Error()
			return run(m.setFocus(1))
		}
		settings := vault.KDFSettings{Params: m.params, Explicit: m.explicit}
		m.working = "changing the master password: " + m.params.String() + "…"
		change = func(v *vault.Vault, key []byte) (settingsSavedMsg, error) {
			defer clear(newB)
			// The key file stays: only the password changes.
			if err := v.Rewrap(vault.Credentials{Password: newB, KeyFile: key}, settings); err != nil {
				return settingsSavedMsg{}, err
			}
			return settingsSavedMsg{note: "master password changed"}, nil
		}
	} else {
		target := calibrateChoices[m.target]
		p := m.params
		m.working = fmt.Sprintf("calibrating %s to %s…", p.String(), formatMillis(target))
		change = func(v *vault.Vault, key []byte) (settingsSavedMsg, error) {
			np, took, err := vault.Calibrate(target, p.MemoryKiB, p.Parallelism)
			if err != nil {
				return settingsSavedMsg{}, err
			}
			if np == p {
				return settingsSavedMsg{note: calibratedNoChange(np, took, target), kdfTime: took, params: np}, nil
			}
			if err := v.Rewrap(vault.Credentials{Password: curB, KeyFile: key}, vault.KDFSettings{Params: np, Explicit: true}); err != nil {
				return settingsSavedMsg{}, err
			}
			note := fmt.Sprintf("key derivation now %s (%s here)", np.String(), formatMillis(took.Round(time.Millisecond)))
			if np.Iterations <= vault.RecommendedKDF.Iterations && took > target+target/10 {
				note += fmt.Sprintf("; %d passes are the fewest passtea uses: more than %s", np.Iterations, formatMillis(target))
			}
			return settingsSavedMsg{note: note, params: np, kdfTime: took}, nil
		}
	}
	m.phase = settingsWorking
	m.start = m.c.now()
	keyPath := m.c.keyFile
	return want(work{fn: func(s Store) workResult {
		defer clear(curB)
		v, here := s.(*vault.Vault)
		if !here {
			return settingsSavedMsg{err: errHeldByAgent}
		}
		// The key file that opened the vault opens it again.
		var key []byte
		if keyPath != "" {
			k, _, err := keyfile.ReadFile(keyPath)
			if err != nil {
				return settingsSavedMsg{err: &keyFileError{keyPath, err}}
			}
			defer clear(k)
			key = k
		}
		// Check the current password on a copy of the file read afresh,
		// so that a typo cannot lock the user out.
		f, err := vault.ReadFile(path, opts)
		if err != nil {
			return settingsSavedMsg{err: err}
		}
		check, err := f.Unlock(vault.Credentials{Password: curB, KeyFile: key})
		if err != nil {
			return settingsSavedMsg{err: err}
		}
		check.Lock()
		msg, err := change(v, key)
		msg.err = err
		return msg
	}}).and(m.c.spinnerTick(m.spinner.Tick))
}

// calibratedNoChange says why calibrating to target changed nothing: the
// fewest passes passtea uses (RFC 9106's 3) already take longer, or the
// vault already has the passes that take about target.
func calibratedNoChange(p vault.KDFParams, took, target time.Duration) string {
	if p.Iterations <= vault.RecommendedKDF.Iterations && took > target {
		return fmt.Sprintf("nothing changed: %d passes, the fewest passtea uses, take %s here, more than %s (%s)",
			p.Iterations, formatMillis(took.Round(time.Millisecond)), formatMillis(target), p)
	}
	return fmt.Sprintf("nothing changed: %s already takes about %s here", p, formatMillis(target))
}

func formatMillis(d time.Duration) string {
	if d >= time.Second && d%time.Second == 0 {
		return fmt.Sprintf("%d s", int(d.Seconds()))
	}
	return fmt.Sprintf("%d ms", d.Milliseconds())
}

func (m *settingsScreen) view() string {
	s := m.c.styles
	w := min(max(m.width-4, 20), 76)
	labelW := 22
	if m.width < 56 {
		labelW = 14
	}
	row := func(i int, label, value, hint string) string {
		mark, l := "  ", s.Label.Render(padRight(label, labelW))
		if i == m.row {
			mark, l = s.Focused.Render("▸ "), s.Focused.Render(padRight(label, labelW))
		}
		line := mark + l + value
		if hint != "" {
			line += s.Dim.Render("  " + hint)
		}
		return line
	}
	under := func(text string) string {
		return strings.Repeat(" ", labelW+2) + wrapExact(text, max(m.width-labelW-4, 8), labelW+2)
	}
	lines := []string{
		row(rowClipboard, "clear clipboard after", s.Value.Render("‹ "+formatDuration(m.c.clipClear)+" ›"), "←/→"),
		row(rowAutoLock, "lock when idle for", s.Value.Render("‹ "+formatDuration(m.c.autoLock)+" ›"), "←/→"),
		row(rowCalibrate, "key derivation", "", ""),
		under(s.Value.Render(m.params.String())),
		under(s.Dim.Render(m.kdfTimeText())),
		under(s.Value.Render("calibrate to ‹ "+formatMillis(calibrateChoices[m.target])+" ›") + s.Dim.Render("  enter")),
		row(rowPassword, "master password", s.Value.Render("change…"), "enter"),
	}
	switch m.phase {
	case settingsAsk:
		lines = append(lines, "")
		what := "Type your master password to calibrate the key derivation."
		if len(m.inputs) == 3 {
			what = "Change the master password."
		}
		lines = append(lines, indent(s.Focused.Render(wrap(what, w-2)), "  "))
		for _, in := range m.inputs {
			lines = append(lines, "  "+in.View())
		}
		if len(m.inputs) == 3 && m.hasRep {
			lines = append(lines, "", indent(strengthView(s, m.report, w-2, "this vault"), "  "))
		}
		switch {
		case m.err != "":
			lines = append(lines, "", indent(s.Error.Render(wrap(m.err, w-2)), "  "))
		case m.needAck:
			lines = append(lines, "", indent(s.Warn.Render(wrap(capitalize(m.weakWhy)+".", w-2)), "  "),
				"  "+s.Dim.Render("Press ")+s.Key.Render("ctrl+y")+s.Dim.Render(" to use it anyway."))
		}
	case settingsWorking:
		lines = append(lines, "", "  "+m.c.working(m.spinner, m.working, w-12, m.start))
	}
	return indent(strings.Join(lines, "\n"), " ")
}

func (m *settingsScreen) kdfTimeText() string {
	if m.c.kdfTime <= 0 {
		return "one derivation: not measured yet"
	}
	return "one derivation takes " + formatSeconds(m.c.kdfTime) + " here"
}

func (m *settingsScreen) help() help.KeyMap {
	k := m.keys
	switch m.phase {
	case settingsAsk:
		return oneLine(k.Submit, k.AcceptWeak, k.Next, k.Cancel)
	case settingsWorking:
		return oneLine()
	}
	return bindingsHelp{
		short: []key.Binding{k.Up, k.Down, k.Less, k.More, k.Change, k.Back},
		full:  [][]key.Binding{{k.Up, k.Down, k.Less, k.More}, {k.Change, k.Back, k.Lock}},
	}
}
