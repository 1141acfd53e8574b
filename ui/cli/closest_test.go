// Tests of the "did you mean" suggestions: editDistance and closestNames.

package cli

import (
	"slices"
	"testing"

	"github.com/passtea/passtea/vault"
)

func TestEditDistance(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"abc", "", 3},
		{"", "abc", 3},
		{"abc", "abc", 0},
		{"kitten", "sitting", 3},
		{"flaw", "lawn", 2},
		{"github", "gihtub", 2},
		{"github", "githb", 1},
		{"gitlab", "github", 2},
		{"abc", "xabcx", 2},
		{"Bank", "bank", 1}, // case matters here; closestNames lowers both
		{"é", "e", 2},       // bytes, not runes
	} {
		if got := editDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if got := editDistance(tc.b, tc.a); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d (not symmetric)", tc.b, tc.a, got, tc.want)
		}
	}
}

func TestClosestNames(t *testing.T) {
	t.Parallel()
	// In vault order (sorted by name), as v.Entries() returns them.
	var entries []vault.Entry
	for _, n := range []string{"bank", "mail", "personal/github", "shop/amazon", "work/github", "work/gitlab"} {
		entries = append(entries, vault.Entry{Name: n})
	}
	for _, tc := range []struct {
		name string
		n    int
		want []string
	}{
		// A typo of the last part; ties keep the vault's order.
		{"githb", 3, []string{"personal/github", "work/github", "work/gitlab"}},
		{"githb", 1, []string{"personal/github"}},
		{"githb", 0, nil},
		// Containing the name counts as closest, whatever the case.
		{"GITHUB", 3, []string{"personal/github", "work/github", "work/gitlab"}},
		{"work", 3, []string{"work/github", "work/gitlab"}},
		{"amazon", 3, []string{"shop/amazon"}},
		{"amazom", 3, []string{"shop/amazon"}},
		// A name that contains an entry's name.
		{"work/github/2fa", 3, []string{"work/github"}},
		// A typo of the whole name.
		{"wrok/github", 3, []string{"work/github"}},
		{"mial", 3, []string{"mail"}},
		{"bnak", 3, []string{"bank"}},
		// Too far: no suggestion (at most max(2, len/3) edits).
		{"zzzzzz", 3, nil},
		{"qwxz", 3, nil},
		{"teleport", 3, nil},
	} {
		got := closestNames(entries, tc.name, tc.n)
		if !slices.Equal(got, tc.want) {
			t.Errorf("closestNames(%q, %d) = %q, want %q", tc.name, tc.n, got, tc.want)
		}
	}
	if got := closestNames(nil, "x", 3); len(got) != 0 {
		t.Errorf("closestNames of no entries = %q", got)
	}
}

func TestQuoteList(t *testing.T) {
	t.Parallel()
	if got := quoteList([]string{"a", `b"c`}); got != `"a", "b\"c"` {
		t.Errorf("quoteList = %s", got)
	}
}
