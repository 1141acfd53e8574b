package hibp

// This file finds a hash in a sorted list of lines by binary search over
// byte offsets, reading a few lines per step.

import (
	"bytes"
	"errors"
	"io"
)

// maxLine is the longest line a list may hold, line break included: 40 hex
// digits, a colon, a count and CRLF take at most 62 bytes.
const maxLine = 128

// sortedLines is a list of "KEY:COUNT" lines, KEY keyLen hex digits,
// sorted by KEY, readable at any offset.
type sortedLines struct {
	r      io.ReaderAt
	size   int64
	keyLen int
	path   string
}

func (s *sortedLines) formatError(off int64, reason string) error {
	return &FormatError{Path: s.path, Offset: off, Reason: reason}
}

// readAt reads up to len(buf) bytes at off, fewer only at the end.
func (s *sortedLines) readAt(buf []byte, off int64) ([]byte, error) {
	n, err := s.r.ReadAt(buf[:min(int64(len(buf)), s.size-off)], off)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return buf[:n], nil
}

// lineAt reads the line starting at off; next is where the following line
// starts.
func (s *sortedLines) lineAt(buf []byte, off int64) (line []byte, next int64, err error) {
	b, err := s.readAt(buf[:maxLine], off)
	if err != nil {
		return nil, 0, err
	}
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i], off + int64(i) + 1, nil
	}
	if off+int64(len(b)) < s.size {
		return nil, 0, s.formatError(off, "line longer than 128 bytes")
	}
	return b, s.size, nil
}

// parse splits a line into its key, upper-cased into key, and its count.
func (s *sortedLines) parse(line []byte, off int64, key []byte) (int64, error) {
	line = bytes.TrimSuffix(line, []byte{'\r'})
	if len(line) < s.keyLen+2 || line[s.keyLen] != ':' {
		return 0, s.formatError(off, "line is not HASH:COUNT")
	}
	for i, c := range line[:s.keyLen] {
		switch {
		case '0' <= c && c <= '9', 'A' <= c && c <= 'F':
		case 'a' <= c && c <= 'f':
			c -= 'a' - 'A'
		default:
			return 0, s.formatError(off, "hash is not hex")
		}
		key[i] = c
	}
	digits := line[s.keyLen+1:]
	if len(digits) > 18 {
		return 0, s.formatError(off, "count too large")
	}
	var n int64
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, s.formatError(off, "count is not a number")
		}
		n = n*10 + int64(c-'0')
	}
	return n, nil
}

// count returns the count of the line whose key is want (keyLen upper-case
// hex digits), 0 when there is none.
func (s *sortedLines) count(want []byte) (int64, error) {
	var buf [5*maxLine + maxLine]byte
	var key [40]byte
	// Lines starting before lo have keys below want; the line starting at
	// hi, if any, and all after it have keys at or above want. Each step
	// reads once: the end of the line around mid, and the next line.
	lo, hi := int64(0), s.size
	for hi-lo > 4*maxLine {
		mid := lo + (hi-lo)/2
		b, err := s.readAt(buf[:2*maxLine], mid-1)
		if err != nil {
			return 0, err
		}
		i := bytes.IndexByte(b, '\n')
		if i < 0 || i >= maxLine {
			return 0, s.formatError(mid-1, "line longer than 128 bytes")
		}
		start := mid + int64(i)
		line := b[i+1:]
		j := bytes.IndexByte(line, '\n')
		if j < 0 {
			if line, _, err = s.lineAt(buf[:], start); err != nil {
				return 0, err
			}
			j = len(line)
		}
		n, err := s.parse(line[:j], start, key[:s.keyLen])
		if err != nil {
			return 0, err
		}
		switch c := bytes.Compare(key[:s.keyLen], want); {
		case c == 0:
			return n, nil
		case c < 0:
			lo = start + int64(j) + 1
		default:
			hi = start
		}
	}
	// Scan the lines starting in [lo, hi], read at once.
	b, err := s.readAt(buf[:], lo)
	if err != nil {
		return 0, err
	}
	for off := lo; off <= hi && off < s.size; {
		rest := b[off-lo:]
		i := bytes.IndexByte(rest, '\n')
		line, next := rest, s.size
		switch {
		case i >= 0:
			line, next = rest[:i], off+int64(i)+1
		case lo+int64(len(b)) < s.size:
			return 0, s.formatError(off, "line longer than 128 bytes")
		}
		if len(bytes.TrimSpace(line)) == 0 && next == s.size {
			break // a blank last line
		}
		n, err := s.parse(line, off, key[:s.keyLen])
		if err != nil {
			return 0, err
		}
		switch c := bytes.Compare(key[:s.keyLen], want); {
		case c == 0:
			return n, nil
		case c > 0:
			return 0, nil
		}
		off = next
	}
	return 0, nil
}
