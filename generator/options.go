package generator

import (
	"errors"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Mode says what kind of secret [Generator.Generate] makes.
type Mode uint8

const (
	// Characters makes a password of [Options.Length] characters drawn from
	// character classes or a custom set.
	Characters Mode = iota
	// Passphrase makes [Options.Words] words from the EFF large wordlist.
	Passphrase
	// PIN makes [Options.Length] decimal digits.
	PIN
)

// String returns the mode's name: "characters", "passphrase" or "pin".
func (m Mode) String() string {
	switch m {
	case Characters:
		return "characters"
	case Passphrase:
		return "passphrase"
	case PIN:
		return "pin"
	}
	return fmt.Sprintf("Mode(%d)", uint8(m))
}

// Character sets of the four classes and of the look-alikes.
const (
	LowerChars  = "abcdefghijklmnopqrstuvwxyz"
	UpperChars  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	DigitChars  = "0123456789"
	SymbolChars = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~" // the 32 printable ASCII symbols
	// AmbiguousChars are the characters [Options.NoAmbiguous] drops because
	// they are easily mistaken for one another: capital I, small l, one and
	// bar; capital O, zero and small o.
	AmbiguousChars = "Il1|O0o"
)

// Limits on what can be asked for.
const (
	// MaxLength is the longest password or PIN, in characters.
	MaxLength = 4096
	// MaxWords is the most words in a passphrase.
	MaxWords = 128
	// MaxSeparator is the longest passphrase separator, in characters.
	MaxSeparator = 16
)

// Options describe a secret to generate. The zero value is not usable (its
// length is 0); start from [DefaultOptions]. Fields that do not apply to
// [Options.Mode] are ignored, so a user interface can switch modes and keep
// the other settings.
type Options struct {
	// Mode selects characters, passphrase or PIN.
	Mode Mode

	// Length is the number of characters (Characters mode) or digits (PIN
	// mode), from 1 to [MaxLength].
	Length int

	// Lower, Upper, Digits and Symbols enable the character classes
	// [LowerChars], [UpperChars], [DigitChars] and [SymbolChars]. They are
	// ignored when Charset is set.
	Lower, Upper, Digits, Symbols bool
	// Charset, when not empty, replaces the four classes: the password is
	// drawn from exactly these characters. Any printable Unicode characters
	// are allowed, except combining marks; duplicates count once. Its
	// characters still fall into classes by [ClassOf] (non-ASCII ones are
	// [ClassOther]) for RequireEach.
	Charset string
	// Exclude lists characters never to use.
	Exclude string
	// NoAmbiguous drops [AmbiguousChars].
	NoAmbiguous bool
	// RequireEach asks for at least one character of every class in the
	// alphabet: every enabled class, or with Charset every class that
	// Charset contains. The result stays uniform over the strings that
	// satisfy the rule.
	RequireEach bool

	// Words is the number of words of a passphrase, from 1 to [MaxWords].
	Words int
	// Separator goes between words: up to [MaxSeparator] printable
	// characters, possibly none; no digits when WithNumber is set.
	Separator string
	// Capitalize writes every word with a capital first letter. It adds no
	// entropy.
	Capitalize bool
	// WithNumber appends one random digit to one randomly chosen word.
	WithNumber bool
}

// DefaultOptions returns passtea's defaults: 20 characters from all four
// classes with one of each required; for passphrases 6 words joined by "-".
func DefaultOptions() Options {
	return Options{
		Mode:        Characters,
		Length:      20,
		Lower:       true,
		Upper:       true,
		Digits:      true,
		Symbols:     true,
		RequireEach: true,
		Words:       6,
		Separator:   "-",
	}
}

// Class is the kind of a character, for requirements and for colouring.
type Class uint8

// The classes. Every rune has exactly one.
const (
	ClassLower  Class = iota // ASCII a–z
	ClassUpper               // ASCII A–Z
	ClassDigit               // ASCII 0–9
	ClassSymbol              // one of SymbolChars
	ClassOther               // anything else, e.g. non-ASCII letters or space
	numClasses
)

// String returns a name for the class in the singular: "lowercase letter",
// "uppercase letter", "digit", "symbol" or "other character".
func (c Class) String() string {
	switch c {
	case ClassLower:
		return "lowercase letter"
	case ClassUpper:
		return "uppercase letter"
	case ClassDigit:
		return "digit"
	case ClassSymbol:
		return "symbol"
	case ClassOther:
		return "other character"
	}
	return fmt.Sprintf("Class(%d)", uint8(c))
}

// ClassOf returns the class of r. It is cheap enough to call for every
// character a user interface draws.
func ClassOf(r rune) Class {
	switch {
	case 'a' <= r && r <= 'z':
		return ClassLower
	case 'A' <= r && r <= 'Z':
		return ClassUpper
	case '0' <= r && r <= '9':
		return ClassDigit
	case r > ' ' && r < 0x7f:
		return ClassSymbol // every other printable ASCII character but space
	}
	return ClassOther
}

// OptionsError says why options cannot be satisfied. Its message names no
// secret and is meant for the user as is. Front ends that point at their own
// controls for some problems tell them apart with errors.Is: [ErrNoClass],
// [ErrRequirement].
type OptionsError struct {
	// Reason is a short lowercase explanation.
	Reason string
	kind   error // ErrNoClass, ErrRequirement or nil
}

// Error returns the reason.
func (e *OptionsError) Error() string { return e.Reason }

// Unwrap returns the kind of problem, for errors.Is, or nil.
func (e *OptionsError) Unwrap() error { return e.kind }

// Kinds of [OptionsError] that front ends answer with their own advice.
var (
	// ErrNoClass: every character class is turned off and there is no
	// Charset.
	ErrNoClass = errors.New("no character class is enabled")
	// ErrRequirement: RequireEach cannot be met (a class is excluded
	// entirely, or the length is shorter than the number of classes).
	ErrRequirement = errors.New("the required classes cannot be met")
)

func optErr(format string, args ...any) error {
	return &OptionsError{Reason: fmt.Sprintf(format, args...)}
}

// kindErr is optErr for a problem of the given kind.
func kindErr(kind error, format string, args ...any) error {
	return &OptionsError{Reason: fmt.Sprintf(format, args...), kind: kind}
}

// Validate reports whether opts can be satisfied; the error is an
// [*OptionsError]. Generate and Entropy validate too.
func Validate(opts Options) error {
	_, err := compile(opts)
	return err
}

// alphabet is the result of checking character options.
type alphabet struct {
	runes    []rune
	ascii    bool
	sizes    [numClasses]int
	required uint8 // bit c set: class c required
}

// buildAlphabet applies Charset or the classes, Exclude and NoAmbiguous, and
// works out the required classes.
func buildAlphabet(o Options) (*alphabet, error) {
	if o.Length < 1 || o.Length > MaxLength {
		return nil, optErr("length %d is out of range: use 1 to %d", o.Length, MaxLength)
	}
	if !utf8.ValidString(o.Exclude) {
		return nil, optErr("the characters to exclude are not valid UTF-8")
	}
	var enabled uint8
	var src []rune
	if o.Charset != "" {
		if !utf8.ValidString(o.Charset) {
			return nil, optErr("the character set is not valid UTF-8")
		}
		src = []rune(o.Charset)
		for _, r := range src {
			if !unicode.IsPrint(r) {
				return nil, optErr("the character set holds %U, which is not printable", r)
			}
			if unicode.Is(unicode.M, r) {
				return nil, optErr("the character set holds %U, a combining mark that would merge with its neighbour", r)
			}
		}
	} else {
		for c, set := range []string{LowerChars, UpperChars, DigitChars, SymbolChars} {
			if []bool{o.Lower, o.Upper, o.Digits, o.Symbols}[c] {
				enabled |= 1 << c
				src = append(src, []rune(set)...)
			}
		}
		if enabled == 0 {
			return nil, kindErr(ErrNoClass, "no character class is enabled")
		}
	}
	drop := map[rune]bool{}
	for _, r := range o.Exclude {
		drop[r] = true
	}
	if o.NoAmbiguous {
		for _, r := range AmbiguousChars {
			drop[r] = true
		}
	}
	a := &alphabet{ascii: true}
	seen := make(map[rune]bool, len(src))
	for _, r := range src {
		if drop[r] || seen[r] {
			continue
		}
		seen[r] = true
		a.runes = append(a.runes, r)
		a.sizes[ClassOf(r)]++
		if r >= utf8.RuneSelf {
			a.ascii = false
		}
	}
	if len(a.runes) == 0 {
		return nil, optErr("every character is excluded: nothing left to choose from")
	}
	if o.RequireEach {
		for c := range numClasses {
			if a.sizes[c] > 0 {
				a.required |= 1 << c
			} else if enabled&(1<<c) != 0 {
				return nil, kindErr(ErrRequirement, "every %s is excluded, so one cannot be required", c)
			}
		}
		if k := popcount(a.required); k > o.Length {
			return nil, kindErr(ErrRequirement, "%d character classes are required but the length is only %d", k, o.Length)
		}
	}
	return a, nil
}

// checkSeparator enforces the rules that make every passphrase readable back
// into its words, digit and digit position in exactly one way (see the
// package documentation).
func checkSeparator(o Options) error {
	if !utf8.ValidString(o.Separator) {
		return optErr("the separator is not valid UTF-8")
	}
	if utf8.RuneCountInString(o.Separator) > MaxSeparator {
		return optErr("the separator is longer than %d characters", MaxSeparator)
	}
	for _, r := range o.Separator {
		switch {
		case !unicode.IsPrint(r) || unicode.Is(unicode.M, r):
			return optErr("the separator holds %U, which is not printable", r)
		case o.WithNumber && unicode.IsNumber(r):
			return optErr("the separator may not contain digits when a number is added (%q)", r)
		}
	}
	return nil
}

func popcount(m uint8) int {
	n := 0
	for ; m != 0; m &= m - 1 {
		n++
	}
	return n
}
