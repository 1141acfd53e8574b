package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/vault"
)

// addOptions are what `passtea add` was asked to do.
type addOptions struct {
	entry     vault.NewEntry
	notes     string
	notesFile string // "" when not given
	gen       entryGen
}

func newAddCmd(e *env, g *globals) *cobra.Command {
	var o addOptions
	var gen entryGenFlags
	cmd := &cobra.Command{
		Use:   "add NAME",
		Short: "Add an entry",
		Long: `Add an entry. NAME must be new; "/" groups entries, e.g. work/github.

The entry's password is read from the first line of standard input when it is
not a terminal, else asked twice without echo; --generate makes one instead.
The master password then comes from the terminal or --password-file.`,
		Example: `  passtea add work/github --username octocat --url https://github.com
  printf '%s\n' "$PW" | passtea add bank --password-file /dev/fd/3 3<master.txt
  passtea add mail --generate --length 24 --tag personal`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.entry.Name = args[0]
			if cmd.Flags().Changed("notes") && o.notesFile != "" {
				return usagef("--notes and --notes-file exclude each other")
			}
			var err error
			if o.gen, err = gen.options(cmd); err != nil {
				return err
			}
			return runAdd(e, g, o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.entry.Username, "username", "", "the username")
	fl.StringArrayVar(&o.entry.URLs, "url", nil, "the site's address (repeat for more; the first is the one shown)")
	fl.StringVar(&o.notes, "notes", "", "notes (visible to other users in ps: prefer --notes-file for anything secret)")
	fl.StringVar(&o.notesFile, "notes-file", "", "read the notes from `FILE`, whole (\"-\": standard input, with --generate)")
	fl.StringArrayVar(&o.entry.Tags, "tag", nil, "a tag (repeat for more)")
	gen.bind(cmd)
	return cmd
}

func runAdd(e *env, g *globals, o addOptions) error {
	// One spelling for one name: "é" typed as e and a combining accent is
	// the same name as the precomposed "é".
	o.entry.Name = vault.NormalizeName(o.entry.Name)
	if err := vault.ValidateName(o.entry.Name); err != nil {
		return usagef("%v", err)
	}
	if o.notesFile != "" {
		if o.notesFile == "-" && !o.gen.generate {
			return usagef("--notes-file - needs --generate: standard input carries the password")
		}
		text, err := readNotesFile(e, o.notesFile)
		if err != nil {
			return err
		}
		o.notes = text
	}
	password, generated, err := o.gen.password(e)
	if err != nil {
		return err
	}
	o.entry.Password, o.entry.Notes = password, o.notes
	return withVault(e, g, true, func(v store) error {
		en, err := v.Add(o.entry)
		if errors.Is(err, vault.ErrNameTaken) {
			return fmt.Errorf("an entry named %q already exists: change it with passtea edit, or choose another name", o.entry.Name)
		}
		if err != nil {
			return err
		}
		how := ""
		if generated != "" {
			how = " with a generated password (" + generated + ")"
		}
		fmt.Fprintf(e.stderr, "added %s%s\n", en.Name, how)
		return nil
	})
}
