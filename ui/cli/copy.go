package cli

// Copying to the clipboard for `gen --copy` and `get --copy`, through the
// one copy engine (ui/clipboard): the clear is left to a detached passtea
// (clipclear.go), since this process exits at once.

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/ui/clipboard"
)

// addClearAfterFlag adds --clear-after to a command that copies.
func addClearAfterFlag(cmd *cobra.Command, d *time.Duration) {
	cmd.Flags().DurationVar(d, "clear-after", clipboard.DefaultClearAfter, "with --copy, clear the clipboard after `DURATION` if it still holds the copy (0: never)")
}

// checkClearAfter checks --clear-after against --copy.
func checkClearAfter(cmd *cobra.Command, copyIt bool, d time.Duration) error {
	switch {
	case cmd.Flags().Changed("clear-after") && !copyIt:
		return usagef("--clear-after needs --copy")
	case d < 0:
		return usagef("--clear-after must not be negative")
	}
	return nil
}

// copyToClipboard copies value, leaves its clear to the detached clearer,
// warns on stderr when the copy could not be recorded, and returns a line
// for the user that names how it was copied. It never prints value.
func copyToClipboard(e *env, value string, clearAfter time.Duration) (string, error) {
	p, err := e.clipboardCopier().Copy(value, clearAfter)
	if err != nil {
		return "", err
	}
	if p.Warning != nil {
		fmt.Fprintf(e.stderr, "passtea: warning: %v\n", p.Warning)
	}
	msg := p.Message()
	p.Release()
	return msg, nil
}
