package cli

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/vault"
)

func newHistoryCmd(e *env, g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "history NAME",
		Short:   "Print an entry's previous passwords",
		Long:    "Print the passwords an entry had before, newest first, with the time each was replaced.",
		Example: "  passtea history work/github",
		Args:    usageArgs(cobra.ExactArgs(1)),
		RunE: func(_ *cobra.Command, args []string) error {
			return runHistory(e, g, args[0])
		},
	}
}

func runHistory(e *env, g *globals, name string) error {
	return withEntry(e, g, false, name, func(v store, en vault.Entry) error {
		s, err := v.Secret(en.ID)
		if err != nil {
			return err
		}
		old := s.PasswordHistory()
		if len(old) == 0 {
			fmt.Fprintf(e.stderr, "%s has no previous passwords\n", en.Name)
			return nil
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		for i := len(old) - 1; i >= 0; i-- {
			h := old[i]
			fmt.Fprintf(tw, "%s\t%s\n", h.Replaced.Local().Format("2006-01-02 15:04"), h.Value)
		}
		return tw.Flush()
	})
}
