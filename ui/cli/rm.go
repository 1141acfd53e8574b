package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/ui/term"
	"github.com/passtea/passtea/vault"
)

// rmOptions are what `passtea rm` was asked to do.
type rmOptions struct {
	name  string
	yes   bool
	purge bool
}

func newRmCmd(e *env, g *globals) *cobra.Command {
	var o rmOptions
	cmd := &cobra.Command{
		Use:     "rm NAME",
		Aliases: []string{"remove", "delete"},
		Short:   "Move an entry to the trash, or erase it",
		Long: `Move an entry to the trash: passtea restore NAME brings it back, passtea trash
lists the trash. With --purge, erase it for good instead (an entry already in
the trash too). On a terminal passtea asks first; --yes skips the question and
is required when there is no terminal.

An erased entry's values are gone from the vault, but the previous version of
the file (VAULT.bak) holds them until the next change.`,
		Example: `  passtea rm old/forum
  passtea rm old/forum --purge --yes`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(_ *cobra.Command, args []string) error {
			o.name = args[0]
			return runRm(e, g, o)
		},
	}
	cmd.Flags().BoolVarP(&o.yes, "yes", "y", false, "do not ask")
	cmd.Flags().BoolVar(&o.purge, "purge", false, "erase the entry for good instead of moving it to the trash")
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
	if errors.Is(err, vault.ErrNotFound) && o.purge {
		// --purge also erases an entry in the trash.
		if t, ok := trashed(s.v, o.name); ok {
			en, err = t, nil
		}
	}
	if err != nil {
		return err
	}
	name := term.Line(en.Name)
	if !o.yes {
		question := fmt.Sprintf("Move %s to the trash? [y/N] ", name)
		if o.purge {
			question = fmt.Sprintf("Erase %s for good? [y/N] ", name)
		}
		if !haveTerminal(e) {
			return usagef("no terminal to confirm on: add --yes to remove %q", en.Name)
		}
		ok, err := confirm(e, question)
		if err != nil {
			return err
		}
		if !ok {
			fmt.Fprintln(e.stderr, "nothing removed")
			return nil
		}
	}
	if s.upgrade != nil { // opened here (the agent strengthens as it unlocks)
		s.upgrade(e.stderr)
	}
	if o.purge {
		if err := s.v.Purge(en.ID); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "erased %s for good\n", name)
		return nil
	}
	if err := s.v.Delete(en.ID); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "moved %s to the trash; passtea restore %s brings it back, passtea rm --purge %s erases it\n", name, shellWord(en.Name), shellWord(en.Name))
	return nil
}

// trashed returns the entry called name in the trash; of several, the one
// deleted last.
func trashed(v store, name string) (vault.Entry, bool) {
	all, err := v.Trash()
	if err != nil {
		return vault.Entry{}, false
	}
	name = vault.NormalizeName(name)
	var found vault.Entry
	ok := false
	for _, en := range all {
		if en.Name == name && (!ok || en.Modified.After(found.Modified)) {
			found, ok = en, true
		}
	}
	return found, ok
}

// shellWord writes a name as it can be typed to a shell: as it is when it
// holds only safe characters, else in single quotes.
func shellWord(s string) string {
	safe := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '/' || r == '.' || r == '-' || r == '_' || r == '@' || r == ':' || r == '+' || r == ',') {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	out := "'"
	for _, r := range term.Line(s) {
		if r == '\'' {
			out += `'\''`
		} else {
			out += string(r)
		}
	}
	return out + "'"
}
