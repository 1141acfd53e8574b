package cli

import (
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/vault"
)

// editOptions are what `passtea edit` was asked to change.
type editOptions struct {
	name          string
	change        vault.Change // the fields given as flags
	notesFile     string
	passwordStdin bool
	gen           entryGen
}

func newEditCmd(e *env, g *globals) *cobra.Command {
	var name, username, notes string
	var urls []string
	var tags []string
	var o editOptions
	var gen entryGenFlags
	var ed *editorOptions
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
			if ed.wanted(cmd) {
				return runEditEntry(e, g, args[0], ed)
			}
			o.name = args[0]
			set := func(flag string, p *string) *string {
				if cmd.Flags().Changed(flag) {
					return p
				}
				return nil
			}
			c := &o.change
			c.Name, c.Username, c.Notes = set("name", &name), set("username", &username), set("notes", &notes)
			if cmd.Flags().Changed("url") {
				urls = slices.DeleteFunc(urls, func(u string) bool { return u == "" })
				c.URLs = &urls
			}
			if cmd.Flags().Changed("tag") {
				c.Tags = &tags
			}
			if o.notesFile != "" && c.Notes != nil {
				return usagef("--notes and --notes-file exclude each other")
			}
			if o.passwordStdin && gen.generate {
				return usagef("--password-stdin and --generate exclude each other")
			}
			var err error
			if o.gen, err = gen.options(cmd); err != nil {
				return err
			}
			return runEdit(e, g, o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&name, "name", "", "rename the entry")
	fl.StringVar(&username, "username", "", "the new username")
	fl.StringArrayVar(&urls, "url", nil, "replace the addresses (repeat for more; --url '' removes them all)")
	fl.StringVar(&notes, "notes", "", "the new notes (visible to other users in ps: prefer --notes-file)")
	fl.StringVar(&o.notesFile, "notes-file", "", "read the new notes from `FILE`, whole (\"-\": standard input)")
	fl.StringArrayVar(&tags, "tag", nil, "replace the tags (repeat for more; --tag '' removes them all)")
	fl.BoolVar(&o.passwordStdin, "password-stdin", false, "read the new password from standard input's first line (asked twice on a terminal)")
	gen.bind(cmd)
	ed = addEditorFlags(cmd)
	return cmd
}

func runEdit(e *env, g *globals, o editOptions) error {
	c := o.change
	if o.notesFile != "" {
		if o.notesFile == "-" && o.passwordStdin {
			return usagef("--notes-file - and --password-stdin both want standard input")
		}
		text, err := readNotesFile(e, o.notesFile)
		if err != nil {
			return err
		}
		c.Notes = &text
	}
	if c.Name != nil {
		name := vault.NormalizeName(*c.Name)
		c.Name = &name
		if err := vault.ValidateName(name); err != nil {
			return usagef("--name: %v", err)
		}
	}
	note := ""
	switch {
	case o.gen.generate:
		pw, desc, err := o.gen.password(e)
		if err != nil {
			return err
		}
		c.Password, note = &pw, " with a generated password ("+desc+")"
	case o.passwordStdin:
		pw, err := readEntryPassword(e)
		if err != nil {
			return err
		}
		c.Password = &pw
	}
	if c == (vault.Change{}) {
		return usagef("nothing to change: give --name, --username, --url, --notes, --notes-file, --tag, --password-stdin or --generate")
	}
	return withEntry(e, g, true, o.name, func(v store, en vault.Entry) error {
		changed, err := v.Edit(en.ID, c)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "changed %s%s\n", changed.Name, note)
		return nil
	})
}
