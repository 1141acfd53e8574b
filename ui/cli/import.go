package cli

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/vault"
)

// csvColumns maps header names, as browsers and password managers export
// them, to passtea's fields.
var csvColumns = map[string]string{
	"name": "name", "title": "name",
	"username": "username", "login_username": "username", "user": "username", "login": "username",
	"password": "password", "login_password": "password",
	"url": "url", "login_uri": "url", "uri": "url", "website": "url",
	"notes": "notes", "note": "notes", "extra": "notes",
	"tags": "tags", "tag": "tags",
}

func newImportCmd(e *env, g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE",
		Short: "Import entries from a CSV file",
		Long: `Import entries from a CSV file whose header row names any of the columns
name, username, password, url, notes and tags (the usual export of browsers
and password managers: title, login_username, login_password, login_uri and
note are understood too; other columns are ignored and listed). Without a name
column, an entry is named after its URL's host. Tags are separated by commas,
semicolons or spaces. A name already in use gets " (2)".

It is all or nothing: a bad row is reported with its line number and nothing
is imported. FILE "-" reads standard input. Delete the CSV afterwards: it holds
your passwords in plain text.`,
		Example: "  passtea import chrome-passwords.csv\n  passtea import - < export.csv",
		Args:    usageArgs(cobra.ExactArgs(1)),
		RunE: func(_ *cobra.Command, args []string) error {
			return runImport(e, g, args[0])
		},
	}
}

// runImport imports the CSV file (or "-", standard input).
func runImport(e *env, g *globals, file string) error {
	var r io.Reader = e.stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		defer f.Close()
		r = f
	}
	items, notes, err := parseCSV(r)
	if err != nil {
		return fmt.Errorf("import %s: %w", file, err)
	}
	if len(items) == 0 {
		return fmt.Errorf("import %s: no entries in the file", file)
	}
	return withVault(e, g, true, func(v store) error {
		renamed, err := dedupeNames(items, v)
		if err != nil {
			return err
		}
		if err := v.AddMany(items); err != nil {
			return fmt.Errorf("import: %w (nothing was imported)", err)
		}
		for _, n := range append(notes, renamed...) {
			fmt.Fprintln(e.stderr, n)
		}
		fmt.Fprintf(e.stderr, "imported %s\n", plural(len(items), "entry", "entries"))
		return nil
	})
}

// parseCSV reads entries from CSV with a header row. It returns notes for
// the user (ignored columns) and the first bad row as an error with its line.
func parseCSV(r io.Reader) ([]vault.NewEntry, []string, error) {
	br := bufio.NewReader(r)
	if bom, err := br.Peek(3); err == nil && string(bom) == "\ufeff" {
		br.Discard(3) // Excel's "CSV UTF-8" starts with a byte-order mark
	}
	cr := csv.NewReader(br)
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, errors.New("the file is empty")
	}
	if err != nil {
		return nil, nil, err
	}
	cols := make([]string, len(header))
	var ignored []string
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		field, ok := csvColumns[h]
		if !ok {
			if h != "" {
				ignored = append(ignored, h)
			}
			continue
		}
		if seen[field] {
			return nil, nil, fmt.Errorf("line 1: two columns give the %s", field)
		}
		seen[field], cols[i] = true, field
	}
	if !seen["name"] && !seen["url"] {
		return nil, nil, errors.New("line 1: the header has neither a name nor a url column")
	}
	var notes []string
	if len(ignored) > 0 {
		notes = append(notes, "ignored columns: "+strings.Join(ignored, ", "))
	}
	var items []vault.NewEntry
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, err // csv.ParseError names the line
		}
		line, _ := cr.FieldPos(0)
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue // a blank row
		}
		var it vault.NewEntry
		for i, val := range rec {
			switch cols[i] {
			case "name":
				it.Name = strings.TrimSpace(val)
			case "username":
				it.Username = val
			case "password":
				it.Password = val
			case "url":
				if u := strings.TrimSpace(val); u != "" {
					it.URLs = []string{u}
				}
			case "notes":
				it.Notes = val
			case "tags":
				it.Tags = strings.FieldsFunc(val, func(r rune) bool { return r == ',' || r == ';' || r == ' ' })
			}
		}
		if it.Name == "" && len(it.URLs) > 0 {
			it.Name = hostOf(it.URLs[0])
		}
		it.Name = vault.NormalizeName(it.Name)
		if it.Name == "" {
			return nil, nil, fmt.Errorf("line %d: the entry has no name and no URL to name it after", line)
		}
		if err := vault.ValidateEntry(it); err != nil {
			return nil, nil, fmt.Errorf("line %d: %w", line, err)
		}
		items = append(items, it)
	}
	return items, notes, nil
}

// hostOf returns the host of an address, or "".
func hostOf(addr string) string {
	if !strings.Contains(addr, "://") {
		addr = "https://" + addr
	}
	u, err := url.Parse(addr)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// dedupeNames renames entries whose names are taken, in the vault or by an
// earlier row, to "name (N)", and returns a note for each.
func dedupeNames(items []vault.NewEntry, v store) ([]string, error) {
	all, err := v.Entries()
	if err != nil {
		return nil, err
	}
	taken := map[string]bool{}
	for _, en := range all {
		taken[en.Name] = true
	}
	isTaken := func(s string) bool { return taken[s] }
	var notes []string
	for i := range items {
		name := items[i].Name
		if taken[name] {
			items[i].Name = vault.FreeName(name, isTaken)
			notes = append(notes, fmt.Sprintf("%q is taken: imported as %q", name, items[i].Name))
		}
		taken[items[i].Name] = true
	}
	return notes, nil
}

// plural says "1 entry" or "2 entries".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
