package strength

import (
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// MaxAnalyzed is how many characters of a password the estimator looks at.
// A longer password is rated on its first MaxAnalyzed characters, which can
// only underestimate it; this bounds the time of the worst inputs (see the
// package documentation).
const MaxAnalyzed = 100

// maxUserInputs is how many user input words an estimate uses.
const maxUserInputs = 100

// Result is zxcvbn's estimate for one password. Its Sequence holds parts of
// the password: treat a Result as secret.
type Result struct {
	// Guesses is the estimated number of guesses to find the password,
	// at least 1.
	Guesses float64 `json:"guesses"`
	// GuessesLog10 is log10(Guesses).
	GuessesLog10 float64 `json:"guesses_log10"`
	// Score is 0 (too guessable) to 4 (very unguessable): see [Score].
	Score int `json:"score"`
	// Sequence is the explanation found: matches covering the (analysed)
	// password from left to right.
	Sequence []Match `json:"sequence"`
	// CrackTimes are the times to make Guesses guesses in four scenarios.
	CrackTimes CrackTimes `json:"crack_times_seconds"`
	// Feedback says what is wrong and how to do better.
	Feedback Feedback `json:"feedback"`
	// Truncated is set when the password was longer than [MaxAnalyzed]
	// characters and only its start was rated.
	Truncated bool `json:"truncated,omitempty"`
}

// estimator holds what one estimate needs besides the password.
type estimator struct {
	words
	year int // the reference year of dates and recent years
}

// Estimate rates how hard pw is to guess, with passtea's implementation of
// zxcvbn 4.4.2 (Wheeler, "zxcvbn: Low-Budget Password Strength Estimation",
// USENIX Security 2016). userInputs are words an attacker would try first
// (the user's name, the entry's name, the site): each is matched as a
// lowercase word, and so are its parts when it holds spaces or punctuation
// ("alice@example.com" adds "alice", "example", "com").
//
// The first call in a process loads the frequency lists (see [Warm]). It is
// safe for concurrent use.
func Estimate(pw string, userInputs ...string) Result {
	e := estimator{words: words{lx: lists()}, year: time.Now().Year()}
	e.user, e.userMax = userDictionary(userInputs)
	return e.estimate(pw)
}

func (e *estimator) estimate(pw string) Result {
	runes := []rune(pw)
	var r Result
	if len(runes) > MaxAnalyzed {
		runes, r.Truncated = runes[:MaxAnalyzed], true
	}
	guesses, seq := e.mostGuessable(runes, e.omnimatch(runes))
	r.Guesses = guesses
	r.GuessesLog10 = math.Log10(guesses)
	r.Score = Score(guesses)
	r.Sequence = make([]Match, len(seq))
	for i, m := range seq {
		r.Sequence[i] = *m
	}
	r.CrackTimes = crackTimes(guesses)
	r.Feedback = feedback(r.Score, seq)
	return r
}

// omnimatch runs every matcher over pw.
func (e *estimator) omnimatch(pw []rune) []*Match {
	all := e.dictionaryMatches(pw, nil)
	all = append(all, e.reversedMatches(pw)...)
	all = append(all, e.l33tMatches(pw)...)
	all = append(all, spatialMatches(pw)...)
	all = append(all, e.repeatMatches(pw)...)
	all = append(all, sequenceMatches(pw)...)
	all = append(all, yearMatches(pw)...)
	all = append(all, dateMatches(pw, e.year)...)
	sortMatches(all)
	return all
}

// userDictionary ranks the user's inputs in order, lowercase, each followed
// by its parts; a word seen again keeps its last rank, as zxcvbn's ranked
// dictionaries do. Words longer than MaxAnalyzed characters could never
// match and are left out, and so are inputs past the first maxUserInputs.
func userDictionary(inputs []string) (map[string]int, int) {
	if len(inputs) == 0 {
		return nil, 0
	}
	dict := map[string]int{}
	longest, rank := 0, 0
	add := func(w string) {
		n := utf8.RuneCountInString(w)
		if n == 0 || n > MaxAnalyzed {
			return
		}
		rank++
		dict[w] = rank
		longest = max(longest, n)
	}
	for _, in := range inputs[:min(len(inputs), maxUserInputs)] {
		w := string(lowerRunes([]rune(in)))
		add(w)
		parts := strings.FieldsFunc(w, func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsNumber(c) })
		if len(parts) > 1 || len(parts) == 1 && parts[0] != w {
			for _, p := range parts {
				add(p)
			}
		}
	}
	return dict, longest
}

// Score maps guesses to zxcvbn's score:
//
//	0  fewer than 10³ guesses: too guessable
//	1  fewer than 10⁶: stops throttled online attacks
//	2  fewer than 10⁸: stops unthrottled online attacks
//	3  fewer than 10¹⁰: stops offline attacks on a slow hash
//	4  more: strong against those too
//
// (each bound plus 5, as zxcvbn 4.4.2 has it).
func Score(guesses float64) int {
	const delta = 5
	switch {
	case guesses < 1e3+delta:
		return 0
	case guesses < 1e6+delta:
		return 1
	case guesses < 1e8+delta:
		return 2
	case guesses < 1e10+delta:
		return 3
	}
	return 4
}

// Warm loads the frequency lists and keyboard graphs, which the first
// [Estimate] would otherwise load: about 4 ms and 0.8 MB (8 ms and 5.3 MB before its tables were made compact). Nothing loads
// them at process start, so that commands that never rate a password do
// not pay for them. A program that will rate what the user types can call
// Warm in the background early; an Estimate called meanwhile waits for the
// loading to finish. Calling Warm again does nothing.
func Warm() {
	lists()
	keyboards()
	keyboardStats()
}
