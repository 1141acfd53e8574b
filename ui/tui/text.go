package tui

// This file cuts, pads and formats text for the screens: to a width in
// cells (styled or not), and durations as the screens show them.

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/mattn/go-runewidth"
)

// fitBody pads or cuts s to exactly h lines of at most w cells, so that
// nothing wraps in a narrow window. Screens wrap their own long lines; a
// line still too long after its trailing spaces are dropped is cut with
// "…" as a last resort.
func fitBody(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = truncate(trimRightSpace(l), w)
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// trimRightSpace drops the spaces at the end of a styled line, where a
// style pads lines to one width; the escape sequences that end styles stay.
func trimRightSpace(s string) string {
	if lipgloss.Width(s) == 0 {
		return ""
	}
	for {
		plain := ansi.Strip(s)
		if !strings.HasSuffix(plain, " ") {
			return s
		}
		w := lipgloss.Width(strings.TrimRight(plain, " "))
		s = ansi.Truncate(s, w, "")
	}
}

// truncate cuts a styled line to w cells.
func truncate(s string, w int) string {
	if lipgloss.Width(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// shortenPath writes the home directory as ~.
func shortenPath(p string) string {
	if home, err := os.UserHomeDir(); err == nil && home != "" && strings.HasPrefix(p, home+string(filepath.Separator)) {
		return "~" + p[len(home):]
	}
	return p
}

// formatSeconds shows a duration as "0.5 s" below 10 s, else "17 s".
func formatSeconds(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	if d < 10*time.Second {
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	return fmt.Sprintf("%d s", int(d.Round(time.Second).Seconds()))
}

// formatDuration shows a setting's duration: "20 s", "90 s", "5 min", "1 h",
// "never"; never rounded, since it says when something happens.
func formatDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return "never"
	case d < time.Minute || d%time.Minute != 0:
		return fmt.Sprintf("%d s", int(d.Seconds()))
	case d < time.Hour || d%time.Hour != 0:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	}
	return fmt.Sprintf("%d h", int(d.Hours()))
}

// truncatePlain cuts unstyled text to at most w cells.
func truncatePlain(s string, w int) string {
	if w <= 0 {
		return ""
	}
	used := 0
	for i, r := range s {
		rw := runewidth.RuneWidth(r)
		if used+rw > w {
			return s[:i]
		}
		used += rw
	}
	return s
}

// padRight pads or cuts unstyled text to w cells.
func padRight(s string, w int) string {
	if sw := lipgloss.Width(s); sw > w {
		return truncatePlain(s, w-1) + "…"
	} else if sw < w {
		return s + strings.Repeat(" ", w-sw)
	}
	return s
}

// capitalize writes s with a capital first letter.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// pad indents every line of a screen's body by two columns. (lipgloss's
// padding would also pad every line on the right to the longest.)
func pad(s string) string { return indent(s, "  ") }

// wrap wraps text (styled or not) to width cells, breaking long words.
func wrap(text string, width int) string {
	if width <= 0 {
		return text
	}
	return lipgloss.Wrap(text, width, "")
}

// wrapExact cuts text (styled or not) into lines of width cells, keeping
// every character, spaces too: for values that must be read exactly
// (passwords, names, URLs), the lines after the first indented by hang
// spaces to sit under a label.
func wrapExact(text string, width, hang int) string {
	lines := strings.Split(ansi.Hardwrap(text, max(width, 1), true), "\n")
	return strings.Join(lines, "\n"+strings.Repeat(" ", hang))
}

// indent puts prefix before every line of s.
func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

// plural is the s of a plural noun, for n things.
func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
