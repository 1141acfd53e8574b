package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/ui/term"
	"github.com/passtea/passtea/vault"
)

// applyEdits puts the custom fields and URLs edits ask for into c. They
// replace whole lists worked out from the entry as read, so the change is
// made only if the entry is still at that revision.
func applyEdits(v store, en vault.Entry, ed fieldEdits, c *vault.Change) error {
	if ed.fieldsChange() {
		s, err := v.Secret(en.ID)
		if err != nil {
			return err
		}
		fields, err := ed.applyFields(en, s)
		if err != nil {
			return err
		}
		c.Fields = &fields
	}
	if ed.urlsChange() {
		urls, err := ed.applyURLs(en)
		if err != nil {
			return err
		}
		c.URLs = &urls
	}
	c.IfRevision = en.Revision
	return nil
}

// readFieldValue reads a concealed field's value: standard input, whole,
// less a final line break; asked twice on a terminal.
func readFieldValue(e *env, name string) (string, error) {
	if e.stdinIsTerminal() {
		b, err := askTwice(e, "Value of "+term.Quote(name)+": ", true)
		if err != nil {
			return "", err
		}
		return string(b), nil
	}
	b, err := io.ReadAll(io.LimitReader(e.stdin, vault.MaxPasswordLen+3))
	if err != nil {
		return "", fmt.Errorf("read the value of %s: %w", term.Quote(name), err)
	}
	v := strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
	switch {
	case len(v) > vault.MaxPasswordLen:
		return "", usagef("the value of %s is longer than %d bytes", term.Quote(name), vault.MaxPasswordLen)
	case v == "":
		return "", usagef("--set-field %s: standard input is empty (to remove the field: --unset-field)", term.Quote(name))
	}
	return v, nil
}

// editOptions are what `passtea edit` was asked to change.
type editOptions struct {
	name          string
	change        vault.Change // the fields given as flags
	notesFile     string
	passwordStdin bool
	gen           entryGen
	edits         fieldEdits
	setField      string // --set-field NAME: a concealed value from stdin
}

func newEditCmd(e *env, g *globals) *cobra.Command {
	var name, username, notes string
	var urls []string
	var tags []string
	var o editOptions
	var gen entryGenFlags
	var ed *editorOptions
	var plain []string
	cmd := &cobra.Command{
		Use:   "edit NAME",
		Short: "Change an entry's fields or password",
		Long: `Change the fields given as flags; the others stay as they are. A new password
(from standard input's first line with --password-stdin, or --generate) moves
the old one into the entry's history (see passtea history).

Custom fields: --set-field NAME sets a concealed one (a PIN, an answer, a key)
from standard input (all of it, less a final newline, so it may span lines;
asked twice on a terminal); --set-field-plain NAME=VALUE sets one that is shown
as it is (repeat for more); --unset-field NAME removes one (its value stays in
the history). A field set again keeps its place.

URLs: --url replaces them all (repeat for more; the first is the one shown),
--add-url adds one at the end, --remove-url removes one.

The change is saved only if nobody changed the entry since it was read: a
passtea elsewhere that did makes this one fail and change nothing.`,
		Example: `  passtea edit work/github --username octocat2
  passtea edit work/github --name personal/github
  passtea edit work/github --add-url https://gist.github.com
  printf '%s' 4321 | passtea edit bank --set-field PIN
  passtea edit bank --set-field-plain 'Account=1234 5678' --unset-field Old
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
				o.edits.urls = &urls
				if len(o.edits.addURL) > 0 || len(o.edits.rmURL) > 0 {
					return usagef("--url replaces every URL: it excludes --add-url and --remove-url")
				}
			}
			var err error
			if o.edits.set, err = parsePlainFields(plain); err != nil {
				return err
			}
			if o.setField != "" && o.passwordStdin && !e.stdinIsTerminal() {
				return usagef("--set-field and --password-stdin both want standard input: change one, then the other")
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
			if o.gen, err = gen.options(cmd); err != nil {
				return err
			}
			return runEdit(e, g, o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&name, "name", "", "rename the entry to `NAME`")
	fl.StringVar(&username, "username", "", "the new `USERNAME`")
	fl.StringArrayVar(&urls, "url", nil, "replace the addresses with `URL` (repeat for more; --url '' removes them all)")
	fl.StringVar(&notes, "notes", "", "the new notes, `TEXT` (visible to other users in ps: prefer --notes-file)")
	fl.StringVar(&o.notesFile, "notes-file", "", "read the new notes from `FILE`, whole (\"-\": standard input)")
	fl.StringArrayVar(&o.edits.addURL, "add-url", nil, "add the address `URL` at the end (repeat for more)")
	fl.StringArrayVar(&o.edits.rmURL, "remove-url", nil, "remove the address `URL` (repeat for more)")
	fl.StringVar(&o.setField, "set-field", "", "set the concealed custom field `NAME` to standard input")
	fl.StringArrayVar(&plain, "set-field-plain", nil, "set the custom field NAME, not concealed, to VALUE (`NAME=VALUE`; repeat for more)")
	fl.StringArrayVar(&o.edits.unset, "unset-field", nil, "remove the custom field `NAME` (repeat for more)")
	fl.StringArrayVar(&tags, "tag", nil, "replace the tags with `TAG` (repeat for more; --tag '' removes them all)")
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
	ed := o.edits
	if o.setField != "" {
		value, err := readFieldValue(e, o.setField)
		if err != nil {
			return err
		}
		ed.set = append(ed.set, vault.Field{Name: o.setField, Value: value, Concealed: true})
	}
	if c == (vault.Change{}) && !ed.fieldsChange() && !ed.urlsChange() {
		return usagef("nothing to change: give --name, --username, --url, --add-url, --remove-url, --notes, --notes-file, --tag, --set-field, --set-field-plain, --unset-field, --password-stdin or --generate")
	}
	builtinNote(e, ed.set)
	return withEntry(e, g, true, o.name, func(v store, en vault.Entry) error {
		if err := applyEdits(v, en, ed, &c); err != nil {
			return err
		}
		changed, err := v.Edit(en.ID, c)
		if err != nil {
			if c.Name != nil {
				return nameTaken(err, *c.Name)
			}
			return err
		}
		fmt.Fprintf(e.stderr, "changed %s%s\n", term.Line(changed.Name), note)
		return nil
	})
}
