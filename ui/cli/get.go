package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/vault"
)

// getOptions are what `passtea get` was asked for.
type getOptions struct {
	name       string
	field      string // password, username, url or notes
	copy       bool
	clearAfter time.Duration
	raw        bool
}

func newGetCmd(e *env, g *globals) *cobra.Command {
	var o getOptions
	cmd := &cobra.Command{
		Use:   "get NAME",
		Short: "Print or copy a field of an entry",
		Long: `Print a field of an entry (the password unless --field says otherwise) and a
newline to standard output (--raw: the value exactly, without the newline,
unless standard output is a terminal), or copy it with --copy, which clears the
clipboard after --clear-after unless something else was copied meanwhile.`,
		Example: `  passtea get work/github
  passtea get work/github --field username
  passtea get work/github --copy`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.name = args[0]
			switch o.field {
			case "password", "username", "url", "notes":
			default:
				return usagef("--field must be password, username, url or notes")
			}
			if err := checkClearAfter(cmd, o.copy, o.clearAfter); err != nil {
				return err
			}
			return runGet(e, g, o)
		},
	}
	cmd.Flags().StringVar(&o.field, "field", "password", "which field: password, username, url or notes")
	cmd.Flags().BoolVarP(&o.copy, "copy", "c", false, "copy to the clipboard instead of printing")
	addClearAfterFlag(cmd, &o.clearAfter)
	cmd.Flags().BoolVar(&o.raw, "raw", false, "print the value exactly, without a final newline (unless to a terminal)")
	return cmd
}

func runGet(e *env, g *globals, o getOptions) error {
	return withEntry(e, g, false, o.name, func(v store, en vault.Entry) error {
		var value string
		switch o.field {
		case "username":
			value = en.Username
		case "url":
			value = strings.Join(en.URLs, "\n")
		default:
			s, err := v.Secret(en.ID)
			if err != nil {
				return err
			}
			value = s.Password
			if o.field == "notes" {
				value = s.Notes
			}
		}
		if o.copy {
			msg, err := copyToClipboard(e, value, o.clearAfter)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "%s of %s: %s\n", o.field, en.Name, msg)
			return nil
		}
		return writeValue(e, value, o.raw)
	})
}
