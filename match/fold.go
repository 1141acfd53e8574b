package match

// This file folds text for matching and finds where words start.

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// fold lowers s for matching, keeping every rune's byte length so that
// offsets into the folded string are offsets into s. (The few letters whose
// lower case has another length, such as "İ", stay as they are.)
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if l := unicode.ToLower(r); r != utf8.RuneError && utf8.RuneLen(l) == n {
			b.WriteRune(l)
		} else {
			b.WriteString(s[i : i+n]) // as it is, invalid bytes too
		}
		i += n
	}
	return b.String()
}

// isSep reports whether the byte c separates words.
func isSep(c byte) bool {
	switch c {
	case ' ', '\t', '/', '-', '_', '.', '@', ':', ',', '+', '#', '(', ')', '[', ']', '\'', '"', '|', '&', '=', '?':
		return true
	}
	return false
}

// wordStart reports whether the byte at i of s (as typed, not folded)
// starts a word: the start, after a separator, a capital after a small
// letter ("GitHub"), or a digit after a letter ("web01").
func wordStart(s string, i int) bool {
	if i == 0 {
		return true
	}
	p, c := s[i-1], s[i]
	switch {
	case isSep(p):
		return true
	case 'a' <= p && p <= 'z' && 'A' <= c && c <= 'Z':
		return true
	case isLetter(p) && '0' <= c && c <= '9':
		return true
	}
	return false
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// runeLen is the length in bytes of the first rune of s.
func runeLen(s string) int {
	if s[0] < utf8.RuneSelf {
		return 1
	}
	_, n := utf8.DecodeRuneInString(s)
	return n
}
