package strength

// This file estimates the guesses each kind of match needs, with zxcvbn
// 4.4.2's formulas (Wheeler, USENIX Security 2016, section 4).

import (
	"math"
	"sync"
)

// Constants of zxcvbn 4.4.2's scoring.
const (
	bruteforceCardinality    = 10    // guesses per character nothing explains
	minGuessesBeforeGrowing  = 10000 // D: guesses per extra match of a sequence
	minSubmatchGuessesSingle = 10    // floor for a one-character part
	minSubmatchGuessesMulti  = 50    // floor for a longer part
	minYearSpace             = 20    // years guessed around the reference year
)

// guessesOf returns m's guesses, computing them once. n is the length of
// the password m is part of: a part shorter than the password costs at
// least minSubmatchGuesses*.
func (e *estimator) guessesOf(m *Match, n int) float64 {
	if m.Guesses > 0 {
		return m.Guesses
	}
	floor := 1.0
	if m.n < n {
		floor = minSubmatchGuessesMulti
		if m.n == 1 {
			floor = minSubmatchGuessesSingle
		}
	}
	var g float64
	switch m.Pattern {
	case Bruteforce:
		g = bruteforceGuesses(m.n)
	case Dictionary:
		g = dictionaryGuesses(m)
	case Spatial:
		g = spatialGuesses(m)
	case Repeat:
		g = m.baseGuesses * float64(m.RepeatCount)
	case Sequence:
		g = sequenceGuesses(m)
	case Regex:
		g = float64(max(abs(m.Year-e.year), minYearSpace))
	case Date:
		g = float64(max(abs(m.Year-e.year), minYearSpace) * 365)
		if m.Separator != "" {
			g *= 4 // one of about four separators
		}
	}
	m.Guesses = max(g, floor)
	return m.Guesses
}

func abs(n int) int { return max(n, -n) }

// bruteforceGuesses is 10 per character, at least one more than the floor
// of any other match of the same length, so that those win ties.
func bruteforceGuesses(n int) float64 {
	g := math.Pow(bruteforceCardinality, float64(n))
	if math.IsInf(g, 1) {
		g = math.MaxFloat64
	}
	if n == 1 {
		return max(g, minSubmatchGuessesSingle+1)
	}
	return max(g, minSubmatchGuessesMulti+1)
}

// dictionaryGuesses is the word's rank, times the ways to capitalise it,
// times the ways to substitute its l33t characters, doubled if reversed.
func dictionaryGuesses(m *Match) float64 {
	g := float64(m.Rank) * uppercaseVariations([]rune(m.Token)) * l33tVariations(m)
	if m.Reversed {
		g *= 2
	}
	return g
}

func isUpper(c rune) bool { return c >= 'A' && c <= 'Z' }
func isLower(c rune) bool { return c >= 'a' && c <= 'z' }

// uppercaseVariations is 1 for a word without capitals; 2 for one
// capitalised first, last or throughout; otherwise the ways to choose up to
// min(U, L) of its U+L letters.
func uppercaseVariations(w []rune) float64 {
	u, l := 0, 0
	for _, c := range w {
		if isUpper(c) {
			u++
		} else if isLower(c) {
			l++
		}
	}
	if u == 0 {
		return 1
	}
	nonUpper := len(w) - u
	if len(w) >= 2 && isUpper(w[0]) && nonUpper == len(w)-1 || // Password
		len(w) >= 2 && isUpper(w[len(w)-1]) && nonUpper == len(w)-1 || // passworD
		l == 0 { // PASSWORD
		return 2
	}
	v := 0.0
	for i := 1; i <= min(u, l); i++ {
		v += nCk(u+l, i)
	}
	return v
}

// l33tVariations is, for each substitution of the match, 2 when every such
// letter is substituted, otherwise the ways to choose up to min(S, U) of
// the S substituted and U plain letters.
func l33tVariations(m *Match) float64 {
	if !m.L33t {
		return 1
	}
	v := 1.0
	lower := lowerRunes([]rune(m.Token))
	for subbed, plain := range m.sub {
		s, u := 0, 0
		for _, c := range lower {
			if c == subbed {
				s++
			}
			if c == plain {
				u++
			}
		}
		if s == 0 || u == 0 {
			v *= 2
			continue
		}
		p := 0.0
		for i := 1; i <= min(u, s); i++ {
			p += nCk(u+s, i)
		}
		v *= p
	}
	return v
}

// keyboardStats are the starting positions (keys) and average degree of
// qwerty, which stand for dvorak too, and of the keypad, which stands for
// the Mac keypad.
var keyboardStats = sync.OnceValue(func() (s [2]struct{ starts, degree float64 }) {
	g := keyboards()
	s[0].starts, s[0].degree = float64(len(g[0].adj)), g[0].averageDegree()
	s[1].starts, s[1].degree = float64(len(g[2].adj)), g[2].averageDegree()
	return s
})

// spatialGuesses counts the walks of the match's length or shorter with
// as many turns or fewer, times the ways to shift its shifted characters.
func spatialGuesses(m *Match) float64 {
	st := keyboardStats()[0]
	if m.Graph != "qwerty" && m.Graph != "dvorak" {
		st = keyboardStats()[1]
	}
	g := 0.0
	for i := 2; i <= m.n; i++ {
		for j := 1; j <= min(m.Turns, i-1); j++ {
			g += nCk(i-1, j-1) * st.starts * math.Pow(st.degree, float64(j))
		}
	}
	if s := m.ShiftedCount; s > 0 {
		u := m.n - s
		if u == 0 {
			g *= 2
		} else {
			v := 0.0
			for i := 1; i <= min(s, u); i++ {
				v += nCk(s+u, i)
			}
			g *= v
		}
	}
	return g
}

// sequenceGuesses is the guesses for the first character (4 for an obvious
// start such as a or 1, 10 for a digit, else 26), doubled for a descending
// sequence, times the length.
func sequenceGuesses(m *Match) float64 {
	first := []rune(m.Token)[0]
	base := 26.0
	switch {
	case first == 'a' || first == 'A' || first == 'z' || first == 'Z' || first == '0' || first == '1' || first == '9':
		base = 4
	case isDigit(first):
		base = 10
	}
	if !m.Ascending {
		base *= 2
	}
	return base * float64(m.n)
}

// nCk is the binomial coefficient, computed as zxcvbn does (in floating
// point, multiplying then dividing), so that results agree to the bit.
func nCk(n, k int) float64 {
	if k > n {
		return 0
	}
	if k == 0 {
		return 1
	}
	r, fn := 1.0, float64(n)
	for d := 1; d <= k; d++ {
		r *= fn
		r /= float64(d)
		fn--
	}
	return r
}
