//go:build !windows

package vault

import "os"

func syncDir(d *os.File) error { return d.Sync() }
