//go:build unix

package clipboard

import (
	"fmt"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// checkPrivateDir makes sure dir is a real directory of the user's that
// nobody else can read or write, so that nobody else can plant a last copy
// or make recording fail. A directory of the user's with looser permissions
// is tightened.
func checkPrivateDir(dir string) error {
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if err := ownDir(dir, fi); err != nil {
		return err
	}
	if fi.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return err
		}
	}
	return nil
}

// checkOwnDir reports whether dir is a directory of the user's that no one
// else can write to, without changing it (XDG_RUNTIME_DIR).
func checkOwnDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if err := ownDir(dir, fi); err != nil {
		return err
	}
	if fi.Mode().Perm()&0o022 != 0 {
		return fmt.Errorf("%s can be written by others", dir)
	}
	return nil
}

func ownDir(dir string, fi os.FileInfo) error {
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Getuid() {
		return fmt.Errorf("%s belongs to another user", dir)
	}
	return nil
}

// dupFile returns a new descriptor for f, which the caller may close.
func dupFile(f *os.File) (*os.File, error) {
	fd, err := unix.Dup(int(f.Fd()))
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), f.Name()), nil
}
