package match

import (
	"math"
	"slices"
	"strings"

	"github.com/passtea/passtea/vault"
)

// MaxGap is the most bytes a fuzzy match may skip between two letters that
// do not start a word.
const MaxGap = 2

// The fields of an entry a query looks at, in the order of [Positions].
const (
	FieldName = iota
	FieldUsername
	FieldURL
	FieldTags // the tags joined by spaces
	numFields
)

// Tier says how an entry matched; a smaller tier ranks first. See the
// package documentation for the order.
type Tier uint8

// The tiers, best first.
const (
	TierNameExact Tier = iota
	TierNamePrefix
	TierNameWord
	TierNameSubstring
	TierOtherWord
	TierNameFuzzy
	TierOtherFuzzy
	noMatch
)

// Index holds entries prepared for matching. Build it with [NewIndex] when
// the entries change; it is read-only afterwards and safe for concurrent
// searches.
type Index struct {
	entries []vault.Entry
	fields  [][numFields]field
	masks   []uint64 // the bytes in each entry's fields, see byteMask
}

// field is one field of an entry: as shown (orig) and folded for matching,
// both from off on (the URL's scheme is skipped), and the bytes it holds.
type field struct {
	orig, folded string
	off          int
	mask         uint64
}

// NewIndex prepares entries for matching. The slice is kept, not copied.
func NewIndex(entries []vault.Entry) *Index {
	if len(entries) > math.MaxUint32 {
		panic("match: more entries than an index holds")
	}
	ix := &Index{entries: entries, fields: make([][numFields]field, len(entries)), masks: make([]uint64, len(entries))}
	for i, e := range entries {
		f := &ix.fields[i]
		f[FieldName] = newField(e.Name, 0)
		f[FieldUsername] = newField(e.Username, 0)
		f[FieldURL] = urlField(e.URLs)
		f[FieldTags] = newField(strings.Join(e.Tags, " "), 0)
		for _, fl := range f {
			ix.masks[i] |= fl.mask
		}
	}
	return ix
}

// urlField is the URL field of an entry: its first URL from after the
// scheme, or all of them (each without its scheme) joined by spaces.
func urlField(urls []string) field {
	switch len(urls) {
	case 0:
		return newField("", 0)
	case 1:
		return newField(urls[0], schemeEnd(urls[0]))
	}
	parts := make([]string, len(urls))
	for i, u := range urls {
		parts[i] = u[schemeEnd(u):]
	}
	return newField(strings.Join(parts, " "), 0)
}

func newField(s string, off int) field {
	folded := fold(s[off:])
	return field{orig: s[off:], folded: folded, off: off, mask: byteMask(folded)}
}

// byteMask is a set of the bytes of s in 64 bits: letters and digits one
// bit each, other bytes sharing the rest. A term can only match a field
// whose mask holds all of its own: most fields are passed over with one AND.
func byteMask(s string) uint64 {
	var m uint64
	for i := 0; i < len(s); i++ {
		m |= 1 << byteBit(s[i])
	}
	return m
}

func byteBit(c byte) uint {
	switch {
	case 'a' <= c && c <= 'z':
		return uint(c - 'a')
	case '0' <= c && c <= '9':
		return 26 + uint(c-'0')
	}
	return 36 + uint(c)%28
}

// schemeEnd returns where a URL's address starts, after "scheme://".
func schemeEnd(u string) int {
	i := strings.Index(u, "://")
	if i <= 0 || i > 16 {
		return 0
	}
	for _, c := range []byte(u[:i]) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.') {
			return 0
		}
	}
	return i + 3
}

// Query is a parsed query: its terms, folded. The zero Query matches every
// entry.
type Query struct {
	norm  string // the query in NFC, folded
	terms []string
	masks []uint64 // byteMask of each term
}

// Parse splits q into terms on white space, after putting it in NFC and
// folding its case.
func Parse(q string) Query {
	norm := fold(vault.NormalizeName(q))
	pq := Query{norm: norm, terms: strings.Fields(norm)}
	for _, t := range pq.terms {
		pq.masks = append(pq.masks, byteMask(t))
	}
	return pq
}

// Empty reports whether q has no terms (and so matches everything).
func (q Query) Empty() bool { return len(q.terms) == 0 }

// Extends reports whether q is p with more typed after it, so that every
// entry q matches, p matches too and q can be searched within p's hits.
// (Typing a combining accent changes the letter before it: "cafe" then
// U+0301 is "café", which does not extend "cafe".)
func (q Query) Extends(p Query) bool { return strings.HasPrefix(q.norm, p.norm) }

// Hit is an entry that matched a query.
type Hit struct {
	// Index is the entry's position in the Index.
	Index int
	// Tier says how it matched.
	Tier Tier
}

// Search returns the entries that match q, best first. With within not nil
// only those entries are tried: the hits (in any order) of a query that q
// extends ([Query.Extends]). An empty query returns every entry in its
// order.
func (ix *Index) Search(q Query, within []int) []Hit {
	// Each match is one number that sorts as the ranking does: the tier,
	// then the score, then the entry's own position.
	var keys []uint64
	try := func(i int) {
		if t, sc, ok := ix.score(i, q); ok {
			keys = append(keys, uint64(t)<<56|uint64(min(sc, 1<<24-1))<<32|uint64(i))
		}
	}
	if within != nil {
		for _, i := range within {
			try(i)
		}
	} else {
		for i := range ix.entries {
			try(i)
		}
	}
	slices.Sort(keys)
	hits := make([]Hit, len(keys))
	for j, k := range keys {
		hits[j] = Hit{Index: int(uint32(k)), Tier: Tier(k >> 56)}
	}
	return hits
}

// Entries returns the entries that match query, best first: Search for a
// caller that has no use for the index afterwards (passtea ls).
func Entries(entries []vault.Entry, query string) []vault.Entry {
	ix := NewIndex(entries)
	hits := ix.Search(Parse(query), nil)
	out := make([]vault.Entry, len(hits))
	for i, h := range hits {
		out[i] = entries[h.Index]
	}
	return out
}

// score rates entry i against every term of q: its worst tier and the sum
// of the scores.
func (ix *Index) score(i int, q Query) (Tier, int32, bool) {
	worst, total := TierNameExact, int32(0)
	for j, t := range q.terms {
		if ix.masks[i]&q.masks[j] != q.masks[j] {
			return noMatch, 0, false
		}
		tier, sc, _, _ := ix.best(i, t, q.masks[j], false)
		if tier == noMatch {
			return noMatch, 0, false
		}
		worst = max(worst, tier)
		total += sc
	}
	return worst, total, true
}

// best finds the best match of term t in entry i: its tier and score, and
// with where set the field and the byte offsets of the matched letters.
func (ix *Index) best(i int, t string, mask uint64, where bool) (Tier, int32, int, []int) {
	fs := &ix.fields[i]
	bestTier, bestScore, bestField := noMatch, int32(0), -1
	consider := func(tier Tier, sc int32, f int) {
		if tier < bestTier || tier == bestTier && sc < bestScore {
			bestTier, bestScore, bestField = tier, sc, f
		}
	}
	// Contiguous matches first; fuzzy ones only when there is none, since
	// they always rank below (and for one letter, a fuzzy match is a
	// contiguous one at the start of a word).
	for f := range numFields {
		if fs[f].mask&mask != mask {
			continue
		}
		k, sc := contiguous(&fs[f], t, f == FieldName)
		if k == kindSubstring && f != FieldName {
			k = noKind // other fields match at the start of a word only
		}
		if k != noKind {
			consider(contiguousTier(k, f == FieldName), sc, f)
		}
	}
	if bestTier == noMatch && len(t) > runeLen(t) {
		for f := range numFields {
			if fs[f].mask&mask != mask {
				continue
			}
			if gap, ok := fuzzy(&fs[f], t, nil); ok {
				tier := TierOtherFuzzy
				if f == FieldName {
					tier = TierNameFuzzy
				}
				consider(tier, int32(gap)*64+int32(len(fs[f].folded)), f)
			}
		}
	}
	if !where || bestField < 0 {
		return bestTier, bestScore, bestField, nil
	}
	return bestTier, bestScore, bestField, positions(&fs[bestField], t)
}

// Kinds of contiguous match in one field, best first.
type kind uint8

const (
	kindExact kind = iota // the field, or (name) a "/" group of it
	kindPrefix
	kindWord
	kindSubstring
	noKind
)

func contiguousTier(k kind, isName bool) Tier {
	if isName {
		return [...]Tier{TierNameExact, TierNamePrefix, TierNameWord, TierNameSubstring}[k]
	}
	return TierOtherWord
}

// contiguous finds t in f as a whole and returns how it matched and a score
// (smaller is better): the bytes of the field around the match, and its
// position. In a name, each "/" group counts as a name too.
func contiguous(f *field, t string, isName bool) (kind, int32) {
	s := f.folded
	first := strings.Index(s, t)
	if first < 0 {
		return noKind, 0
	}
	rest := int32(len(s) - len(t))
	if first == 0 && len(s) == len(t) {
		return kindExact, 0
	}
	best, bestScore := kindSubstring, rest+int32(first)+64
	for i := first; i >= 0; {
		if best <= kindPrefix || !isName && best == kindWord {
			break // nothing later can do better
		}
		end := i + len(t)
		whole := end == len(s) || isSep(f.orig[end])
		group := i == 0 || isName && s[i-1] == '/'
		var k kind
		var sc int32
		switch {
		case group && (end == len(s) || isName && s[end] == '/'):
			k, sc = kindExact, int32(i)
		case group:
			k, sc = kindPrefix, rest+int32(i)
		case wordStart(f.orig, i):
			k, sc = kindWord, rest+int32(i)
		default:
			k, sc = kindSubstring, rest+int32(i)
		}
		if !whole {
			sc += 32 // "zoom admin" before "zoominfo"
		}
		if k < best || k == best && sc < bestScore {
			best, bestScore = k, sc
		}
		next := strings.Index(s[i+1:], t)
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return best, bestScore
}

// fuzzy matches t in f within the limits of the package documentation and
// returns the fewest bytes skipped over every start. Offsets of the letters
// are appended to pos when it is not nil.
func fuzzy(f *field, t string, pos *[]int) (int, bool) {
	s, o := f.folded, f.orig
	r0 := runeLen(t)
	bestGap, bestStart := -1, -1
	for from := 0; ; {
		k := strings.Index(s[from:], t[:r0])
		if k < 0 {
			break
		}
		start := from + k
		from = start + 1
		if !wordStart(o, start) {
			continue
		}
		if gap, ok := fuzzyFrom(s, o, t, start, nil); ok && (bestGap < 0 || gap < bestGap) {
			bestGap, bestStart = gap, start
			if gap == 0 {
				break
			}
		}
	}
	if bestGap < 0 {
		return 0, false
	}
	if pos != nil {
		fuzzyFrom(s, o, t, bestStart, pos)
	}
	return bestGap, true
}

// fuzzyFrom matches t in s with its first letter at start, each next letter
// at the nearest place the limits allow.
func fuzzyFrom(s, o, t string, start int, pos *[]int) (int, bool) {
	n := runeLen(t)
	if pos != nil {
		*pos = append(*pos, start)
	}
	at, gap := start+n, 0
	for j := n; j < len(t); {
		n = runeLen(t[j:])
		r := t[j : j+n]
		k := strings.Index(s[at:], r)
		if k < 0 {
			return 0, false
		}
		next := at + k
		if k > MaxGap && !wordStart(o, next) {
			// Too far for a skip: the letter must start a word.
			found := false
			for next++; next < len(s); next++ {
				if k := strings.Index(s[next:], r); k < 0 {
					break
				} else {
					next += k
				}
				if wordStart(o, next) {
					found = true
					break
				}
			}
			if !found {
				return 0, false
			}
		}
		gap += next - at
		if pos != nil {
			*pos = append(*pos, next)
		}
		at = next + n
		j += n
	}
	return gap, true
}

// positions returns the byte offsets, in the field as the entry holds it
// (with a URL's scheme), of the letters t matched in f.
func positions(f *field, t string) []int {
	var pos []int
	if strings.Contains(f.folded, t) {
		i := bestOccurrence(f, t)
		for j := 0; j < len(t); j += runeLen(t[j:]) {
			pos = append(pos, i+j)
		}
	} else if _, ok := fuzzy(f, t, &pos); !ok {
		return nil
	}
	for j := range pos {
		pos[j] += f.off
	}
	return pos
}

// bestOccurrence is the occurrence of t in f that contiguous ranks best:
// at the start of a group or word if there is one, else the first.
func bestOccurrence(f *field, t string) int {
	s := f.folded
	first := strings.Index(s, t)
	for i := first; i >= 0; {
		if wordStart(f.orig, i) {
			return i
		}
		next := strings.Index(s[i+1:], t)
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return first
}

// Positions returns, for entry i, the byte offsets in each field (Name,
// Username, URL, Tags joined by spaces, as in the entry) of the letters
// each term of q matched, sorted, for highlighting.
func (ix *Index) Positions(i int, q Query) [numFields][]int {
	var out [numFields][]int
	for j, t := range q.terms {
		tier, _, f, pos := ix.best(i, t, q.masks[j], true)
		if tier == noMatch {
			continue
		}
		out[f] = append(out[f], pos...)
	}
	for f := range out {
		slices.Sort(out[f])
		out[f] = slices.Compact(out[f])
	}
	return out
}
