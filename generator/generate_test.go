package generator

import (
	"errors"
	"io"
	"math"
	"math/big"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func mustPlan(t testing.TB, o Options) *plan {
	t.Helper()
	p, err := compile(o)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return p
}

// countDP counts strings of length L over classes of the given sizes that
// hold every class in required, by dynamic programming over the set of
// required classes seen so far: a different method from charCount's
// inclusion–exclusion.
func countDP(L int, sizes [numClasses]int, required uint8) *big.Int {
	f := make([]*big.Int, 1<<numClasses)
	for i := range f {
		f[i] = new(big.Int)
	}
	f[0].SetInt64(1)
	tmp := new(big.Int)
	for range L {
		g := make([]*big.Int, len(f))
		for i := range g {
			g[i] = new(big.Int)
		}
		for mask, v := range f {
			if v.Sign() == 0 {
				continue
			}
			for c := range numClasses {
				if sizes[c] == 0 {
					continue
				}
				next := mask
				if required&(1<<c) != 0 {
					next |= 1 << c
				}
				g[next].Add(g[next], tmp.Mul(v, big.NewInt(int64(sizes[c]))))
			}
		}
		f = g
	}
	return f[required]
}

// A million characters without requirements: every one of the 94 equally
// often.
func TestCharactersUniform(t *testing.T) {
	o := DefaultOptions()
	o.RequireEach = false
	g := New(seeded(10))
	counts := map[rune]int{}
	chars := 0
	for chars < 1_000_000 {
		s, err := g.Generate(o)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range s {
			counts[r]++
		}
		chars += len(s)
	}
	if len(counts) != 94 {
		t.Fatalf("saw %d different characters, want 94", len(counts))
	}
	obs := make([]int, 0, 94)
	for _, c := range counts {
		obs = append(obs, c)
	}
	stat, p := chiSquareUniform(obs)
	t.Logf("%d characters: χ² = %.1f (df 93), p = %.3f", chars, stat, p)
	if p < pass {
		t.Errorf("characters not uniform: χ² = %.1f, p = %g", stat, p)
	}
}

// A million characters with one of each class required: every output holds
// every class, and each character appears as often as the exact count of
// valid strings that have it in a given position says (digits, the smallest
// class, a little more often than 1/94).
func TestCharactersRequireEach(t *testing.T) {
	o := DefaultOptions()
	p := mustPlan(t, o)
	if p.witness != 0 {
		t.Fatalf("default options use witnesses %05b, want plain rejection", p.witness)
	}
	g := New(seeded(11))
	counts := map[rune]int{}
	chars := 0
	for chars < 1_000_000 {
		s, err := g.Generate(o)
		if err != nil {
			t.Fatal(err)
		}
		var seen [numClasses]bool
		for _, r := range s {
			counts[r]++
			seen[ClassOf(r)] = true
		}
		if !seen[ClassLower] || !seen[ClassUpper] || !seen[ClassDigit] || !seen[ClassSymbol] {
			t.Fatalf("output lacks a class: %q", s)
		}
		chars += len(s)
	}
	total := countDP(o.Length, p.sizes, p.required)
	var obs []int
	var exp []float64
	for _, r := range p.runes {
		c := ClassOf(r)
		with := countDP(o.Length-1, p.sizes, p.required&^(1<<c)) // the other positions
		frac, _ := new(big.Rat).SetFrac(with, total).Float64()
		obs = append(obs, counts[r])
		exp = append(exp, frac*float64(chars))
	}
	stat, pv := chiSquare(obs, exp)
	t.Logf("%d characters: χ² = %.1f (df 93), p = %.3f; expected share of '7' %.5f, of 'a' %.5f", chars, stat, pv, exp[slices.Index(p.runes, '7')]/float64(chars), exp[0]/float64(chars))
	if pv < pass {
		t.Errorf("characters do not follow the exact marginals: χ² = %.1f, p = %g", stat, pv)
	}
	// The plain 1/94 is wrong here, and the test can tell.
	if _, pv := chiSquareUniform(obs); pv > fail {
		t.Errorf("expected the naive 1/94 marginals to be rejected, p = %g", pv)
	}
}

// enumerate lists every string of length L over runes holding every class
// in required.
func enumerate(runes []rune, L int, required uint8) []string {
	var out []string
	idx := make([]int, L)
	for {
		var seen uint8
		s := make([]rune, L)
		for i, j := range idx {
			s[i] = runes[j]
			seen |= 1 << ClassOf(runes[j])
		}
		if seen&required == required {
			out = append(out, string(s))
		}
		i := L - 1
		for i >= 0 && idx[i] == len(runes)-1 {
			idx[i] = 0
			i--
		}
		if i < 0 {
			return out
		}
		idx[i]++
	}
}

// drawSpace draws perString × |valid| outputs and returns the p-value of
// their counts against the uniform distribution on exactly the valid set.
func drawSpace(t *testing.T, g *Generator, o Options, valid []string, perString int) float64 {
	t.Helper()
	index := map[string]int{}
	for i, s := range valid {
		index[s] = i
	}
	counts := make([]int, len(valid))
	for range perString * len(valid) {
		s, err := g.Generate(o)
		if err != nil {
			t.Fatal(err)
		}
		i, ok := index[s]
		if !ok {
			t.Fatalf("output %q is not in the valid set", s)
		}
		counts[i]++
	}
	_, p := chiSquareUniform(counts)
	return p
}

// The exact test: on spaces small enough to enumerate, every valid string is
// equally likely, whichever witness set the sampler uses.
func TestTinySpaceExactlyUniform(t *testing.T) {
	for _, c := range []struct {
		name    string
		charset string
		length  int
		valid   int
	}{
		{"length 3 over ab12", "ab12", 3, 4*4*4 - 2*2*2 - 2*2*2},
		{"length 4 over ab12", "ab12", 4, 256 - 16 - 16},
		{"length 3 over Greek+a+1", "αβγδεζηθικλμνξοπρστυ" + "a1", 3, 6 * 20}, // one Greek letter (class other), a and 1: 3! orders
		{"length 4 over aB3%", "aB3%", 4, 24},
	} {
		o := DefaultOptions()
		o.Charset, o.Length = c.charset, c.length
		p := mustPlan(t, o)
		valid := enumerate(p.runes, c.length, p.required)
		if len(valid) != c.valid || p.count.Int64() != int64(c.valid) {
			t.Fatalf("%s: %d valid strings enumerated, Count %v, want %d", c.name, len(valid), p.count, c.valid)
		}
		// Every subset of the required classes as witness set, and the
		// one the plan picks (−1).
		sets := []int{-1}
		for w := 0; w < 1<<numClasses; w++ {
			if uint8(w)&^p.required == 0 {
				sets = append(sets, w)
			}
		}
		for i, w := range sets {
			g := New(seeded(uint64(100 + i)))
			g.witness = w
			if pv := drawSpace(t, g, o, valid, 200); pv < pass {
				t.Errorf("%s, witnesses %05b (plan picks %05b): not uniform, p = %g", c.name, w, p.witness, pv)
			}
		}
		t.Logf("%s: %d valid strings, plan witnesses %05b, acceptance %.3f (plain rejection %.3f)", c.name, c.valid, p.witness, p.acceptance(p.witness), p.acceptance(0))
	}
}

// Without the acceptance step, witnesses are the naive "insert one of each
// class at a random position" scheme. At length 4 over ab12 it favours
// strings with two letters and two digits (4 witness choices each) over
// those with one and three (3 choices): the exact test must catch it. (At
// length 3 every valid string has 2 witness choices, so there the naive
// scheme happens to be uniform.)
func TestTinySpaceCatchesNaiveInsertion(t *testing.T) {
	o := DefaultOptions()
	o.Charset, o.Length = "ab12", 4
	p := mustPlan(t, o)
	valid := enumerate(p.runes, 4, p.required)
	g := New(seeded(7))
	g.witness = int(p.required)
	g.noCorrect = true
	if pv := drawSpace(t, g, o, valid, 400); pv > fail {
		t.Errorf("naive insertion not caught: p = %g", pv)
	}
}

// With rare required classes the plan switches to witnesses and stays fast.
func TestRareClassesUseWitnesses(t *testing.T) {
	o := DefaultOptions()
	o.Charset = "一二三四五六七八九十百千万亿兆京垓秭穰沟涧正载极" + "a1!"
	o.Length = 4
	p := mustPlan(t, o)
	if p.acceptance(0) > 0.01 {
		t.Fatalf("plain acceptance %v: the case is not hard", p.acceptance(0))
	}
	if p.witness == 0 || p.acceptance(p.witness) < 0.25 {
		t.Fatalf("witnesses %05b, acceptance %v", p.witness, p.acceptance(p.witness))
	}
	g := New(seeded(3))
	for range 1000 {
		s, err := g.Generate(o)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.ContainsRune(s, 'a') || !strings.ContainsRune(s, '1') || !strings.ContainsRune(s, '!') || utf8.RuneCountInString(s) != 4 {
			t.Fatalf("bad output %q", s)
		}
	}
}

// For every plan tried the chosen witness set keeps the acceptance rate
// above 1/8, so generation never crawls.
func TestAcceptanceFloor(t *testing.T) {
	worst := 1.0
	for _, cs := range []string{"", "a1", "aA1!", "aA1!" + "ĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĲĳĴĵĶķĸĹĺĻļĽľĿŀŁłŃńŅņŇňŉŊŋŌōŎŏŐőŒœŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſ"} {
		for _, ex := range []string{"", "0123456789", "abcdefghijklmnopqrstuvwxy", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}"} {
			for L := 1; L <= 200; L++ {
				o := DefaultOptions()
				o.Charset, o.Exclude, o.Length = cs, ex, L
				p, err := compile(o)
				if err != nil {
					continue
				}
				if a := p.acceptance(p.witness); a < worst {
					worst = a
					if a < 1.0/8 {
						t.Errorf("charset %q exclude %q length %d: acceptance %v", cs, ex, L, a)
					}
				}
			}
		}
	}
	t.Logf("worst acceptance %.3f", worst)
}

func TestRadix(t *testing.T) {
	for _, c := range []struct {
		n uint64
		k int
	}{{2, 63}, {10, 18}, {94, 9}, {7776, 4}, {1 << 32, 1}} {
		if rx := newRadix(c.n); rx.k != c.k {
			t.Errorf("newRadix(%d).k = %d, want %d", c.n, rx.k, c.k)
		}
	}
	// 94 characters cost 0.92 random bytes each; log2(94)/8 = 0.82 is the floor.
	if b := newRadix(94).bytesPerDigit(); b > 0.92 {
		t.Errorf("%v bytes per character of 94", b)
	}
	for _, n := range []uint64{2, 3, 10, 94, 1000, 7776} {
		g := New(seeded(n))
		rx := newRadix(n)
		counts := make([]int, n)
		buf := make([]uint32, 37) // not a multiple of k: leftovers are reused
		for range 200 * int(n) / len(buf) {
			if err := g.digits(&rx, buf); err != nil {
				t.Fatal(err)
			}
			for _, d := range buf {
				counts[d]++
			}
		}
		if _, p := chiSquareUniform(counts); p < pass {
			t.Errorf("base %d digits not uniform: p = %g", n, p)
		}
	}
}

func TestUintn(t *testing.T) {
	g := New(seeded(5))
	for _, n := range []uint64{1, 2, 3, 7, 60, 1 << 40} {
		for range 1000 {
			v, err := g.src.uintn(n)
			if err != nil || v >= n {
				t.Fatalf("uintn(%d) = %d, %v", n, v, err)
			}
		}
	}
	counts := make([]int, 6)
	for range 60000 {
		v, _ := g.src.uintn(6)
		counts[v]++
	}
	if _, p := chiSquareUniform(counts); p < pass {
		t.Errorf("uintn(6) not uniform: p = %g", p)
	}
}

// A million words (125,000 passphrases of 8): each of the 7,776 equally
// often; the digit's word and value uniform too.
func TestPassphraseUniform(t *testing.T) {
	o := DefaultOptions()
	o.Mode, o.Words, o.WithNumber, o.Separator = Passphrase, 8, true, " "
	words := effWords()
	index := map[string]int{}
	for i, w := range words {
		index[w] = i
	}
	g := New(seeded(12))
	counts := make([]int, len(words))
	at := make([]int, o.Words)
	digit := make([]int, 10)
	for range 125_000 {
		s, err := g.Generate(o)
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.Split(s, " ")
		if len(parts) != o.Words {
			t.Fatalf("%q: %d words", s, len(parts))
		}
		found := 0
		for i, w := range parts {
			if d := w[len(w)-1]; d >= '0' && d <= '9' {
				found++
				at[i]++
				digit[d-'0']++
				w = w[:len(w)-1]
			}
			j, ok := index[w]
			if !ok {
				t.Fatalf("%q: %q is not an EFF word", s, w)
			}
			counts[j]++
		}
		if found != 1 {
			t.Fatalf("%q: %d digits, want 1", s, found)
		}
	}
	for name, c := range map[string][]int{"words": counts, "digit position": at, "digit": digit} {
		stat, p := chiSquareUniform(c)
		t.Logf("%s: χ² = %.1f (df %d), p = %.3f", name, stat, len(c)-1, p)
		if p < pass {
			t.Errorf("%s not uniform: p = %g", name, p)
		}
	}
}

func TestPassphraseFormat(t *testing.T) {
	o := DefaultOptions()
	o.Mode, o.Words, o.Capitalize, o.Separator = Passphrase, 5, true, ""
	g := New(seeded(13))
	for range 100 {
		s, _ := g.Generate(o)
		caps := 0
		for _, r := range s {
			if ClassOf(r) == ClassUpper {
				caps++
			} else if ClassOf(r) != ClassLower && r != '-' {
				t.Fatalf("unexpected %q in %q", r, s)
			}
		}
		if caps != 5 || ClassOf(rune(s[0])) != ClassUpper {
			t.Fatalf("%q: want 5 capitalized words", s)
		}
	}
}

func TestPIN(t *testing.T) {
	o := DefaultOptions()
	o.Mode, o.Length = PIN, 8
	g := New(seeded(14))
	counts := make([]int, 10)
	for range 125_000 {
		s, err := g.Generate(o)
		if err != nil || len(s) != 8 {
			t.Fatalf("%q, %v", s, err)
		}
		for _, r := range s {
			counts[r-'0']++
		}
	}
	if _, p := chiSquareUniform(counts); p < pass {
		t.Errorf("PIN digits not uniform: p = %g", p)
	}
}

func TestDeterministicWithSeed(t *testing.T) {
	for _, mode := range []Mode{Characters, Passphrase, PIN} {
		o := DefaultOptions()
		o.Mode = mode
		a, _ := New(seeded(1)).Generate(o)
		b, _ := New(seeded(1)).Generate(o)
		c, _ := New(seeded(2)).Generate(o)
		if a != b || a == c {
			t.Errorf("%v: same seed %q %q, other seed %q", mode, a, b, c)
		}
	}
}

func TestDefaultReaderIsCryptoRand(t *testing.T) {
	g := New(nil)
	a, err := g.Generate(DefaultOptions())
	b, _ := g.Generate(DefaultOptions())
	if err != nil || len(a) != 20 || a == b {
		t.Fatalf("%q %q %v", a, b, err)
	}
}

type failingReader struct{ n int }

var errBroken = errors.New("broken source")

func (r *failingReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, errBroken
	}
	n := min(r.n, len(p))
	r.n -= n
	clear(p[:n])
	return n, nil
}

func TestReaderErrors(t *testing.T) {
	for _, mode := range []Mode{Characters, Passphrase, PIN} {
		o := DefaultOptions()
		o.Mode = mode
		_, err := New(&failingReader{}).Generate(o)
		if !errors.Is(err, errBroken) {
			t.Errorf("%v: err = %v, want the reader's", mode, err)
		}
		_, err = New(&failingReader{n: 100}).Generate(o) // short of the first batch
		if !errors.Is(err, errBroken) && !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("%v: short read gave %v", mode, err)
		}
	}
}

type recordingReader struct {
	r     io.Reader
	sizes []int
}

func (r *recordingReader) Read(p []byte) (int, error) {
	r.sizes = append(r.sizes, len(p))
	return r.r.Read(p)
}

// Randomness is read in batches: 256 bytes for the first password, doubling
// up to 64 KiB for bulk.
func TestBatchedReads(t *testing.T) {
	rr := &recordingReader{r: seeded(1)}
	g := New(rr)
	g.Generate(DefaultOptions())
	if !slices.Equal(rr.sizes, []int{256}) {
		t.Fatalf("reads for one password: %v", rr.sizes)
	}
	for range 20000 {
		g.Generate(DefaultOptions())
	}
	want := []int{256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 65536}
	if !slices.Equal(rr.sizes[:len(want)], want) {
		t.Fatalf("reads: %v", rr.sizes)
	}
}

func TestClassOf(t *testing.T) {
	var n [numClasses]int
	for r := rune(0x21); r < 0x7f; r++ {
		n[ClassOf(r)]++
	}
	if n != [numClasses]int{26, 26, 10, 32, 0} {
		t.Fatalf("printable ASCII by class: %v", n)
	}
	for _, s := range []string{LowerChars, UpperChars, DigitChars, SymbolChars} {
		c := ClassOf(rune(s[0]))
		for _, r := range s {
			if ClassOf(r) != c {
				t.Errorf("%q is %v, want %v", r, ClassOf(r), c)
			}
		}
	}
	for _, r := range " \x00\x7féΩ文" {
		if ClassOf(r) != ClassOther {
			t.Errorf("%q is %v", r, ClassOf(r))
		}
	}
	if len(SymbolChars) != 32 {
		t.Errorf("%d symbols", len(SymbolChars))
	}
}

func TestNoAmbiguous(t *testing.T) {
	o := DefaultOptions()
	o.NoAmbiguous = true
	p := mustPlan(t, o)
	if len(p.runes) != 94-7 {
		t.Fatalf("%d characters without look-alikes, want 87", len(p.runes))
	}
	g := New(seeded(4))
	for range 2000 {
		s, _ := g.Generate(o)
		if strings.ContainsAny(s, AmbiguousChars) {
			t.Fatalf("%q has a look-alike", s)
		}
	}
}

// Unicode in a custom set: any printable characters, duplicates counted
// once, output valid UTF-8 of the asked length.
func TestUnicodeCharset(t *testing.T) {
	o := DefaultOptions()
	o.Charset, o.Length, o.Exclude = "äöüäöüß€😀ab", 12, "b"
	p := mustPlan(t, o)
	if string(p.runes) != "äöüß€😀a" {
		t.Fatalf("alphabet %q", string(p.runes))
	}
	if p.required != 1<<ClassLower|1<<ClassOther {
		t.Fatalf("required %05b", p.required)
	}
	g := New(seeded(6))
	for range 1000 {
		s, err := g.Generate(o)
		if err != nil || !utf8.ValidString(s) || utf8.RuneCountInString(s) != 12 || !strings.ContainsRune(s, 'a') || strings.ContainsRune(s, 'b') {
			t.Fatalf("%q, %v", s, err)
		}
	}
}

func TestSingleCharacter(t *testing.T) {
	o := DefaultOptions()
	o.Charset, o.Length = "x", 5
	s, err := New(&failingReader{}).Generate(o) // needs no randomness
	if err != nil || s != "xxxxx" {
		t.Fatalf("%q, %v", s, err)
	}
	if e, _ := Entropy(o); e != 0 {
		t.Fatalf("entropy %v", e)
	}
}

func TestValidate(t *testing.T) {
	d := DefaultOptions()
	with := func(f func(*Options)) Options { o := d; f(&o); return o }
	for _, c := range []struct {
		o    Options
		want string // "" = valid
	}{
		{d, ""},
		{with(func(o *Options) { o.Length = 0 }), "length 0 is out of range"},
		{with(func(o *Options) { o.Length = MaxLength + 1 }), "length 4097 is out of range"},
		{with(func(o *Options) { o.Length = MaxLength }), ""},
		{with(func(o *Options) { o.Lower, o.Upper, o.Digits, o.Symbols = false, false, false, false }), "no character class"},
		{with(func(o *Options) { o.Charset = "abc"; o.Exclude = "cba" }), "every character is excluded"},
		{with(func(o *Options) { o.Exclude = DigitChars }), "every digit is excluded"},
		{with(func(o *Options) { o.Exclude = DigitChars; o.RequireEach = false }), ""},
		{with(func(o *Options) { o.Length = 3 }), "4 character classes are required but the length is only 3"},
		{with(func(o *Options) { o.Length = 3; o.RequireEach = false }), ""},
		{with(func(o *Options) { o.Charset = "ab\x01" }), "not printable"},
		{with(func(o *Options) { o.Charset = "e\u0301" }), "combining mark"},
		{with(func(o *Options) { o.Charset = "ab\xff" }), "not valid UTF-8"},
		{with(func(o *Options) { o.Exclude = "\xff" }), "not valid UTF-8"},
		{with(func(o *Options) { o.Mode = PIN; o.Length = 0 }), "PIN length 0"},
		{with(func(o *Options) { o.Mode = PIN; o.Length = 4 }), ""},
		{with(func(o *Options) { o.Mode = Passphrase; o.Words = 0 }), "0 words is out of range"},
		{with(func(o *Options) { o.Mode = Passphrase; o.Words = MaxWords + 1 }), "129 words"},
		{with(func(o *Options) { o.Mode = Passphrase; o.Separator = "" }), ""},
		{with(func(o *Options) { o.Mode = Passphrase; o.Separator = "x" }), ""},
		{with(func(o *Options) { o.Mode = Passphrase; o.Separator = "7" }), ""},
		{with(func(o *Options) { o.Mode = Passphrase; o.Separator = "7"; o.WithNumber = true }), "may not contain digits"},
		{with(func(o *Options) { o.Mode = Passphrase; o.Separator = "٣"; o.WithNumber = true }), "may not contain digits"},
		{with(func(o *Options) { o.Mode = Passphrase; o.Separator = "\t" }), "not printable"},
		{with(func(o *Options) { o.Mode = Passphrase; o.Separator = strings.Repeat("-", 17) }), "longer than 16"},
		{with(func(o *Options) { o.Mode = Passphrase; o.Separator = " · " }), ""},
		{with(func(o *Options) { o.Mode = 9 }), "unknown mode"},
	} {
		err := Validate(c.o)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%+v: unexpected error %v", c.o, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%+v: error %v, want %q", c.o, err, c.want)
		case err != nil:
			var oe *OptionsError
			if !errors.As(err, &oe) {
				t.Errorf("%v is not an *OptionsError", err)
			}
			if _, err := New(seeded(1)).Generate(c.o); err == nil {
				t.Errorf("Generate accepted %+v", c.o)
			}
		}
	}
}

func TestAppendDoesNotAllocate(t *testing.T) {
	g := New(seeded(1))
	o := DefaultOptions()
	buf := make([]byte, 0, 64)
	allocs := testing.AllocsPerRun(1000, func() {
		buf, _ = g.Append(buf[:0], o)
	})
	if allocs != 0 {
		t.Errorf("Append allocates %v times per password", allocs)
	}
}

// acceptance is the expected fraction of candidates appendChars keeps with
// witness set w (the production code compares logarithms).
func (p *plan) acceptance(w uint8) float64 { return math.Exp2(p.logAcceptance(w)) }
