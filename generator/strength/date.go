package strength

// This file matches dates: day, month and year in some order, with or
// without separators (1.1.91, 11/11/1991, 19911111).

// The years a date may have.
const (
	dateMinYear = 1000
	dateMaxYear = 2050
)

// dateSplits are where zxcvbn 4.4.2 cuts a string of 4 to 8 digits into
// three numbers (indexed by the length): the second starts at k, the
// third at l.
var dateSplits = [9][][2]int{
	4: {{1, 2}, {2, 3}},                 // 1 1 91, 91 1 1
	5: {{1, 3}, {2, 3}},                 // 1 11 91, 11 1 91
	6: {{1, 2}, {2, 4}, {4, 5}},         // 1 1 1991, 11 11 91, 1991 1 1
	7: {{1, 3}, {2, 3}, {4, 5}, {4, 6}}, // 1 11 1991, 11 1 1991, 1991 1 11, 1991 11 1
	8: {{2, 4}, {4, 6}},                 // 11 11 1991, 1991 11 11
}

// jsSpace reports whether JavaScript's \s matches c.
func jsSpace(c rune) bool {
	switch c {
	case '\t', '\n', '\v', '\f', '\r', ' ', '\u00a0', '\u1680', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff':
		return true
	}
	return c >= '\u2000' && c <= '\u200a'
}

func dateSeparator(c rune) bool {
	return jsSpace(c) || c == '/' || c == '\\' || c == '_' || c == '.' || c == '-'
}

func atoi(ds []rune) int {
	n := 0
	for _, c := range ds {
		n = n*10 + int(c-'0')
	}
	return n
}

// digitRun is how many digits start s.
func digitRun(s []rune) int {
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	return n
}

type dmy struct{ day, month, year int }

// dateMatches finds every substring that reads as a date, then drops those
// inside another. A string of digits can read as several dates: the one
// whose year is closest to the reference year is kept.
func dateMatches(pw []rune, refYear int) []*Match {
	var out []*Match
	// Without separators: 4 to 8 digits.
	for i := range pw {
		for j := i + 3; j <= i+7 && j < len(pw); j++ {
			tok := pw[i : j+1]
			if digitRun(tok) != len(tok) {
				continue
			}
			var best dmy
			bestDist, found := 0, false
			for _, kl := range dateSplits[len(tok)] {
				d, ok := intsToDMY([3]int{atoi(tok[:kl[0]]), atoi(tok[kl[0]:kl[1]]), atoi(tok[kl[1]:])})
				if !ok {
					continue
				}
				dist := max(d.year-refYear, refYear-d.year)
				if !found || dist < bestDist {
					best, bestDist, found = d, dist, true
				}
			}
			if found {
				out = append(out, dateMatch(pw, i, j, "", best))
			}
		}
	}
	// With separators: 6 to 10 characters, digits{1,4} sep digits{1,2}
	// sep digits{1,4}, the same separator twice.
	for i := range pw {
		for j := i + 5; j <= i+9 && j < len(pw); j++ {
			tok := pw[i : j+1]
			a := digitRun(tok)
			if a < 1 || a > 4 || a+1 >= len(tok) || !dateSeparator(tok[a]) {
				continue
			}
			sep := tok[a]
			b := digitRun(tok[a+1:])
			if b < 1 || b > 2 || a+1+b >= len(tok) || tok[a+1+b] != sep {
				continue
			}
			rest := tok[a+2+b:]
			c := digitRun(rest)
			if c < 1 || c > 4 || c != len(rest) {
				continue
			}
			d, ok := intsToDMY([3]int{atoi(tok[:a]), atoi(tok[a+1 : a+1+b]), atoi(rest)})
			if ok {
				out = append(out, dateMatch(pw, i, j, string(sep), d))
			}
		}
	}
	// Drop the dates inside others: 2015_06_04 also holds 15_06_04 and
	// 2015 (read as 5/1/2020).
	kept := out[:0:0]
	for _, m := range out {
		inside := false
		for _, o := range out {
			if o != m && o.I <= m.I && o.J >= m.J {
				inside = true
				break
			}
		}
		if !inside {
			kept = append(kept, m)
		}
	}
	sortMatches(kept)
	return kept
}

func dateMatch(pw []rune, i, j int, sep string, d dmy) *Match {
	return &Match{
		Pattern: Date, I: i, J: j, n: j - i + 1, Token: string(pw[i : j+1]),
		Separator: sep, Year: d.year, Month: d.month, Day: d.day,
	}
}

// intsToDMY reads three numbers as a date, as zxcvbn 4.4.2's
// map_ints_to_dmy: the middle one is never the year; a four-digit year
// comes first or last; otherwise a two-digit year does, 51–99 meaning
// 1951–1999 and 0–50 meaning 2000–2050.
func intsToDMY(ints [3]int) (dmy, bool) {
	if ints[1] > 31 || ints[1] <= 0 {
		return dmy{}, false
	}
	over12, over31, under1 := 0, 0, 0
	for _, n := range ints {
		if 99 < n && n < dateMinYear || n > dateMaxYear {
			return dmy{}, false
		}
		if n > 31 {
			over31++
		}
		if n > 12 {
			over12++
		}
		if n <= 0 {
			under1++
		}
	}
	if over31 >= 2 || over12 == 3 || under1 >= 2 {
		return dmy{}, false
	}
	splits := [2]struct {
		year int
		rest [2]int
	}{
		{ints[2], [2]int{ints[0], ints[1]}}, // year last
		{ints[0], [2]int{ints[1], ints[2]}}, // year first
	}
	for _, s := range splits {
		if dateMinYear <= s.year && s.year <= dateMaxYear {
			day, month, ok := intsToDM(s.rest)
			if !ok {
				return dmy{}, false
			}
			return dmy{day, month, s.year}, true
		}
	}
	for _, s := range splits {
		if day, month, ok := intsToDM(s.rest); ok {
			y := s.year
			switch {
			case y > 99:
			case y > 50:
				y += 1900
			default:
				y += 2000
			}
			return dmy{day, month, y}, true
		}
	}
	return dmy{}, false
}

// intsToDM reads two numbers as day and month, in either order.
func intsToDM(ints [2]int) (day, month int, ok bool) {
	for _, dm := range [2][2]int{ints, {ints[1], ints[0]}} {
		if 1 <= dm[0] && dm[0] <= 31 && 1 <= dm[1] && dm[1] <= 12 {
			return dm[0], dm[1], true
		}
	}
	return 0, 0, false
}
