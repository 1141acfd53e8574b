//go:build unix

package gitsync

import (
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// lockSync takes an exclusive lock on the file at path (created if
// missing), so that two syncs of one repository take turns, waiting at
// most wait, and returns its release.
func lockSync(path string, wait time.Duration) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock the sync: %w", err)
	}
	deadline := time.Now().Add(wait)
	for {
		err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if err == nil {
			return func() { f.Close() }, nil
		}
		if err != unix.EWOULDBLOCK && err != unix.EINTR {
			f.Close()
			return nil, fmt.Errorf("lock the sync: %w", err)
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("another passtea sync of this repository has been running for %s: try again when it is done", wait)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
