//go:build unix

package cli

import (
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/sys/unix"
)

// forwarder passes the signals passtea gets on to the command it runs.
type forwarder struct {
	sigs chan os.Signal
	done chan struct{}
	// fromTerminal: passtea is in the terminal's foreground group, so
	// ctrl+c and ctrl+\ (SIGINT, SIGQUIT) and window changes reach the
	// command directly; passing them on again would make a program that
	// handles ctrl+c (a shell, a REPL) see it twice.
	fromTerminal bool
}

// catchSignals starts catching signals, before the command starts, so
// that none sent meanwhile ends passtea with the command left running.
func catchSignals() *forwarder {
	f := &forwarder{sigs: make(chan os.Signal, 8), done: make(chan struct{}), fromTerminal: inForeground()}
	signal.Notify(f.sigs, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGTERM, syscall.SIGHUP,
		syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGWINCH)
	return f
}

// forward passes the signals caught on to p until stop.
func (f *forwarder) forward(p *os.Process) {
	go func() {
		for {
			select {
			case s := <-f.sigs:
				if f.fromTerminal && (s == syscall.SIGINT || s == syscall.SIGQUIT || s == syscall.SIGWINCH) {
					continue
				}
				p.Signal(s)
			case <-f.done:
				return
			}
		}
	}()
}

// stop stops catching signals.
func (f *forwarder) stop() {
	signal.Stop(f.sigs)
	close(f.done)
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
