package cli

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// usageError marks a mistake in how passtea was called: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// cobraUsage turns cobra's own usage errors, which do not pass through the
// flag error function or usageArgs, into usage errors in words of ours;
// other errors it returns as they are. Only the start of the message is
// looked at, so entry names in messages cannot match.
func cobraUsage(cmd *cobra.Command, err error) error {
	msg := err.Error()
	see := ""
	if cmd != nil {
		see = " (see " + cmd.CommandPath() + " --help)"
	}
	switch {
	case strings.HasPrefix(msg, "unknown command "):
		return usagef("%s", msg)
	case strings.HasPrefix(msg, "if any flags in the group ["):
		// "if any flags in the group [a b] are set none of the others can be; [a b] were all set"
		group, _, _ := strings.Cut(strings.TrimPrefix(msg, "if any flags in the group ["), "]")
		return usagef("%s exclude each other: give only one%s", flagNames(strings.Fields(group)), see)
	case strings.HasPrefix(msg, "required flag(s) "):
		// `required flag(s) "a", "b" not set`
		var names []string
		for _, f := range strings.Split(strings.TrimSuffix(strings.TrimPrefix(msg, "required flag(s) "), " not set"), ", ") {
			names = append(names, strings.Trim(f, `"`))
		}
		return usagef("%s must be given%s", flagNames(names), see)
	}
	return err
}

// flagNames says "--a", "--a and --b" or "--a, --b and --c".
func flagNames(names []string) string {
	for i, n := range names {
		names[i] = "--" + n
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// flagError turns cobra's and pflag's flag errors into usage errors. A
// value that does not parse is named by its flag and what the flag wants,
// never echoed (a password typed in the wrong place must not be printed)
// and without Go's strconv text.
func flagError(cmd *cobra.Command, err error) error {
	var bad *pflag.InvalidValueError
	if errors.As(err, &bad) {
		f := bad.GetFlag()
		what := wants(f.Value.Type(), errors.Is(err, strconv.ErrRange))
		if w, ok := f.Value.(valueWants); ok {
			what = w.wants()
		}
		return usagef("--%s %s (see %s --help)", f.Name, what, cmd.CommandPath())
	}
	return usagef("%s (see %s --help)", err, cmd.CommandPath())
}

// valueWants is a flag value type of ours that says what it takes, for
// the message of a value it cannot take.
type valueWants interface{ wants() string }

// wants says what a flag of the pflag type typ takes.
func wants(typ string, outOfRange bool) string {
	switch typ {
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "count":
		if outOfRange {
			return "is out of range"
		}
		return "wants a whole number"
	case "duration":
		return "wants a duration such as 20s, 1m30s or 500ms"
	case "bool":
		return "wants true or false"
	}
	return "has a value it cannot take"
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
		case cmd.HasSubCommands() && strings.HasPrefix(err.Error(), "unknown command "):
			// passtea x, passtea keyfile x: "unknown command "x" for "passtea"".
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

// errAborted is returned when the user ends a prompt with ctrl+d.
var errAborted = errors.New("aborted (ctrl+d): nothing was changed")

// explained is err said in words of the command's own; errors.Is still
// finds err.
type explained struct {
	msg string
	err error
}

func (e *explained) Error() string { return e.msg }
func (e *explained) Unwrap() error { return e.err }
