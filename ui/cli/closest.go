package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/passtea/passtea/vault"
)

// closestNames returns up to n entry names close to name: those containing
// it first, then by edit distance, within a third of the name's length.
func closestNames(entries []vault.Entry, name string, n int) []string {
	type cand struct {
		name string
		dist int
	}
	lower := strings.ToLower(name)
	limit := max(2, len(name)/3)
	var cands []cand
	for _, e := range entries {
		l := strings.ToLower(e.Name)
		d := editDistance(lower, l)
		if lower != "" && strings.Contains(l, lower) {
			d = 0
		}
		if base := l[strings.LastIndex(l, "/")+1:]; editDistance(lower, base) < d {
			d = editDistance(lower, base)
		}
		if d <= limit {
			cands = append(cands, cand{e.Name, d})
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return a.dist - b.dist })
	out := make([]string, 0, n)
	for _, c := range cands[:min(n, len(cands))] {
		out = append(out, c.name)
	}
	return out
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
