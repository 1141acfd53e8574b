//go:build !windows

package vault

import (
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// lockFile takes an exclusive advisory lock on path (created if missing)
// and returns the function that releases it. The lock file is opened
// without following a symbolic link and must belong to the user (a lock
// planted by another user in a shared directory could hang every save).
// It waits for other holders at most timeout, and gives up at once when
// stop is set (before or while it waits).
func lockFile(path string, timeout time.Duration, stop *stopFlag) (func(), error) {
	if stop.stopped.Load() {
		return nil, ErrInterrupted
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock vault: %w", unwrapPath(err))
	}
	var st unix.Stat_t
	if err := unix.Fstat(int(f.Fd()), &st); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock vault: %w", err)
	}
	if int(st.Uid) != os.Geteuid() || st.Mode&unix.S_IFMT != unix.S_IFREG {
		f.Close()
		return nil, fmt.Errorf("lock vault: %s belongs to another user or is not a regular file: remove it if no passtea is running", path)
	}
	deadline := time.Now().Add(timeout)
	wait := 5 * time.Millisecond
	for {
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if err == nil {
			break
		}
		if err != unix.EWOULDBLOCK && err != unix.EINTR {
			f.Close()
			return nil, fmt.Errorf("lock vault: %w", err)
		}
		if stop.stopped.Load() {
			f.Close()
			return nil, ErrInterrupted
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("%w (waited %s for %s): try again when it is done, or stop the passtea process that holds it", ErrLockTimeout, timeout, path)
		}
		time.Sleep(wait)
		wait = min(wait*2, 100*time.Millisecond)
	}
	return func() {
		unix.Flock(int(f.Fd()), unix.LOCK_UN)
		f.Close()
	}, nil
}
