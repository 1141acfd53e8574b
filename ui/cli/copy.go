// Copying to the clipboard for `gen --copy` and `get --copy`: the copy
// itself, and handing the clear to a detached passtea (clipclear.go).

package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/pflag"

	"github.com/passtea/passtea/ui/clipboard"
)

// defaultClearAfter is how long a copied secret stays on the clipboard.
const defaultClearAfter = 20 * time.Second

// addClearAfterFlag adds --clear-after to a command that copies.
func addClearAfterFlag(fs *pflag.FlagSet, d *time.Duration) {
	fs.DurationVar(d, "clear-after", defaultClearAfter, "clear the clipboard after `DURATION` if it still holds the copy (0 = never)")
}

// copyToClipboard copies value to the clipboard, arranges for it to be
// cleared after clearAfter (0 = never) without blocking, and returns a line
// for the user that names how it was copied. It never prints value.
func copyToClipboard(e *env, value []byte, clearAfter time.Duration) (string, error) {
	c := newCopier(e)
	msg, proc, err := c.copy(string(value), clearAfter)
	if proc != nil {
		proc.Release()
	}
	return msg, err
}

// copier holds what a copy touches, so that tests can replace each part.
type copier struct {
	detect clipboard.Env
	system clipboard.Clipboard
	// terminal returns the terminal for OSC 52 and how to let go of it,
	// or an error if there is none.
	terminal       func() (*os.File, func(), error)
	detectTerminal func() clipboard.Terminal
	last           clipboard.LastCopy
	// startClearer starts the process that clears after the copy.
	startClearer func(clipboard.Ticket, *os.File) (*os.Process, error)
	now          func() time.Time
}

func newCopier(e *env) *copier {
	d := clipboard.OSEnv()
	d.Getenv = e.getenv
	return &copier{
		detect:         d,
		system:         clipboard.System(),
		terminal:       func() (*os.File, func(), error) { return openTerminal(e) },
		detectTerminal: func() clipboard.Terminal { return clipboard.DetectTerminal(e.getenv) },
		last:           clipboard.LastCopy{Path: clipboard.DefaultLastCopyPath(e.getenv)},
		startClearer:   startClipClear,
		now:            time.Now,
	}
}

// copy does the work of copyToClipboard and returns the clearing process,
// if it started one.
func (c *copier) copy(value string, clearAfter time.Duration) (string, *os.Process, error) {
	if clearAfter < 0 {
		return "", nil, usagef("--clear-after must not be negative")
	}
	fp, err := clipboard.NewFingerprint(value)
	if err != nil {
		return "", nil, err
	}
	method, why := clipboard.Detect(c.detect)
	var sysErr error
	if method == clipboard.MethodSystem {
		if sysErr = c.system.Write(value); sysErr != nil {
			method = clipboard.MethodOSC52
		}
	}
	var tty *os.File
	var term clipboard.Terminal
	if method == clipboard.MethodOSC52 {
		var release func()
		tty, release, err = c.terminal()
		if err != nil {
			if sysErr != nil {
				return "", nil, fmt.Errorf("%w (%v)", clipboard.ErrUnavailable, sysErr)
			}
			return "", nil, fmt.Errorf("%w (%s)", clipboard.ErrUnavailable, why)
		}
		defer release()
		term = c.detectTerminal()
		if err := term.Problem(); err != nil {
			return "", nil, err
		}
		if _, err := io.WriteString(tty, term.SetSequence(value)); err != nil {
			return "", nil, fmt.Errorf("send to the terminal's clipboard: %w", err)
		}
	}

	// Only a copy that happened is recorded: recording a failed one would
	// call off the pending clear of the previous copy. Without the record,
	// clears go by the fingerprint alone.
	id, _ := c.last.Record()

	msg := method.Message()
	if clearAfter == 0 {
		return msg + "; it will not be cleared", nil, nil
	}
	t := clipboard.Ticket{
		Deadline:     c.now().Add(clearAfter),
		Method:       method,
		Fingerprint:  fp,
		CopyID:       id,
		LastCopyPath: c.last.Path,
		Terminal:     term,
	}
	proc, err := c.startClearer(t, tty)
	if err != nil {
		// Never leave a secret on the clipboard with no clear coming.
		t.Clear(c.system, tty)
		return "", nil, fmt.Errorf("copy withdrawn: cannot arrange the clear: %w", err)
	}
	return fmt.Sprintf("%s; clears in %s", msg, formatDelay(clearAfter)), proc, nil
}

// startClipClear re-executes passtea with its hidden clear command.
func startClipClear(t clipboard.Ticket, tty *os.File) (*os.Process, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find passtea's executable: %w", err)
	}
	return clipboard.StartClearer(exe, []string{clipClearCommand}, t, tty)
}

// openTerminal returns the terminal that OSC 52 goes to, /dev/tty, else
// stderr if it is a terminal, and how to let go of it.
func openTerminal(e *env) (*os.File, func(), error) {
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		if isTerminal(tty) {
			return tty, func() { tty.Close() }, nil
		}
		tty.Close()
	}
	if f, ok := e.stderr.(*os.File); ok && isTerminal(f) {
		return f, func() {}, nil
	}
	return nil, nil, errors.New("no terminal")
}

// formatDelay writes d for people: "20 s", "2 min", "1m30s".
func formatDelay(d time.Duration) string {
	switch {
	case d < time.Second:
		return d.String()
	case d%time.Second == 0 && d < time.Minute:
		return fmt.Sprintf("%d s", d/time.Second)
	case d%time.Minute == 0 && d < time.Hour:
		return fmt.Sprintf("%d min", d/time.Minute)
	}
	return d.Round(time.Second).String()
}
