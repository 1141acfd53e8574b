//go:build unix

package serve

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"syscall"
)

// listenUnix listens on a unix socket at path, in a directory that only
// this user can enter, so that the socket's own mode (0600, set right after
// it is made) is never the only protection. A stale socket left by a
// crashed server is replaced; a live one is not.
func listenUnix(path string) (net.Listener, error) {
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, configErr("--socket directory %s: %v", dir, errors.Unwrap(err))
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	switch {
	case !fi.IsDir():
		return nil, configErr("--socket directory %s is not a directory", dir)
	case ok && int(st.Uid) != os.Getuid():
		return nil, configErr("--socket directory %s belongs to another user: use one of yours with mode 0700, e.g. $XDG_RUNTIME_DIR", dir)
	case fi.Mode().Perm()&0o077 != 0:
		return nil, configErr("--socket directory %s is open to other users (mode %04o): use one with mode 0700, e.g. $XDG_RUNTIME_DIR", dir, fi.Mode().Perm())
	}
	if fi, err := os.Lstat(path); err == nil {
		if fi.Mode().Type() != fs.ModeSocket {
			return nil, configErr("--socket %s exists and is not a socket", path)
		}
		if c, err := net.Dial("unix", path); err == nil {
			c.Close()
			return nil, configErr("--socket %s: another server is listening there", path)
		}
		if err := os.Remove(path); err != nil {
			return nil, fmt.Errorf("remove stale socket: %w", err)
		}
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("make the socket private: %w", err)
	}
	return ln, nil
}
