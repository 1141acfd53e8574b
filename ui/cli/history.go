package cli

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/vault"
)

func init() { register(newHistoryCmd) }

func newHistoryCmd(e *env, g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "history NAME",
		Short:   "Print an entry's previous passwords",
		Long:    "Print the passwords an entry had before, newest first, with the time each was replaced.",
		Example: "  passtea history work/github",
		Args:    usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withEntry(e, g, false, args[0], func(v *vault.Vault, en vault.Entry) error {
				s, err := v.Secret(en.ID)
				if err != nil {
					return err
				}
				if len(s.History) == 0 {
					fmt.Fprintf(e.stderr, "%s has no previous passwords\n", en.Name)
					return nil
				}
				tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
				for i := len(s.History) - 1; i >= 0; i-- {
					h := s.History[i]
					fmt.Fprintf(tw, "%s\t%s\n", h.Replaced.Local().Format("2006-01-02 15:04"), h.Password)
				}
				return tw.Flush()
			})
		},
	}
}
