//go:build !unix

package cli

import (
	"os"
	"os/signal"
)

// forwardSignals keeps ctrl+c from ending passtea before p (which gets it
// from the console itself) until stop is called.
func forwardSignals(*os.Process) (stop func()) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	return func() { signal.Stop(sigs) }
}
