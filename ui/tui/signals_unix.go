//go:build unix

package tui

import (
	"os"
	"syscall"
)

// endSignals end the app with the clipboard cleared: the terminal closing
// (SIGHUP, which Bubble Tea does not catch), SIGTERM and SIGQUIT (which
// would dump goroutines and exit).
var endSignals = []os.Signal{syscall.SIGHUP, syscall.SIGTERM, syscall.SIGQUIT}
