package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/match"
)

func newFindCmd(e *env, g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "find QUERY",
		Aliases: []string{"search"},
		Short:   "Print the names of the entries that match a query, best first",
		Long: `Print the names of the entries that match QUERY, one a line, best first:
the query matches as in passtea ls and the app's filter (the name, then the
username, URL and tags; several words must all match). Nothing matches: exit
status 1.`,
		Example: `  passtea find github
  passtea get "$(passtea find gh | head -n1)"`,
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(_ *cobra.Command, args []string) error {
			return runFind(e, g, strings.Join(args, " "))
		},
	}
}

func runFind(e *env, g *globals, query string) error {
	if strings.TrimSpace(query) == "" {
		return usagef("the query is empty: passtea ls lists every entry")
	}
	return withVault(e, g, false, func(v store) error {
		all, err := v.Entries()
		if err != nil {
			return err
		}
		found := match.Entries(all, query)
		if len(found) == 0 {
			return fmt.Errorf("no entry matches %q", query)
		}
		var b strings.Builder
		for _, en := range found {
			b.WriteString(en.Name)
			b.WriteByte('\n')
		}
		_, err = io.WriteString(e.stdout, b.String())
		return err
	})
}
