package generator

// This file checks a password someone chose against a policy: length
// bounds, required kinds of character and a minimum strength score.

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Policy is a set of rules for passwords people choose. The zero value has
// no rules. Lengths count Unicode code points, as NIST SP 800-63B §5.1.1.2
// asks.
type Policy struct {
	// MinLength and MaxLength bound the number of characters; 0 means no
	// bound.
	MinLength, MaxLength int
	// Lower, Upper, Digit and Special require at least one lowercase
	// letter, uppercase letter, digit, or character that is neither a
	// letter nor a digit. Letters and digits of any script count.
	Lower, Upper, Digit, Special bool
	// MinScore is the lowest strength score (0–4, [Report.Score]) allowed.
	MinScore int
}

// Violations lists, one short lowercase sentence each, the rules of p that
// pw breaks, given its strength score; none means pw complies. The
// sentences never quote pw.
func (p Policy) Violations(pw string, score int) []string {
	var out []string
	n := utf8.RuneCountInString(pw)
	if p.MinLength > 0 && n < p.MinLength {
		out = append(out, fmt.Sprintf("shorter than %d characters", p.MinLength))
	}
	if p.MaxLength > 0 && n > p.MaxLength {
		out = append(out, fmt.Sprintf("longer than %d characters", p.MaxLength))
	}
	var lower, upper, digit, special bool
	for _, r := range pw {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		case !unicode.IsLetter(r) && !unicode.IsNumber(r):
			special = true
		}
	}
	for _, rule := range []struct {
		want, have bool
		what       string
	}{
		{p.Lower, lower, "lowercase letter"},
		{p.Upper, upper, "uppercase letter"},
		{p.Digit, digit, "digit"},
		{p.Special, special, "special character"},
	} {
		if rule.want && !rule.have {
			out = append(out, "no "+rule.what)
		}
	}
	if score < p.MinScore {
		out = append(out, fmt.Sprintf("strength %d of 4 is below the required %d", score, p.MinScore))
	}
	return out
}
