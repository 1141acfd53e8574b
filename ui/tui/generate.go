package tui

// This file is the generator screen: characters, passphrase or PIN, a live
// preview coloured by character class, and the exact entropy.

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

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

type generateModel struct {
	c       *common
	forForm bool // opened from the form: enter takes the password there
	preview string
	bits    float64
	err     string
	exclude textinput.Model
	editing bool // the exclusions input has the keys
	// The length of the other mode: characters and PINs keep their own.
	charLen, pinLen int
	width           int
	height          int
}

func newGenerateModel(c *common) generateModel {
	ti := textinput.New()
	ti.Prompt = ""
	ti.Placeholder = "characters never to use"
	ti.CharLimit = 64
	ti.SetStyles(c.styles.Input)
	ti.SetWidth(24)
	return generateModel{c: c, exclude: ti, width: c.width, charLen: c.genOpts.Length, pinLen: 6}
}

// Init makes the first preview.
func (m *generateModel) Init() tea.Cmd {
	m.regenerate()
	return nil
}

func (m *generateModel) enterForm() { m.forForm = true }
func (m *generateModel) leaveForm() { m.forForm = false }

func (m generateModel) capturing() bool { return m.editing }

func (m *generateModel) resize(w, h int) { m.width, m.height = w, h }

func (m *generateModel) restyle() { m.exclude.SetStyles(m.c.styles.Input) }

// regenerate makes a new preview with the current options.
func (m *generateModel) regenerate() {
	o := m.c.genOpts
	bits, err := generator.Entropy(o)
	if err != nil {
		m.preview, m.bits, m.err = "", 0, err.Error()
		return
	}
	pw, err := m.c.gen.Generate(o)
	if err != nil {
		m.preview, m.bits, m.err = "", 0, err.Error()
		return
	}
	m.preview, m.bits, m.err = pw, bits, ""
}

func (m generateModel) Update(msg tea.Msg) (generateModel, tea.Cmd) {
	k := m.c.keys
	km, ok := msg.(tea.KeyPressMsg)
	if m.editing {
		if ok && (km.String() == "enter" || key.Matches(km, k.Back)) {
			m.editing = false
			m.exclude.Blur()
			return m, nil
		}
		var cmd tea.Cmd
		m.exclude, cmd = m.exclude.Update(msg)
		if m.exclude.Value() != m.c.genOpts.Exclude {
			m.c.genOpts.Exclude = m.exclude.Value()
			m.regenerate()
		}
		return m, cmd
	}
	if !ok {
		return m, nil
	}
	o := &m.c.genOpts
	switch {
	case key.Matches(km, k.Back):
		return m, m.c.request(backMsg{})
	case key.Matches(km, k.Mode):
		m.setMode((o.Mode + 1) % 3)
	case km.String() == "shift+tab":
		m.setMode((o.Mode + 2) % 3)
	case key.Matches(km, k.Longer):
		m.step(+1)
	case key.Matches(km, k.Shorter):
		m.step(-1)
	case key.Matches(km, k.Regenerate):
	case key.Matches(km, k.Use) && m.forForm:
		if m.preview == "" {
			return m, nil
		}
		return m, m.c.request(passwordChosenMsg{password: m.preview})
	case key.Matches(km, k.Copy):
		if m.preview == "" {
			return m, nil
		}
		return m, m.c.copy("generated "+kindOf(*o), "", m.preview)
	case o.Mode == generator.Characters && key.Matches(km, k.Lower):
		o.Lower = !o.Lower
	case o.Mode == generator.Characters && key.Matches(km, k.Upper):
		o.Upper = !o.Upper
	case o.Mode == generator.Characters && key.Matches(km, k.Digits):
		o.Digits = !o.Digits
	case o.Mode == generator.Characters && key.Matches(km, k.Symbols):
		o.Symbols = !o.Symbols
	case o.Mode == generator.Characters && key.Matches(km, k.Ambiguous):
		o.NoAmbiguous = !o.NoAmbiguous
	case o.Mode == generator.Characters && key.Matches(km, k.Exclude):
		m.editing = true
		m.exclude.SetValue(o.Exclude)
		m.exclude.CursorEnd()
		return m, m.exclude.Focus()
	case o.Mode == generator.Passphrase && key.Matches(km, k.Capitalize):
		o.Capitalize = !o.Capitalize
	case o.Mode == generator.Passphrase && key.Matches(km, k.Number):
		o.WithNumber = !o.WithNumber
	case o.Mode == generator.Passphrase && key.Matches(km, k.Separator):
		i := 0
		for j, sep := range separators {
			if sep == o.Separator {
				i = j
			}
		}
		o.Separator = separators[(i+1)%len(separators)]
	default:
		return m, nil
	}
	m.regenerate()
	return m, nil
}

// setMode switches the mode, keeping each mode's length.
func (m *generateModel) setMode(mode generator.Mode) {
	o := &m.c.genOpts
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
func (m *generateModel) step(d int) {
	o := &m.c.genOpts
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

func (m generateModel) View() string {
	s := m.c.styles
	o := m.c.genOpts
	w := max(m.width-4, 20)
	label := func(l string) string { return s.Label.Render(padRight(l, 11)) }
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
	lines := []string{label("mode") + strings.Join(mb, "  ") + s.Dim.Render("  (tab)")}

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
				ex = s.Value.Render(o.Exclude)
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
			label("options")+check(o.Capitalize, "C", "Capitalize")+"  "+check(o.WithNumber, "#", "add a digit"),
			"",
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
	if m.err != "" {
		lines = append(lines, box.Width(inner+4).Render(s.Error.Render(wrap(m.err, inner))))
	} else {
		var pl []string
		for _, chunk := range chunks(m.preview, inner) {
			pl = append(pl, colorize(s, chunk))
		}
		lines = append(lines, box.Render(strings.Join(pl, "\n")))
		lines = append(lines, entropyView(s, m.bits, w))
	}
	lines = append(lines, s.Dim.Render("colours: ")+s.Class[generator.ClassLower].Render("abc")+" "+
		s.Class[generator.ClassUpper].Render("ABC")+" "+s.Class[generator.ClassDigit].Render("123")+" "+
		s.Class[generator.ClassSymbol].Render("#$%"))
	return pad(strings.Join(lines, "\n"))
}

// chunks cuts s into pieces of at most w runes.
func chunks(s string, w int) []string {
	r := []rune(s)
	var out []string
	for len(r) > w {
		out = append(out, string(r[:w]))
		r = r[w:]
	}
	return append(out, string(r))
}

func (m generateModel) help() bindingsHelp {
	k := m.c.keys
	if m.editing {
		done := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "done"))
		return oneLine(done)
	}
	act := k.Copy
	if m.forForm {
		act = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "use in form"))
	}
	length := key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "length"))
	short := []key.Binding{as(k.Regenerate, "new"), length, k.Mode, act, k.Back, as(k.Help, "more")}
	full := [][]key.Binding{
		{k.Regenerate, k.Shorter, k.Longer, k.Mode},
		{k.Lower, k.Upper, k.Digits, k.Symbols, k.Ambiguous, k.Exclude},
		{k.Capitalize, k.Number, k.Separator},
		{act, k.Copy, k.Back, k.Quit},
	}
	return bindingsHelp{short: short, full: full}
}
