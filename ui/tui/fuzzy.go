package tui

// This file is the entries filter's fuzzy matcher. It is fzf's first
// algorithm: find the pattern's letters in order, case-insensitively, then
// shrink the match to the tightest window that ends where the first one
// did, and score it: letters at the start of a word and runs of adjacent
// letters score high, gaps cost. It allocates nothing per entry, so one
// keystroke over 10,000 entries takes a millisecond or two
// (github.com/sahilm/fuzzy, tried first, took about ten).

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Scores of a match.
const (
	scoreLetter      = 16 // every matched letter
	scoreBoundary    = 10 // a letter at the start of a word
	scoreConsecutive = 8  // a letter right after the previous one
	scoreInName      = 2  // a letter in the entry's name
	maxGapPenalty    = 12 // the most a gap between two letters costs
)

// fold lowers s for matching, keeping every rune's byte length so that
// offsets into the folded string are offsets into s.
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
	for _, r := range s {
		if l := unicode.ToLower(r); utf8.RuneLen(l) == utf8.RuneLen(r) {
			r = l
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isWordStart reports whether the byte at i of s starts a word.
func isWordStart(s string, i int) bool {
	if i == 0 {
		return true
	}
	switch s[i-1] {
	case ' ', '/', '-', '_', '.', '@', ':', ',', '+', '#':
		return true
	}
	return false
}

// fuzzyMatch finds the folded pattern pat in the folded string s. It returns
// the score and whether all of pat was found; when pos is not nil, the byte
// offsets of the matched letters are appended to it. nameLen is the length
// of the name at the start of s.
func fuzzyMatch(s, pat string, nameLen int, pos *[]int) (int, bool) {
	if pat == "" {
		return 0, true
	}
	// Forward: the earliest end of a match.
	i := 0
	for j := 0; j < len(pat); {
		r, n := rune(pat[j]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(pat[j:])
		}
		var k int
		if n == 1 {
			k = strings.IndexByte(s[i:], pat[j])
		} else {
			k = strings.Index(s[i:], pat[j:j+n])
		}
		if k < 0 {
			return 0, false
		}
		i += k + n
		j += n
		_ = r
	}
	end := i // one past the last matched byte
	// Backward: the latest start of a match ending there.
	j := len(pat)
	start := end
	for j > 0 {
		_, n := utf8.DecodeLastRuneInString(pat[:j])
		k := strings.LastIndex(s[:start], pat[j-n:j])
		start = k
		j -= n
	}
	// Forward again from start, scoring.
	score, prev := 0, -2
	i = start
	for j := 0; j < len(pat); {
		_, n := utf8.DecodeRuneInString(pat[j:])
		k := strings.Index(s[i:], pat[j:j+n]) + i
		score += scoreLetter
		if isWordStart(s, k) {
			score += scoreBoundary
		}
		if k == prev+1 {
			score += scoreConsecutive
		} else if prev >= 0 {
			score -= min(k-prev-1, maxGapPenalty)
		}
		if k < nameLen {
			score += scoreInName
		}
		if pos != nil {
			*pos = append(*pos, k)
		}
		prev = k + n - 1
		i = k + n
		j += n
	}
	// Prefer matches nearer the start, lightly.
	score -= min(start/4, maxGapPenalty)
	return score, true
}
