//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package cli

import (
	"fmt"
	"io"
	"os"
	"os/signal"

	"golang.org/x/sys/unix"
)

// readSecretLine reads a line from the terminal f without echo.
func readSecretLine(f *os.File, out io.Writer) ([]byte, error) {
	restore, err := noEcho(f, out)
	if err != nil {
		return nil, err
	}
	defer restore()
	return readTTYLine(f)
}

// noEcho turns the terminal's echo off, keeping canonical mode (the
// terminal edits the line; ctrl+d ends it) and signals, and returns how to
// turn it back on. ctrl+c (SIGINT) while echo is off puts it back on before
// the process ends, so that the shell is not left without echo.
func noEcho(f *os.File, out io.Writer) (func(), error) {
	fd := int(f.Fd())
	old, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return nil, fmt.Errorf("read the terminal's settings: %w", err)
	}
	st := *old
	st.Lflag &^= unix.ECHO
	st.Lflag |= unix.ICANON | unix.ISIG
	st.Iflag |= unix.ICRNL
	if err := unix.IoctlSetTermios(fd, ioctlSetTermios, &st); err != nil {
		return nil, fmt.Errorf("turn the terminal's echo off: %w", err)
	}
	sig := make(chan os.Signal, 1)
	done := make(chan struct{})
	signal.Notify(sig, os.Interrupt)
	go func() {
		select {
		case <-sig:
			unix.IoctlSetTermios(fd, ioctlSetTermios, old)
			fmt.Fprintln(out)
			os.Exit(130)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(sig)
		close(done)
		unix.IoctlSetTermios(fd, ioctlSetTermios, old)
	}, nil
}
