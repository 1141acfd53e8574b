//go:build !windows

package vault

import (
	"os"

	"golang.org/x/sys/unix"
)

func syncDir(d *os.File) error { return d.Sync() }

// openNoFollow opens name for reading, refusing a symbolic link, and
// without blocking on a FIFO (the caller then refuses it as not regular).
func openNoFollow(name string) (*os.File, error) {
	return os.OpenFile(name, os.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
}
