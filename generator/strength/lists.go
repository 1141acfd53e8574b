package strength

// This file loads the ranked frequency lists on first use.

import (
	"sync"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn/frequency"
)

// listNames are zxcvbn 4.4.2's frequency lists, in its order (which decides
// between equally good matches).
var listNames = [...]string{"passwords", "english_wikipedia", "female_names", "surnames", "us_tv_and_film", "male_names"}

// userInputsName is the list of the words passed to [Estimate].
const userInputsName = "user_inputs"

// ranks holds a word's rank in each of the lists, 0 where it is absent.
// The longest list has 30,000 words.
type ranks [len(listNames)]uint16

// lexicon is every word of the frequency lists with its ranks.
type lexicon struct {
	words  map[string]ranks
	maxLen int // characters in the longest word
}

// lists builds the lexicon from the lists of github.com/trustelem/zxcvbn,
// which are zxcvbn 4.4.2's (frequency_lists.coffee) word for word: about
// 94,000 words, 10 ms. A word's rank is its position in its list, counted
// from 1; the lists hold lowercase words without repeats.
var lists = sync.OnceValue(buildLexicon)

func buildLexicon() *lexicon {
	lx := &lexicon{words: make(map[string]ranks, 94000)}
	for d, name := range listNames {
		for i, w := range frequency.FrequencyLists[name] {
			r := lx.words[w]
			r[d] = uint16(i + 1)
			lx.words[w] = r
			lx.maxLen = max(lx.maxLen, utf8.RuneCountInString(w))
		}
	}
	return lx
}
