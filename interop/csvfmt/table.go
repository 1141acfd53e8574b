// This file holds the CSV reading every CSV dialect shares: the header
// row, the byte-order mark, blank rows, and line numbers for errors.

package csvfmt

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/passtea/passtea/interop"
)

// Table reads a CSV file with a header row.
type Table struct {
	// Header is the header row, each name trimmed.
	Header []string
	cols   map[string]int // lower-cased header name → column
	r      *csv.Reader
	// generic maps the generic dialect's fields to columns (lazily).
	generic map[string]int
}

// Row is one record of a [Table].
type Row struct {
	Line int // the line the record starts on, from 1
	rec  []string
	t    *Table
}

// Open reads the header row of CSV data (an Excel byte-order mark is
// skipped). It fails with interop.ErrEmpty for an empty file and a
// *interop.RecordError ("line 1") for a bad header.
func Open(data []byte) (*Table, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	r := csv.NewReader(bytes.NewReader(data))
	r.ReuseRecord = false
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: the file is empty", interop.ErrEmpty)
	}
	if err != nil {
		return nil, csvError(err)
	}
	t := &Table{Header: make([]string, len(header)), cols: map[string]int{}, r: r}
	for i, h := range header {
		h = strings.TrimSpace(h)
		t.Header[i] = h
		key := strings.ToLower(h)
		if _, dup := t.cols[key]; dup && key != "" {
			return nil, interop.Recordf("line 1", "two columns are called %q", h)
		}
		t.cols[key] = i
	}
	return t, nil
}

// Has reports whether the header has every one of the columns (compared
// without case).
func (t *Table) Has(cols ...string) bool {
	for _, c := range cols {
		if _, ok := t.cols[c]; !ok {
			return false
		}
	}
	return true
}

// Is reports whether the header is exactly cols, in any order (compared
// without case).
func (t *Table) Is(cols ...string) bool {
	return len(t.cols) == len(cols) && t.Has(cols...)
}

// Next returns the next record that is not blank, or io.EOF. A malformed
// record is a *interop.RecordError naming its line.
func (t *Table) Next() (Row, error) {
	for {
		rec, err := t.r.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return Row{}, io.EOF
			}
			return Row{}, csvError(err)
		}
		line, _ := t.r.FieldPos(0)
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue
		}
		return Row{Line: line, rec: rec, t: t}, nil
	}
}

// Place is the row's place for errors and the summary: "line N".
func (r Row) Place() string { return fmt.Sprintf("line %d", r.Line) }

// Get returns the value of the column called col (compared without
// case), or "" when the table has no such column.
func (r Row) Get(col string) string {
	if i, ok := r.t.cols[col]; ok && i < len(r.rec) {
		return r.rec[i]
	}
	return ""
}

// csvError turns encoding/csv's error (which names the line and column,
// never the content) into a record error.
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return interop.Recordf(fmt.Sprintf("line %d", pe.StartLine), "column %d: %v", pe.Column, pe.Err)
	}
	return err
}
