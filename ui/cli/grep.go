package cli

import (
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/vault"
)

// grepOptions are what `passtea grep` was asked for.
type grepOptions struct {
	pattern    string
	fixed      bool
	ignoreCase bool
}

func newGrepCmd(e *env, g *globals) *cobra.Command {
	var o grepOptions
	cmd := &cobra.Command{
		Use:   "grep PATTERN",
		Short: "Search usernames, addresses, notes and visible custom fields",
		Long: `Print each line of a username, address, notes or custom field that is not
concealed where PATTERN matches, as NAME: FIELD: LINE. PATTERN is a regular
expression (Go's RE2 syntax, which runs in linear time: no pattern can make
it hang), or with -F a plain string. Passwords, one-time codes and concealed
fields are never searched, so never printed. Nothing matches: exit status 1.`,
		Example: `  passtea grep -i 'recovery code'
  passtea grep -F '@example.com'
  passtea grep '^https://.*\.internal/'`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(_ *cobra.Command, args []string) error {
			o.pattern = args[0]
			return runGrep(e, g, o)
		},
	}
	cmd.Flags().BoolVarP(&o.fixed, "fixed-strings", "F", false, "PATTERN is a plain string, not a regular expression")
	cmd.Flags().BoolVarP(&o.ignoreCase, "ignore-case", "i", false, "ignore the difference between upper and lower case")
	return cmd
}

// grepLine is a line that matched.
type grepLine struct {
	name, field, line string
}

// eacher is a vault that can hand out every entry with its secret in one
// pass (*vault.Vault: one decryption per page instead of one per entry).
type eacher interface {
	Each(fn func(vault.Entry, vault.Secret) error) error
}

func runGrep(e *env, g *globals, o grepOptions) error {
	pattern := o.pattern
	if o.fixed {
		pattern = regexp.QuoteMeta(pattern)
	}
	if o.ignoreCase {
		pattern = "(?i)" + pattern
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return usagef("PATTERN is not a regular expression (%v): add -F to search for it as it is", err)
	}
	var found []grepLine
	err = withVault(e, g, false, func(v store) error {
		each := func(en vault.Entry, s vault.Secret) error {
			found = append(found, grepEntry(re, en, s)...)
			return nil
		}
		if ev, ok := v.(eacher); ok {
			return ev.Each(each)
		}
		all, err := v.Entries()
		if err != nil {
			return err
		}
		for _, en := range all {
			s, err := v.Secret(en.ID)
			if err != nil {
				return err
			}
			each(en, s)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(found) == 0 {
		return fmt.Errorf("nothing matches %q", o.pattern)
	}
	var b strings.Builder
	for _, l := range found {
		fmt.Fprintf(&b, "%s: %s: %s\n", l.name, l.field, l.line)
	}
	_, err = io.WriteString(e.stdout, b.String())
	return err
}

// grepEntry returns the lines of en's searchable fields that re matches:
// never the password, the one-time code or a concealed field.
func grepEntry(re *regexp.Regexp, en vault.Entry, s vault.Secret) []grepLine {
	if en.Deleted {
		return nil
	}
	var out []grepLine
	search := func(field, text string) {
		if text == "" {
			return
		}
		for line := range strings.SplitSeq(text, "\n") {
			if re.MatchString(line) {
				out = append(out, grepLine{en.Name, field, line})
			}
		}
	}
	search("username", en.Username)
	for _, u := range en.URLs {
		search("url", u)
	}
	search("notes", s.Notes)
	for _, f := range s.Fields {
		if !f.Concealed {
			search(f.Name, f.Value)
		}
	}
	return out
}
