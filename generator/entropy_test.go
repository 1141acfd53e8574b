package generator

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"sort"
	"strings"
	"testing"
)

// bruteCount counts valid strings by going through them all.
func bruteCount(t *testing.T, o Options) int {
	p := mustPlan(t, o)
	bits := make([]uint8, len(p.runes))
	for i, r := range p.runes {
		bits[i] = 1 << ClassOf(r)
	}
	idx := make([]int, o.Length)
	n := 0
	for {
		var seen uint8
		for _, j := range idx {
			seen |= bits[j]
		}
		if seen&p.required == p.required {
			n++
		}
		i := len(idx) - 1
		for i >= 0 && idx[i] == len(bits)-1 {
			idx[i] = 0
			i--
		}
		if i < 0 {
			return n
		}
		idx[i]++
	}
}

// Count agrees with brute-force enumeration on every small case.
func TestCountBruteForce(t *testing.T) {
	d := DefaultOptions()
	var cases []Options
	for L := 1; L <= 3; L++ {
		for _, req := range []bool{true, false} {
			for _, amb := range []bool{true, false} {
				for _, ex := range []string{"", "abc", DigitChars[1:], "ab😀"} {
					for classes := 1; classes < 16; classes += 2 {
						o := d
						o.Length, o.RequireEach, o.NoAmbiguous, o.Exclude = L, req, amb, ex
						o.Lower, o.Upper, o.Digits, o.Symbols = classes&1 != 0, classes&2 != 0, classes&4 != 0, classes&8 != 0
						cases = append(cases, o)
					}
				}
			}
		}
	}
	for L := 1; L <= 6; L++ {
		for _, cs := range []string{"aA1!", "ab12", "abcXY7", "éa1", "x"} {
			o := d
			o.Charset, o.Length = cs, L
			cases = append(cases, o)
		}
	}
	checked := 0
	for _, o := range cases {
		if Validate(o) != nil {
			continue
		}
		n, err := Count(o)
		if err != nil {
			t.Fatal(err)
		}
		if want := bruteCount(t, o); n.Cmp(big.NewInt(int64(want))) != 0 {
			t.Errorf("%+v: Count %v, brute force %d", o, n, want)
		}
		checked++
	}
	t.Logf("%d cases checked by enumeration", checked)
}

// multinomialCount counts strings holding every one of the classes sizes by
// summing over the class-count compositions:
// Σ_{c₁+…+c_k=L, cᵢ≥1} L!/(c₁!…c_k!) · Π sᵢ^cᵢ.
func multinomialCount(L int, sizes []int64) *big.Int {
	fact := func(n int) *big.Int { return new(big.Int).MulRange(1, int64(max(n, 1))) }
	total := new(big.Int)
	var rec func(i, left int, term *big.Int)
	rec = func(i, left int, term *big.Int) {
		if i == len(sizes)-1 {
			if left < 1 {
				return
			}
			t := new(big.Int).Mul(term, new(big.Int).Exp(big.NewInt(sizes[i]), big.NewInt(int64(left)), nil))
			t.Quo(t, fact(left))
			total.Add(total, t)
			return
		}
		for c := 1; c <= left-(len(sizes)-1-i); c++ {
			t := new(big.Int).Mul(term, new(big.Int).Exp(big.NewInt(sizes[i]), big.NewInt(int64(c)), nil))
			t.Quo(t, fact(c)) // exact: divides the running L!/… product
			rec(i+1, left-c, t)
		}
	}
	rec(0, L, fact(L))
	return total
}

// Known figures for large spaces, checked against two other ways of
// counting: the composition sum and the dynamic programme over classes seen.
func TestEntropyKnownFigures(t *testing.T) {
	d := DefaultOptions()
	with := func(f func(*Options)) Options { o := d; f(&o); return o }
	for _, c := range []struct {
		name  string
		o     Options
		count string // exact, when given
		bits  string // one decimal
	}{
		{"20 of 94, all four required", d, "2585908648140078948280078326668093030400", "130.9"},
		{"20 of 94, nothing required", with(func(o *Options) { o.RequireEach = false }), "", "131.1"},
		{"20 of 87 without look-alikes", with(func(o *Options) { o.NoAmbiguous = true }), "525594105892681626292617583298815414272", "128.6"},
		{"12 letters and digits", with(func(o *Options) { o.Length, o.Symbols = 12, false }), "", "71.3"},
		{"4096 of 94", with(func(o *Options) { o.Length = MaxLength }), "", "26847.6"},
		{"PIN of 6", with(func(o *Options) { o.Mode, o.Length = PIN, 6 }), "1000000", "19.9"},
		{"6 words", with(func(o *Options) { o.Mode = Passphrase }), "221073919720733357899776", "77.5"},
		{"6 words and a digit", with(func(o *Options) { o.Mode, o.WithNumber = Passphrase, true }), "13264435183244001473986560", "83.5"},
		{"6 capitalized words", with(func(o *Options) { o.Mode, o.Capitalize = Passphrase, true }), "221073919720733357899776", "77.5"},
	} {
		n, err := Count(c.o)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		bits, _ := Entropy(c.o)
		if c.count != "" && n.String() != c.count {
			t.Errorf("%s: count %v, want %s", c.name, n, c.count)
		}
		if got := fmt.Sprintf("%.1f", bits); got != c.bits {
			t.Errorf("%s: %s bits, want %s", c.name, got, c.bits)
		}
		if c.o.Mode == Characters {
			p := mustPlan(t, c.o)
			if dp := countDP(c.o.Length, p.sizes, p.required); dp.Cmp(n) != 0 {
				t.Errorf("%s: inclusion–exclusion %v, dynamic programme %v", c.name, n, dp)
			}
			if c.o.RequireEach && c.o.Length <= 64 {
				var sizes []int64
				other := int64(0)
				for cl := range numClasses {
					if p.required&(1<<cl) != 0 {
						sizes = append(sizes, int64(p.sizes[cl]))
					} else {
						other += int64(p.sizes[cl])
					}
				}
				if other == 0 {
					if mc := multinomialCount(c.o.Length, sizes); mc.Cmp(n) != 0 {
						t.Errorf("%s: inclusion–exclusion %v, composition sum %v", c.name, n, mc)
					}
				}
			}
		}
	}
}

func TestLog2Big(t *testing.T) {
	for _, e := range []uint{0, 1, 52, 63, 64, 65, 200, 10000} {
		x := new(big.Int).Lsh(big.NewInt(3), e)
		if got, want := log2Big(x), float64(e)+math.Log2(3); math.Abs(got-want) > 1e-12*want+1e-12 {
			t.Errorf("log2(3·2^%d) = %v, want %v", e, got, want)
		}
	}
}

// sardinasPatterson reports whether code is uniquely decodable: no string
// is a concatenation of codewords in two ways. It follows the dangling
// suffixes left when one codeword sequence runs ahead of another; the code
// is ambiguous exactly when a dangling suffix is itself a codeword.
func sardinasPatterson(code []string) (ok bool, witness string) {
	in := map[string]bool{}
	for _, c := range code {
		if in[c] {
			return false, c
		}
		in[c] = true
	}
	maxLen := 0
	for _, c := range code {
		maxLen = max(maxLen, len(c))
	}
	// byPrefix finds codewords starting with x (x shorter than them).
	sorted := append([]string(nil), code...)
	slices.Sort(sorted)
	withPrefix := func(x string, f func(c string)) {
		i := sort.SearchStrings(sorted, x)
		for ; i < len(sorted) && strings.HasPrefix(sorted[i], x); i++ {
			if len(sorted[i]) > len(x) {
				f(sorted[i])
			}
		}
	}
	seen := map[string]bool{}
	var work []string
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			work = append(work, s)
		}
	}
	for _, c := range code {
		withPrefix(c, func(d string) { add(d[len(c):]) })
	}
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		if in[x] {
			return false, x
		}
		for i := 1; i < len(x) && i <= maxLen; i++ {
			if in[x[:i]] {
				add(x[i:])
			}
		}
		withPrefix(x, func(d string) { add(d[len(x):]) })
	}
	return true, ""
}

func TestSardinasPattersonItself(t *testing.T) {
	for _, c := range []struct {
		code []string
		ok   bool
	}{
		{[]string{"0", "10", "110"}, true},                      // prefix code
		{[]string{"1", "011", "01110", "1110", "10011"}, false}, // 011·1·011 = 01110·11? classic: ambiguous
		{[]string{"a", "ab", "b"}, false},
		{[]string{"a-", "a-b-", "b-"}, false},
		{[]string{"drop-down-", "down-", "t-shirt-", "shirt-"}, true},
		{[]string{"drop-", "down-", "drop-down-"}, false},
	} {
		if ok, w := sardinasPatterson(c.code); ok != c.ok {
			t.Errorf("%q: uniquely decodable %v (witness %q), want %v", c.code, ok, w, c.ok)
		}
	}
}

// The passphrase count assumes that a passphrase can be read back into its
// words, digit and digit position in only one way. The EFF large list is
// prefix-free (no word begins another), so {word+separator} ∪
// {word+digit+separator} is a prefix code for any separator without digits,
// hence uniquely decodable. Both facts are checked here, the second with the
// Sardinas–Patterson test for separators of each kind the options allow.
func TestPassphrasesDecodeOneWay(t *testing.T) {
	words := effWords()
	if len(words) != WordListSize {
		t.Fatalf("%d words", len(words))
	}
	sorted := slices.Sorted(slices.Values(words))
	for i := 1; i < len(sorted); i++ {
		if strings.HasPrefix(sorted[i], sorted[i-1]) {
			t.Fatalf("%q begins %q: the list is not prefix-free", sorted[i-1], sorted[i])
		}
	}
	for _, c := range []struct {
		sep        string
		capitalize bool
	}{{"-", false}, {"", false}, {" ", false}, {"x", false}, {"--", false}, {" · ", false}, {"", true}, {"-", true}} {
		var code []string
		for _, w := range words {
			if c.capitalize {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			code = append(code, w+c.sep)
			for d := '0'; d <= '9'; d++ {
				code = append(code, w+string(d)+c.sep)
			}
		}
		if ok, w := sardinasPatterson(code); !ok {
			t.Errorf("separator %q capitalize %v: ambiguous (%q)", c.sep, c.capitalize, w)
		}
	}
}

// Enumerating two-word passphrases with a digit over words chosen to be
// tricky (the hyphenated ones and their halves) finds exactly the counted
// number of different strings: no double counting.
func TestPassphraseCountMatchesEnumeration(t *testing.T) {
	all := effWords()
	var words []string
	for i, w := range all {
		if strings.Contains(w, "-") || w == "down" || w == "shirt" || i%97 == 0 {
			words = append(words, w)
		}
	}
	for _, sep := range []string{"-", " ", ""} {
		o := DefaultOptions()
		o.Mode, o.Words, o.WithNumber, o.Separator = Passphrase, 2, true, sep
		if err := Validate(o); err != nil {
			t.Fatal(err)
		}
		p := phrasePlan(words, o)
		seen := map[string]bool{}
		var buf []byte
		for a := range words {
			for b := range words {
				for at := range 2 {
					for d := range uint64(10) {
						buf = p.formatPhrase(buf[:0], []uint32{uint32(a), uint32(b)}, at, d)
						seen[string(buf)] = true
					}
				}
			}
		}
		if p.count.Cmp(big.NewInt(int64(len(seen)))) != 0 {
			t.Errorf("separator %q: count %v, %d different strings", sep, p.count, len(seen))
		}
	}
}
