package hibp

// This file opens an offline list, a single sorted file or a directory of
// range files, and looks hashes up in it.

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// List is an offline Pwned Passwords list. It is safe for concurrent use.
type List struct {
	path string
	// file is the single sorted file; nil for a directory of ranges.
	file *sortedLines
	f    *os.File
}

// Open opens the list at path: a sorted "HASH:COUNT" file, or a directory
// of range files. It checks the first line of the file (of 00000.txt for a
// directory) so that a wrong file is refused now, not at the first lookup.
func Open(path string) (*List, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("open breached-password list: %w", err)
	}
	l := &List{path: path}
	if st.IsDir() {
		if _, err := l.countInRange("00000", nil); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("open breached-password list: %s has no range file 00000.txt: not a directory of Pwned Passwords ranges", path)
			}
			return nil, fmt.Errorf("open breached-password list: %w", err)
		}
		return l, nil
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("open breached-password list: %s is not a regular file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open breached-password list: %w", err)
	}
	l.f = f
	l.file = &sortedLines{r: f, size: st.Size(), keyLen: 2 * len(Hash{}), path: path}
	if err := l.file.checkFirstLine(); err != nil {
		f.Close()
		return nil, fmt.Errorf("open breached-password list: %w", err)
	}
	return l, nil
}

// checkFirstLine parses the first line, if any.
func (s *sortedLines) checkFirstLine() error {
	if s.size == 0 {
		return nil
	}
	var buf [maxLine]byte
	var key [40]byte
	line, _, err := s.lineAt(buf[:], 0)
	if err != nil {
		return err
	}
	_, err = s.parse(line, 0, key[:s.keyLen])
	return err
}

// Close closes the list's file.
func (l *List) Close() error {
	if l.f == nil {
		return nil
	}
	return l.f.Close()
}

// Count reports how often password appears in breaches according to the
// list, 0 when it is not in the list.
func (l *List) Count(password string) (int64, error) {
	return l.CountHash(HashOf(password))
}

// CountHash is [List.Count] for a password's SHA-1.
func (l *List) CountHash(h Hash) (int64, error) {
	hexHash := []byte(h.String())
	if l.file != nil {
		return l.file.count(hexHash)
	}
	return l.countInRange(string(hexHash[:prefixLen]), hexHash[prefixLen:])
}

// countInRange looks suffix up in the range file of prefix; a nil suffix
// only checks the file's first line.
func (l *List) countInRange(prefix string, suffix []byte) (int64, error) {
	path := filepath.Join(l.path, prefix+".txt")
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && suffix != nil {
			return 0, &FormatError{Path: path, Offset: -1, Reason: "range file missing: the download is incomplete"}
		}
		return 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	if !st.Mode().IsRegular() {
		return 0, &FormatError{Path: path, Offset: -1, Reason: "not a regular file"}
	}
	s := &sortedLines{r: f, size: st.Size(), keyLen: 2*len(Hash{}) - prefixLen, path: path}
	if suffix == nil {
		return 0, s.checkFirstLine()
	}
	return s.count(suffix)
}
