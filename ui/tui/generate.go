package tui

// This file is the generator screen: characters, passphrase or PIN, a live
// preview coloured by character class, and the exact entropy. The options
// belong to the root (the form's ctrl+g uses them too): the screen edits a
// copy and hands every change back with setGenOptions.

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/passtea/passtea/generator"
)

// Bounds of the length and word count the arrows move within.
const (
	minChars, maxChars = 4, 128
	minPIN, maxPIN     = 4, 32
	minWords, maxWords = 3, 20
)

// separators are the passphrase separators S cycles through.
var separators = []string{"-", " ", ".", "_", "/", ""}

type generateScreen struct {
	c       *common
	keys    generateKeys
	opts    generator.Options // the root's, as last handed back
	forForm bool              // opened from the form: enter takes the password there
	preview string
	bits    float64
	err     error
	exclude textinput.Model
	editing bool // the exclusions input has the keys
	// The length of the other mode: characters and PINs keep their own.
	charLen, pinLen int
	width           int
	height          int
}

func newGenerateScreen(c *common, forForm bool) *generateScreen {
	ti := textinput.New()
	ti.Prompt = ""
	ti.Placeholder = "characters never to use"
	ti.CharLimit = 64
	ti.SetStyles(c.styles.Input)
	ti.SetWidth(24)
	m := &generateScreen{c: c, keys: c.keys.generate, opts: c.genOpts, forForm: forForm, exclude: ti,
		width: c.width, charLen: c.genOpts.Length, pinLen: 6}
	m.regenerate()
	m.updateKeys()
	return m
}

func (m *generateScreen) title() string   { return "generator" }
func (m *generateScreen) capturing() bool { return m.editing }
func (m *generateScreen) resize(w, h int) { m.width, m.height = w, h }
func (m *generateScreen) restyle()        { m.exclude.SetStyles(m.c.styles.Input) }

// regenerate makes a new preview with the options.
func (m *generateScreen) regenerate() {
	m.preview, m.bits, m.err = "", 0, nil
	bits, err := generator.Entropy(m.opts)
	if err != nil {
		m.err = err
		return
	}
	pw, err := m.c.gen.Generate(m.opts)
	if err != nil {
		m.err = err
		return
	}
	m.preview, m.bits = pw, bits
}

func (m *generateScreen) updateKeys() {
	k := &m.keys
	chars, phrase := m.opts.Mode == generator.Characters, m.opts.Mode == generator.Passphrase
	list := !m.editing
	enable(list, &k.Regenerate, &k.Longer, &k.Shorter, &k.Mode, &k.ModeBack, &k.Copy, &k.Back)
	enable(list && chars, &k.Lower, &k.Upper, &k.Digits, &k.Symbols, &k.Ambiguous, &k.Exclude)
	enable(list && phrase, &k.Capitalize, &k.Number, &k.Separator)
	enable(list && m.forForm, &k.Use)
	enable(m.editing, &k.DoneExclude, &k.CancelExclude)
	// enter either copies or, from the form, takes the password there.
	if m.forForm {
		k.Copy.SetKeys("c")
		k.Copy.SetHelp("c", "copy")
	} else {
		k.Copy = m.c.keys.generate.Copy
		k.Copy.SetEnabled(list)
	}
	switch m.opts.Mode {
	case generator.Passphrase:
		k.Longer.SetHelp("→/+", "more words")
		k.Shorter.SetHelp("←/-", "fewer words")
	default:
		k.Longer.SetHelp("→/+", "longer")
		k.Shorter.SetHelp("←/-", "shorter")
	}
}

func (m *generateScreen) update(msg tea.Msg) reply {
	defer m.updateKeys()
	km, ok := msg.(tea.KeyPressMsg)
	k := m.keys
	if m.editing {
		if ok && key.Matches(km, k.DoneExclude, k.CancelExclude) {
			m.editing = false
			m.exclude.Blur()
			return reply{}
		}
		var cmd tea.Cmd
		m.exclude, cmd = m.exclude.Update(msg)
		if m.exclude.Value() == m.opts.Exclude {
			return run(cmd)
		}
		m.opts.Exclude = m.exclude.Value()
		return m.changed().and(cmd)
	}
	if !ok {
		return reply{}
	}
	o := &m.opts
	switch {
	case key.Matches(km, k.Back):
		return want(goBack{})
	case key.Matches(km, k.Mode):
		m.setMode((o.Mode + 1) % 3)
	case key.Matches(km, k.ModeBack):
		m.setMode((o.Mode + 2) % 3)
	case key.Matches(km, k.Longer):
		m.step(+1)
	case key.Matches(km, k.Shorter):
		m.step(-1)
	case key.Matches(km, k.Regenerate):
	case key.Matches(km, k.Use):
		if m.preview == "" {
			return m.nothing("use")
		}
		return want(usePassword{password: m.preview}, say{statusOK, "using a " + describeOptions(*o) + fmt.Sprintf(" (%.1f bits)", m.bits)})
	case key.Matches(km, k.Copy):
		if m.preview == "" {
			return m.nothing("copy")
		}
		return want(copyValue{what: "generated " + kindOf(*o), value: m.preview})
	case key.Matches(km, k.Lower):
		o.Lower = !o.Lower
	case key.Matches(km, k.Upper):
		o.Upper = !o.Upper
	case key.Matches(km, k.Digits):
		o.Digits = !o.Digits
	case key.Matches(km, k.Symbols):
		o.Symbols = !o.Symbols
	case key.Matches(km, k.Ambiguous):
		o.NoAmbiguous = !o.NoAmbiguous
	case key.Matches(km, k.Exclude):
		m.editing = true
		m.exclude.SetValue(o.Exclude)
		m.exclude.CursorEnd()
		return run(m.exclude.Focus())
	case key.Matches(km, k.Capitalize):
		o.Capitalize = !o.Capitalize
	case key.Matches(km, k.Number):
		o.WithNumber = !o.WithNumber
	case key.Matches(km, k.Separator):
		i := 0
		for j, sep := range separators {
			if sep == o.Separator {
				i = j
			}
		}
		o.Separator = separators[(i+1)%len(separators)]
	default:
		return reply{}
	}
	return m.changed()
}

// changed makes a new preview and hands the options to the root.
func (m *generateScreen) changed() reply {
	m.regenerate()
	return want(setGenOptions{opts: m.opts})
}

// nothing says why there is nothing to copy or use.
func (m *generateScreen) nothing(what string) reply {
	why := "the options make no password"
	switch {
	case errors.Is(m.err, generator.ErrNoClass):
		why = "every character class is off: turn one on with a, A, 0 or !"
	case m.err != nil:
		why = m.err.Error()
	}
	return want(say{statusErr, "nothing to " + what + ": " + why})
}

// setMode switches the mode, keeping each mode's length.
func (m *generateScreen) setMode(mode generator.Mode) {
	o := &m.opts
	switch o.Mode {
	case generator.Characters:
		m.charLen = o.Length
	case generator.PIN:
		m.pinLen = o.Length
	}
	o.Mode = mode
	switch mode {
	case generator.Characters:
		o.Length = m.charLen
	case generator.PIN:
		o.Length = m.pinLen
	}
}

// step changes the length or word count by d.
func (m *generateScreen) step(d int) {
	o := &m.opts
	switch o.Mode {
	case generator.Characters:
		o.Length = min(max(o.Length+d, minChars), maxChars)
	case generator.PIN:
		o.Length = min(max(o.Length+d, minPIN), maxPIN)
	case generator.Passphrase:
		o.Words = min(max(o.Words+d, minWords), maxWords)
	}
}

func kindOf(o generator.Options) string {
	switch o.Mode {
	case generator.Passphrase:
		return "passphrase"
	case generator.PIN:
		return "PIN"
	}
	return "password"
}

func (m *generateScreen) view() string {
	s := m.c.styles
	o := m.opts
	w := max(m.width-4, 20)
	label := func(l string) string { return s.Label.Render(padRight(l, labelWidth)) }
	check := func(on bool, keyName, text string) string {
		box := s.Dim.Render("[ ]")
		if on {
			box = s.Focused.Render("[x]")
		}
		return box + " " + text + s.Dim.Render(" ("+keyName+")")
	}

	modes := []string{"characters", "passphrase", "PIN"}
	var mb []string
	for i, name := range modes {
		if generator.Mode(i) == o.Mode {
			mb = append(mb, s.Focused.Render("● "+name))
		} else {
			mb = append(mb, s.Dim.Render("○ "+name))
		}
	}
	modeLine := strings.Join(mb, "  ") + s.Dim.Render("  (tab)")
	if lipgloss.Width(modeLine) > w-labelWidth {
		modeLine = wrap(strings.Join(mb, " ")+s.Dim.Render(" (tab)"), w-labelWidth)
	}
	lines := []string{label("mode") + indentRest(modeLine, labelWidth)}

	switch o.Mode {
	case generator.Characters:
		letters := check(o.Lower, "a", "a–z") + "  " + check(o.Upper, "A", "A–Z")
		others := check(o.Digits, "0", "0–9") + "  " + check(o.Symbols, "!", "!#$")
		lines = append(lines, label("length")+s.Focused.Render(fmt.Sprintf("‹ %d ›", o.Length))+s.Dim.Render("  (←/→)"))
		if m.width >= 72 {
			lines = append(lines, label("use")+letters+"  "+others)
		} else {
			lines = append(lines, label("use")+letters, label("")+others)
		}
		lines = append(lines, label("")+check(o.NoAmbiguous, "l", "no look-alikes (Il1|O0o)"))
		ex := m.exclude.View()
		if !m.editing {
			if o.Exclude == "" {
				ex = s.Dim.Render("none")
			} else {
				ex = s.Value.Render(truncatePlain(o.Exclude, w-labelWidth-6))
			}
			ex += s.Dim.Render("  (x)")
		}
		lines = append(lines, label("exclude")+ex)
	case generator.Passphrase:
		sep := o.Separator
		switch sep {
		case "":
			sep = "none"
		case " ":
			sep = "space"
		}
		lines = append(lines,
			label("words")+s.Focused.Render(fmt.Sprintf("‹ %d ›", o.Words))+s.Dim.Render("  (←/→)"),
			label("separator")+s.Value.Render(sep)+s.Dim.Render("  (S)"),
			label("options")+check(o.Capitalize, "C", "Capitalize"),
			label("")+check(o.WithNumber, "#", "add a digit"),
		)
	case generator.PIN:
		lines = append(lines,
			label("digits")+s.Focused.Render(fmt.Sprintf("‹ %d ›", o.Length))+s.Dim.Render("  (←/→)"),
			"", "", "",
		)
	}
	lines = append(lines, "")

	box := lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(s.Faint).Padding(0, 1)
	inner := max(min(w-4, 72), 10)
	if m.err != nil {
		lines = append(lines, box.Width(inner+4).Render(s.Error.Render(wrap(m.err.Error(), inner))))
	} else {
		var pl []string
		for _, chunk := range chunks(m.preview, inner) {
			pl = append(pl, colorize(s, chunk))
		}
		lines = append(lines, box.Render(strings.Join(pl, "\n")))
		lines = append(lines, entropyView(s, m.bits, w))
	}
	if !m.c.noColor {
		lines = append(lines, s.Dim.Render("colours: ")+s.Class[generator.ClassLower].Render("abc")+" "+
			s.Class[generator.ClassUpper].Render("ABC")+" "+s.Class[generator.ClassDigit].Render("123")+" "+
			s.Class[generator.ClassSymbol].Render("#$%"))
	}
	return pad(strings.Join(lines, "\n"))
}

// indentRest indents the lines of s after the first by n spaces.
func indentRest(s string, n int) string {
	return strings.ReplaceAll(s, "\n", "\n"+strings.Repeat(" ", n))
}

// chunks cuts s into pieces of at most w cells.
func chunks(s string, w int) []string {
	return strings.Split(ansi.Hardwrap(s, w, true), "\n")
}

func (m *generateScreen) help() help.KeyMap {
	k := m.keys
	if m.editing {
		return oneLine(k.DoneExclude)
	}
	return bindingsHelp{
		short: []key.Binding{k.Regenerate, k.Shorter, k.Longer, k.Mode, k.Use, k.Copy, k.Back},
		full: [][]key.Binding{
			{k.Regenerate, k.Shorter, k.Longer, k.Mode, k.ModeBack},
			{k.Lower, k.Upper, k.Digits, k.Symbols, k.Ambiguous, k.Exclude},
			{k.Capitalize, k.Number, k.Separator},
			{k.Use, k.Copy, k.Back},
		},
	}
}
