package strength

// This file holds the matches the estimator finds in a password.

// Pattern names the kind of a [Match], with zxcvbn's names.
type Pattern string

// The patterns, as zxcvbn 4.4.2 names them.
const (
	// Dictionary is a word of a ranked list, possibly reversed or with
	// l33t substitutions.
	Dictionary Pattern = "dictionary"
	// Spatial is a walk over adjacent keys of a keyboard or keypad.
	Spatial Pattern = "spatial"
	// Repeat is a string written two or more times in a row.
	Repeat Pattern = "repeat"
	// Sequence is a run of characters with a constant step: abc, 9753.
	Sequence Pattern = "sequence"
	// Regex is a recent year, 1900–2019.
	Regex Pattern = "regex"
	// Date is a day, month and year, with or without separators.
	Date Pattern = "date"
	// Bruteforce is what no other pattern explains.
	Bruteforce Pattern = "bruteforce"
)

// Match is one part of the password the estimator explains by a pattern.
// Indices count characters (Unicode code points), not bytes. Fields that do
// not belong to the match's pattern are zero.
type Match struct {
	Pattern Pattern `json:"pattern"`
	// I and J are the indices of the first and last character.
	I int `json:"i"`
	J int `json:"j"`
	// Token is the part of the password matched.
	Token string `json:"token"`
	// Guesses is the estimate of guesses this part needs by itself.
	Guesses float64 `json:"guesses"`

	// Dictionary matches.

	// DictionaryName is the list the word comes from: passwords,
	// english_wikipedia, female_names, surnames, us_tv_and_film,
	// male_names, or user_inputs (the words passed to [Estimate]).
	DictionaryName string `json:"dictionary_name,omitempty"`
	// MatchedWord is the word of the list, lowercase, after undoing l33t.
	MatchedWord string `json:"matched_word,omitempty"`
	// Rank is the word's rank in its list, 1 for the most common.
	Rank int `json:"rank,omitempty"`
	// Reversed is set when the token is the word backwards.
	Reversed bool `json:"reversed,omitempty"`
	// L33t is set when the token has substitutions such as 4 for a.
	L33t bool `json:"l33t,omitempty"`

	// Spatial matches.

	// Graph is the layout walked: qwerty, dvorak, keypad or mac_keypad.
	Graph string `json:"graph,omitempty"`
	// Turns counts the changes of direction, 1 for a straight row.
	Turns int `json:"turns,omitempty"`
	// ShiftedCount counts the characters typed with shift.
	ShiftedCount int `json:"shifted_count,omitempty"`

	// Repeat matches.

	// BaseToken is the string repeated and RepeatCount how often.
	BaseToken   string `json:"base_token,omitempty"`
	RepeatCount int    `json:"repeat_count,omitempty"`

	// Sequence matches.

	// SequenceName is lower, upper, digits or unicode.
	SequenceName string `json:"sequence_name,omitempty"`
	// Ascending is set for sequences that go up (abc, not cba).
	Ascending bool `json:"ascending,omitempty"`

	// Regex matches.

	// RegexName is recent_year.
	RegexName string `json:"regex_name,omitempty"`

	// Date matches.

	// Separator is the character between day, month and year, or "".
	Separator string `json:"separator,omitempty"`
	// Year is also set for recent_year regex matches.
	Year  int `json:"year,omitempty"`
	Month int `json:"month,omitempty"`
	Day   int `json:"day,omitempty"`

	n           int           // characters in the token
	sub         map[rune]rune // l33t: the substitutions in the token
	baseGuesses float64       // repeat: the guesses of the base token
}
