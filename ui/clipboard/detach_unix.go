//go:build unix

package clipboard

import "syscall"

// detachAttr puts the clearer in a session of its own: no controlling
// terminal, so neither the terminal closing (SIGHUP) nor ^C reaches it.
func detachAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setsid: true} }

const (
	detachDir    = "/"
	canPassFiles = true
)
