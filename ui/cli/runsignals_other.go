//go:build !unix

package cli

import (
	"os"
	"os/signal"
)

// forwarder keeps ctrl+c from ending passtea before the command it runs
// (which gets it from the console itself).
type forwarder struct{ sigs chan os.Signal }

func catchSignals() *forwarder {
	f := &forwarder{sigs: make(chan os.Signal, 1)}
	signal.Notify(f.sigs, os.Interrupt)
	return f
}

func (f *forwarder) forward(*os.Process) {}

func (f *forwarder) stop() { signal.Stop(f.sigs) }
