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
// password: its last match, the product of its matches' guesses, and its
// guesses g.
type slot struct {
	l     int
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
	update := func(m *Match, l int) {
		k := m.J
		pi := e.guessesOf(m, n)
		if l > 1 {
			pi *= slotOf(best[m.I-1], l-1).pi
		}
		g := factorial(l)*pi + math.Pow(minGuessesBeforeGrowing, float64(l-1))
		for _, c := range best[k] {
			if c.l <= l && c.g <= g {
				return
			}
		}
		s := slot{l, m, pi, g}
		at, found := slices.BinarySearchFunc(best[k], l, func(c slot, l int) int { return c.l - l })
		if found {
			best[k][at] = s
		} else {
			best[k] = slices.Insert(best[k], at, s)
		}
	}
	bruteforce := func(i, j int) *Match {
		return &Match{Pattern: Bruteforce, I: i, J: j, n: j - i + 1, Token: string(pw[i : j+1])}
	}
	for k := range n {
		for _, m := range byJ[k] {
			if m.I == 0 {
				update(m, 1)
				continue
			}
			for _, s := range best[m.I-1] {
				update(m, s.l+1)
			}
		}
		// Bruteforce runs ending at k: alone, or after a sequence that
		// does not itself end with one (a single longer run is better).
		update(bruteforce(0, k), 1)
		for i := 1; i <= k; i++ {
			m := bruteforce(i, k)
			for _, s := range best[i-1] {
				if s.m.Pattern != Bruteforce {
					update(m, s.l+1)
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
		m := slotOf(best[k], l).m
		seq[l-1] = m
		k = m.I - 1
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
