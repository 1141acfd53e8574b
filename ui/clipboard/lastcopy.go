// LastCopy: which copy passtea made last, shared by all its processes.

package clipboard

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// CopyID names one copy. The zero CopyID names none.
type CopyID [16]byte

// IsZero reports whether id is the zero CopyID.
func (id CopyID) IsZero() bool { return id == CopyID{} }

// LastCopy is the per-user file that holds the [CopyID] of the last copy
// passtea made, so that the clear of an earlier copy of the same value does
// not fire early. It holds a random id and nothing about the value.
type LastCopy struct {
	// Path is the file; its directory is created 0700 if missing and must
	// belong to the user.
	Path string
}

// DefaultLastCopyPath returns $XDG_RUNTIME_DIR/passtea/last-copy, or
// passtea-UID/last-copy in the temporary directory when XDG_RUNTIME_DIR is
// not set.
func DefaultLastCopyPath(getenv func(string) string) string {
	if d := getenv("XDG_RUNTIME_DIR"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "passtea", "last-copy")
	}
	name := "passtea"
	if uid := os.Getuid(); uid >= 0 {
		name = fmt.Sprintf("passtea-%d", uid)
	}
	return filepath.Join(os.TempDir(), name, "last-copy")
}

// Record makes a new CopyID and writes it as the last copy.
func (l LastCopy) Record() (CopyID, error) {
	var id CopyID
	if _, err := rand.Read(id[:]); err != nil {
		return CopyID{}, fmt.Errorf("record copy: %w", err)
	}
	dir := filepath.Dir(l.Path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return CopyID{}, fmt.Errorf("record copy: %w", err)
	}
	if err := checkPrivateDir(dir); err != nil {
		return CopyID{}, fmt.Errorf("record copy: %w", err)
	}
	f, err := os.CreateTemp(dir, ".last-copy-*")
	if err != nil {
		return CopyID{}, fmt.Errorf("record copy: %w", err)
	}
	_, werr := f.WriteString(hex.EncodeToString(id[:]) + "\n")
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(f.Name())
		return CopyID{}, fmt.Errorf("record copy: %w", err)
	}
	if err := os.Rename(f.Name(), l.Path); err != nil {
		os.Remove(f.Name())
		return CopyID{}, fmt.Errorf("record copy: %w", err)
	}
	return id, nil
}

// IsLast reports whether id is still the last copy recorded.
func (l LastCopy) IsLast(id CopyID) (bool, error) {
	if err := checkPrivateDir(filepath.Dir(l.Path)); err != nil {
		return false, fmt.Errorf("read last copy: %w", err)
	}
	f, err := os.Open(l.Path)
	if err != nil {
		return false, fmt.Errorf("read last copy: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 64))
	if err != nil {
		return false, fmt.Errorf("read last copy: %w", err)
	}
	var got CopyID
	if n, err := hex.Decode(got[:], trimNewline(b)); err != nil || n != len(got) {
		return false, fmt.Errorf("read last copy: malformed %s", l.Path)
	}
	return got == id, nil
}

func trimNewline(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		return b[:n-1]
	}
	return b
}
