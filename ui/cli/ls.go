package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/match"
)

// lsEntry is what ls --json prints of an entry: never a secret.
type lsEntry struct {
	Name     string    `json:"name"`
	Username string    `json:"username"`
	URL      string    `json:"url"`
	Tags     []string  `json:"tags"`
	Modified time.Time `json:"modified"`
}

// lsOptions are what `passtea ls` was asked for.
type lsOptions struct {
	query string
	json  bool
}

func newLsCmd(e *env, g *globals) *cobra.Command {
	var o lsOptions
	cmd := &cobra.Command{
		Use:     "ls [QUERY]",
		Aliases: []string{"list"},
		Short:   "List entries, optionally those matching a query",
		Long: `List entry names and usernames, never passwords: all of them sorted by name,
or with QUERY those that match it, best first. A query matches as the app's
filter does: the name first (exactly, then as a prefix, a word, anywhere),
then the username, URL and tags at the start of a word, then loosely (its
letters in order at word starts or close together: "wgh" finds
"work/github"). Several words must all match.

On a terminal, control characters in names and usernames are shown as escapes
(\x1b); --json escapes them as JSON does.`,
		Example: `  passtea ls
  passtea ls gh
  passtea ls work git
  passtea ls --json | jq -r '.[].name'`,
		Args: usageArgs(cobra.ArbitraryArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.query = strings.Join(args, " ")
			return runLs(e, g, o)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print a JSON array of {name, username, url, tags, modified}")
	return cmd
}

func runLs(e *env, g *globals, o lsOptions) error {
	return withVault(e, g, false, func(v store) error {
		entries, err := v.Entries()
		if err != nil {
			return err
		}
		if strings.TrimSpace(o.query) != "" {
			entries = match.Entries(entries, o.query)
		}
		if o.json {
			out := make([]lsEntry, len(entries))
			for i, en := range entries {
				out[i] = lsEntry{en.Name, en.Username, en.URL(), en.Tags, en.Modified}
				if out[i].Tags == nil {
					out[i].Tags = []string{}
				}
			}
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(out)
		}
		var row [2]string
		return writeRows(e.stdout, len(entries), func(i int) []string {
			row[0], row[1] = e.line(entries[i].Name), e.line(entries[i].Username)
			return row[:]
		})
	})
}

// writeColumns prints rows in columns two spaces apart, aligned by the
// width the terminal gives each text (CJK and emoji take two cells, a
// combining accent none), without trailing spaces.
func writeColumns(w io.Writer, rows [][]string) error {
	return writeRows(w, len(rows), func(i int) []string { return rows[i] })
}

// writeRows is writeColumns for n rows made on demand: row(i) is asked
// twice (for the widths, then to print) and may reuse the slice it
// returns. A listing of 10,000 entries then holds no copy of them: each
// megabyte a command touches costs it some 256 page faults, 1 ms here.
func writeRows(w io.Writer, n int, row func(i int) []string) error {
	var widths []int
	for i := range n {
		for j, cell := range row(i) {
			if j == len(widths) {
				widths = append(widths, 0)
			}
			widths[j] = max(widths[j], textWidth(cell))
		}
	}
	// One line at a time into a buffer that is reused, written through a
	// bufio.Writer: a listing of 10,000 entries allocates no more than it
	// must (see shortLivedGC).
	out := bufio.NewWriterSize(w, 64<<10)
	var line []byte
	for i := range n {
		r := row(i)
		line = line[:0]
		for j, cell := range r {
			if j > 0 {
				line = append(line, "  "...)
			}
			line = append(line, cell...)
			if j < len(r)-1 {
				for range widths[j] - textWidth(cell) {
					line = append(line, ' ')
				}
			}
		}
		out.Write(bytes.TrimRight(line, " "))
		out.WriteByte('\n')
	}
	return out.Flush()
}
