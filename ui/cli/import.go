package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/crypto/keyfile"
	"github.com/passtea/passtea/interop"
	"github.com/passtea/passtea/interop/formats"
	"github.com/passtea/passtea/interop/kdbx"
	"github.com/passtea/passtea/ui/term"
	"github.com/passtea/passtea/ui/words"
	"github.com/passtea/passtea/vault"
)

// importOptions are what `passtea import` was asked to do.
type importOptions struct {
	source             string
	format             formats.Format
	dryRun             bool
	policy             interop.Policy
	mergeOTP           bool
	sourcePasswordFile string
	sourceKeyFile      string
}

func newImportCmd(e *env, g *globals) *cobra.Command {
	var o importOptions
	var format, policy string
	cmd := &cobra.Command{
		Use:   "import SOURCE",
		Short: "Import entries from another password manager, a browser or an export",
		Long: `Import entries from SOURCE: a file, a directory (a pass or gopass store) or "-"
(standard input). The format is detected from the content; --format names it
when it cannot be:
` + wrapList(formats.Readable, "  ", 78) + `

KeePass and KeePassXC databases (.kdbx) are opened with --source-password-file
and --source-key-file, or the password is asked on the terminal. Google
Authenticator's "Transfer accounts" codes are read as otpauth-migration://
text or as a PNG or JPEG screenshot of the QR code; --merge-otp puts each code
into the existing entry of the same account instead of a new entry.

Groups and folders become name paths (work/github). What passtea cannot hold
(attachments, icons, passkeys, ...) is listed in the summary on standard error,
never dropped silently. It is all or nothing: a bad record is named (its line,
item or entry path) and nothing is imported. --dry-run prints the summary and
what would happen to names the vault has, and changes nothing. Delete
plain-text exports afterwards: they hold your passwords.`,
		Example: `  passtea import chrome-passwords.csv
  passtea import Passwords.kdbx --source-key-file Passwords.keyx
  passtea import bitwarden_export.json --dry-run
  passtea import ~/.password-store --on-conflict skip
  passtea import transfer-qr.png --merge-otp`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.source = args[0]
			var err error
			if o.format, err = formats.Parse(format); err != nil {
				return usagef("--format: %v", err)
			}
			if o.policy, err = interop.ParsePolicy(policy); err != nil {
				return usagef("--on-conflict: %v", err)
			}
			return runImport(cmd.Context(), e, g, o)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&format, "format", "", "the source's `FORMAT` when detection cannot tell")
	fl.BoolVar(&o.dryRun, "dry-run", false, "print the summary; import nothing")
	fl.StringVar(&policy, "on-conflict", "rename", "the `POLICY` for names the vault has: skip, rename (\"NAME (2)\") or replace (the old entry goes to the trash)")
	fl.BoolVar(&o.mergeOTP, "merge-otp", false, "put imported one-time codes into existing entries of the same account")
	fl.StringVar(&o.sourcePasswordFile, "source-password-file", "", "read a KeePass database's password from the first line of `FILE`")
	fl.StringVar(&o.sourceKeyFile, "source-key-file", "", "open a KeePass database with the key file `FILE`")
	return cmd
}

// wrapList lists formats for a help text, in lines of at most width
// columns starting with indent.
func wrapList(list []formats.Format, indent string, width int) string {
	var b strings.Builder
	line := indent
	for i, f := range list {
		word := string(f)
		if i < len(list)-1 {
			word += ","
		}
		if len(line)+1+len(word) > width && line != indent {
			b.WriteString(line + "\n")
			line = indent
		}
		if line != indent {
			line += " "
		}
		line += word
	}
	b.WriteString(line)
	return b.String()
}

// formatList names formats for a help text.
func formatList(list []formats.Format) string {
	names := make([]string, len(list))
	for i, f := range list {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

// runImport reads the source, prints its summary, and adds its entries to
// the vault (or, with --dry-run, says what would happen).
func runImport(ctx context.Context, e *env, g *globals, o importOptions) error {
	src := term.Line(o.source)
	bar := newProgressBar(e, "reading")
	im, err := formats.ReadPath(ctx, o.source, e.stdin, o.format, sourceKey(e, o), interop.Options{Progress: bar.report})
	bar.done()
	if err != nil {
		return importError(src, err)
	}
	if im.Format != string(formats.KDBX) && (o.sourcePasswordFile != "" || o.sourceKeyFile != "") {
		fmt.Fprintf(e.stderr, "passtea: warning: %s is not a KeePass database: --source-password-file and --source-key-file are not used\n", src)
	}
	err = withVault(e, g, !o.dryRun, func(v store) error {
		return addImport(e, v, im, o)
	})
	if o.dryRun && errors.Is(err, vault.ErrNoVault) {
		printSummary(e, im)
		fmt.Fprintln(e.stderr, "dry run: there is no vault yet, so no name is taken; nothing was imported")
		return nil
	}
	return err
}

// printSummary prints what the source holds and what passtea does not
// keep of it, on standard error. Source text in it is quoted.
func printSummary(e *env, im *interop.Import) {
	for _, l := range im.Summary().Lines() {
		fmt.Fprintln(e.stderr, l)
	}
}

// sourceKey returns what asks for a KeePass database's credentials: the
// password from --source-password-file or the terminal (never argv), and
// the key file's key. With a key file, an empty answer at the prompt
// means the database has no password.
func sourceKey(e *env, o importOptions) formats.Key {
	return func(*kdbx.Header) (kdbx.Credentials, error) {
		var c kdbx.Credentials
		if o.sourceKeyFile != "" {
			key, _, err := keyfile.ReadFile(o.sourceKeyFile)
			if err != nil {
				return c, fmt.Errorf("--source-key-file: %w", err)
			}
			c.KeyFile = key
		}
		if o.sourcePasswordFile != "" {
			pw, err := readSecretFile(o.sourcePasswordFile)
			if err != nil {
				return c, err
			}
			c.Password = pw
			return c, nil
		}
		p, err := e.prompter()
		if err != nil {
			return c, errors.New("no terminal to ask for the KeePass database's password: use --source-password-file FILE")
		}
		defer p.Close()
		prompt := fmt.Sprintf("Password of %s: ", term.Line(o.source))
		if c.KeyFile != nil {
			prompt = fmt.Sprintf("Password of %s (empty if it has only the key file): ", term.Line(o.source))
		}
		pw, err := p.secret(prompt)
		if err != nil {
			return c, err
		}
		switch {
		case len(pw) > 0:
			c.Password = pw
		case c.KeyFile != nil:
			c.NoPassword = true
		default:
			return c, errors.New("empty password: nothing was imported")
		}
		return c, nil
	}
}

// importError says what went wrong reading the source, with a hint where
// there is one.
func importError(src string, err error) error {
	switch {
	case errors.Is(err, kdbx.ErrWrongKey):
		return fmt.Errorf("import %s: %w (nothing was imported)", src, err)
	case errors.Is(err, interop.ErrFormat) && !strings.Contains(err.Error(), "--format"):
		return fmt.Errorf("import %s: %w (name the format with --format)", src, err)
	}
	return fmt.Errorf("import %s: %w", src, err)
}

// addImport decides what happens to every imported entry (codes merged
// into existing entries, names the vault has), says so, and unless this
// is a dry run, does it.
func addImport(e *env, v store, im *interop.Import, o importOptions) error {
	all, err := v.Entries()
	if err != nil {
		return err
	}
	entries := im.Entries
	var merges interop.OTPPlan
	if o.mergeOTP {
		existing, err := existingCodes(v, all)
		if err != nil {
			return err
		}
		merges = interop.MergeOTP(im.Entries, existing)
		entries = make([]interop.Entry, 0, len(merges.New))
		for _, i := range merges.New {
			entries = append(entries, im.Entries[i])
		}
	}
	names := make([]string, len(all))
	for i, en := range all {
		names[i] = en.Name
	}
	plan := interop.Resolve(entries, names, o.policy)
	printSummary(e, im)
	for _, l := range mergeLines(im, merges) {
		fmt.Fprintln(e.stderr, l)
	}
	for _, l := range plan.Lines() {
		fmt.Fprintln(e.stderr, l)
	}
	if o.dryRun {
		fmt.Fprintf(e.stderr, "dry run: would import %s%s; nothing was imported\n", plural(len(plan.Add), "entry", "entries"), mergedCount(merges))
		return nil
	}
	if len(plan.Add) == 0 && len(merges.Merges) == 0 {
		fmt.Fprintln(e.stderr, "nothing to import")
		return nil
	}
	if err := applyImport(e, v, all, plan, merges); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "imported %s%s\n", plural(len(plan.Add), "entry", "entries"), mergedCount(merges))
	return nil
}

// applyImport moves the entries of all (the vault's live entries) that
// the plan replaces to the trash, adds the new ones and puts the merged
// one-time codes into their entries, in one save: all of it or nothing.
func applyImport(e *env, v store, all []vault.Entry, plan interop.Plan, merges interop.OTPPlan) error {
	bar := newProgressBar(e, "")
	defer bar.done()
	ids := make(map[string]vault.ID, len(all))
	for _, en := range all {
		ids[en.Name] = en.ID
	}
	b := vault.Batch{Trash: make([]vault.ID, len(plan.Replace)), Add: plan.Add}
	for i, name := range plan.Replace {
		b.Trash[i] = ids[name]
	}
	for _, m := range merges.Merges {
		uri := m.URI
		b.Edit = append(b.Edit, vault.BatchEdit{ID: m.Target, Change: vault.Change{OTP: &uri}})
	}
	bar.phase(fmt.Sprintf("adding %s to the vault…", plural(len(plan.Add), "entry", "entries")))
	if err := v.Apply(b); err != nil {
		return fmt.Errorf("import: %w (nothing was imported)", err)
	}
	return nil
}

// existingCodes lists the vault's entries for --merge-otp, with the
// one-time codes of those that have one.
func existingCodes(v store, all []vault.Entry) ([]interop.Existing, error) {
	out := make([]interop.Existing, len(all))
	for i, en := range all {
		out[i] = interop.Existing{ID: en.ID, Name: en.Name, Username: en.Username, URLs: en.URLs}
		if en.HasOTP {
			s, err := v.Secret(en.ID)
			if err != nil {
				return nil, err
			}
			out[i].OTP = s.OTP
		}
	}
	return out, nil
}

// mergeLines says which codes go into existing entries.
func mergeLines(im *interop.Import, p interop.OTPPlan) []string {
	var out []string
	for _, m := range p.Merges {
		what := "one-time code"
		if m.Replaces {
			what = "one-time code (the old one goes to its history)"
		}
		out = append(out, fmt.Sprintf("%q: its %s into %q", im.Entries[m.Index].Name, what, m.Name))
	}
	for _, i := range p.Same {
		out = append(out, fmt.Sprintf("%q: an entry has this code already: skipped", im.Entries[i].Name))
	}
	return append(out, p.Notes...)
}

// mergedCount says how many codes went into existing entries, if any.
func mergedCount(p interop.OTPPlan) string {
	if len(p.Merges) == 0 {
		return ""
	}
	return fmt.Sprintf(" and %s into existing entries", plural(len(p.Merges), "one-time code", "one-time codes"))
}

// plural says "1 entry" or "2 entries".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return words.Thousands(int64(n)) + " " + many
}
