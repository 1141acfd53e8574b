package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/sahilm/fuzzy"
	"github.com/spf13/cobra"

	"github.com/passtea/passtea/vault"
)

func init() { register(newLsCmd) }

// lsEntry is what ls --json prints of an entry: never a secret.
type lsEntry struct {
	Name     string    `json:"name"`
	Username string    `json:"username"`
	URL      string    `json:"url"`
	Tags     []string  `json:"tags"`
	Modified time.Time `json:"modified"`
}

func newLsCmd(e *env, g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "ls [QUERY]",
		Aliases: []string{"list"},
		Short:   "List entries, optionally filtered by a fuzzy query",
		Long: `List entry names and usernames sorted by name, never passwords. QUERY keeps
the entries whose name, username, URL or tags match it fuzzily (its letters in
order, e.g. "wgh" matches "work/github").`,
		Example: `  passtea ls
  passtea ls gh
  passtea ls --json | jq -r '.[].name'`,
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := openVault(e, g, false)
			if err != nil {
				return err
			}
			defer v.Lock()
			entries := v.Entries()
			if len(args) == 1 && args[0] != "" {
				entries = filterEntries(entries, args[0])
			}
			if asJSON {
				out := make([]lsEntry, len(entries))
				for i, en := range entries {
					out[i] = lsEntry{en.Name, en.Username, en.URL, en.Tags, en.Modified}
					if out[i].Tags == nil {
						out[i].Tags = []string{}
					}
				}
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			}
			return writeColumns(e.stdout, entries, func(en vault.Entry) []string { return []string{en.Name, en.Username} })
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of {name, username, url, tags, modified}")
	return cmd
}

// filterEntries keeps the entries matching query fuzzily, in name order.
func filterEntries(entries []vault.Entry, query string) []vault.Entry {
	haystack := make([]string, len(entries))
	for i, en := range entries {
		haystack[i] = strings.Join(append([]string{en.Name, en.Username, en.URL}, en.Tags...), " ")
	}
	matches := fuzzy.Find(query, haystack)
	keep := make([]bool, len(entries))
	for _, m := range matches {
		keep[m.Index] = true
	}
	var out []vault.Entry
	for i, en := range entries {
		if keep[i] {
			out = append(out, en)
		}
	}
	return out
}

// writeColumns prints one row per entry in aligned columns, without
// trailing spaces.
func writeColumns(w io.Writer, entries []vault.Entry, row func(vault.Entry) []string) error {
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 4, 2, ' ', 0)
	for _, en := range entries {
		fmt.Fprintln(tw, strings.Join(row(en), "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for line := range strings.Lines(buf.String()) {
		if _, err := io.WriteString(w, strings.TrimRight(line, " \n")+"\n"); err != nil {
			return err
		}
	}
	return nil
}
