package strength

// This file matches repeated strings (aaa, abcabc), the way zxcvbn 4.4.2's
// regular expressions /(.+)\1+/ (greedy) and /(.+?)\1+/ (lazy) find them.

import "slices"

// lineBreak reports whether JavaScript's "." refuses c.
func lineBreak(c rune) bool {
	return c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029'
}

// repeatsAt reports how many times pw[s:s+l] follows itself from s, 0 if
// not at all.
func repeatsAt(pw []rune, s, l int) int {
	k := 0
	for e := s + l; e+l <= len(pw) && slices.Equal(pw[s:s+l], pw[e:e+l]); e += l {
		k++
	}
	return k
}

// repeatAt finds the repeat the regular expressions find when they start
// at s: the longest (greedy) or shortest (lazy) base that follows itself,
// and the length of the whole match. ok is false when none does.
func repeatAt(pw []rune, s int, greedy bool) (base, length int, ok bool) {
	run := 0 // characters "." may take from s
	for s+run < len(pw) && !lineBreak(pw[s+run]) {
		run++
	}
	maxL := min(run, len(pw)-s) / 2
	for n := 1; n <= maxL; n++ {
		l := n
		if greedy {
			l = maxL + 1 - n
		}
		if k := repeatsAt(pw, s, l); k > 0 {
			return l, l * (k + 1), true
		}
	}
	return 0, 0, false
}

// period is the shortest base that tok is made of, as /^(.+?)\1+$/ finds.
func period(tok []rune) int {
	for l := 1; l <= len(tok)/2; l++ {
		if len(tok)%l == 0 && repeatsAt(tok, 0, l) == len(tok)/l-1 {
			return l
		}
	}
	return len(tok)
}

// repeatMatches finds repeats left to right: at the first place where a
// string follows itself, the greedy match if it is longer than the lazy one
// (aabaab: "aab" twice, not "a" twice), with its shortest base, else the
// lazy one (aaaaa: "a" five times); then from the end of that match. The
// base is estimated by itself, recursively, and the guesses of the repeat
// are its guesses times the count.
func (e *estimator) repeatMatches(pw []rune) []*Match {
	var out []*Match
	for from := 0; from < len(pw); {
		s := from
		var gl, ll, lbase int
		found := false
		for ; s < len(pw); s++ {
			if _, gl, found = repeatAt(pw, s, true); found {
				lbase, ll, _ = repeatAt(pw, s, false)
				break
			}
		}
		if !found {
			break
		}
		length, base := ll, lbase
		if gl > ll {
			length = gl
			base = period(pw[s : s+gl])
		}
		baseToken := pw[s : s+base]
		guesses, _ := e.mostGuessable(baseToken, e.omnimatch(baseToken))
		out = append(out, &Match{
			Pattern: Repeat, I: s, J: s + length - 1, n: length, Token: string(pw[s : s+length]),
			BaseToken: string(baseToken), RepeatCount: length / base, baseGuesses: guesses,
		})
		from = s + length
	}
	return out
}
