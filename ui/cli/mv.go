package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/vault"
)

func newMvCmd(e *env, g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "mv OLD NEW",
		Aliases: []string{"rename"},
		Short:   "Rename an entry",
		Long: `Give the entry OLD the name NEW, which must be free. The entry keeps its id,
fields and history ("/" groups entries: mv github work/github moves it into
the group work).`,
		Example: "  passtea mv github work/github",
		Args:    usageArgs(cobra.ExactArgs(2)),
		RunE: func(_ *cobra.Command, args []string) error {
			return runMv(e, g, args[0], args[1])
		},
	}
}

func runMv(e *env, g *globals, from, to string) error {
	to, err := newEntryName(to)
	if err != nil {
		return err
	}
	return withEntry(e, g, true, from, func(v store, en vault.Entry) error {
		if en.Name == to {
			fmt.Fprintf(e.stderr, "%s is called so already: nothing changed\n", en.Name)
			return nil
		}
		moved, err := v.Edit(en.ID, vault.Change{Name: &to, IfRevision: en.Revision})
		if err != nil {
			return nameTaken(err, to)
		}
		fmt.Fprintf(e.stderr, "renamed %s to %s\n", en.Name, moved.Name)
		return nil
	})
}

func newCpCmd(e *env, g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "cp OLD NEW",
		Aliases: []string{"copy"},
		Short:   "Copy an entry under a new name",
		Long: `Add an entry called NEW (which must be free) with the current values of OLD:
username, addresses, tags, password, notes, one-time code and custom fields.
The copy is a new entry, with its own id and no history.`,
		Example: "  passtea cp work/github personal/github",
		Args:    usageArgs(cobra.ExactArgs(2)),
		RunE: func(_ *cobra.Command, args []string) error {
			return runCp(e, g, args[0], args[1])
		},
	}
}

func runCp(e *env, g *globals, from, to string) error {
	to, err := newEntryName(to)
	if err != nil {
		return err
	}
	return withEntry(e, g, true, from, func(v store, en vault.Entry) error {
		c, err := v.Copy(en.ID, to)
		if err != nil {
			return nameTaken(err, to)
		}
		fmt.Fprintf(e.stderr, "copied %s to %s\n", en.Name, c.Name)
		return nil
	})
}

// newEntryName checks a name given for an entry, in one spelling (NFC).
func newEntryName(name string) (string, error) {
	name = vault.NormalizeName(name)
	if err := vault.ValidateName(name); err != nil {
		return "", usagef("%v", err)
	}
	return name, nil
}

// nameTaken says what to do when the new name is taken.
func nameTaken(err error, name string) error {
	if errors.Is(err, vault.ErrNameTaken) {
		return fmt.Errorf("an entry named %q already exists: remove or rename it first, or choose another name", name)
	}
	return err
}
