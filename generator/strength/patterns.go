package strength

// This file matches keyboard walks, sequences and recent years.

import "strings"

// shiftedChars are the characters typed with shift on qwerty and dvorak.
const shiftedChars = `~!@#$%^&*()_+QWERTYUIOP{}|ASDFGHJKL:"ZXCVBNM<>?`

// spatialMatches finds walks of three or more adjacent keys on each layout,
// counting turns (changes of direction; a walk starts with one) and
// shifted characters.
func spatialMatches(pw []rune) []*Match {
	var out []*Match
	for _, g := range keyboards() {
		i := 0
		for i < len(pw)-1 {
			j := i + 1
			last, turns, shifted := -1, 0, 0
			if g.slanted && strings.ContainsRune(shiftedChars, pw[i]) {
				shifted = 1
			}
			for {
				found := false
				if j < len(pw) {
					for dir, key := range g.adj[pw[j-1]] {
						k := strings.IndexRune(key, pw[j])
						if key == "" || k < 0 {
							continue
						}
						found = true
						if k == 1 {
							shifted++
						}
						if dir != last {
							turns++
							last = dir
						}
						break
					}
				}
				if found {
					j++
					continue
				}
				if j-i > 2 {
					out = append(out, &Match{
						Pattern: Spatial, I: i, J: j - 1, n: j - i, Token: string(pw[i:j]),
						Graph: g.name, Turns: turns, ShiftedCount: shifted,
					})
				}
				i = j
				break
			}
		}
	}
	sortMatches(out)
	return out
}

// maxSequenceDelta is the largest step between characters of a sequence.
const maxSequenceDelta = 5

// sequenceMatches finds runs of characters whose code points change by the
// same step, of 1 to 5 either way: runs of three or more, or of two with a
// step of one.
func sequenceMatches(pw []rune) []*Match {
	var out []*Match
	if len(pw) == 1 {
		return nil
	}
	add := func(i, j, delta int) {
		abs := max(delta, -delta)
		if (j-i > 1 || abs == 1) && abs > 0 && abs <= maxSequenceDelta {
			token := pw[i : j+1]
			name := "unicode"
			switch {
			case allIn(token, 'a', 'z'):
				name = "lower"
			case allIn(token, 'A', 'Z'):
				name = "upper"
			case allIn(token, '0', '9'):
				name = "digits"
			}
			out = append(out, &Match{
				Pattern: Sequence, I: i, J: j, n: j - i + 1, Token: string(token),
				SequenceName: name, Ascending: delta > 0,
			})
		}
	}
	i, last := 0, 0
	for k := 1; k < len(pw); k++ {
		delta := int(pw[k]) - int(pw[k-1])
		if k == 1 {
			last = delta
		}
		if delta == last {
			continue
		}
		add(i, k-1, last)
		i, last = k-1, delta
	}
	if len(pw) > 1 {
		add(i, len(pw)-1, last)
	}
	return out
}

func allIn(s []rune, lo, hi rune) bool {
	for _, c := range s {
		if c < lo || c > hi {
			return false
		}
	}
	return len(s) > 0
}

func isDigit(c rune) bool { return c >= '0' && c <= '9' }

// yearMatches finds recent years as zxcvbn 4.4.2's regular expression
// /19\d\d|200\d|201\d/g does: left to right, without overlaps. (4.4.2
// stops at 2019; later years are found as dates.)
func yearMatches(pw []rune) []*Match {
	var out []*Match
	for i := 0; i+4 <= len(pw); {
		t := pw[i : i+4]
		if isDigit(t[2]) && isDigit(t[3]) && (t[0] == '1' && t[1] == '9' || t[0] == '2' && t[1] == '0' && (t[2] == '0' || t[2] == '1')) {
			out = append(out, &Match{Pattern: Regex, I: i, J: i + 3, n: 4, Token: string(t), RegexName: "recent_year", Year: atoi(t)})
			i += 4
			continue
		}
		i++
	}
	return out
}
