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
	return t.ClearPatiently(cb, tty)
}
