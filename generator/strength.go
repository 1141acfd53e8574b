package generator

// This file estimates the strength of passwords people type, with zxcvbn.

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/ccojocar/zxcvbn-go/match"

	"github.com/passtea/passtea/generator/internal/zxcvbn/frequency"
	"github.com/passtea/passtea/generator/internal/zxcvbn/matching"
	"github.com/passtea/passtea/generator/internal/zxcvbn/scoring"
)

// FastHashRate is the guesses per second assumed for an offline attack on a
// fast hash (10¹⁰/s: a few GPUs against unsalted SHA-256 or similar).
const FastHashRate = 1e10

// MaxAnalyzed is how many characters of a typed password zxcvbn looks at.
// Its matching grows with the square of the length; a longer password is
// rated on its first MaxAnalyzed characters, which can only underestimate it.
const MaxAnalyzed = 64

// maxL33t is how many characters the l33t matcher looks at: its work grows
// with the number of different substitutable characters, up to 0.4 s when it
// sees 64 characters chosen to be bad.
const maxL33t = 20

func onlyL33t(m match.Matcher) bool { return m.ID != matching.L33TMatcherName }

// Report is the strength of one password.
type Report struct {
	// Score is 0 (too guessable) to 4 (very unguessable), zxcvbn's scale.
	Score int
	// GuessesLog10 is log10 of the estimated number of guesses to find the
	// password: 2^entropy, from zxcvbn for a typed password or exact for a
	// generated one.
	GuessesLog10 float64
	// Exact is true when the report comes from a generator's exact entropy
	// ([EntropyReport]) rather than a zxcvbn estimate.
	Exact bool
	// CrackSecondsFastHash is the time to make that many guesses at
	// [FastHashRate]. Crack times saturate at math.MaxFloat64.
	CrackSecondsFastHash float64
	// VaultGuessesPerSecond is the guesses per second against this vault's
	// key derivation on one machine like this one (1 / the time of one
	// derivation), or 0 when that time is unknown.
	VaultGuessesPerSecond float64
	// CrackSecondsVault is the time to make the guesses at
	// VaultGuessesPerSecond; meaningful only when that is not 0.
	CrackSecondsVault float64
	// Warning says what makes the password weak, or is empty.
	Warning string
	// Suggestions say how to do better; empty for scores above 2.
	Suggestions []string
}

// VaultKnown reports whether the vault crack time is known.
func (r Report) VaultKnown() bool { return r.VaultGuessesPerSecond > 0 }

// Strength estimates how hard pw is to guess with zxcvbn (the Go port
// github.com/ccojocar/zxcvbn-go, whose model is zxcvbn 1.0's). kdfTime is the
// time one key derivation of the vault takes, 0 when unknown. userInputs are
// words tied to the password (entry name, username) that an attacker would
// try first.
//
// It takes 0.1–0.3 ms for a typical password and about 30 ms at worst
// (BenchmarkStrength*), quick enough to run on every keystroke. The first
// call in a process also builds zxcvbn's dictionaries, about 70 ms, unless
// [Warm] has. It is safe for concurrent use.
func Strength(pw string, kdfTime time.Duration, userInputs ...string) Report {
	if utf8.RuneCountInString(pw) > MaxAnalyzed {
		pw = string([]rune(pw)[:MaxAnalyzed])
	}
	// l33t matching tries every combination of substitutions and dominates
	// the cost: it sees only the first maxL33t characters.
	all := matching.Omnimatch(pw, userInputs, matching.FilterL33tMatcher)
	l33t := pw
	if utf8.RuneCountInString(pw) > maxL33t {
		l33t = string([]rune(pw)[:maxL33t])
	}
	all = append(all, matching.Omnimatch(l33t, nil, onlyL33t)...)
	sort.Sort(match.Matches(all))
	for i := range all {
		// zxcvbn-go forgets to name its date matches, which drops them
		// from the match sequence (though not from the entropy).
		if all[i].Pattern == "" && all[i].DictionaryName == "date_match" {
			all[i].Pattern = "date"
		}
	}
	res := scoring.MinimumEntropyMatchSequence(pw, all)
	r := bitsReport(res.Entropy, kdfTime)
	r.Score = res.Score
	r.Warning, r.Suggestions = feedback(pw, r.Score, res.MatchSequence, all)
	return r
}

// Warm builds zxcvbn's dictionaries and matchers, which the first [Strength]
// would otherwise build: about 70 ms of CPU and 19 MB of allocations, of
// which 7 MB stay live. Nothing builds them at process start, so that
// commands that never rate a password don't pay for them. A program that
// will rate what the user types can call Warm in the background early (the
// TUI in a tea.Cmd) so that the first keystroke does not wait; a Strength
// called meanwhile waits for the building to finish. Calling Warm again does
// nothing.
func Warm() {
	warm.Do(func() {
		// A sole common password also builds feedback's rank map.
		Strength("password", 0)
	})
}

var warm sync.Once

// EntropyReport is the report for a generated secret of the given exact
// entropy in bits (see [Entropy]): its guesses are 2^bits, its score is
// what zxcvbn would give that many guesses, and it has no feedback.
func EntropyReport(bits float64, kdfTime time.Duration) Report {
	r := bitsReport(bits, kdfTime)
	r.Exact = true
	r.Score = scoreBits(bits)
	return r
}

func bitsReport(bits float64, kdfTime time.Duration) Report {
	r := Report{GuessesLog10: bits * math.Log10(2)}
	r.CrackSecondsFastHash = crackSeconds(r.GuessesLog10, FastHashRate)
	if kdfTime > 0 {
		r.VaultGuessesPerSecond = 1 / kdfTime.Seconds()
		r.CrackSecondsVault = crackSeconds(r.GuessesLog10, r.VaultGuessesPerSecond)
	}
	return r
}

func crackSeconds(guessesLog10, rate float64) float64 {
	s := math.Pow(10, guessesLog10-math.Log10(rate))
	if math.IsInf(s, 1) || math.IsNaN(s) {
		return math.MaxFloat64
	}
	return s
}

// scoreBits is zxcvbn-go's score for an entropy: its crack time is half the
// guesses at 10⁴ guesses per second, and the score steps at 10², 10⁴, 10⁶ and
// 10⁸ seconds.
func scoreBits(bits float64) int {
	secondsLog10 := bits*math.Log10(2) + math.Log10(0.5) - 4
	switch {
	case secondsLog10 < 2:
		return 0
	case secondsLog10 < 4:
		return 1
	case secondsLog10 < 6:
		return 2
	case secondsLog10 < 8:
		return 3
	}
	return 4
}

// FormatCrackTime says seconds for a person: "less than a second",
// "1 minute", "3 hours", "5 months", "40 years", "centuries".
func FormatCrackTime(seconds float64) string {
	const (
		minute = 60.0
		hour   = 60 * minute
		day    = 24 * hour
		year   = 365.25 * day
		month  = year / 12
	)
	unit := func(n float64, name string) string {
		v := int64(math.Round(n))
		if v == 1 {
			return "1 " + name
		}
		return itoa(v) + " " + name + "s"
	}
	switch {
	case math.IsNaN(seconds) || seconds < 1:
		return "less than a second"
	case seconds < minute:
		return unit(seconds, "second")
	case seconds < hour:
		return unit(seconds/minute, "minute")
	case seconds < day:
		return unit(seconds/hour, "hour")
	case seconds < month:
		return unit(seconds/day, "day")
	case seconds < year:
		return unit(seconds/month, "month")
	case seconds < 100*year:
		return unit(seconds/year, "year")
	}
	return "centuries"
}

func itoa(v int64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			return string(b[i:])
		}
	}
}

// Feedback texts, as in zxcvbn 4's feedback.coffee.
const (
	sugExtraWord  = "Add another word or two. Uncommon words are better."
	sugFewWords   = "Use a few words, avoid common phrases"
	sugNoNeed     = "No need for symbols, digits, or uppercase letters"
	sugCaps       = "Capitalization doesn't help very much"
	sugAllCaps    = "All-uppercase is almost as easy to guess as all-lowercase"
	sugL33t       = "Predictable substitutions like '@' instead of 'a' don't help very much"
	sugSpatial    = "Use a longer keyboard pattern with more turns"
	sugRepeat     = "Avoid repeated words and characters"
	sugSequence   = "Avoid sequences"
	sugDates      = "Avoid dates and years that are associated with you"
	warnTop10     = "This is a top-10 common password"
	warnTop100    = "This is a top-100 common password"
	warnCommon    = "This is a very common password"
	warnSimilar   = "This is similar to a commonly used password"
	warnWord      = "A word by itself is easy to guess"
	warnNamesSole = "Names and surnames by themselves are easy to guess"
	warnNames     = "Common names and surnames are easy to guess"
	warnUserInput = "Words from the entry itself, like its name, are easy to guess"
	warnRow       = "Straight rows of keys are easy to guess"
	warnKeyboard  = "Short keyboard patterns are easy to guess"
	warnRepeat    = `Repeats like "aaa" are easy to guess`
	warnSequence  = "Sequences like abc or 6543 are easy to guess"
	warnDates     = "Dates are often easy to guess"
)

var (
	startUpper = regexp.MustCompile(`^[A-Z][^A-Z]+$`)
	allUpper   = regexp.MustCompile(`^[^a-z]+$`)
)

// keyRows are straight keyboard rows, for telling a row from a pattern with
// turns (zxcvbn-go does not report turns).
var keyRows = []string{
	"`1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./",
	"~!@#$%^&*()_+", "qwertyuiop{}|", "asdfghjkl:\"", "zxcvbnm<>?",
	"789", "456", "123", "147", "258", "369", "/*-",
}

// passwordRank maps each of zxcvbn's common passwords to its rank (1 = most
// common), built on first use.
var passwordRank = sync.OnceValue(func() map[string]int {
	list := frequency.Lists()["Passwords"].List
	m := make(map[string]int, len(list))
	for i, w := range list {
		w = strings.ToLower(w)
		if _, ok := m[w]; !ok {
			m[w] = i + 1
		}
	}
	return m
})

// feedback is zxcvbn 4's get_feedback over zxcvbn-go's matches: no feedback
// above score 2, otherwise a warning and suggestions from the longest match.
func feedback(pw string, score int, seq, all []match.Match) (string, []string) {
	if pw == "" {
		return "", []string{sugFewWords, sugNoNeed}
	}
	if score > 2 {
		return "", nil
	}
	var longest *match.Match
	for i := range seq {
		if longest == nil || utf8.RuneCountInString(seq[i].Token) > utf8.RuneCountInString(longest.Token) {
			longest = &seq[i]
		}
	}
	suggestions := []string{sugExtraWord}
	if longest == nil {
		return "", suggestions
	}
	sole := len(seq) == 1
	m := *longest
	var warning string
	switch m.Pattern {
	case "dictionary":
		var more []string
		warning, more = dictionaryFeedback(pw, m, sole, all)
		suggestions = append(suggestions, more...)
	case "spatial":
		warning = warnKeyboard
		for _, row := range keyRows {
			t := strings.ToLower(m.Token)
			if strings.Contains(row, t) || strings.Contains(row, reverse(t)) {
				warning = warnRow
			}
		}
		suggestions = append(suggestions, sugSpatial)
	case "repeat":
		warning = warnRepeat
		suggestions = append(suggestions, sugRepeat)
	case "sequence":
		warning = warnSequence
		suggestions = append(suggestions, sugSequence)
	case "date":
		warning = warnDates
		suggestions = append(suggestions, sugDates)
	}
	return warning, suggestions
}

func dictionaryFeedback(pw string, m match.Match, sole bool, all []match.Match) (string, []string) {
	// zxcvbn-go's l33t matches carry the decoded word as their token and
	// no mark of their own: compare with what was typed.
	typed := m.Token
	if r := []rune(pw); m.I >= 0 && m.J < len(r) && m.I <= m.J {
		typed = string(r[m.I : m.J+1])
	}
	l33t := !strings.EqualFold(typed, m.Token)
	var warning string
	switch m.DictionaryName {
	case "Passwords":
		if sole && !l33t {
			switch rank := passwordRank()[strings.ToLower(m.Token)]; {
			case rank > 0 && rank <= 10:
				warning = warnTop10
			case rank > 0 && rank <= 100:
				warning = warnTop100
			default:
				warning = warnCommon
			}
		} else if ownEntropy(m, all)*math.Log10(2) <= 4 {
			warning = warnSimilar
		}
	case "English":
		if sole {
			warning = warnWord
		}
	case "Surname", "MaleNames", "FemaleNames":
		if sole {
			warning = warnNamesSole
		} else {
			warning = warnNames
		}
	case "user_inputs":
		warning = warnUserInput
	}
	var suggestions []string
	if startUpper.MatchString(typed) {
		suggestions = append(suggestions, sugCaps)
	} else if allUpper.MatchString(typed) && strings.ToLower(typed) != typed {
		suggestions = append(suggestions, sugAllCaps)
	}
	if l33t {
		suggestions = append(suggestions, sugL33t)
	}
	return warning, suggestions
}

// ownEntropy finds the entropy of m by itself: the match sequence holds
// running totals instead.
func ownEntropy(m match.Match, all []match.Match) float64 {
	best := math.Inf(1)
	for _, a := range all {
		if a.I == m.I && a.J == m.J && a.Pattern == m.Pattern && a.DictionaryName == m.DictionaryName && a.Token == m.Token {
			best = min(best, a.Entropy)
		}
	}
	return best
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}
