package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/vault"
)

func init() { register(newGetCmd) }

func newGetCmd(e *env, g *globals) *cobra.Command {
	var field string
	var copyIt bool
	var clearAfter time.Duration
	cmd := &cobra.Command{
		Use:   "get NAME",
		Short: "Print or copy a field of an entry",
		Long: `Print a field of an entry (the password unless --field says otherwise) and a
newline to standard output, or copy it with --copy, which clears the
clipboard after --clear-after unless something else was copied meanwhile.`,
		Example: `  passtea get work/github
  passtea get work/github --field username
  passtea get work/github --copy`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch field {
			case "password", "username", "url", "notes":
			default:
				return usagef("--field must be password, username, url or notes, not %q", field)
			}
			if cmd.Flags().Changed("clear-after") && !copyIt {
				return usagef("--clear-after needs --copy")
			}
			if clearAfter < 0 {
				return usagef("--clear-after must not be negative")
			}
			return withEntry(e, g, false, args[0], func(v *vault.Vault, en vault.Entry) error {
				var value string
				switch field {
				case "username":
					value = en.Username
				case "url":
					value = en.URL
				default:
					s, err := v.Secret(en.ID)
					if err != nil {
						return err
					}
					value = s.Password
					if field == "notes" {
						value = s.Notes
					}
				}
				if copyIt {
					msg, err := copyToClipboard(e, []byte(value), clearAfter)
					if err != nil {
						return err
					}
					fmt.Fprintf(e.stderr, "%s of %s: %s\n", field, en.Name, msg)
					return nil
				}
				_, err := fmt.Fprintln(e.stdout, value)
				return err
			})
		},
	}
	cmd.Flags().StringVar(&field, "field", "password", "which field: password, username, url or notes")
	cmd.Flags().BoolVarP(&copyIt, "copy", "c", false, "copy to the clipboard instead of printing")
	cmd.Flags().DurationVar(&clearAfter, "clear-after", 20*time.Second, "clear the clipboard after this `DURATION` (0 = never)")
	return cmd
}
