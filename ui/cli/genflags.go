package cli

// The password generation flags, shared by `passtea gen` and
// `passtea add NAME --generate`.

import (
	"errors"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/passtea/passtea/generator"
)

// genFlags holds the generation flags of one command.
type genFlags struct {
	length                               int
	noLower, noUpper, noDigits, noSymbol bool
	charset, exclude                     string
	noAmbiguous, noRequireEach           bool
	words                                int
	separator                            string
	capitalize, withNumber               bool
	pin                                  int
}

// Flag names by the mode they belong to, for telling the user which ones
// don't fit together.
var (
	charFlags   = []string{"length", "no-lower", "no-upper", "no-digits", "no-symbols", "charset", "exclude", "no-ambiguous", "no-require-each"}
	classFlags  = []string{"no-lower", "no-upper", "no-digits", "no-symbols"}
	phraseFlags = []string{"separator", "capitalize", "with-number"}
)

// bind defines the generation flags on fs.
func (f *genFlags) bind(fs *pflag.FlagSet) {
	d := generator.DefaultOptions()
	fs.IntVar(&f.length, "length", d.Length, "make passwords of `N` characters")
	fs.BoolVar(&f.noLower, "no-lower", false, "no lowercase letters")
	fs.BoolVar(&f.noUpper, "no-upper", false, "no uppercase letters")
	fs.BoolVar(&f.noDigits, "no-digits", false, "no digits")
	fs.BoolVar(&f.noSymbol, "no-symbols", false, "no symbols")
	fs.StringVar(&f.charset, "charset", "", "draw from exactly these `CHARS` instead of the classes (any printable Unicode)")
	fs.StringVar(&f.exclude, "exclude", "", "never use these `CHARS`")
	fs.BoolVar(&f.noAmbiguous, "no-ambiguous", false, "leave out look-alikes: "+generator.AmbiguousChars)
	fs.BoolVar(&f.noRequireEach, "no-require-each", false, "don't insist on one character of every class")
	fs.IntVar(&f.words, "words", 0, "make a passphrase of `N` words from the EFF large wordlist")
	fs.StringVar(&f.separator, "separator", d.Separator, "put `S` between passphrase words (may be empty)")
	fs.BoolVar(&f.capitalize, "capitalize", false, "capitalize passphrase words")
	fs.BoolVar(&f.withNumber, "with-number", false, "add a digit after one passphrase word")
	fs.IntVar(&f.pin, "pin", 0, "make a PIN of `N` digits")
}

// options turns the flags set on cmd into generator options. Flags that
// contradict each other or cannot be satisfied give a usage error.
func (f *genFlags) options(cmd *cobra.Command) (generator.Options, error) {
	fs := cmd.Flags()
	changed := func(names []string) string {
		for _, n := range names {
			if fs.Changed(n) {
				return n
			}
		}
		return ""
	}
	o := generator.DefaultOptions()
	switch {
	case fs.Changed("pin") && fs.Changed("words"):
		return o, usagef("--pin and --words don't mix: choose one")
	case fs.Changed("pin"):
		if n := changed(append(charFlags, phraseFlags...)); n != "" {
			return o, usagef("--%s does not apply to --pin", n)
		}
		o.Mode, o.Length = generator.PIN, f.pin
	case fs.Changed("words"):
		if n := changed(charFlags); n != "" {
			return o, usagef("--%s does not apply to --words", n)
		}
		o.Mode, o.Words = generator.Passphrase, f.words
		o.Separator, o.Capitalize, o.WithNumber = f.separator, f.capitalize, f.withNumber
	default:
		if n := changed(phraseFlags); n != "" {
			return o, usagef("--%s needs --words", n)
		}
		if fs.Changed("charset") && f.charset == "" {
			return o, usagef("--charset needs at least one character")
		}
		if n := changed(classFlags); n != "" && f.charset != "" {
			return o, usagef("--charset replaces the character classes: drop --%s", n)
		}
		o.Length = f.length
		o.Lower, o.Upper, o.Digits, o.Symbols = !f.noLower, !f.noUpper, !f.noDigits, !f.noSymbol
		o.Charset, o.Exclude = f.charset, f.exclude
		o.NoAmbiguous, o.RequireEach = f.noAmbiguous, !f.noRequireEach
	}
	if err := generator.Validate(o); err != nil {
		var oe *generator.OptionsError
		switch {
		case errors.Is(err, generator.ErrNoClass):
			return o, usagef("%v: drop one of --no-lower, --no-upper, --no-digits, --no-symbols", err)
		case errors.Is(err, generator.ErrRequirement):
			return o, usagef("%v (see --no-require-each)", err)
		case errors.As(err, &oe):
			return o, usagef("%v", err)
		}
		return o, err
	}
	return o, nil
}
