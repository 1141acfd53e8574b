// This file holds the check that the vault's directory is private: in a
// directory others can write to, they could plant a VAULT.lock that hangs
// every save, a VAULT.bak, or swap the vault for another.

package vault

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// ErrSharedDir is matched by a [*SharedDirError].
var ErrSharedDir = errors.New("the vault's directory is not private")

// SharedDirError says why the directory of a vault is not private.
type SharedDirError struct {
	Dir  string
	Mode fs.FileMode
}

func (e *SharedDirError) Error() string {
	return fmt.Sprintf("%s (mode %v) can be written by other users, who could replace or lock the vault: run `chmod go-w %s`, or use --insecure-dir to go on", e.Dir, e.Mode.Perm(), e.Dir)
}

// Unwrap makes errors.Is(err, ErrSharedDir) true.
func (e *SharedDirError) Unwrap() error { return ErrSharedDir }

// CheckDir reports a [*SharedDirError] when the directory that holds the
// vault at path can be written by group or others. A missing directory is
// fine (Create makes it with mode 0700). Front ends refuse to go on unless
// the user insists.
func CheckDir(path string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	if err != nil {
		return nil
	}
	if fi.Mode().Perm()&0o022 != 0 {
		return &SharedDirError{Dir: dir, Mode: fi.Mode()}
	}
	return nil
}
