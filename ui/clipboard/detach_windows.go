//go:build windows

package clipboard

import "syscall"

// detachedProcess is DETACHED_PROCESS: no console.
const detachedProcess = 0x00000008

// detachAttr starts the clearer without a console, in a process group of
// its own, so that closing the console window does not end it.
func detachAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{CreationFlags: syscall.CREATE_NEW_PROCESS_GROUP | detachedProcess, HideWindow: true}
}

const (
	detachDir    = ""
	canPassFiles = false
)
