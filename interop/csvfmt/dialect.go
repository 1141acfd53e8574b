// This file holds the CSV dialects: how each exporter's columns map to an
// entry, and how a file's header tells which exporter wrote it.

package csvfmt

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/passtea/passtea/interop"
)

// Dialect is one exporter's CSV.
type Dialect struct {
	// Name is the format's name ("chrome-csv").
	Name string
	// Matches reports whether a header is this dialect's (detection).
	Matches func(t *Table) bool
	// Required are the columns a file read as this dialect must have.
	Required []string
	// Begin, if set, checks the header and notes columns not kept.
	Begin func(t *Table, im *interop.Import) error
	// Row fills e from one record; false skips the record (it records
	// why with im.Skip).
	Row func(r Row, e *interop.Entry, im *interop.Import) (bool, error)
}

// Read reads CSV data as dialect d: every record becomes an entry (or is
// skipped, and listed), and a bad record stops the import with its line.
func Read(data []byte, d *Dialect, opts interop.Options) (*interop.Import, error) {
	t, err := Open(data)
	if err != nil {
		return nil, err
	}
	return ReadTable(t, d, opts)
}

// ReadTable is [Read] for a table already opened.
func ReadTable(t *Table, d *Dialect, opts interop.Options) (*interop.Import, error) {
	for _, c := range d.Required {
		if !t.Has(c) {
			return nil, fmt.Errorf("%w: the header has no %q column, which %s has", interop.ErrFormat, c, d.Name)
		}
	}
	im := interop.NewImport(d.Name, opts.Limits)
	if d.Begin != nil {
		if err := d.Begin(t, im); err != nil {
			return nil, err
		}
	}
	for {
		r, err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		e := interop.Entry{Kind: interop.Login, Place: r.Place()}
		keep, err := d.Row(r, &e, im)
		if err != nil {
			return nil, interop.AtPlace(r.Place(), err)
		}
		if !keep {
			continue
		}
		if err := im.Add(e); err != nil {
			return nil, err
		}
		if n := len(im.Entries); n%1024 == 0 {
			opts.Progress.Report(n, 0)
		}
	}
	if len(im.Entries) == 0 && len(im.Skipped) == 0 {
		return nil, fmt.Errorf("%w: the file has a header and no rows", interop.ErrEmpty)
	}
	opts.Progress.Report(len(im.Entries), len(im.Entries))
	return im, nil
}

// ignored notes the header's columns that no key of used names.
func ignored(t *Table, im *interop.Import, used ...string) {
	var out []string
	for _, h := range t.Header {
		k := strings.ToLower(h)
		if k != "" && !contains(used, k) {
			out = append(out, fmt.Sprintf("%q", h))
		}
	}
	if len(out) > 0 {
		im.Note("columns not read: %s", strings.Join(out, ", "))
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Detect returns the dialect of this package whose header t has, or nil.
// The generic dialect is the last resort: any header with a name or url
// column.
func Detect(t *Table) *Dialect {
	for _, d := range Dialects {
		if d.Matches(t) {
			return d
		}
	}
	return nil
}

// Dialects are the CSV dialects of this package, most specific first.
var Dialects = []*Dialect{&KeePassXC, &Firefox, &Safari, &LastPass, &Chrome, &Generic}
