package generator

import (
	"math"
	"math/big"
)

// Count returns the exact number of different secrets opts can produce; each
// is equally likely. See the package documentation for the formulas.
func Count(opts Options) (*big.Int, error) {
	p, err := compile(opts)
	if err != nil {
		return nil, err
	}
	return new(big.Int).Set(p.count), nil
}

// Entropy returns log2 of [Count]: the strength in bits of a secret made with
// opts. Show it with one decimal.
func Entropy(opts Options) (float64, error) {
	p, err := compile(opts)
	if err != nil {
		return 0, err
	}
	return p.bits, nil
}

// charCount counts the strings of length L over n characters, sizes[c] of
// them in class c, that hold every class in required, by inclusion–exclusion
// over the required classes T left out:
//
//	Σ_{T ⊆ required} (−1)^|T| · (n − Σ_{c∈T} sizes[c])^L
func charCount(n int, sizes [numClasses]int, required uint8, L int) *big.Int {
	total := new(big.Int)
	term := new(big.Int)
	for t := uint8(0); t < 1<<numClasses; t++ {
		if t&^required != 0 {
			continue
		}
		m := n
		for c := range numClasses {
			if t&(1<<c) != 0 {
				m -= sizes[c]
			}
		}
		term.Exp(big.NewInt(int64(m)), big.NewInt(int64(L)), nil)
		if popcount(t)%2 == 1 {
			total.Sub(total, term)
		} else {
			total.Add(total, term)
		}
	}
	return total
}

// phraseCount counts passphrases of words words from a list of size words,
// with optionally one of 10 digits after one of the words.
func phraseCount(size, words int, number bool) *big.Int {
	c := new(big.Int).Exp(big.NewInt(int64(size)), big.NewInt(int64(words)), nil)
	if number {
		c.Mul(c, big.NewInt(10*int64(words)))
	}
	return c
}

// log2Big returns log2(x) for x ≥ 1 to float64 precision.
func log2Big(x *big.Int) float64 {
	b := x.BitLen()
	if b <= 64 {
		return math.Log2(float64(x.Uint64()))
	}
	top := new(big.Int).Rsh(x, uint(b-64)).Uint64()
	return math.Log2(float64(top)) + float64(b-64)
}
