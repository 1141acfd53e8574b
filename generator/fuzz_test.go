package generator

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzOptions feeds arbitrary options, as a user interface might pass them
// on from the command line: validation never panics, Validate, Entropy and
// Generate agree on what is valid, and every generated secret satisfies its
// options (checked independently of the generator's own alphabet).
// Seeds: testdata/fuzz/FuzzOptions.
func FuzzOptions(f *testing.F) {
	f.Add(uint8(0), 20, uint8(0b11111), "", "", 6, "-", uint64(1))
	f.Add(uint8(0), 4, uint8(0b11111), "aA1!", "", 0, "", uint64(2))
	f.Add(uint8(0), 3, uint8(0b10001), "αβγ1", "β", 0, "", uint64(3))
	f.Add(uint8(1), 0, uint8(0b1000000), "", "", 5, "", uint64(4))
	f.Add(uint8(1), 0, uint8(0b1100000), "", "", 3, " · ", uint64(5))
	f.Add(uint8(2), 6, uint8(0), "", "", 0, "", uint64(6))
	f.Fuzz(func(t *testing.T, mode uint8, length int, flags uint8, charset, exclude string, words int, sep string, seed uint64) {
		o := Options{
			Mode:        Mode(mode % 4),
			Length:      length,
			Lower:       flags&1 != 0,
			Upper:       flags&2 != 0,
			Digits:      flags&4 != 0,
			Symbols:     flags&8 != 0,
			RequireEach: flags&16 != 0,
			NoAmbiguous: flags&128 != 0,
			Charset:     charset,
			Exclude:     exclude,
			Words:       words,
			Separator:   sep,
			Capitalize:  flags&32 != 0,
			WithNumber:  flags&64 != 0,
		}
		verr := Validate(o)
		bits, eerr := Entropy(o)
		s, gerr := New(seeded(seed)).Generate(o)
		if (verr == nil) != (eerr == nil) || (verr == nil) != (gerr == nil) {
			t.Fatalf("disagree: Validate %v, Entropy %v, Generate %v", verr, eerr, gerr)
		}
		if verr != nil {
			var oe *OptionsError
			if !errors.As(verr, &oe) || oe.Reason == "" || strings.Contains(oe.Reason, "\n") {
				t.Fatalf("bad error %#v", verr)
			}
			return
		}
		if math.IsNaN(bits) || bits < 0 {
			t.Fatalf("entropy %v", bits)
		}
		switch o.Mode {
		case Characters, PIN:
			checkChars(t, o, s, bits)
		case Passphrase:
			checkPhrase(t, o, s)
		}
	})
}

func checkChars(t *testing.T, o Options, s string, bits float64) {
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) != o.Length {
		t.Fatalf("%q: want %d characters", s, o.Length)
	}
	var allowed []rune
	switch {
	case o.Mode == PIN:
		allowed = []rune(DigitChars)
	case o.Charset != "":
		allowed = []rune(o.Charset)
	default:
		for i, set := range []string{LowerChars, UpperChars, DigitChars, SymbolChars} {
			if []bool{o.Lower, o.Upper, o.Digits, o.Symbols}[i] {
				allowed = append(allowed, []rune(set)...)
			}
		}
	}
	if o.Mode == Characters {
		drop := o.Exclude
		if o.NoAmbiguous {
			drop += AmbiguousChars
		}
		allowed = slices.DeleteFunc(allowed, func(r rune) bool { return strings.ContainsRune(drop, r) })
	}
	slices.Sort(allowed)
	allowed = slices.Compact(allowed)
	if max := float64(o.Length)*math.Log2(float64(len(allowed))) + 1e-6; bits > max {
		t.Fatalf("entropy %v above %v", bits, max)
	}
	var want, got [numClasses]bool
	for _, r := range allowed {
		want[ClassOf(r)] = true
	}
	for _, r := range s {
		if _, ok := slices.BinarySearch(allowed, r); !ok {
			t.Fatalf("%q holds %q, not allowed", s, r)
		}
		got[ClassOf(r)] = true
	}
	if o.Mode == Characters && o.RequireEach && got != want {
		t.Fatalf("%q: classes %v, want %v", s, got, want)
	}
}

// checkPhrase reads s back into words, relying on the list being
// prefix-free.
func checkPhrase(t *testing.T, o Options, s string) {
	words := effWords()
	rest := s
	digits := 0
	for i := range o.Words {
		if i > 0 {
			if !strings.HasPrefix(rest, o.Separator) {
				t.Fatalf("%q: no separator before word %d", s, i)
			}
			rest = rest[len(o.Separator):]
		}
		found := ""
		for _, w := range words {
			if o.Capitalize {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			if strings.HasPrefix(rest, w) {
				found = w
				break
			}
		}
		if found == "" {
			t.Fatalf("%q: word %d not in the list", s, i)
		}
		rest = rest[len(found):]
		if o.WithNumber && rest != "" && rest[0] >= '0' && rest[0] <= '9' {
			digits++
			rest = rest[1:]
		}
	}
	if rest != "" {
		t.Fatalf("%q: %q left over", s, rest)
	}
	if want := map[bool]int{true: 1, false: 0}[o.WithNumber]; digits != want {
		t.Fatalf("%q: %d digits, want %d", s, digits, want)
	}
}
