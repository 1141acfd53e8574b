// This file holds the binary tables that carry entries and names: lists
// of thousands of entries decode several times faster from them than from
// JSON (see the package doc, "Tables").

package agent

import (
	"encoding/binary"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/passtea/passtea/vault"
)

// Flags of an entry record.
const (
	flagOTP = 1 << iota
	flagConflict
	flagDeleted
	knownFlags = flagOTP | flagConflict | flagDeleted
)

// countRoom is the room kept before a table's records for its count.
const countRoom = binary.MaxVarintLen64

// tableWriter cuts a list into table frames of about tableChunk bytes.
type tableWriter struct {
	frames [][]byte
	cur    []byte
	n      int // records in cur
	total  int
	// hint is the expected size of the list, so that a frame is made
	// once at about its size rather than grown.
	hint int
}

// entry appends an entry record.
func (w *tableWriter) entry(e vault.Entry) {
	w.start()
	w.cur = appendEntry(w.cur, e)
	w.added()
}

// name appends a name record.
func (w *tableWriter) name(s string) {
	w.start()
	w.cur = appendString(w.cur, s)
	w.added()
}

func (w *tableWriter) start() {
	if w.cur == nil {
		w.cur = make([]byte, countRoom, countRoom+min(max(w.hint, 256), tableChunk+tableChunk/8))
		w.hint -= tableChunk
	}
}

func (w *tableWriter) added() {
	w.n++
	w.total++
	if len(w.cur) >= tableChunk {
		w.flush()
	}
}

// flush ends the current frame: its count goes in the room before it.
func (w *tableWriter) flush() {
	if w.cur == nil {
		return
	}
	var c [countRoom]byte
	k := binary.PutUvarint(c[:], uint64(w.n))
	copy(w.cur[countRoom-k:], c[:k])
	w.frames = append(w.frames, w.cur[countRoom-k:])
	w.cur, w.n = nil, 0
}

// finish returns the frames; a list of nothing is no frame.
func (w *tableWriter) finish() [][]byte {
	w.flush()
	return w.frames
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendList(b []byte, items []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(items)))
	for _, s := range items {
		b = appendString(b, s)
	}
	return b
}

// appendTime appends t as Unix nanoseconds; the zero time is 0.
func appendTime(b []byte, t time.Time) []byte {
	return binary.AppendVarint(b, unixNanos(t))
}

func appendEntry(b []byte, e vault.Entry) []byte {
	b = append(b, e.ID[:]...)
	b = binary.AppendUvarint(b, e.Revision)
	b = appendString(b, e.Name)
	b = appendString(b, e.Username)
	b = appendList(b, e.URLs)
	b = appendList(b, e.Tags)
	b = appendTime(b, e.Created)
	b = appendTime(b, e.Modified)
	var f byte
	if e.HasOTP {
		f |= flagOTP
	}
	if e.Conflict {
		f |= flagConflict
	}
	if e.Deleted {
		f |= flagDeleted
	}
	b = append(b, f)
	return appendList(b, e.Accepted)
}

// tableReader reads one table frame. Strings are cut from the frame
// itself, and lists from one slab, so that a table of 10,000 entries costs
// a handful of allocations.
type tableReader struct {
	b    []byte
	s    string // the same bytes as b
	i    int
	slab []string
	err  error
}

// newTableReader reads frame, which must not change afterwards: the
// strings it returns share its memory.
func newTableReader(frame []byte) *tableReader {
	return &tableReader{b: frame, s: unsafe.String(unsafe.SliceData(frame), len(frame))}
}

func (r *tableReader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: table: %s", ErrProtocol, fmt.Sprintf(format, args...))
	}
}

func (r *tableReader) left() int { return len(r.b) - r.i }

func (r *tableReader) uvarint() uint64 {
	if r.err == nil && r.i < len(r.b) && r.b[r.i] < 0x80 {
		r.i++ // the common case: one byte
		return uint64(r.b[r.i-1])
	}
	return r.uvarintSlow()
}

func (r *tableReader) uvarintSlow() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b[r.i:])
	if n <= 0 {
		r.fail("a malformed number")
		return 0
	}
	r.i += n
	return v
}

func (r *tableReader) varint() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b[r.i:])
	if n <= 0 {
		r.fail("a malformed number")
		return 0
	}
	r.i += n
	return v
}

// count reads a count of items of at least min bytes each.
func (r *tableReader) count(min int) int {
	n := r.uvarint()
	if r.err == nil && n > uint64(r.left()/min) {
		r.fail("a count of %d is beyond the bytes left", n)
		return 0
	}
	return int(n)
}

func (r *tableReader) str() string {
	n := r.count(1)
	if r.err != nil {
		return ""
	}
	s := r.s[r.i : r.i+n]
	r.i += n
	if !utf8.ValidString(s) {
		r.fail("a string is not valid UTF-8")
		return ""
	}
	return s
}

func (r *tableReader) list() []string {
	n := r.count(1)
	if r.err != nil || n == 0 {
		return nil
	}
	if cap(r.slab)-len(r.slab) < n {
		r.slab = make([]string, 0, max(1024, n))
	}
	start := len(r.slab)
	for range n {
		r.slab = append(r.slab, r.str())
	}
	return r.slab[start:len(r.slab):len(r.slab)]
}

func (r *tableReader) time() time.Time { return nanosTime(r.varint()) }

func (r *tableReader) byte() byte {
	if r.err == nil && r.left() < 1 {
		r.fail("a record is cut short")
	}
	if r.err != nil {
		return 0
	}
	r.i++
	return r.b[r.i-1]
}

func (r *tableReader) done() error {
	if r.err == nil && r.left() != 0 {
		r.fail("%d bytes after the last record", r.left())
	}
	return r.err
}

// minEntry is the smallest entry record: an id, a revision, two empty
// strings, two empty lists, two times, flags and an empty list.
const minEntry = len(vault.ID{}) + 9

// readEntries appends the entries of a table frame to out.
func readEntries(frame []byte, out []vault.Entry) ([]vault.Entry, error) {
	r := newTableReader(frame)
	n := r.count(minEntry)
	out = slices.Grow(out, n)
	for range n {
		if r.left() < len(vault.ID{}) {
			r.fail("a record is cut short")
			break
		}
		// Decoded in place: an Entry is some 200 bytes to copy.
		out = out[:len(out)+1]
		e := &out[len(out)-1]
		*e = vault.Entry{}
		r.i += copy(e.ID[:], r.b[r.i:])
		e.Revision = r.uvarint()
		e.Name = r.str()
		e.Username = r.str()
		e.URLs = r.list()
		e.Tags = r.list()
		e.Created = r.time()
		e.Modified = r.time()
		f := r.byte()
		if f&^knownFlags != 0 {
			r.fail("unknown entry flags %#x", f)
		}
		e.HasOTP, e.Conflict, e.Deleted = f&flagOTP != 0, f&flagConflict != 0, f&flagDeleted != 0
		e.Accepted = r.list()
		if r.err != nil {
			out = out[:len(out)-1]
			break
		}
	}
	return out, r.done()
}

// readNames appends the names of a table frame to out.
func readNames(frame []byte, out []string) ([]string, error) {
	r := newTableReader(frame)
	n := r.count(1)
	for range n {
		s := r.str()
		if r.err != nil {
			break
		}
		out = append(out, s)
	}
	return out, r.done()
}

// unixNanos is t in Unix nanoseconds; the zero time is 0.
func unixNanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// nanosTime undoes unixNanos, in UTC as the vault gives times.
func nanosTime(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}
