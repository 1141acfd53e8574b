package strength

// This file holds the policy for master passwords: which bytes one may hold,
// and how strong a new one must be.

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrUnusableMaster is matched (with errors.Is) by the errors of
// [CheckMasterBytes].
var ErrUnusableMaster = errors.New("unusable master password")

// CheckMasterBytes is the one rule for which bytes a new master password
// may hold, for every front end: any bytes but NUL, line feed and carriage
// return, and at least one of them. The bytes are used as they are: no
// Unicode normalisation, no trimming, and invalid UTF-8 is allowed.
//
// Why so little: the key derivation takes the password's exact bytes, and
// vaults exist whose master password was set from a file holding arbitrary
// bytes (--password-file). Normalising (NFC) new passwords would only be
// safe if unlocking normalised too, and that would lock those vaults out,
// so passtea normalises nothing; the cost is that the same text typed in
// another Unicode form (rare: terminals send composed characters) does
// not unlock. A line break cannot be typed at a prompt nor kept in a
// password file (whose first line is the password), and a NUL byte is cut
// off by C tools and clipboards, so neither can be part of a password one
// must type back. Apply it to new master passwords only: an existing one
// is whatever opens the vault.
func CheckMasterBytes(pw []byte) error {
	switch {
	case len(pw) == 0:
		return fmt.Errorf("%w: it is empty", ErrUnusableMaster)
	case bytes.IndexByte(pw, 0) >= 0:
		return fmt.Errorf("%w: it holds a NUL byte, which other tools cut off", ErrUnusableMaster)
	case bytes.ContainsAny(pw, "\r\n"):
		return fmt.Errorf("%w: it holds a line break, which a prompt or a password file cannot hold", ErrUnusableMaster)
	}
	return nil
}

// Policy for the strength of a new master password.
const (
	// MinMasterLength is the fewest characters a master password may have.
	MinMasterLength = 12
	// MinMasterScore is the lowest score a master password may have.
	MinMasterScore = 3
)

// BreachList is a list of breached passwords, such as an offline Pwned
// Passwords file (package hibp).
type BreachList interface {
	// Count reports how often password appears in the list, 0 when it
	// does not.
	Count(password string) (int64, error)
}

// ErrWeakPassword is matched (with errors.Is) by the errors of
// [CheckMaster].
var ErrWeakPassword = errors.New("weak master password")

// WeakPasswordError says why a master password was refused. Its message
// never contains the password.
type WeakPasswordError struct {
	// TooShort is set when the password has fewer than MinMasterLength
	// characters.
	TooShort bool
	// Breached is set when the password is in the breached-password list.
	Breached bool
	// FromContext is set when the password is built from the context
	// words (see [CheckMaster]).
	FromContext bool
	// Score is the password's score with the context words as user
	// inputs.
	Score int
	// Warning and Suggestions are the estimate's feedback.
	Warning     string
	Suggestions []string
}

// Error says the first reason the password was refused, in one line.
func (e *WeakPasswordError) Error() string {
	var b strings.Builder
	switch {
	case e.TooShort:
		fmt.Fprintf(&b, "master password is too short: use at least %d characters", MinMasterLength)
	case e.Breached:
		b.WriteString("master password is in a list of breached passwords: attackers try those first")
	case e.FromContext:
		b.WriteString("master password is built from your own details (your name, passtea, the vault's name): add words that have nothing to do with you")
	default:
		fmt.Fprintf(&b, "master password is too easy to guess: strength %d of 4, at least %d needed", e.Score, MinMasterScore)
	}
	if e.Warning != "" && !e.TooShort && !e.Breached {
		b.WriteString(" (" + lowerFirst(e.Warning) + ")")
	}
	return b.String()
}

// Is makes errors.Is(err, ErrWeakPassword) true.
func (e *WeakPasswordError) Is(target error) bool { return target == ErrWeakPassword }

// CheckMaster applies the policy for a new master password, after NIST SP
// 800-63B (5.1.1.2): at least MinMasterLength characters, a score of at
// least MinMasterScore, not in the breached-password list when one is
// given (breached may be nil), and not built from the context.
//
// context are words tied to the user and the vault: the user's name, the
// vault file's name or path, an e-mail address; "passtea" is always one.
// Each string and each of its parts (split at anything but letters and
// digits) of three or more characters is a context word. A password is
// built from the context when either
//
//   - it holds a context word (ignoring case, or written backwards) and
//     what is left once every such word is taken out scores below
//     MinMasterScore by itself ("zorblaxquintessa2024" for Zorblax
//     Quintessa: "2024" is left), or
//   - it scores below MinMasterScore with the context words given to
//     [Estimate] as user inputs although it does not without them
//     (reversed or l33t forms of the words).
//
// The first rule is needed because zxcvbn rates any sequence of three
// parts at 10⁸ guesses or more (its D^(l−1) term), which is score 3 however
// guessable the parts are to someone who knows the user.
//
// It returns nil, a [*WeakPasswordError], or the breached-password list's
// error (wrapped). A user may still insist on a weak password (--allow-weak,
// or a confirming key in the app); [CheckMasterBytes] has no such escape.
func CheckMaster(pw string, breached BreachList, context ...string) error {
	words := append([]string{"passtea"}, context...)
	plain := Estimate(pw)
	inContext := Estimate(pw, words...)
	rest, found := withoutWords(pw, words)
	e := &WeakPasswordError{
		TooShort: utf8.RuneCountInString(pw) < MinMasterLength,
		FromContext: found && Estimate(rest).Score < MinMasterScore ||
			inContext.Score < MinMasterScore && plain.Score >= MinMasterScore,
		Score:       inContext.Score,
		Warning:     inContext.Feedback.Warning,
		Suggestions: inContext.Feedback.Suggestions,
	}
	if breached != nil {
		n, err := breached.Count(pw)
		if err != nil {
			return fmt.Errorf("check the breached-password list: %w", err)
		}
		e.Breached = n > 0
	}
	if !e.TooShort && !e.Breached && !e.FromContext && e.Score >= MinMasterScore {
		return nil
	}
	return e
}

// withoutWords lowercases pw and takes out every context word of three or
// more characters, forwards and backwards, longest first; found reports
// whether there was one.
func withoutWords(pw string, context []string) (rest string, found bool) {
	var words []string
	for _, c := range context {
		c = string(lowerRunes([]rune(c)))
		for _, w := range append([]string{c}, strings.FieldsFunc(c, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })...) {
			rw := []rune(w)
			slices.Reverse(rw)
			words = append(words, w, string(rw))
		}
	}
	slices.SortFunc(words, func(a, b string) int { return utf8.RuneCountInString(b) - utf8.RuneCountInString(a) })
	rest = string(lowerRunes([]rune(pw)))
	for _, w := range words {
		if utf8.RuneCountInString(w) >= 3 && strings.Contains(rest, w) {
			rest, found = strings.ReplaceAll(rest, w, ""), true
		}
	}
	return rest, found
}

func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]-'A'+'a') + s[1:]
}
