package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/ui/term"
	"github.com/passtea/passtea/vault"
)

func newHistoryCmd(e *env, g *globals) *cobra.Command {
	var field string
	cmd := &cobra.Command{
		Use:   "history NAME",
		Short: "Print an entry's earlier values of a field",
		Long: `Print the values a field of an entry had before (the password unless --field
says otherwise; --field as for passtea get), newest first, with the time each
was replaced. A value a merge set aside (two copies of the vault changed the
field apart: the later change became the value, the other one went to the
history) was never replaced: it shows the time it was set and "set aside by a
merge". "(removed)" marks where a custom field was removed, then set again.

Like get, history prints the values themselves, concealed ones too; on a
terminal control characters in them are shown as escapes.`,
		Example: `  passtea history work/github
  passtea history bank --field PIN`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(_ *cobra.Command, args []string) error {
			ref, err := parseFieldRef(field)
			if err != nil {
				return err
			}
			return runHistory(e, g, args[0], ref)
		},
	}
	cmd.Flags().StringVar(&field, "field", "password", "which `FIELD` (see passtea get --help)")
	return cmd
}

func runHistory(e *env, g *globals, name string, ref fieldRef) error {
	return withEntry(e, g, false, name, func(v store, en vault.Entry) error {
		s, err := v.Secret(en.ID)
		if err != nil {
			return err
		}
		kind := ref.historyKind()
		var old []vault.OldValue
		for _, h := range s.History {
			if h.Kind == kind && (kind != vault.KindCustom || h.Field == ref.custom) {
				old = append(old, h)
			}
		}
		if len(old) == 0 {
			fmt.Fprintf(e.stderr, "%s has no earlier values of %s\n", term.Line(en.Name), ref)
			return nil
		}
		var b strings.Builder
		whens := make([]string, len(old))
		width := 0
		for i, h := range old {
			whens[i] = historyWhen(h)
			width = max(width, len(whens[i]))
		}
		if _, ok := s.Field(ref.custom); kind == vault.KindCustom && !ok {
			fmt.Fprintf(e.stderr, "%s has no field %s now; the values it had:\n", term.Line(en.Name), term.Quote(ref.custom))
		}
		for i := len(old) - 1; i >= 0; i-- {
			if old[i].Removed {
				fmt.Fprintf(&b, "%-*s  (removed)\n", width, whens[i])
				continue
			}
			if v := old[i].Value; strings.Contains(v, "\n") {
				// A value of several lines goes under its time, indented.
				b.WriteString(whens[i] + "\n")
				for _, l := range strings.Split(e.text(v), "\n") {
					b.WriteString("    " + l + "\n")
				}
			} else {
				fmt.Fprintf(&b, "%-*s  %s\n", width, whens[i], e.line(v))
			}
		}
		_, err = fmt.Fprint(e.stdout, b.String())
		return err
	})
}

// historyWhen says when an earlier value stopped being the value: the time
// it was replaced, or for a value a merge set aside, when it was set.
func historyWhen(h vault.OldValue) string {
	const layout = "2006-01-02 15:04"
	switch {
	case !h.Replaced.IsZero():
		return h.Replaced.Local().Format(layout)
	case !h.Set.IsZero():
		return "set " + h.Set.Local().Format(layout) + ", set aside by a merge"
	}
	return "set aside by a merge"
}
