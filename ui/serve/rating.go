package serve

// This file is the seam between /api/validate and the strength estimator:
// swapping estimators changes estimate and nothing else.

import "github.com/passtea/passtea/generator/strength"

// rating is what /api/validate reports about a password's strength, in
// zxcvbn's terms.
type rating struct {
	score        int     // 0–4
	guessesLog10 float64 // log10 of the estimated guesses
	warning      string
	suggestions  []string
}

// estimate rates a submitted password.
func estimate(pw string) rating {
	r := strength.Estimate(pw).Report(0)
	return rating{score: r.Score, guessesLog10: r.GuessesLog10, warning: r.Warning, suggestions: r.Suggestions}
}
