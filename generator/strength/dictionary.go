package strength

// This file matches words of the frequency lists and of the user's inputs:
// as typed, reversed, and with l33t substitutions undone.

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// words is what the dictionary matchers look words up in.
type words struct {
	lx      *lexicon
	user    map[string]int // user input word → rank
	userMax int            // characters in the longest user input word
}

// lowerRunes lowercases each character by itself, so that indices stay
// those of the password.
func lowerRunes(pw []rune) []rune {
	out := make([]rune, len(pw))
	for i, c := range pw {
		out[i] = unicode.ToLower(c)
	}
	return out
}

// dictionaryMatches finds every substring of pw that is a word, looking up
// its lowercase form. When subbed is not nil, only substrings holding a
// position where subbed is true are looked up (the l33t matcher's). Matches
// come sorted by i, then j, then list order.
func (w *words) dictionaryMatches(pw []rune, subbed []bool) []*Match {
	lower := lowerRunes(pw)
	// The lowercase password as UTF-8, and where each character starts,
	// so that a substring is looked up without allocating.
	buf := make([]byte, 0, len(lower)*2)
	offs := make([]int, len(lower)+1)
	for i, c := range lower {
		offs[i] = len(buf)
		buf = utf8.AppendRune(buf, c)
	}
	offs[len(lower)] = len(buf)
	// nextSub[i] is the first subbed position at or after i.
	var nextSub []int
	if subbed != nil {
		nextSub = make([]int, len(pw)+1)
		nextSub[len(pw)] = len(pw)
		for i := len(pw) - 1; i >= 0; i-- {
			nextSub[i] = nextSub[i+1]
			if subbed[i] {
				nextSub[i] = i
			}
		}
	}
	maxLen := max(w.lx.maxLen, w.userMax)
	var out []*Match
	for i := range pw {
		j0 := i
		if subbed != nil {
			j0 = nextSub[i]
		}
		for j := j0; j < len(pw) && j-i < maxLen; j++ {
			key := buf[offs[i]:offs[j+1]]
			if j-i < w.lx.maxLen {
				for d, rank := range w.lx.ranks(key) {
					if rank > 0 {
						out = append(out, dictMatch(pw, i, j, string(key), listNames[d], int(rank)))
					}
				}
			}
			if j-i < w.userMax {
				if rank, ok := w.user[string(key)]; ok {
					out = append(out, dictMatch(pw, i, j, string(key), userInputsName, rank))
				}
			}
		}
	}
	return out
}

func dictMatch(pw []rune, i, j int, word, list string, rank int) *Match {
	return &Match{
		Pattern: Dictionary, I: i, J: j, n: j - i + 1, Token: string(pw[i : j+1]),
		MatchedWord: word, DictionaryName: list, Rank: rank,
	}
}

// reversedMatches finds words written backwards.
func (w *words) reversedMatches(pw []rune) []*Match {
	rev := slices.Clone(pw)
	slices.Reverse(rev)
	ms := w.dictionaryMatches(rev, nil)
	n := len(pw)
	for _, m := range ms {
		m.I, m.J = n-1-m.J, n-1-m.I
		m.Token = string(pw[m.I : m.J+1])
		m.Reversed = true
	}
	sortMatches(ms)
	return ms
}

// l33tTable is zxcvbn 4.4.2's table of substitutions: each letter with the
// characters that may stand for it.
var l33tTable = []struct {
	letter rune
	subs   string
}{
	{'a', "4@"}, {'b', "8"}, {'c', "({[<"}, {'e', "3"}, {'g', "69"},
	{'i', "1!|"}, {'l', "1|7"}, {'o', "0"}, {'s', "$5"}, {'t', "+7"},
	{'x', "%"}, {'z', "2"},
}

// l33tSub is one way of reading the password's substitutions: pairs of
// the character typed and the letter it stands for.
type l33tSub [][2]rune

// l33tSubs lists the ways of reading pw's l33t characters that zxcvbn
// 4.4.2 tries (enumerate_l33t_subs over relevant_l33t_subtable): letter by
// letter, each way is extended with each character that may stand for the
// letter and is in pw; a character already standing for another letter
// gives both readings. A letter's characters never mix in one reading
// ("p@ss4" reads either @ or 4 as a). There are at most a few hundred.
func l33tSubs(pw []rune) []l33tSub {
	subs := []l33tSub{nil}
	for _, row := range l33tTable {
		var next []l33tSub
		for _, c := range row.subs {
			if !slices.Contains(pw, c) {
				continue
			}
			for _, sub := range subs {
				dup := slices.IndexFunc(sub, func(p [2]rune) bool { return p[0] == c })
				if dup < 0 {
					next = append(next, append(slices.Clip(sub), [2]rune{c, row.letter}))
					continue
				}
				alt := slices.Delete(slices.Clone(sub), dup, dup+1)
				next = append(next, sub, append(alt, [2]rune{c, row.letter}))
			}
		}
		if next != nil {
			subs = dedupSubs(next)
		}
	}
	if len(subs[0]) == 0 {
		return nil
	}
	return subs[:min(len(subs), maxL33tSubs)]
}

// maxL33tSubs bounds the readings tried: each costs a dictionary pass over
// the password. Passwords people choose have few (11,600 of the comparison
// corpus: 66 at most, 8 or fewer for 99%); a string of every l33t
// character has 736, which would take a second.
const maxL33tSubs = 128

// dedupSubs drops readings that hold the same pairs as an earlier one.
func dedupSubs(subs []l33tSub) []l33tSub {
	seen := map[string]bool{}
	out := subs[:0:0]
	for _, sub := range subs {
		s := slices.Clone(sub)
		slices.SortFunc(s, func(a, b [2]rune) int {
			if a[0] != b[0] {
				return int(a[0] - b[0])
			}
			return int(a[1] - b[1])
		})
		key := string(runesOf(s))
		if !seen[key] {
			seen[key] = true
			out = append(out, sub)
		}
	}
	return out
}

func runesOf(pairs [][2]rune) []rune {
	out := make([]rune, 0, 2*len(pairs))
	for _, p := range pairs {
		out = append(out, p[0], p[1])
	}
	return out
}

// l33tMatches finds words typed with substitutions (p4ssw0rd): for each
// reading, the words of the translated password that hold at least one
// substituted character and are longer than one character. A word found
// by several readings is reported once.
func (w *words) l33tMatches(pw []rune) []*Match {
	type key struct {
		i, j int
		list string
		word string
	}
	seen := map[key]bool{}
	var out []*Match
	translated := make([]rune, len(pw))
	subbed := make([]bool, len(pw))
	for _, sub := range l33tSubs(pw) {
		for k, c := range pw {
			translated[k], subbed[k] = c, false
			for _, p := range sub {
				if p[0] == c {
					translated[k], subbed[k] = p[1], true
					break
				}
			}
		}
		for _, m := range w.dictionaryMatches(translated, subbed) {
			if m.n < 2 {
				continue
			}
			k := key{m.I, m.J, m.DictionaryName, m.MatchedWord}
			if seen[k] {
				continue
			}
			seen[k] = true
			token := pw[m.I : m.J+1]
			m.Token = string(token)
			m.L33t = true
			m.sub = map[rune]rune{}
			for _, p := range sub {
				if slices.Contains(token, p[0]) {
					m.sub[p[0]] = p[1]
				}
			}
			out = append(out, m)
		}
	}
	sortMatches(out)
	return out
}
