package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/vault"
)

func init() { register(newEditCmd) }

func newEditCmd(e *env, g *globals) *cobra.Command {
	var name, username, url, notes, notesFile string
	var tags []string
	var passwordStdin bool
	var gen entryGenFlags
	cmd := &cobra.Command{
		Use:   "edit NAME",
		Short: "Change an entry's fields or password",
		Long: `Change the fields given as flags; the others stay as they are. A new password
(from standard input's first line with --password-stdin, or --generate) moves
the old one into the entry's history (see passtea history).`,
		Example: `  passtea edit work/github --username octocat2
  passtea edit work/github --name personal/github
  printf '%s\n' "$NEW" | passtea edit bank --password-stdin --password-file /dev/fd/3 3<master.txt`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			var c vault.Change
			set := func(flag string, p *string) *string {
				if cmd.Flags().Changed(flag) {
					return p
				}
				return nil
			}
			c.Name, c.Username, c.URL, c.Notes = set("name", &name), set("username", &username), set("url", &url), set("notes", &notes)
			if cmd.Flags().Changed("tag") {
				c.Tags = &tags
			}
			if notesFile != "" {
				if c.Notes != nil {
					return usagef("--notes and --notes-file exclude each other")
				}
				if notesFile == "-" && passwordStdin {
					return usagef("--notes-file - and --password-stdin both want standard input")
				}
				text, err := readNotesFile(e, notesFile)
				if err != nil {
					return err
				}
				c.Notes = &text
			}
			if c.Name != nil {
				if err := vault.ValidateName(name); err != nil {
					return usagef("--name: %v", err)
				}
			}
			if passwordStdin && gen.generate {
				return usagef("--password-stdin and --generate exclude each other")
			}
			if err := gen.check(cmd); err != nil {
				return err
			}
			note := ""
			switch {
			case gen.generate:
				pw, desc, err := gen.password(cmd, e)
				if err != nil {
					return err
				}
				c.Password, note = &pw, " with a generated password ("+desc+")"
			case passwordStdin:
				pw, err := readEntryPassword(e)
				if err != nil {
					return err
				}
				c.Password = &pw
			}
			if c == (vault.Change{}) {
				return usagef("nothing to change: give --name, --username, --url, --notes, --notes-file, --tag, --password-stdin or --generate")
			}
			return withEntry(e, g, true, args[0], func(v *vault.Vault, en vault.Entry) error {
				changed, err := v.Edit(en.ID, c)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stderr, "changed %s%s\n", changed.Name, note)
				return nil
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&name, "name", "", "rename the entry")
	fl.StringVar(&username, "username", "", "the new username")
	fl.StringVar(&url, "url", "", "the new address")
	fl.StringVar(&notes, "notes", "", "the new notes (visible to other users in ps: prefer --notes-file)")
	fl.StringVar(&notesFile, "notes-file", "", "read the new notes from `FILE`, whole (\"-\": standard input)")
	fl.StringArrayVar(&tags, "tag", nil, "replace the tags (repeat for more; --tag '' removes them all)")
	fl.BoolVar(&passwordStdin, "password-stdin", false, "read the new password from standard input's first line (asked twice on a terminal)")
	gen.bind(cmd)
	return cmd
}
