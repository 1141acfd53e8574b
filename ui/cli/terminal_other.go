//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package cli

import (
	"io"
	"os"

	"golang.org/x/term"
)

// readSecretLine reads a line from the terminal f without echo, with
// golang.org/x/term where passtea does not set the terminal's modes itself.
func readSecretLine(f *os.File, _ io.Writer) ([]byte, error) {
	return term.ReadPassword(int(f.Fd()))
}
