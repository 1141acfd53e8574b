package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/vault"
)

func init() { register(newAddCmd) }

func newAddCmd(e *env, g *globals) *cobra.Command {
	var f vault.Fields
	var notes, notesFile string
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
			f.Name = args[0]
			if err := vault.ValidateName(f.Name); err != nil {
				return usagef("%v", err)
			}
			if err := gen.check(cmd); err != nil {
				return err
			}
			if notesFile != "" {
				if cmd.Flags().Changed("notes") {
					return usagef("--notes and --notes-file exclude each other")
				}
				if notesFile == "-" && !gen.generate {
					return usagef("--notes-file - needs --generate: standard input carries the password")
				}
				text, err := readNotesFile(e, notesFile)
				if err != nil {
					return err
				}
				notes = text
			}
			password, generated, err := gen.password(cmd, e)
			if err != nil {
				return err
			}
			v, err := openVault(e, g, true)
			if err != nil {
				return err
			}
			defer v.Lock()
			en, err := v.Add(f, vault.Secret{Password: password, Notes: notes})
			if errors.Is(err, vault.ErrNameTaken) {
				return fmt.Errorf("an entry named %q already exists: change it with passtea edit, or choose another name", f.Name)
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
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.Username, "username", "", "the username")
	fl.StringVar(&f.URL, "url", "", "the site's address")
	fl.StringVar(&notes, "notes", "", "notes (visible to other users in ps: prefer --notes-file for anything secret)")
	fl.StringVar(&notesFile, "notes-file", "", "read the notes from `FILE`, whole (\"-\": standard input, with --generate)")
	fl.StringArrayVar(&f.Tags, "tag", nil, "a tag (repeat for more)")
	gen.bind(cmd)
	return cmd
}
