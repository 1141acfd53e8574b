package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// usageError marks a mistake in how passtea was called: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// isCobraUsage recognises cobra's own usage errors that do not pass
// through the flag error function or usageArgs. Only the start of the
// message is looked at, so entry names in messages cannot match.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command ", "if any flags in the group ", "required flag(s) "} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// usageArgs makes the errors of an argument check usage errors (exit 2).
// A subcommand's message does not repeat the arguments: a password typed
// in the wrong place should not be printed back.
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		err := check(cmd, args)
		switch {
		case err == nil:
			return nil
		case cmd.HasSubCommands(): // the root: "unknown command "x" for "passtea""
			return usagef("%v (see %s --help)", err, cmd.CommandPath())
		default:
			return usagef("wrong number of arguments (%d given); usage: %s", len(args), cmd.UseLine())
		}
	}
}

// oneLine keeps only the first line of an error message.
func oneLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// errNoTerminal is returned when a secret must be asked for but there is no
// terminal to ask on.
var errNoTerminal = errors.New("no terminal to ask for the master password: use --password-file FILE")
