package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/vault"
)

func init() { register(newRmCmd) }

func newRmCmd(e *env, g *globals) *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:     "rm NAME",
		Aliases: []string{"remove", "delete"},
		Short:   "Remove an entry",
		Long: `Remove an entry. On a terminal passtea asks first; --yes skips the question
and is required when there is no terminal. The previous version of the vault
stays in VAULT.bak until the next change.`,
		Example: `  passtea rm old/forum
  passtea rm old/forum --yes`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !yes && !haveTerminal() {
				return usagef("no terminal to confirm on: add --yes to remove %q", args[0])
			}
			return withEntry(e, g, true, args[0], func(v *vault.Vault, en vault.Entry) error {
				if !yes {
					ok, err := confirm(fmt.Sprintf("Remove %s? [y/N] ", en.Name))
					if err != nil {
						return err
					}
					if !ok {
						fmt.Fprintln(e.stderr, "nothing removed")
						return nil
					}
				}
				if err := v.Delete(en.ID); err != nil {
					return err
				}
				fmt.Fprintf(e.stderr, "removed %s\n", en.Name)
				return nil
			})
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask")
	return cmd
}

// confirm asks a yes/no question on the terminal; only y or yes is yes.
func confirm(question string) (bool, error) {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return false, usagef("no terminal to confirm on: add --yes")
	}
	defer tty.Close()
	fmt.Fprint(tty, question)
	line, err := readFirstLine(tty)
	if err != nil {
		return false, nil
	}
	answer := strings.ToLower(strings.TrimSpace(string(line)))
	return answer == "y" || answer == "yes", nil
}
