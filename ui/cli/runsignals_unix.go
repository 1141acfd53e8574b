//go:build unix

package cli

import (
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/sys/unix"
)

// forwardSignals passes the signals passtea gets on to p until stop is
// called. ctrl+c and ctrl+\ on a terminal reach every process of the
// foreground group, p included: when passtea is in that group, SIGINT and
// SIGQUIT are not passed on again (a program that handles ctrl+c, such as
// a shell or a REPL, would see it twice), only kept from ending passtea
// before p.
func forwardSignals(p *os.Process) (stop func()) {
	sigs := make(chan os.Signal, 8)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGTERM, syscall.SIGHUP,
		syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGWINCH)
	fromTerminal := inForeground()
	done := make(chan struct{})
	go func() {
		for {
			select {
			case s := <-sigs:
				if fromTerminal && (s == syscall.SIGINT || s == syscall.SIGQUIT || s == syscall.SIGWINCH) {
					continue
				}
				p.Signal(s)
			case <-done:
				return
			}
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(done)
	}
}

// inForeground reports whether passtea's process group is the foreground
// group of its controlling terminal.
func inForeground() bool {
	tty, err := os.Open("/dev/tty")
	if err != nil {
		return false
	}
	defer tty.Close()
	pgrp, err := unix.IoctlGetInt(int(tty.Fd()), unix.TIOCGPGRP)
	return err == nil && pgrp == unix.Getpgrp()
}
