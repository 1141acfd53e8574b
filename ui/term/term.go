// Package term makes text from a vault, an import or another user safe to
// show on a terminal. Such text is hostile: an escape sequence in a
// password could set the window title, plant a link (OSC 8), write the
// clipboard (OSC 52) or redraw the screen, and a direction override could
// make one name pass for another. Every front end that shows stored text
// on a terminal passes it through [Line] or [Text] first.
//
// # The rule
//
// Characters a terminal acts on are written as Go-style escapes, so that
// the user sees that they are there and what they are:
//
//   - C0 controls (U+0000–U+001F) and DEL (U+007F): \x1b, \x07, \x7f;
//   - C1 controls (U+0080–U+009F), which some terminals read as ESC
//     sequences: \u009b;
//   - bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E,
//     U+2066–U+2069), which reorder what is drawn: \u202e;
//   - a byte that is not UTF-8: \xff.
//
// [Text] keeps line feeds and tabs, for notes and other text that spans
// lines; [Line] escapes them too, for values shown on one line. A
// backslash is not escaped: "\x1b" typed as four characters and an ESC
// look alike on screen. Where the exact bytes matter, a command prints
// them to a pipe unchanged.
package term

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Line returns s with every control character, bidirectional control and
// byte that is not UTF-8 written as an escape (see the package doc),
// line feeds and tabs included.
func Line(s string) string { return escape(s, false) }

// Text is [Line] but keeps line feeds and tabs.
func Text(s string) string { return escape(s, true) }

// Quote returns s in double quotes, escaped as [Line] does, with the
// quotes and backslashes inside it escaped too, so that nothing in it
// looks like its end or like an escape: for a name in a message.
func Quote(s string) string {
	return `"` + Line(quoteReplacer.Replace(s)) + `"`
}

var quoteReplacer = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

func escape(s string, multiline bool) string {
	if !needsEscape(s, multiline) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			hexByte(&b, s[i])
		case multiline && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			hexByte(&b, byte(r))
		case isC1(r) || isBidi(r):
			b.WriteString(`\u`)
			h := strconv.FormatInt(int64(r), 16)
			b.WriteString(strings.Repeat("0", 4-len(h)))
			b.WriteString(h)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// needsEscape reports whether escape would change s.
func needsEscape(s string, multiline bool) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 || c == 0x7f) && !(multiline && (c == '\n' || c == '\t')) {
				return true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || isC1(r) || isBidi(r) {
			return true
		}
		i += n
	}
	return false
}

func hexByte(b *strings.Builder, c byte) {
	const digits = "0123456789abcdef"
	b.WriteString(`\x`)
	b.WriteByte(digits[c>>4])
	b.WriteByte(digits[c&15])
}

func isC1(r rune) bool { return r >= 0x80 && r <= 0x9f }

// Acts reports whether a terminal acts on r, beyond drawing it: a C0 or
// C1 control, DEL or a bidirectional control (see the package doc). It is
// for writers of other formats (JSON lines on a terminal) that escape such
// characters their own way.
func Acts(r rune) bool { return r < 0x20 || r == 0x7f || isC1(r) || isBidi(r) }

// isBidi reports whether r is a bidirectional formatting character (the
// "Trojan Source" set, CVE-2021-42574).
func isBidi(r rune) bool {
	switch {
	case r == 0x061c, r == 0x200e, r == 0x200f:
		return true
	case r >= 0x202a && r <= 0x202e:
		return true
	case r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}
