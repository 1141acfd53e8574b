package generator

import (
	"crypto/rand"
	"io"
	"math"
	"math/big"
	"slices"
	"unicode/utf8"
)

// Generator makes secrets from a source of random bytes. A Generator is not
// safe for concurrent use; make one per goroutine.
type Generator struct {
	src source

	// The plan of the options last used, so that repeated calls with the
	// same options (bulk generation, a live preview) skip the set-up.
	lastOpts Options
	last     *plan

	// Digits cut from an accepted draw but not used yet, in base pendBase.
	pend     [64]uint32
	npend    int
	pendBase uint64

	idx []uint32 // scratch: alphabet or word indices of one secret

	// witness, when ≥ 0, overrides the plan's witness set (tests only).
	witness int
	// noCorrect disables the acceptance step of the witness method (tests
	// only, to show that the naive "insert one of each class" is biased).
	noCorrect bool
}

// New returns a Generator reading randomness from r, or from crypto/rand when
// r is nil. Tests can pass a seeded reader (e.g. math/rand/v2's ChaCha8) to
// get repeatable output.
func New(r io.Reader) *Generator {
	if r == nil {
		r = rand.Reader
	}
	return &Generator{src: source{r: r}, witness: -1}
}

// Generate returns a new secret as described by opts. Errors are an
// [*OptionsError] when opts cannot be satisfied, or a wrapped error of the
// random source.
func (g *Generator) Generate(opts Options) (string, error) {
	b, err := g.Append(nil, opts)
	return string(b), err
}

// Append appends a new secret to dst and returns the extended slice, like
// [Generator.Generate]. It does not allocate when dst has room, and lets the
// caller wipe the bytes afterwards.
func (g *Generator) Append(dst []byte, opts Options) ([]byte, error) {
	p := g.last
	if p == nil || opts != g.lastOpts {
		var err error
		if p, err = compile(opts); err != nil {
			return dst, err
		}
		g.last, g.lastOpts = p, opts
	}
	switch p.mode {
	case Passphrase:
		return g.appendPassphrase(dst, p)
	default:
		return g.appendChars(dst, p)
	}
}

// plan is everything worked out once for a set of options.
type plan struct {
	mode   Mode
	length int // characters or words

	// Characters and PIN.
	runes    []rune
	ascii    bool
	table    []byte    // runes as bytes when ascii
	bit      []uint8   // 1 << class of each rune
	members  [][]int32 // indices of each class's runes
	sizes    [numClasses]int
	required uint8
	witness  uint8 // classes placed by witnesses; see appendChars
	rx       radix

	// Passphrase.
	words      []string
	sep        string
	capitalize bool
	number     bool

	count *big.Int
	bits  float64
}

func compile(o Options) (*plan, error) {
	switch o.Mode {
	case Characters:
		a, err := buildAlphabet(o)
		if err != nil {
			return nil, err
		}
		return charPlan(a, o.Length), nil
	case PIN:
		if o.Length < 1 || o.Length > MaxLength {
			return nil, optErr("PIN length %d is out of range: use 1 to %d", o.Length, MaxLength)
		}
		a := &alphabet{runes: []rune(DigitChars), ascii: true}
		a.sizes[ClassDigit] = len(DigitChars)
		p := charPlan(a, o.Length)
		p.mode = PIN
		return p, nil
	case Passphrase:
		if o.Words < 1 || o.Words > MaxWords {
			return nil, optErr("%d words is out of range: use 1 to %d", o.Words, MaxWords)
		}
		if err := checkSeparator(o); err != nil {
			return nil, err
		}
		return phrasePlan(effWords(), o), nil
	}
	return nil, optErr("unknown mode %d", o.Mode)
}

func charPlan(a *alphabet, length int) *plan {
	p := &plan{
		mode:     Characters,
		length:   length,
		runes:    a.runes,
		ascii:    a.ascii,
		bit:      make([]uint8, len(a.runes)),
		members:  make([][]int32, numClasses),
		sizes:    a.sizes,
		required: a.required,
	}
	for i, r := range a.runes {
		c := ClassOf(r)
		p.bit[i] = 1 << c
		p.members[c] = append(p.members[c], int32(i))
		if a.ascii {
			p.table = append(p.table, byte(r))
		}
	}
	if n := len(a.runes); n > 1 {
		p.rx = newRadix(uint64(n))
	}
	p.count = charCount(len(a.runes), a.sizes, a.required, length)
	p.bits = log2Big(p.count)
	p.witness = bestWitness(p)
	return p
}

// bestWitness picks the set W of required classes that get a witness
// position, maximising the acceptance rate of appendChars. W = ∅ is plain
// rejection of whole candidates; witnesses help when a required class is
// rare.
func bestWitness(p *plan) uint8 {
	best, bestLog := uint8(0), math.Inf(-1)
	for w := uint8(0); w < 1<<numClasses; w++ {
		if w&^p.required != 0 || popcount(w) > p.length {
			continue
		}
		if l := p.logAcceptance(w); l > bestLog+1e-9 {
			best, bestLog = w, l
		}
	}
	return best
}

// logAcceptance is log2 of count / ((L)_k · Π_{c∈w} s_c · n^(L−k)), with
// k = |w| and (L)_k = L·(L−1)···(L−k+1): the valid strings over all the
// equally likely proposals.
func (p *plan) logAcceptance(w uint8) float64 {
	n, L := float64(len(p.runes)), p.length
	k := popcount(w)
	l := p.bits - float64(L-k)*math.Log2(n)
	for i := range k {
		l -= math.Log2(float64(L - i))
	}
	for c := range numClasses {
		if w&(1<<c) != 0 {
			l -= math.Log2(float64(p.sizes[c]))
		}
	}
	return l
}

// appendChars makes a password (or PIN) uniform over all strings of
// p.length characters that contain every required class.
//
// It is rejection sampling with a proposal that already holds the rare
// classes. For each class c in the witness set W it picks a distinct
// position uniformly (an ordered injective choice) and puts a uniform
// character of c there; every other position gets a uniform character of the
// whole alphabet. A string x holding count_c(x) characters of class c is then
// proposed with probability proportional to Π_{c∈W} count_c(x), the number of
// witness choices that produce it. Keeping x when the other required classes
// are present, with probability 1 / Π_{c∈W} count_c(x), makes every valid
// string equally likely. With W = ∅ this is plain rejection of whole
// candidates. Without the correction it would be the common, biased "insert
// one of each class" scheme.
func (g *Generator) appendChars(dst []byte, p *plan) ([]byte, error) {
	L := p.length
	if cap(g.idx) < L {
		g.idx = make([]uint32, L)
	}
	idx := g.idx[:L]
	w := p.witness
	if g.witness >= 0 {
		w = uint8(g.witness)
	}
	// ASCII output is written while the classes are checked, past the end
	// of dst, and kept only when the candidate is accepted.
	var out []byte
	if p.ascii {
		dst = slices.Grow(dst, L)
		out = dst[len(dst) : len(dst)+L]
	}
	for {
		if len(p.runes) == 1 {
			clear(idx)
		} else if err := g.digits(&p.rx, idx); err != nil {
			return dst, err
		}
		if w != 0 {
			var used [numClasses]uint32
			k := 0
			for c := range numClasses {
				if w&(1<<c) == 0 {
					continue
				}
				var pos uint64
				for again := true; again; {
					var err error
					if pos, err = g.src.uintn(uint64(L)); err != nil {
						return dst, err
					}
					again = slices.Contains(used[:k], uint32(pos))
				}
				used[k] = uint32(pos)
				k++
				m := p.members[c]
				j, err := g.src.uintn(uint64(len(m)))
				if err != nil {
					return dst, err
				}
				idx[pos] = uint32(m[j])
			}
		}
		var seen uint8
		if p.ascii {
			for j, i := range idx {
				out[j] = p.table[i]
				seen |= p.bit[i]
			}
		} else {
			for _, i := range idx {
				seen |= p.bit[i]
			}
		}
		if seen&p.required != p.required {
			continue
		}
		if w != 0 && !g.noCorrect {
			ok, err := g.keepWitnessed(p, w, idx)
			if err != nil {
				return dst, err
			}
			if !ok {
				continue
			}
		}
		break
	}
	if p.ascii {
		return dst[:len(dst)+L], nil
	}
	for _, i := range idx {
		dst = utf8.AppendRune(dst, p.runes[i])
	}
	return dst, nil
}

// keepWitnessed is the correction step of the witness method: it keeps the
// candidate idx with probability 1 / Π_{c∈w} count_c.
func (g *Generator) keepWitnessed(p *plan, w uint8, idx []uint32) (bool, error) {
	prod := uint64(1)
	for c := range numClasses {
		if w&(1<<c) == 0 {
			continue
		}
		n := uint64(0)
		for _, i := range idx {
			if p.bit[i] == 1<<c {
				n++
			}
		}
		prod *= n // ≤ MaxLength⁵ < 2⁶⁴
	}
	if prod == 1 {
		return true, nil
	}
	u, err := g.src.uintn(prod)
	return u == 0, err
}

func phrasePlan(words []string, o Options) *plan {
	p := &plan{
		mode:       Passphrase,
		length:     o.Words,
		words:      words,
		sep:        o.Separator,
		capitalize: o.Capitalize,
		number:     o.WithNumber,
		rx:         newRadix(uint64(len(words))),
	}
	p.count = phraseCount(len(words), o.Words, o.WithNumber)
	p.bits = log2Big(p.count)
	return p
}

// appendPassphrase draws each word independently and uniformly (words may
// repeat), then with WithNumber one uniform (word, digit) pair among the
// 10·Words choices: the digit goes right after that word.
func (g *Generator) appendPassphrase(dst []byte, p *plan) ([]byte, error) {
	if cap(g.idx) < p.length {
		g.idx = make([]uint32, p.length)
	}
	idx := g.idx[:p.length]
	if err := g.digits(&p.rx, idx); err != nil {
		return dst, err
	}
	at, digit := -1, uint64(0)
	if p.number {
		v, err := g.src.uintn(10 * uint64(p.length))
		if err != nil {
			return dst, err
		}
		at, digit = int(v/10), v%10
	}
	return p.formatPhrase(dst, idx, at, digit), nil
}

// formatPhrase writes the words idx, with digit after word at (none when at
// is −1).
func (p *plan) formatPhrase(dst []byte, idx []uint32, at int, digit uint64) []byte {
	for i, wi := range idx {
		if i > 0 {
			dst = append(dst, p.sep...)
		}
		w := p.words[wi]
		if p.capitalize {
			dst = append(dst, w[0]-'a'+'A') // words start with a–z
			w = w[1:]
		}
		dst = append(dst, w...)
		if i == at {
			dst = append(dst, byte('0'+digit))
		}
	}
	return dst
}
