package strength

// This file turns estimates into what front ends show: crack times, score
// names, and reports for typed and generated secrets.

import (
	"math"
	"strconv"
	"time"
)

// CrackTimes are the seconds to make a number of guesses in zxcvbn's four
// scenarios. They saturate at math.MaxFloat64.
type CrackTimes struct {
	// OnlineThrottled: 100 guesses per hour, a service that limits tries.
	OnlineThrottled float64 `json:"online_throttling_100_per_hour"`
	// OnlineUnthrottled: 10 guesses per second.
	OnlineUnthrottled float64 `json:"online_no_throttling_10_per_second"`
	// OfflineSlowHash: 10⁴ guesses per second against a slow hash
	// (bcrypt, scrypt, argon2) on many machines.
	OfflineSlowHash float64 `json:"offline_slow_hashing_1e4_per_second"`
	// OfflineFastHash: 10¹⁰ guesses per second ([FastHashRate]).
	OfflineFastHash float64 `json:"offline_fast_hashing_1e10_per_second"`
}

func crackTimes(guesses float64) CrackTimes {
	l := math.Log10(guesses)
	return CrackTimes{
		OnlineThrottled:   crackSeconds(l, 100.0/3600),
		OnlineUnthrottled: crackSeconds(l, 10),
		OfflineSlowHash:   crackSeconds(l, 1e4),
		OfflineFastHash:   crackSeconds(l, FastHashRate),
	}
}

// FastHashRate is the guesses per second assumed for an offline attack on a
// fast hash (10¹⁰/s: a few GPUs against unsalted SHA-256 or similar).
const FastHashRate = 1e10

// Report is the strength of one secret as front ends show it: the app's
// meter, `passtea strength`, the audit and the local API.
type Report struct {
	// Score is 0 (too guessable) to 4 (very unguessable); see [Score] and
	// [ScoreName].
	Score int
	// GuessesLog10 is log10 of the estimated guesses to find the secret:
	// from zxcvbn for a typed password, 2^bits for a generated one.
	GuessesLog10 float64
	// Exact is true when the report comes from a generator's exact
	// entropy ([EntropyReport]) rather than an estimate.
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

// Report is the estimate as front ends show it. kdfTime is the time one key
// derivation of the vault takes, 0 when unknown.
func (res Result) Report(kdfTime time.Duration) Report {
	r := guessesReport(res.GuessesLog10, kdfTime)
	r.Score = res.Score
	r.Warning = res.Feedback.Warning
	if len(res.Feedback.Suggestions) > 0 {
		r.Suggestions = res.Feedback.Suggestions
	}
	return r
}

// EntropyReport is the report for a generated secret of the given exact
// entropy in bits: its guesses are 2^bits, its score is [Score] of those
// guesses, and it has no feedback.
func EntropyReport(bits float64, kdfTime time.Duration) Report {
	r := guessesReport(bits*math.Log10(2), kdfTime)
	r.Exact = true
	r.Score = Score(math.Pow(2, bits))
	return r
}

func guessesReport(log10 float64, kdfTime time.Duration) Report {
	r := Report{GuessesLog10: log10}
	r.CrackSecondsFastHash = crackSeconds(log10, FastHashRate)
	if kdfTime > 0 {
		r.VaultGuessesPerSecond = 1 / kdfTime.Seconds()
		r.CrackSecondsVault = crackSeconds(log10, r.VaultGuessesPerSecond)
	}
	return r
}

// crackSeconds is 10^guessesLog10 / rate, computed in logarithms so that it
// saturates instead of overflowing.
func crackSeconds(guessesLog10, rate float64) float64 {
	s := math.Pow(10, guessesLog10-math.Log10(rate))
	if math.IsInf(s, 1) || math.IsNaN(s) {
		return math.MaxFloat64
	}
	return s
}

// scoreNames are the names of the scores 0–4.
var scoreNames = [5]string{"very weak", "weak", "fair", "strong", "very strong"}

// ScoreName names a score for people: "very weak", "weak", "fair",
// "strong" or "very strong" (3 is zxcvbn's "safely unguessable"). Every
// front end uses these names. A score outside 0–4 is clamped.
func ScoreName(score int) string {
	return scoreNames[min(max(score, 0), 4)]
}

// FormatCrackTime says seconds for a person: "less than a second",
// "1 minute", "3 hours", "5 months", "40 years", "centuries". A month is a
// twelfth of a year of 365.25 days.
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
		return strconv.FormatInt(v, 10) + " " + name + "s"
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
