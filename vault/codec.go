package vault

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf8"
	"unsafe"
)

// errShort and friends are wrapped into ErrDamaged by the parser.
var (
	errShort      = errors.New("unexpected end of data")
	errTrailing   = errors.New("trailing bytes")
	errTooLarge   = errors.New("length out of range")
	errUTF8       = errors.New("text is not valid UTF-8")
	errNonMinimal = errors.New("a number is not in its shortest encoding")
	errOverflow   = errors.New("a number is larger than 64 bits")
)

// maxVarint is the longest encoding of a 64-bit uvarint.
const maxVarint = binary.MaxVarintLen64

// encoder appends the vault's binary encoding to a buffer.
type encoder struct{ b []byte }

func (e *encoder) u8(v uint8)       { e.b = append(e.b, v) }
func (e *encoder) u16(v uint16)     { e.b = binary.BigEndian.AppendUint16(e.b, v) }
func (e *encoder) u32(v uint32)     { e.b = binary.BigEndian.AppendUint32(e.b, v) }
func (e *encoder) uvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) varint(v int64)   { e.b = binary.AppendVarint(e.b, v) }
func (e *encoder) raw(p []byte)     { e.b = append(e.b, p...) }
func (e *encoder) str(s string) {
	e.uvarint(uint64(len(s)))
	e.b = append(e.b, s...)
}

// decoder reads the vault's binary encoding strictly: every read is bounds
// checked, varints must be minimal, and the first error sticks.
type decoder struct {
	b   []byte
	err error
	// s, when set, holds the same bytes as the data being decoded, from
	// offset base: text then returns substrings of s instead of copying.
	s    string
	base int
}

// newStringDecoder decodes b, returning text as substrings of b itself,
// without copying: the caller gives up b, which must never change again.
// For the index, whose strings are most of its size, this saves a copy of
// the whole plaintext at every unlock.
func newStringDecoder(b []byte) decoder {
	if len(b) == 0 {
		return decoder{b: b}
	}
	return decoder{b: b, s: unsafe.String(&b[0], len(b))}
}

func (d *decoder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
	d.b = nil
}

// failf fails with a message of its own.
func (d *decoder) failf(format string, args ...any) {
	d.fail(fmt.Errorf(format, args...))
}

func (d *decoder) take(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n < 0 || n > len(d.b) {
		d.fail(errShort)
		return nil
	}
	p := d.b[:n:n]
	d.b = d.b[n:]
	d.base += n
	return p
}

func (d *decoder) u8() uint8 {
	p := d.take(1)
	if p == nil {
		return 0
	}
	return p[0]
}

func (d *decoder) u16() uint16 {
	p := d.take(2)
	if p == nil {
		return 0
	}
	return binary.BigEndian.Uint16(p)
}

func (d *decoder) u32() uint32 {
	p := d.take(4)
	if p == nil {
		return 0
	}
	return binary.BigEndian.Uint32(p)
}

func (d *decoder) u64() uint64 {
	p := d.take(8)
	if p == nil {
		return 0
	}
	return binary.BigEndian.Uint64(p)
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	switch {
	case n == 0:
		d.fail(errShort)
		return 0
	case n < 0:
		d.fail(errOverflow)
		return 0
	case n > 1 && d.b[n-1] == 0:
		d.fail(errNonMinimal)
		return 0
	}
	d.b = d.b[n:]
	d.base += n
	return v
}

// varint reads a zig-zag varint, with uvarint's strictness.
func (d *decoder) varint() int64 {
	u := d.uvarint()
	return int64(u>>1) ^ -int64(u&1)
}

// count reads a uvarint count of items that each take at least minSize
// bytes, refusing counts the remaining data cannot hold.
func (d *decoder) count(minSize int) int {
	n := d.uvarint()
	if d.err == nil && n > uint64(len(d.b)/max(minSize, 1)) {
		d.failf("a count of %d items cannot fit in the %d bytes left", n, len(d.b))
		return 0
	}
	return int(n)
}

// bytes reads a length-prefixed byte string of at most limit bytes.
func (d *decoder) bytes(limit int) []byte {
	n := d.uvarint()
	if d.err == nil && n > uint64(limit) {
		d.failf("a length of %d bytes is above its limit of %d", n, limit)
		return nil
	}
	if d.err == nil && n > uint64(len(d.b)) {
		d.failf("a length of %d bytes is beyond the %d bytes left", n, len(d.b))
		return nil
	}
	return d.take(int(n))
}

// text reads a length-prefixed UTF-8 string of at most limit bytes.
func (d *decoder) text(limit int) string {
	s := d.str(limit)
	if d.err == nil && !utf8.ValidString(s) {
		d.fail(errUTF8)
		return ""
	}
	return s
}

// str reads a length-prefixed string of at most limit bytes that need not
// be text (an encoded list).
func (d *decoder) str(limit int) string {
	p := d.bytes(limit)
	if d.err != nil {
		return ""
	}
	if d.s != "" {
		return d.s[d.base-len(p) : d.base]
	}
	return string(p)
}

// done reports the sticky error, or errTrailing if bytes remain.
func (d *decoder) done() error {
	if d.err != nil {
		return d.err
	}
	if len(d.b) != 0 {
		return errTrailing
	}
	return nil
}
