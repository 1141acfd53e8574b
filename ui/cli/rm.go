package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

// rmOptions are what `passtea rm` was asked to do.
type rmOptions struct {
	name string
	yes  bool
}

func newRmCmd(e *env, g *globals) *cobra.Command {
	var o rmOptions
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
		RunE: func(_ *cobra.Command, args []string) error {
			o.name = args[0]
			return runRm(e, g, o)
		},
	}
	cmd.Flags().BoolVarP(&o.yes, "yes", "y", false, "do not ask")
	return cmd
}

// runRm finds the entry first, so that a wrong name is reported as such
// even where a missing --yes would also be.
func runRm(e *env, g *globals, o rmOptions) error {
	s, err := openForCommand(e, g, false)
	if err != nil {
		return err
	}
	defer s.close()
	en, err := findEntry(s.v, o.name)
	if err != nil {
		return err
	}
	if !o.yes {
		if !haveTerminal(e) {
			return usagef("no terminal to confirm on: add --yes to remove %q", en.Name)
		}
		ok, err := confirm(e, fmt.Sprintf("Remove %s? [y/N] ", en.Name))
		if err != nil {
			return err
		}
		if !ok {
			fmt.Fprintln(e.stderr, "nothing removed")
			return nil
		}
	}
	if s.upgrade != nil {
		s.upgrade(e.stderr)
	}
	if err := s.v.Delete(en.ID); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "removed %s\n", en.Name)
	return nil
}
