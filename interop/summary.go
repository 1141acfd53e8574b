// This file holds the summary of an import: counts per kind and
// everything dropped or changed, entry by entry.

package interop

import (
	"cmp"
	"fmt"
	"slices"
)

// KindCount is how many entries of one kind an import has.
type KindCount struct {
	Kind  Kind
	Count int
}

// Summary is what an import says before (--dry-run) or after it runs.
type Summary struct {
	Format  string
	Entries int
	// Kinds counts entries per kind, most first (then by kind).
	Kinds []KindCount
	// Dropped, Changed and Skipped are one line each, naming the entry
	// by its place and name.
	Dropped []string
	Changed []string
	Skipped []string
	Notes   []string
}

// Summary counts the import's entries per kind and lists, entry by entry,
// what was dropped or changed and which records were skipped.
func (im *Import) Summary() Summary {
	s := Summary{Format: im.Format, Entries: len(im.Entries), Notes: im.Notes}
	counts := map[Kind]int{}
	for i := range im.Entries {
		e := &im.Entries[i]
		k := e.Kind
		if k == "" {
			k = Login
		}
		counts[k]++
		for _, d := range e.Dropped {
			s.Dropped = append(s.Dropped, fmt.Sprintf("%s %q: %s", printable(e.Place), e.Name, d))
		}
		for _, c := range e.Changed {
			s.Changed = append(s.Changed, fmt.Sprintf("%s %q: %s", printable(e.Place), e.Name, c))
		}
	}
	for _, sk := range im.Skipped {
		s.Skipped = append(s.Skipped, fmt.Sprintf("%s %q: %s", printable(sk.Place), sk.Name, sk.Reason))
	}
	for k, n := range counts {
		s.Kinds = append(s.Kinds, KindCount{k, n})
	}
	slices.SortFunc(s.Kinds, func(a, b KindCount) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Compare(a.Kind, b.Kind)
	})
	return s
}

// Lines renders the summary for a terminal, one line each: the counts,
// then what was not kept, what was changed, what was skipped, and the
// notes. Source text in it is quoted (%q), so it holds no raw control
// characters.
func (s Summary) Lines() []string {
	line := fmt.Sprintf("%d %s from %s", s.Entries, plural(s.Entries, "entry", "entries"), s.Format)
	for i, k := range s.Kinds {
		sep := ", "
		if i == 0 {
			sep = ": "
		}
		line += fmt.Sprintf("%s%d %s", sep, k.Count, k.Kind)
	}
	out := []string{line}
	section := func(title string, lines []string) {
		if len(lines) > 0 {
			out = append(out, fmt.Sprintf("%s (%d):", title, len(lines)))
			for _, l := range lines {
				out = append(out, "  "+l)
			}
		}
	}
	section("not kept (passtea cannot hold it)", s.Dropped)
	section("changed to fit", s.Changed)
	section("skipped", s.Skipped)
	out = append(out, s.Notes...)
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
