package strength

// This file loads the ranked frequency lists on first use.

import (
	"hash/maphash"
	"math/bits"
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

// lexicon finds words in the frequency lists. Each list has a hash table
// of its own with open addressing: a slot holds the rank of the list's
// word that hashes there (the word is the list's own string), 0 when the
// slot is empty; a table's size is the least power of two above twice its
// list's length. Most lookups are of strings that are no word, so a bit
// set of 2²¹ bits, one set by each word's hash, answers most of those (all
// but about 4%) without probing the tables. Tables and bit
// set take 740 KB, where a map[string]ranks of the 94,000 distinct words
// took 5.1 MB, which a process that rates passwords (an audit) keeps live
// and the garbage collector's pacing multiplies. A lookup hashes the word
// once, as the map did, and is as fast (BenchmarkEstimate16).
type lexicon struct {
	seed   maphash.Seed
	lists  [len(listNames)][]string
	tables [len(listNames)][]uint16
	any    [filterBits / 64]uint64 // the bit set
	maxLen int                     // characters in the longest word
}

// filterBits is the size of the lexicon's bit set.
const filterBits = 1 << 21

// filterBit is the bit of the lexicon's bit set for hash h: its top bits,
// where the tables use the bottom ones.
func filterBit(h uint64) uint64 { return h >> (64 - 21) }

// lists builds the lexicon from the lists of github.com/trustelem/zxcvbn,
// which are zxcvbn 4.4.2's (frequency_lists.coffee) word for word: about
// 94,000 words, a few ms. A word's rank is its position in its list,
// counted from 1; the lists hold lowercase words without repeats.
var lists = sync.OnceValue(buildLexicon)

func buildLexicon() *lexicon {
	lx := &lexicon{seed: maphash.MakeSeed()}
	for d, name := range listNames {
		words := frequency.FrequencyLists[name]
		lx.lists[d] = words
		t := make([]uint16, 1<<bits.Len(uint(2*len(words))))
		mask := uint64(len(t) - 1)
		for i, w := range words {
			h := maphash.String(lx.seed, w)
			lx.any[filterBit(h)/64] |= 1 << (filterBit(h) % 64)
			k := h & mask
			for t[k] != 0 && words[t[k]-1] != w {
				k = (k + 1) & mask
			}
			t[k] = uint16(i + 1)
			lx.maxLen = max(lx.maxLen, utf8.RuneCountInString(w))
		}
		lx.tables[d] = t
	}
	return lx
}

// ranks returns word's rank in each list.
func (lx *lexicon) ranks(word []byte) ranks {
	var r ranks
	h := maphash.Bytes(lx.seed, word)
	if lx.any[filterBit(h)/64]&(1<<(filterBit(h)%64)) == 0 {
		return r
	}
	for d, t := range lx.tables {
		mask := uint64(len(t) - 1)
		for k := h & mask; t[k] != 0; k = (k + 1) & mask {
			if string(word) == lx.lists[d][t[k]-1] {
				r[d] = t[k]
				break
			}
		}
	}
	return r
}
