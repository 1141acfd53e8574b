package cli

import (
	"errors"
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/ui/term"
	"github.com/passtea/passtea/vault"
)

// trashOptions are what `passtea trash` was asked to do.
type trashOptions struct {
	empty bool
	yes   bool
}

func newTrashCmd(e *env, g *globals) *cobra.Command {
	var o trashOptions
	cmd := &cobra.Command{
		Use:   "trash",
		Short: "List the entries in the trash, or empty it",
		Long: `List the entries passtea rm moved to the trash, with when each was deleted,
newest first; passtea restore NAME brings one back. With --empty, erase them
all for good (on a terminal passtea asks first; --yes skips the question).`,
		Example: `  passtea trash
  passtea trash --empty`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error {
			return runTrash(e, g, o)
		},
	}
	cmd.Flags().BoolVar(&o.empty, "empty", false, "erase every entry in the trash for good")
	cmd.Flags().BoolVarP(&o.yes, "yes", "y", false, "with --empty, do not ask")
	return cmd
}

func runTrash(e *env, g *globals, o trashOptions) error {
	if o.yes && !o.empty {
		return usagef("--yes goes with --empty")
	}
	if !o.empty {
		return withVault(e, g, false, func(v store) error {
			all, err := v.Trash()
			if err != nil {
				return err
			}
			if len(all) == 0 {
				fmt.Fprintln(e.stderr, "the trash is empty")
				return nil
			}
			newest := slices.Clone(all)
			slices.SortStableFunc(newest, func(a, b vault.Entry) int { return b.Modified.Compare(a.Modified) })
			rows := make([][]string, 0, len(all))
			for _, en := range newest {
				rows = append(rows, []string{e.line(en.Name), e.line(en.Username), "deleted " + en.Modified.Local().Format("2006-01-02 15:04")})
			}
			return writeColumns(e.stdout, rows)
		})
	}
	if !o.yes {
		if !haveTerminal(e) {
			return usagef("no terminal to confirm on: add --yes to empty the trash")
		}
	}
	return withVault(e, g, true, func(v store) error {
		all, err := v.Trash()
		if err != nil {
			return err
		}
		if len(all) == 0 {
			fmt.Fprintln(e.stderr, "the trash is empty")
			return nil
		}
		if !o.yes {
			ok, err := confirm(e, fmt.Sprintf("Erase the %d entr%s in the trash for good? [y/N] ", len(all), yesNo(len(all) == 1, "y", "ies")))
			if err != nil {
				return err
			}
			if !ok {
				fmt.Fprintln(e.stderr, "nothing erased")
				return nil
			}
		}
		n, err := v.EmptyTrash()
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "erased %d entr%s for good\n", n, yesNo(n == 1, "y", "ies"))
		return nil
	})
}

func newRestoreCmd(e *env, g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "restore NAME",
		Short: "Bring an entry back from the trash",
		Long: `Bring the entry called NAME back from the trash (of several with that name,
the one deleted last). Its name must be free: rename the live entry that has it
first (passtea edit OTHER --name NEW).`,
		Example: "  passtea restore old/forum",
		Args:    usageArgs(cobra.ExactArgs(1)),
		RunE: func(_ *cobra.Command, args []string) error {
			return withVault(e, g, true, func(v store) error {
				en, ok := trashed(v, args[0])
				if !ok {
					return fmt.Errorf("no entry named %s in the trash (passtea trash lists it)", term.Quote(args[0]))
				}
				back, err := v.Restore(en.ID)
				if errors.Is(err, vault.ErrNameTaken) {
					return fmt.Errorf("an entry named %s exists: rename it first (passtea edit %s --name NEW), then restore", term.Quote(en.Name), shellWord(en.Name))
				}
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stderr, "restored %s\n", term.Line(back.Name))
				return nil
			})
		},
	}
}
