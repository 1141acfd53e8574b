//go:build !unix

package tui

import "os"

// endSignals end the app with the clipboard cleared.
var endSignals = []os.Signal{os.Interrupt}
