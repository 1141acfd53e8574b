package generator

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Policy for a new master password.
const (
	// MinMasterLength is the fewest characters a master password may have.
	MinMasterLength = 12
	// MinMasterScore is the lowest [Report.Score] a master password may have.
	MinMasterScore = 3
)

// ErrWeakPassword is matched (with errors.Is) by the errors of
// [CheckMasterPassword].
var ErrWeakPassword = errors.New("weak master password")

// WeakPasswordError says why a master password was refused. Its message
// never contains the password.
type WeakPasswordError struct {
	// TooShort is set when the password has fewer than [MinMasterLength]
	// characters.
	TooShort bool
	// Score is the password's [Report.Score].
	Score int
	// Warning and Suggestions are the report's feedback.
	Warning     string
	Suggestions []string
}

// Error says why the password was refused, in one line.
func (e *WeakPasswordError) Error() string {
	var b strings.Builder
	if e.TooShort {
		fmt.Fprintf(&b, "master password is too short: use at least %d characters", MinMasterLength)
	} else {
		fmt.Fprintf(&b, "master password is too easy to guess: strength %d of 4, at least %d needed", e.Score, MinMasterScore)
	}
	if e.Warning != "" {
		b.WriteString(" (" + lowerFirst(e.Warning) + ")")
	}
	return b.String()
}

// Is makes errors.Is(err, ErrWeakPassword) true.
func (e *WeakPasswordError) Is(target error) bool { return target == ErrWeakPassword }

// CheckMasterPassword applies the policy for a new master password: at least
// [MinMasterLength] characters and a zxcvbn score of at least
// [MinMasterScore]. It returns nil or a [*WeakPasswordError]; a user may
// still insist (--allow-weak, or a confirming key in the app).
func CheckMasterPassword(pw string) error {
	r := Strength(pw, 0)
	short := utf8.RuneCountInString(pw) < MinMasterLength
	if !short && r.Score >= MinMasterScore {
		return nil
	}
	return &WeakPasswordError{TooShort: short, Score: r.Score, Warning: r.Warning, Suggestions: r.Suggestions}
}

func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]-'A'+'a') + s[1:]
}
