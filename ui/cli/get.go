package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/ui/term"
	"github.com/passtea/passtea/vault"
)

// getOptions are what `passtea get` was asked for.
type getOptions struct {
	name       string
	field      fieldRef
	copy       bool
	clearAfter time.Duration
	raw        bool
}

func newGetCmd(e *env, g *globals) *cobra.Command {
	var o getOptions
	var field string
	cmd := &cobra.Command{
		Use:   "get NAME",
		Short: "Print or copy a field of an entry",
		Long: `Print a field of an entry (the password unless --field says otherwise) and a
newline to standard output, or copy it with --copy, which clears the
clipboard after --clear-after unless something else was copied meanwhile.

--field takes password, username, url (the first), urls (all, one a line),
notes, otp (the one-time-code URI), tags or name, or the name of a custom
field. A custom field named like one of those is --field custom:NAME
(custom:NAME always means the custom field).

A newline follows the value; with --raw, to a pipe or a file, the value is
printed byte for byte and nothing after it. On a terminal a newline always
follows, and control characters in the value are shown as escapes (\x1b), so
that a value cannot drive the terminal.`,
		Example: `  passtea get work/github
  passtea get work/github --field username
  passtea get bank --field PIN
  passtea get work/github --copy`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.name = args[0]
			var err error
			if o.field, err = parseFieldRef(field); err != nil {
				return err
			}
			if err := checkClearAfter(cmd, o.copy, o.clearAfter); err != nil {
				return err
			}
			return runGet(e, g, o)
		},
	}
	cmd.Flags().StringVar(&field, "field", "password", "which `FIELD`: password, username, url, urls, notes, otp, tags, name, or a custom field (custom:NAME)")
	cmd.Flags().BoolVarP(&o.copy, "copy", "c", false, "copy to the clipboard instead of printing")
	addClearAfterFlag(cmd, &o.clearAfter)
	cmd.Flags().BoolVar(&o.raw, "raw", false, "print the value exactly, without a final newline (unless to a terminal)")
	return cmd
}

func runGet(e *env, g *globals, o getOptions) error {
	return withEntry(e, g, false, o.name, func(v store, en vault.Entry) error {
		var s vault.Secret
		if o.field.needsSecret() {
			var err error
			if s, err = v.Secret(en.ID); err != nil {
				return err
			}
		}
		value, multiline, err := o.field.value(en, s)
		if err != nil {
			return err
		}
		if o.copy {
			msg, err := copyToClipboard(e, value, o.clearAfter)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "%s of %s: %s\n", o.field, term.Line(en.Name), msg)
			return nil
		}
		if multiline {
			value = e.text(value)
		} else {
			value = e.line(value)
		}
		return writeValue(e, value, o.raw)
	})
}
