package interop

import (
	"io"

	"github.com/passtea/passtea/vault"
)

// Limits bound what a reader accepts from an untrusted file: memory and
// time stay proportional to them whatever the file holds.
type Limits struct {
	// Input is the most bytes read from a file (for 1PUX, the most
	// bytes export.data may expand to).
	Input int64
	// Entries is the most entries one import makes.
	Entries int
	// Record is the most bytes one record (a JSON item, a pass file) may
	// take.
	Record int64
	// Values is the most JSON values (objects, arrays, strings, numbers)
	// one record may hold: it bounds the memory a small record can cost.
	Values int
	// Files is the most files read from a directory or listed in a zip.
	Files int
	// Ratio is the most a compressed member may expand (uncompressed
	// bytes per compressed byte).
	Ratio int64
}

// DefaultLimits are the limits readers use when none are given: room for
// a vault's worth of entries (vault.MaxEntries) in a file of up to 1 GiB.
var DefaultLimits = Limits{
	Input:   1 << 30,
	Entries: vault.MaxEntries,
	Record:  16 << 20,
	Values:  100_000,
	Files:   vault.MaxEntries,
	Ratio:   200,
}

// Or returns l, or DefaultLimits when l is the zero value.
func (l Limits) Or() Limits {
	if l == (Limits{}) {
		return DefaultLimits
	}
	return l
}

// ReadAll reads r to its end, refusing more than limit bytes with a
// [*LimitError] about what.
func ReadAll(r io.Reader, limit int64, what string) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, &LimitError{What: "bytes of " + what, Limit: limit}
	}
	return b, nil
}

// Options adjust a reader.
type Options struct {
	// Limits bound the input; the zero value means [DefaultLimits].
	Limits Limits
	// Progress, if set, is told how far reading has come.
	Progress Progress
}
