//go:build !unix

package gitsync

import "syscall"

// detachAttr leaves the background sync as the system starts it.
func detachAttr() *syscall.SysProcAttr { return nil }
