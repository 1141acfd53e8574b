//go:build unix

package gitsync

import "syscall"

// detachAttr puts the background sync in a session of its own: no
// controlling terminal, so neither the terminal closing nor ^C stops it,
// and git and ssh cannot stop to ask for anything.
func detachAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setsid: true} }
