//go:build windows

package vault

import "os"

// syncDir is a no-op on Windows, where directories cannot be synced and
// renames are made durable by the file system's journal.
func syncDir(d *os.File) error { return nil }

// openNoFollow opens name for reading (Windows resolves links itself).
func openNoFollow(name string) (*os.File, error) { return os.Open(name) }
