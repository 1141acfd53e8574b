//go:build windows

package vault

import (
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/windows"
)

// lockFile takes an exclusive lock on path (created if missing) and returns
// the function that releases it. It waits for other holders at most
// timeout, and gives up at once when stop is set (before or while it waits).
func lockFile(path string, timeout time.Duration, stop *stopFlag) (func(), error) {
	if stop.stopped.Load() {
		return nil, ErrInterrupted
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock vault: %w", err)
	}
	h := windows.Handle(f.Fd())
	ol := new(windows.Overlapped)
	deadline := time.Now().Add(timeout)
	for {
		err = windows.LockFileEx(h, windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
		if err == nil {
			break
		}
		if stop.stopped.Load() {
			f.Close()
			return nil, ErrInterrupted
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("%w (waited %s for %s)", ErrLockTimeout, timeout, path)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return func() {
		windows.UnlockFileEx(h, 0, 1, 0, ol)
		f.Close()
	}, nil
}
