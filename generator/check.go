package generator

// This file checks that a secret is one that given options can produce:
// output validation, so that a front end returns nothing it has not checked
// against what was asked.

import (
	"bytes"
	"errors"
	"fmt"
	"sync"
	"unicode/utf8"
)

// ErrMismatch is matched (with errors.Is) by the errors of
// [Generator.Check] when a secret is not one its options can produce. Those
// errors never contain the secret or any of its characters.
var ErrMismatch = errors.New("secret does not match its options")

// Check reports whether secret is one of the secrets opts can produce: for
// characters, [Options.Length] characters of the alphabet with every
// required class present; for a PIN, Length digits; for a passphrase,
// [Options.Words] words of the list joined by [Options.Separator],
// capitalized as asked, with one digit right after one word when
// [Options.WithNumber] is set. It returns nil, an [*OptionsError] when opts
// cannot be satisfied, or an error matching [ErrMismatch] that says what is
// wrong without quoting the secret.
//
// It reuses the set-up of the options g generated with last, so checking
// each secret as it is made costs about as much as making it.
func (g *Generator) Check(opts Options, secret []byte) error {
	p, err := g.plan(opts)
	if err != nil {
		return err
	}
	if p.mode == Passphrase {
		return p.checkPhrase(secret)
	}
	return p.checkChars(secret)
}

// Entropy is [Entropy], reusing the set-up of the options g generated with
// last.
func (g *Generator) Entropy(opts Options) (float64, error) {
	p, err := g.plan(opts)
	if err != nil {
		return 0, err
	}
	return p.bits, nil
}

// plan returns the plan of opts, from g's cache when opts were the last
// used, as [Generator.Append] does.
func (g *Generator) plan(opts Options) (*plan, error) {
	if g.last != nil && opts == g.lastOpts {
		return g.last, nil
	}
	p, err := compile(opts)
	if err != nil {
		return nil, err
	}
	g.last, g.lastOpts = p, opts
	return p, nil
}

func mismatch(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrMismatch}, args...)...)
}

// checkChars checks a character password or PIN.
func (p *plan) checkChars(s []byte) error {
	if !utf8.Valid(s) {
		return mismatch("not valid UTF-8")
	}
	if n := utf8.RuneCount(s); n != p.length {
		return mismatch("%d characters instead of %d", n, p.length)
	}
	var seen uint8
	if p.ascii {
		var in [2]uint64 // bit r set: ASCII r is in the alphabet
		for _, b := range p.table {
			in[b>>6] |= 1 << (b & 63)
		}
		for _, b := range s {
			if b >= utf8.RuneSelf || in[b>>6]&(1<<(b&63)) == 0 {
				return mismatch("a character outside the alphabet")
			}
			seen |= 1 << ClassOf(rune(b))
		}
	} else {
		in := make(map[rune]bool, len(p.runes))
		for _, r := range p.runes {
			in[r] = true
		}
		for _, r := range string(s) {
			if !in[r] {
				return mismatch("a character outside the alphabet")
			}
			seen |= 1 << ClassOf(r)
		}
	}
	for c := range numClasses {
		if p.required&(1<<c) != 0 && seen&(1<<c) == 0 {
			return mismatch("no %s", c)
		}
	}
	return nil
}

// wordSet is the wordlist as a set, and the longest word's length.
var wordSet = sync.OnceValues(func() (map[string]bool, int) {
	m := make(map[string]bool, WordListSize)
	longest := 0
	for _, w := range effWords() {
		m[w] = true
		longest = max(longest, len(w))
	}
	return m, longest
})

// checkPhrase reads s back into words, separators and at most one digit.
// The list is prefix-free, so at each position at most one word fits.
func (p *plan) checkPhrase(s []byte) error {
	words, longest := wordSet()
	var buf [32]byte
	pos, number := 0, false
	for i := range p.length {
		if i > 0 {
			if !bytes.HasPrefix(s[pos:], []byte(p.sep)) {
				return mismatch("word %d is not followed by the separator", i)
			}
			pos += len(p.sep)
		}
		n := 0
		for l := 1; l <= longest && pos+l <= len(s); l++ {
			w := append(buf[:0], s[pos:pos+l]...)
			if p.capitalize {
				if w[0] < 'A' || w[0] > 'Z' {
					break
				}
				w[0] += 'a' - 'A'
			}
			if words[string(w)] {
				n = l
				break
			}
		}
		if n == 0 {
			return mismatch("word %d is not a word of the list", i+1)
		}
		pos += n
		if p.number && !number && pos < len(s) && '0' <= s[pos] && s[pos] <= '9' {
			number = true
			pos++
		}
	}
	switch {
	case pos != len(s):
		return mismatch("more than %d words", p.length)
	case p.number && !number:
		return mismatch("no digit after a word")
	}
	return nil
}
