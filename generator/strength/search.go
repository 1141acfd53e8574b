package strength

// This file finds the sequence of matches that explains the whole password
// with the fewest guesses.

import (
	"math"
	"slices"
)

// sortMatches orders matches by first index, then last, keeping the order
// of equal ones (which decides between equally good sequences).
func sortMatches(ms []*Match) {
	slices.SortStableFunc(ms, func(a, b *Match) int {
		if a.I != b.I {
			return a.I - b.I
		}
		return a.J - b.J
	})
}

// factorial is n! in floating point.
func factorial(n int) float64 {
	f := 1.0
	for i := 2; i <= n; i++ {
		f *= float64(i)
	}
	return f
}

// slot is the best sequence of l matches found for a prefix of the
// password: where its last match starts, that match (nil for a bruteforce
// run), the product of its matches' guesses, and its guesses g.
type slot struct {
	l, i  int
	m     *Match
	pi, g float64
}

// mostGuessable is zxcvbn's search: among all sequences of non-overlapping
// matches and bruteforce runs covering pw, the one that minimises
//
//	g = l! · ∏ guesses(m) + D^(l−1)
//
// where l is the number of matches: the attacker must guess each part, in
// any of l! orders, after trying shorter sequences (D = 10,000 guesses per
// extra part). The dynamic programme keeps, for each prefix and each l, the
// best sequence ending there, in O(l_max · (n² + matches)) steps.
//
// It tries n(n+1)/2 bruteforce runs and keeps a few; a run becomes a
// Match only in the sequence returned (a Match for each run tried was 60
// KB of the 71 KB an audit allocated for each entry of 20 characters).
func (e *estimator) mostGuessable(pw []rune, matches []*Match) (float64, []*Match) {
	n := len(pw)
	if n == 0 {
		return 1, nil
	}
	byJ := make([][]*Match, n)
	for _, m := range matches {
		byJ[m.J] = append(byJ[m.J], m)
	}
	for _, ms := range byJ {
		slices.SortStableFunc(ms, func(a, b *Match) int { return a.I - b.I })
	}
	// best[k] holds the slots of the prefix pw[:k+1], by ascending l.
	best := make([][]slot, n)
	// update records m (nil for a bruteforce run), from i to k with
	// guesses mg, as the last of a sequence of l matches, unless a
	// sequence found for pw[:k+1] with as few matches has as few guesses.
	update := func(i, k int, m *Match, mg float64, l int) {
		pi := mg
		if l > 1 {
			pi *= slotOf(best[i-1], l-1).pi
		}
		g := factorial(l)*pi + math.Pow(minGuessesBeforeGrowing, float64(l-1))
		for _, c := range best[k] {
			if c.l <= l && c.g <= g {
				return
			}
		}
		s := slot{l, i, m, pi, g}
		at, found := slices.BinarySearchFunc(best[k], l, func(c slot, l int) int { return c.l - l })
		if found {
			best[k][at] = s
		} else {
			best[k] = slices.Insert(best[k], at, s)
		}
	}
	for k := range n {
		for _, m := range byJ[k] {
			mg := e.guessesOf(m, n)
			if m.I == 0 {
				update(0, k, m, mg, 1)
				continue
			}
			for _, s := range best[m.I-1] {
				update(m.I, k, m, mg, s.l+1)
			}
		}
		// Bruteforce runs ending at k: alone, or after a sequence that
		// does not itself end with one (a single longer run is better).
		// A run's guesses are above any floor of guessesOf.
		update(0, k, nil, bruteforceGuesses(k+1), 1)
		for i := 1; i <= k; i++ {
			bg := bruteforceGuesses(k - i + 1)
			for _, s := range best[i-1] {
				if s.m != nil {
					update(i, k, nil, bg, s.l+1)
				}
			}
		}
	}
	// The fewest guesses over all lengths, the shortest on ties.
	last := best[n-1][0]
	for _, s := range best[n-1][1:] {
		if s.g < last.g {
			last = s
		}
	}
	seq := make([]*Match, last.l)
	for k, l := n-1, last.l; k >= 0; l-- {
		s := slotOf(best[k], l)
		m := s.m
		if m == nil {
			m = &Match{Pattern: Bruteforce, I: s.i, J: k, n: k - s.i + 1, Token: string(pw[s.i : k+1]), Guesses: bruteforceGuesses(k - s.i + 1)}
		}
		seq[l-1] = m
		k = s.i - 1
	}
	return last.g, seq
}

// slotOf returns the slot for l, which the search guarantees exists.
func slotOf(slots []slot, l int) slot {
	for _, s := range slots {
		if s.l == l {
			return s
		}
	}
	panic("strength: no sequence of that length")
}
