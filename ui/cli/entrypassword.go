package cli

import (
	"github.com/spf13/cobra"
)

// entryGenFlags choose where a new entry password comes from: stdin, a
// prompt, or the generator (--generate and the generation flags).
type entryGenFlags struct {
	generate bool
}

func (f *entryGenFlags) bind(cmd *cobra.Command) {
	cmd.Flags().BoolVar(&f.generate, "generate", false, "generate the password (see passtea gen for the options)")
}

// password returns the new entry password and, when it was generated, a
// description of its strength.
func (f *entryGenFlags) password(cmd *cobra.Command, e *env) (string, string, error) {
	pw, err := readEntryPassword(e)
	return pw, "", err
}

// readEntryPassword reads an entry's password: the first line of stdin when
// it is not a terminal, else a no-echo prompt, asked twice.
func readEntryPassword(e *env) (string, error) {
	if !e.stdinIsTerminal() {
		line, err := readFirstLine(e.stdin)
		if err != nil {
			return "", usagef("read the entry's password from standard input: %v", err)
		}
		return string(line), nil
	}
	pw, err := askTwice("Password for the entry: ", true)
	if err != nil {
		return "", err
	}
	return string(pw), nil
}
