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
	// belong to the user, with no access for anyone else.
	Path string
}

// DefaultLastCopyPath returns where the record of the last copy lives:
// $XDG_RUNTIME_DIR/passtea/last-copy when that runtime directory is the
// user's own and private (as the XDG specification requires of it), else
// passtea/last-copy under $XDG_STATE_HOME, or under ~/.local/state. Never
// in a directory others can write to: another user who creates
// /tmp/passtea first could make every record fail, or plant one. It
// returns an error when there is no such place; copies then go unrecorded
// and clears go by the fingerprint alone.
func DefaultLastCopyPath(getenv func(string) string) (string, error) {
	if d := getenv("XDG_RUNTIME_DIR"); d != "" && filepath.IsAbs(d) {
		if err := checkOwnDir(d); err == nil {
			return filepath.Join(d, "passtea", "last-copy"), nil
		}
	}
	state := getenv("XDG_STATE_HOME")
	if state == "" || !filepath.IsAbs(state) {
		home := getenv("HOME")
		if home == "" || !filepath.IsAbs(home) {
			return "", errors.New("no private directory for the record of the last copy: neither XDG_RUNTIME_DIR nor HOME is usable")
		}
		state = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(state, "passtea", "last-copy"), nil
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
