package cli

import (
	"errors"
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/ui/term"
	"github.com/passtea/passtea/vault"
)

// addOptions are what `passtea add` was asked to do.
type addOptions struct {
	entry     vault.NewEntry
	notes     string
	notesFile string // "" when not given
	gen       entryGen
	plain     []string // --set-field-plain NAME=VALUE
	setField  string   // --set-field NAME: a concealed value
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
The master password then comes from the terminal or --password-file.

--set-field-plain NAME=VALUE adds a custom field shown as it is (repeat for
more); --set-field NAME adds a concealed one (a PIN, an answer), its value
asked twice on a terminal, or read from standard input (all of it) with
--generate, when standard input does not carry the password.`,
		Example: `  passtea add work/github --username octocat --url https://github.com
  printf '%s\n' "$PW" | passtea add bank --password-file /dev/fd/3 3<master.txt
  passtea add mail --generate --length 24 --tag personal
  passtea add bank --url https://bank.example --url https://m.bank.example --set-field-plain 'Account=1234 5678'`,
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
			if o.setField != "" && !o.gen.generate && !e.stdinIsTerminal() {
				return usagef("--set-field reads its value from standard input, which carries the password: add --generate, or set the field afterwards with passtea edit NAME --set-field FIELD")
			}
			if o.setField != "" && o.notesFile == "-" {
				return usagef("--set-field and --notes-file - both want standard input")
			}
			return runAdd(e, g, o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.entry.Username, "username", "", "the `USERNAME`")
	fl.StringArrayVar(&o.entry.URLs, "url", nil, "the site's address `URL` (repeat for more; the first is the one shown)")
	fl.StringVar(&o.notes, "notes", "", "the notes, `TEXT` (visible to other users in ps: prefer --notes-file for anything secret)")
	fl.StringVar(&o.notesFile, "notes-file", "", "read the notes from `FILE`, whole (\"-\": standard input, with --generate)")
	fl.StringArrayVar(&o.entry.Tags, "tag", nil, "a `TAG` (repeat for more)")
	fl.StringVar(&o.setField, "set-field", "", "add the concealed custom field `NAME` (its value asked, or from standard input with --generate)")
	fl.StringArrayVar(&o.plain, "set-field-plain", nil, "add the custom field NAME, not concealed, with VALUE (`NAME=VALUE`; repeat for more)")
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
	fields, err := parsePlainFields(o.plain)
	if err != nil {
		return err
	}
	password, generated, err := o.gen.password(e)
	if err != nil {
		return err
	}
	if o.setField != "" {
		value, err := readFieldValue(e, o.setField)
		if err != nil {
			return err
		}
		fields = append(fields, vault.Field{Name: o.setField, Value: value, Concealed: true})
	}
	for i, f := range fields {
		if slices.ContainsFunc(fields[:i], func(g vault.Field) bool { return g.Name == f.Name }) {
			return usagef("the custom field %s is given twice", term.Quote(f.Name))
		}
	}
	builtinNote(e, fields)
	o.entry.Password, o.entry.Notes, o.entry.Fields = password, o.notes, fields
	return withVault(e, g, true, func(v store) error {
		en, err := v.Add(o.entry)
		if errors.Is(err, vault.ErrNameTaken) {
			return fmt.Errorf("an entry named %s already exists: change it with passtea edit, or choose another name", term.Quote(o.entry.Name))
		}
		if err != nil {
			return err
		}
		how := ""
		if generated != "" {
			how = " with a generated password (" + generated + ")"
		}
		fmt.Fprintf(e.stderr, "added %s%s\n", term.Line(en.Name), how)
		return nil
	})
}
