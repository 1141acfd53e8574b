// The hidden command that clears the clipboard after a copy (gen --copy,
// get --copy and every copy of the app): started detached by the copy
// engine (ui/clipboard), it reads a clipboard.Ticket on stdin, waits,
// clears and exits.

package cli

import (
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/ui/clipboard"
)

// clipClearWatchdog bounds the clear itself: a clipboard tool that hangs
// (xclip waiting on an owner that never answers) must not keep the process
// around for ever.
const clipClearWatchdog = 30 * time.Second

func newClipClearCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:    clipboard.ClearerCommand,
		Short:  "Clear the clipboard after a copy (started by passtea itself)",
		Hidden: true,
		Args:   usageArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error {
			return runClipClear(e, clipboard.System(), func() io.Writer { return os.NewFile(3, "terminal") })
		},
	}
}

// runClipClear reads the ticket from stdin, waits for its deadline and
// clears cb, or for OSC 52 the terminal that terminal returns (file
// descriptor 3, handed over by the copying process).
func runClipClear(e *env, cb clipboard.Clipboard, terminal func() io.Writer) error {
	if e.stdinIsTerminal() {
		return usagef("%s is started by passtea itself after a copy", clipboard.ClearerCommand)
	}
	t, err := clipboard.ReadTicket(e.stdin)
	if err != nil {
		return err
	}
	t.Wait()
	watchdog := time.AfterFunc(clipClearWatchdog, func() { os.Exit(1) })
	defer watchdog.Stop()
	var tty io.Writer
	if t.Method == clipboard.MethodOSC52 {
		tty = terminal()
	}
	return clearRetrying(t, cb, tty, time.Sleep)
}

// clipClearRetry is how long the clearer keeps trying when the clipboard
// cannot be read: on a loaded machine the program that owns the clipboard
// (a clipboard manager, xclip serving it) may not answer the first read in
// time, and giving up would leave the password there. An empty X11
// clipboard also reads as an error; trying again costs this detached
// process nothing but a few seconds.
const clipClearRetry = 5 * time.Second

// clearRetrying clears as t says, trying again every quarter second for
// clipClearRetry while it fails.
func clearRetrying(t clipboard.Ticket, cb clipboard.Clipboard, tty io.Writer, sleep func(time.Duration)) error {
	const step = 250 * time.Millisecond
	var err error
	for waited := time.Duration(0); ; waited += step {
		if _, err = t.Clear(cb, tty); err == nil || waited >= clipClearRetry {
			return err
		}
		sleep(step)
	}
}
