package strength

// This file says what is wrong with a weak password, with zxcvbn 4.4.2's
// texts (feedback.coffee).

import (
	"unicode"
	"unicode/utf8"
)

// Feedback is advice on a password: empty for scores above 2.
type Feedback struct {
	// Warning says what makes the password weak, or is empty.
	Warning string `json:"warning"`
	// Suggestions say how to do better.
	Suggestions []string `json:"suggestions"`
}

// The texts of the feedback: zxcvbn 4.4.2's, and one of passtea's own for
// words from the user's inputs (4.4.2 says nothing about those).
const (
	sugFewWords   = "Use a few words, avoid common phrases"
	sugNoNeed     = "No need for symbols, digits, or uppercase letters"
	sugExtraWord  = "Add another word or two. Uncommon words are better."
	sugSpatial    = "Use a longer keyboard pattern with more turns"
	sugRepeat     = "Avoid repeated words and characters"
	sugSequence   = "Avoid sequences"
	sugYears      = "Avoid recent years"
	sugOwnYears   = "Avoid years that are associated with you"
	sugDates      = "Avoid dates and years that are associated with you"
	sugCaps       = "Capitalization doesn't help very much"
	sugAllCaps    = "All-uppercase is almost as easy to guess as all-lowercase"
	sugReversed   = "Reversed words aren't much harder to guess"
	sugL33t       = "Predictable substitutions like '@' instead of 'a' don't help very much"
	warnRow       = "Straight rows of keys are easy to guess"
	warnKeyboard  = "Short keyboard patterns are easy to guess"
	warnRepeat1   = `Repeats like "aaa" are easy to guess`
	warnRepeat    = `Repeats like "abcabcabc" are only slightly harder to guess than "abc"`
	warnSequence  = "Sequences like abc or 6543 are easy to guess"
	warnYears     = "Recent years are easy to guess"
	warnDates     = "Dates are often easy to guess"
	warnTop10     = "This is a top-10 common password"
	warnTop100    = "This is a top-100 common password"
	warnCommon    = "This is a very common password"
	warnSimilar   = "This is similar to a commonly used password"
	warnWord      = "A word by itself is easy to guess"
	warnNamesSole = "Names and surnames by themselves are easy to guess"
	warnNames     = "Common names and surnames are easy to guess"
	warnUserInput = "Words from your own details, like names, are easy to guess"
)

// feedback is zxcvbn's get_feedback: general advice for an empty password,
// none above score 2, otherwise advice about the longest match.
func feedback(score int, seq []*Match) Feedback {
	if len(seq) == 0 {
		return Feedback{Suggestions: []string{sugFewWords, sugNoNeed}}
	}
	if score > 2 {
		return Feedback{Suggestions: []string{}}
	}
	longest := seq[0]
	for _, m := range seq[1:] {
		if m.n > longest.n {
			longest = m
		}
	}
	f := matchFeedback(longest, len(seq) == 1)
	f.Suggestions = append([]string{sugExtraWord}, f.Suggestions...)
	return f
}

func matchFeedback(m *Match, sole bool) Feedback {
	switch m.Pattern {
	case Dictionary:
		return dictionaryFeedback(m, sole)
	case Spatial:
		w := warnKeyboard
		if m.Turns == 1 {
			w = warnRow
		}
		return Feedback{w, []string{sugSpatial}}
	case Repeat:
		w := warnRepeat
		if utf8.RuneCountInString(m.BaseToken) == 1 {
			w = warnRepeat1
		}
		return Feedback{w, []string{sugRepeat}}
	case Sequence:
		return Feedback{warnSequence, []string{sugSequence}}
	case Regex:
		return Feedback{warnYears, []string{sugYears, sugOwnYears}}
	case Date:
		return Feedback{warnDates, []string{sugDates}}
	}
	return Feedback{}
}

func dictionaryFeedback(m *Match, sole bool) Feedback {
	var f Feedback
	switch m.DictionaryName {
	case "passwords":
		switch {
		case sole && !m.L33t && !m.Reversed && m.Rank <= 10:
			f.Warning = warnTop10
		case sole && !m.L33t && !m.Reversed && m.Rank <= 100:
			f.Warning = warnTop100
		case sole && !m.L33t && !m.Reversed:
			f.Warning = warnCommon
		case m.Guesses <= 1e4:
			f.Warning = warnSimilar
		}
	case "english_wikipedia":
		if sole {
			f.Warning = warnWord
		}
	case "surnames", "male_names", "female_names":
		f.Warning = warnNames
		if sole {
			f.Warning = warnNamesSole
		}
	case userInputsName:
		f.Warning = warnUserInput
	}
	w := []rune(m.Token)
	u, l, cased := 0, 0, false
	for _, c := range w {
		switch {
		case isUpper(c):
			u++
		case isLower(c):
			l++
		}
		cased = cased || unicode.ToLower(c) != c
	}
	switch {
	case u == 1 && isUpper(w[0]) && len(w) > 1: // Password
		f.Suggestions = append(f.Suggestions, sugCaps)
	case l == 0 && cased: // PASSWORD
		f.Suggestions = append(f.Suggestions, sugAllCaps)
	}
	if m.Reversed && m.n >= 4 {
		f.Suggestions = append(f.Suggestions, sugReversed)
	}
	if m.L33t {
		f.Suggestions = append(f.Suggestions, sugL33t)
	}
	return f
}
