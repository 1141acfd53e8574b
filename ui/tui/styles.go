package tui

// This file holds the app's one theme. Colours adapt to a light or dark
// background; the terminal's colour profile (and NO_COLOR) is applied by
// Bubble Tea when the frame is written, so every style also carries a
// non-colour attribute where the difference matters.

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"

	"github.com/passtea/passtea/generator"
)

// Styles is the theme. Build it with [newStyles].
type Styles struct {
	isDark bool

	Accent  color.Color // the app's colour: titles, focus, the cursor
	Subtle  color.Color // secondary text: labels, hints, the status line
	Faint   color.Color // rules, empty parts of bars, blurred prompts
	ErrorFg color.Color // errors and the weak band
	OKFg    color.Color // success and the strong band
	WarnFg  color.Color // warnings and the fair band

	Badge    lipgloss.Style // "passtea" in the header
	Title    lipgloss.Style // the screen's name in the header
	HeaderR  lipgloss.Style // the right side of the header
	Label    lipgloss.Style // field labels
	Value    lipgloss.Style // field values
	Dim      lipgloss.Style // hints and secondary text
	Error    lipgloss.Style // errors
	Success  lipgloss.Style // what went well
	Warn     lipgloss.Style // warnings and questions
	Key      lipgloss.Style // a key named in running text
	Box      lipgloss.Style // the frame around dialogs (create, unlock)
	Status   lipgloss.Style // the status line
	Selected lipgloss.Style // the highlighted row
	Match    lipgloss.Style // fuzzy-matched letters
	Column   lipgloss.Style // column headings
	Focused  lipgloss.Style // the label of the focused form field
	Masked   lipgloss.Style // the dots of a hidden password

	// Class colours a character of a generated password by its class:
	// lowercase, uppercase, digit, symbol, other.
	Class [5]lipgloss.Style

	// Bands colour a strength bar: weak, fair, good, strong.
	Bands [4]color.Color

	Help      help.Styles      // the help line and the full help
	Input     textinput.Styles // one-line inputs
	TextArea  textarea.Styles  // the notes in the form
	BarFull   string           // a filled cell of a bar
	BarEmpty  string           // an empty cell of a bar
	Separator string           // between parts of the status line
}

func newStyles(isDark bool) Styles {
	ld := lipgloss.LightDark(isDark)
	s := Styles{isDark: isDark}
	s.Accent = ld(lipgloss.Color("#6B4FD8"), lipgloss.Color("#A78BFA"))
	s.Subtle = ld(lipgloss.Color("#6E6E6E"), lipgloss.Color("#8A8A8A"))
	s.Faint = ld(lipgloss.Color("#B8B8B8"), lipgloss.Color("#4A4A4A"))
	s.ErrorFg = ld(lipgloss.Color("#C4003A"), lipgloss.Color("#FF6B8B"))
	s.OKFg = ld(lipgloss.Color("#007A4D"), lipgloss.Color("#5FD7A0"))
	s.WarnFg = ld(lipgloss.Color("#B35900"), lipgloss.Color("#FFB86B"))

	s.Badge = lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#FFFFFF")).Background(s.Accent).Padding(0, 1)
	s.Title = lipgloss.NewStyle().Bold(true).Foreground(s.Accent).PaddingLeft(1)
	s.HeaderR = lipgloss.NewStyle().Foreground(s.Subtle)
	s.Label = lipgloss.NewStyle().Foreground(s.Subtle)
	s.Value = lipgloss.NewStyle()
	s.Dim = lipgloss.NewStyle().Foreground(s.Subtle)
	s.Error = lipgloss.NewStyle().Foreground(s.ErrorFg).Bold(true)
	s.Success = lipgloss.NewStyle().Foreground(s.OKFg)
	s.Warn = lipgloss.NewStyle().Foreground(s.WarnFg)
	s.Key = lipgloss.NewStyle().Foreground(s.Accent).Bold(true)
	s.Box = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(s.Accent).Padding(1, 2)
	s.Status = lipgloss.NewStyle().Foreground(s.Subtle)
	s.Selected = lipgloss.NewStyle().Reverse(false).Bold(true).
		Foreground(ld(lipgloss.Color("#1A1A1A"), lipgloss.Color("#FFFFFF"))).
		Background(ld(lipgloss.Color("#E4DCFF"), lipgloss.Color("#3B2F6B")))
	s.Match = lipgloss.NewStyle().Foreground(ld(lipgloss.Color("#C25700"), lipgloss.Color("#FFB454"))).Underline(true)
	s.Column = lipgloss.NewStyle().Foreground(s.Subtle).Bold(true)
	s.Focused = lipgloss.NewStyle().Foreground(s.Accent).Bold(true)
	s.Masked = lipgloss.NewStyle().Foreground(s.Subtle)

	// Like 1Password: digits and symbols stand out from letters, and capitals
	// differ from small letters, so that l, 1 and I never look alike. Without
	// colour, the attributes still tell them apart.
	s.Class[generator.ClassLower] = lipgloss.NewStyle()
	s.Class[generator.ClassUpper] = lipgloss.NewStyle().Bold(true).Foreground(ld(lipgloss.Color("#00755E"), lipgloss.Color("#7EE2B8")))
	s.Class[generator.ClassDigit] = lipgloss.NewStyle().Underline(true).Foreground(ld(lipgloss.Color("#0057C2"), lipgloss.Color("#6CB6FF")))
	s.Class[generator.ClassSymbol] = lipgloss.NewStyle().Italic(true).Foreground(ld(lipgloss.Color("#C4003A"), lipgloss.Color("#FF8A80")))
	s.Class[generator.ClassOther] = lipgloss.NewStyle().Foreground(s.Subtle)

	s.Bands = [4]color.Color{s.ErrorFg, s.WarnFg, ld(lipgloss.Color("#5C8A00"), lipgloss.Color("#C3E88D")), s.OKFg}
	s.BarFull, s.BarEmpty = "█", "░"
	s.Separator = " · "

	s.Help = help.DefaultStyles(isDark)
	s.Help.ShortKey = s.Help.ShortKey.Foreground(s.Subtle).Bold(true)
	s.Help.FullKey = s.Help.FullKey.Foreground(s.Subtle).Bold(true)

	s.Input = textinput.DefaultStyles(isDark)
	s.Input.Focused.Prompt = lipgloss.NewStyle().Foreground(s.Accent)
	s.Input.Blurred.Prompt = lipgloss.NewStyle().Foreground(s.Faint)
	s.Input.Cursor.Color = s.Accent
	s.TextArea = textarea.DefaultStyles(isDark)
	return s
}

// askYesNo draws a question the next key answers: "delete github? y/n".
func askYesNo(s Styles, question string) string {
	return s.Warn.Render(question+" ") + s.Key.Render("y") + s.Dim.Render("/") + s.Key.Render("n")
}
