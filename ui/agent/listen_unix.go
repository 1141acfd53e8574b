//go:build unix

package agent

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"

	"golang.org/x/sys/unix"
)

// listen prepares the socket directory, takes the agent lock in it (so
// that no second agent serves it), replaces a socket left by an agent that
// died, and listens. release stops listening (removing the socket) and
// drops the lock.
func listen(dir string) (ln *net.UnixListener, release func(), err error) {
	if err := prepareDir(dir); err != nil {
		return nil, nil, err
	}
	lock, err := os.OpenFile(lockPath(dir), os.O_RDWR|os.O_CREATE|unix.O_NOFOLLOW, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("agent lock: %w", err)
	}
	if err := unix.Flock(int(lock.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		lock.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, nil, fmt.Errorf("%w (socket %s)", ErrRunning, SocketPath(dir))
		}
		return nil, nil, fmt.Errorf("agent lock: %w", err)
	}
	path := SocketPath(dir)
	if fi, err := os.Lstat(path); err == nil {
		if fi.Mode().Type() != fs.ModeSocket {
			lock.Close()
			return nil, nil, fmt.Errorf("%s exists and is not a socket: remove it", path)
		}
		// The agent that made it is gone: we hold its lock.
		if err := os.Remove(path); err != nil {
			lock.Close()
			return nil, nil, fmt.Errorf("remove the stale agent socket: %w", err)
		}
	}
	ln, err = net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		lock.Close()
		return nil, nil, fmt.Errorf("agent socket: %w", err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		lock.Close()
		return nil, nil, fmt.Errorf("agent socket: %w", err)
	}
	return ln, func() { ln.Close(); lock.Close() }, nil
}
