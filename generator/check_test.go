package generator

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

// checkOptions are option sets whose every output Check must accept.
func checkOptions() map[string]Options {
	d := DefaultOptions()
	set := map[string]Options{"default": d}
	o := d
	o.Length, o.Symbols, o.Exclude = 16, false, "abc"
	set["no symbols, exclude"] = o
	o = d
	o.Charset, o.Length = "αβγ1!", 12
	set["unicode charset"] = o
	o = d
	o.Mode, o.Length = PIN, 6
	set["pin"] = o
	o = d
	o.Mode = Passphrase
	set["passphrase"] = o
	o.Capitalize, o.WithNumber, o.Separator = true, true, ""
	set["capitalized, number, no separator"] = o
	o.Separator = "t"
	set["letter separator"] = o
	o.Separator, o.Words = "-", 1
	set["one word"] = o
	return set
}

func TestCheckAcceptsGenerated(t *testing.T) {
	for name, o := range checkOptions() {
		t.Run(name, func(t *testing.T) {
			g := New(seeded(7))
			for range 2000 {
				s, err := g.Append(nil, o)
				if err != nil {
					t.Fatal(err)
				}
				if err := g.Check(o, s); err != nil {
					t.Fatalf("Check refused a generated secret: %v", err)
				}
			}
			// A fresh generator (no cached plan) agrees.
			s, _ := g.Append(nil, o)
			if err := New(nil).Check(o, s); err != nil {
				t.Fatalf("Check with a fresh generator: %v", err)
			}
		})
	}
}

func TestCheckRefuses(t *testing.T) {
	d := DefaultOptions()
	lower := d
	lower.Lower, lower.Upper, lower.Digits, lower.Symbols, lower.Length = true, false, false, false, 4
	classes := d
	classes.Symbols, classes.Length = false, 4
	unicode := d
	unicode.Charset, unicode.Length = "αβ1", 3
	pin := d
	pin.Mode, pin.Length = PIN, 4
	phrase := d
	phrase.Mode, phrase.Words = Passphrase, 3
	capital := phrase
	capital.Capitalize = true
	number := phrase
	number.WithNumber = true
	for _, tc := range []struct {
		name, secret string
		opts         Options
		want         string
	}{
		{"short", "abc", lower, "3 characters instead of 4"},
		{"long", "abcde", lower, "5 characters instead of 4"},
		{"outside", "abcD", lower, "outside the alphabet"},
		{"non-ASCII outside", "abcé", lower, "outside the alphabet"},
		{"invalid UTF-8", "abc\xff", lower, "not valid UTF-8"},
		{"missing class", "abcD", classes, "no digit"},
		{"unicode outside", "αβ2", unicode, "outside the alphabet"},
		{"unicode missing class", "αβα", unicode, "no digit"},
		{"pin letter", "123a", pin, "outside the alphabet"},
		{"pin short", "123", pin, "3 characters instead of 4"},
		{"not a word", "abacus-zzzz-abacus", phrase, "word 2 is not a word of the list"},
		{"wrong separator", "abacus abdomen abacus", phrase, "word 1 is not followed by the separator"},
		{"too few words", "abacus-abdomen", phrase, "word 2 is not followed by the separator"},
		{"too many words", "abacus-abdomen-abacus-abacus", phrase, "more than 3 words"},
		{"trailing separator", "abacus-abdomen-abacus-", phrase, "more than 3 words"},
		{"capital not asked", "Abacus-abdomen-abacus", phrase, "word 1 is not a word of the list"},
		{"capital missing", "Abacus-abdomen-abacus", capital, "word 2 is not a word of the list"},
		{"digit not asked", "abacus1-abdomen-abacus", phrase, "word 1 is not followed by the separator"},
		{"digit missing", "abacus-abdomen-abacus", number, "no digit after a word"},
		{"two digits", "abacus1-abdomen2-abacus", number, "word 2 is not followed by the separator"},
		{"empty", "", phrase, "word 1 is not a word of the list"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := New(nil).Check(tc.opts, []byte(tc.secret))
			if !errors.Is(err, ErrMismatch) {
				t.Fatalf("Check = %v, want ErrMismatch", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not say %q", err, tc.want)
			}
		})
	}
	// The sanity of the passphrase cases: these are accepted.
	for _, tc := range []struct {
		s string
		o Options
	}{{"abacus-abdomen-abacus", phrase}, {"Abacus-Abdomen-Abacus", capital}, {"abacus-abdomen7-abacus", number}, {"T-shirt-Yo-yo-Drop-down", capital}} {
		if err := New(nil).Check(tc.o, []byte(tc.s)); err != nil {
			t.Errorf("Check(%q) = %v", tc.s, err)
		}
	}
}

// The secret never appears in an error, even a secret made of one repeated
// distinctive character.
func TestCheckErrorsHideSecret(t *testing.T) {
	o := DefaultOptions()
	o.Lower, o.Upper, o.Digits, o.Symbols, o.Length = true, false, false, false, 8
	for _, s := range []string{"ZZZZZZZZ", "zzzzzzzzz", "zzzzzzz%", "zzzz"} {
		err := New(nil).Check(o, []byte(s))
		if err == nil {
			t.Fatalf("Check(%q) accepted", s)
		}
		if strings.ContainsAny(err.Error(), "Zz%") {
			t.Errorf("error %q quotes the secret", err)
		}
	}
}

func TestCheckInvalidOptions(t *testing.T) {
	o := DefaultOptions()
	o.Length = 0
	var oe *OptionsError
	if err := New(nil).Check(o, []byte("x")); !errors.As(err, &oe) {
		t.Fatalf("Check with length 0 = %v, want an OptionsError", err)
	}
	if _, err := New(nil).Entropy(o); !errors.As(err, &oe) {
		t.Fatalf("Entropy with length 0 = %v, want an OptionsError", err)
	}
}

func TestGeneratorEntropyMatches(t *testing.T) {
	g := New(nil)
	for name, o := range checkOptions() {
		want, err := Entropy(o)
		if err != nil {
			t.Fatal(err)
		}
		for range 2 { // the second from the cache
			if got, err := g.Entropy(o); err != nil || got != want {
				t.Errorf("%s: Generator.Entropy = %v, %v; Entropy = %v", name, got, err, want)
			}
		}
	}
}

// FuzzCheck: Check never panics on any bytes, and its errors are fixed
// texts that cannot quote them.
func FuzzCheck(f *testing.F) {
	f.Add(uint8(0), "abcdefghijklmnopqrst")
	f.Add(uint8(1), "abacus-abdomen-abacus-abacus-abacus-abacus")
	f.Add(uint8(2), "123456")
	f.Add(uint8(1), "Abacus1-")
	// Every error Check gives is one of these fixed texts with numbers, so
	// none can quote the secret. (Compiled here, not at package init,
	// which TestZxcvbnLoadsLazily keeps small.)
	checkReason := regexp.MustCompile(`^secret does not match its options: (not valid UTF-8|\d+ characters instead of \d+|a character outside the alphabet|no (lowercase letter|uppercase letter|digit|symbol|other character)|word \d+ is not followed by the separator|word \d+ is not a word of the list|more than \d+ words|no digit after a word)$`)
	f.Fuzz(func(t *testing.T, mode uint8, secret string) {
		o := DefaultOptions()
		o.Mode = Mode(mode % 3)
		o.Capitalize, o.WithNumber = mode&4 != 0, mode&8 != 0
		o.Length = 6
		err := New(nil).Check(o, []byte(secret))
		if err != nil && !errors.Is(err, ErrMismatch) {
			t.Fatalf("Check = %v", err)
		}
		if err != nil && !checkReason.MatchString(err.Error()) {
			t.Fatalf("error %q is not one of Check's fixed reasons", err)
		}
	})
}

func BenchmarkCheck(b *testing.B) {
	o := DefaultOptions()
	g := New(nil)
	s, _ := g.Append(nil, o)
	b.ReportAllocs()
	for b.Loop() {
		if err := g.Check(o, s); err != nil {
			b.Fatal(err)
		}
	}
}
