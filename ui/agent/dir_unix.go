//go:build unix

package agent

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// prepareDir makes the socket directory if it is missing (mode 0700; its
// parent must exist) and checks it.
func prepareDir(dir string) error {
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("make the agent's socket directory: %w", err)
	}
	return checkDir(dir)
}

// checkDir refuses a socket directory that someone else could have
// placed or could enter: it must be a real directory (not a symbolic
// link), owned by this process's effective user, with mode exactly 0700.
// A missing directory is fs.ErrNotExist.
func checkDir(dir string) error {
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		return &DirError{Dir: dir, Reason: "is a symbolic link"}
	case !fi.IsDir():
		return &DirError{Dir: dir, Reason: "is not a directory"}
	case !ok || int(st.Uid) != os.Geteuid():
		return &DirError{Dir: dir, Reason: "belongs to another user"}
	case fi.Mode().Perm() != 0o700 || fi.Mode()&(fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky) != 0:
		return &DirError{Dir: dir, Reason: fmt.Sprintf("has mode %04o", fi.Mode().Perm())}
	}
	return nil
}
