package cli

import (
	"errors"
	"fmt"
	"strings"
)

// usageError marks a mistake in how passtea was called: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// isCobraUsage recognises cobra's own argument errors, which are plain errors.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "accepts ", "requires at least", "requires at most", "invalid argument", "flag needs an argument", "if any flags in the group", "none of the others can be"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

// oneLine keeps only the first line of an error message.
func oneLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// errNoTerminal is returned when a secret must be asked for but there is no
// terminal to ask on.
var errNoTerminal = errors.New("no terminal to ask for the master password: use --password-file FILE")
