package generator

import (
	"sync"

	"github.com/sethvargo/go-diceware/diceware"
)

// WordListSize is the number of words in the EFF large wordlist.
const WordListSize = 7776

// effWords returns the EFF large wordlist in dice order (11111 … 66666).
var effWords = sync.OnceValue(func() []string {
	list := diceware.WordListEffLarge()
	words := make([]string, 0, WordListSize)
	var walk func(prefix, depth int)
	walk = func(prefix, depth int) {
		if depth == list.Digits() {
			words = append(words, list.WordAt(prefix))
			return
		}
		for d := 1; d <= 6; d++ {
			walk(prefix*10+d, depth+1)
		}
	}
	walk(0, 0)
	for _, w := range words {
		if w == "" || w[0] < 'a' || w[0] > 'z' {
			panic("generator: unexpected EFF wordlist entry " + w)
		}
	}
	if len(words) != WordListSize {
		panic("generator: the EFF large wordlist does not have 7776 words")
	}
	return words
})
