// The copy engine: one copy and the arrangement of its clear, the same for
// every front end.

package clipboard

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"golang.org/x/term"
)

// DefaultClearAfter is how long a copied secret stays on the clipboard
// unless the user chose otherwise.
const DefaultClearAfter = 20 * time.Second

// ClearerCommand is the hidden command of passtea that runs as the detached
// clearer: the front end that owns the program's commands (ui/cli) defines
// it, and [StartClearer] runs the executable with it.
const ClearerCommand = "__clipboard-clear"

// Copier copies values and arranges their clear. Build it with [NewCopier];
// tests replace the parts. A Copier is safe for concurrent use.
type Copier struct {
	// Env is what [Detect] looks at, on every copy.
	Env Env
	// System is the system clipboard.
	System Clipboard
	// OpenTerminal returns the terminal OSC 52 goes to. The Copier closes
	// it when the copy is cleared or released.
	OpenTerminal func() (*os.File, error)
	// DetectTerminal says how OSC 52 gets through tmux or screen. It is
	// asked on every copy: tmux's options can change while passtea runs.
	DetectTerminal func() Terminal
	// Last records every copy; a Path of "" keeps no record.
	Last LastCopy
	// LastErr is why there is no record (no private directory for it). It
	// is reported with every copy, as [Pending.Warning].
	LastErr error
	// StartClearer starts the detached process that clears a copy at its
	// deadline even if this one is gone by then ([StartClearer] with
	// passtea's executable and [ClearerCommand]).
	StartClearer func(Ticket, *os.File) (*os.Process, error)
	// Now tells the time.
	Now func() time.Time

	mu      sync.Mutex
	pending map[*Pending]struct{}
	stopped bool // ClearAll was called: the program is ending
}

// NewCopier returns the Copier of this process: the platform's clipboard,
// the controlling terminal, the record of the last copy in a private
// directory ([DefaultLastCopyPath]) and passtea's own executable as the
// clearer.
func NewCopier(getenv func(string) string) *Copier {
	env := OSEnv()
	env.Getenv = getenv
	c := &Copier{
		Env:            env,
		System:         System(),
		OpenTerminal:   OpenTerminal,
		DetectTerminal: func() Terminal { return DetectTerminal(getenv) },
		StartClearer:   startSelf,
		Now:            time.Now,
	}
	c.Last.Path, c.LastErr = DefaultLastCopyPath(getenv)
	return c
}

// startSelf runs passtea's own executable as the clearer.
func startSelf(t Ticket, tty *os.File) (*os.Process, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find passtea's executable: %w", err)
	}
	return StartClearer(exe, []string{ClearerCommand}, t, tty)
}

// OpenTerminal opens the controlling terminal, /dev/tty, or else returns
// stderr if it is a terminal.
func OpenTerminal() (*os.File, error) {
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		if term.IsTerminal(int(tty.Fd())) {
			return tty, nil
		}
		tty.Close()
	}
	if term.IsTerminal(int(os.Stderr.Fd())) {
		// A duplicate, so that closing it leaves stderr open.
		f, err := dupFile(os.Stderr)
		if err == nil {
			return f, nil
		}
	}
	return nil, errors.New("no terminal")
}

// Pending is a copy whose clear is arranged. Its detached clearer clears
// it at the deadline; [Pending.Clear] clears it sooner, [Pending.Release]
// leaves it to the clearer.
type Pending struct {
	// Method is where the copy went.
	Method Method
	// Deadline is when it is cleared; zero when it never is.
	Deadline time.Time
	// Warning, when not nil, says the copy could not be recorded as the
	// last one: a clear due from an earlier copy may remove it early.
	Warning error

	c      *Copier
	ticket Ticket
	tty    *os.File
	proc   *os.Process

	mu   sync.Mutex
	done bool
}

// Copy puts value on the clipboard and, unless clearAfter is 0, starts the
// detached clearer for it. The way is decided now ([Detect]): the system
// clipboard, else (or when writing it fails) the terminal's through OSC 52,
// checked to get through tmux ([Terminal.Problem]). A copy that cannot be
// cleared is withdrawn. Errors never contain value.
func (c *Copier) Copy(value string, clearAfter time.Duration) (*Pending, error) {
	if clearAfter < 0 {
		return nil, errors.New("copy: negative clear delay")
	}
	fp, err := NewFingerprint(value)
	if err != nil {
		return nil, err
	}
	// Known from the start, and held until the copy is done: a ClearAll
	// (a signal ending the program) while the value is being written
	// waits for the copy, then clears it.
	p := &Pending{c: c}
	p.mu.Lock()
	defer p.mu.Unlock()
	if clearAfter > 0 && !c.register(p) {
		return nil, errors.New("copy: passtea is ending")
	}
	defer func() {
		if p.proc == nil && !p.done {
			c.unregister(p) // no clear is pending after all
		}
	}()
	method, why := Detect(c.Env)
	var sysErr error
	if method == MethodSystem {
		if sysErr = c.System.Write(value); sysErr != nil {
			method = MethodOSC52
		}
	}
	var tty *os.File
	var t Terminal
	if method == MethodOSC52 {
		if tty, err = c.OpenTerminal(); err != nil {
			if sysErr != nil {
				return nil, fmt.Errorf("%w (%v)", ErrUnavailable, sysErr)
			}
			return nil, fmt.Errorf("%w (%s)", ErrUnavailable, why)
		}
		t = c.DetectTerminal()
		if err := t.Problem(); err != nil {
			tty.Close()
			if sysErr != nil {
				return nil, fmt.Errorf("%v, and %w", sysErr, err)
			}
			return nil, err
		}
		if _, err := io.WriteString(tty, t.SetSequence(value)); err != nil {
			tty.Close()
			return nil, fmt.Errorf("send to the terminal's clipboard: %w", err)
		}
	}

	p.Method, p.tty = method, tty
	// Only a copy that happened is recorded: recording a failed one would
	// call off the clear of the one before.
	var id CopyID
	switch {
	case c.LastErr != nil:
		p.Warning = c.LastErr
	case c.Last.Path != "":
		if id, err = c.Last.Record(); err != nil {
			p.Warning = err
		}
	}
	if p.Warning != nil {
		p.Warning = fmt.Errorf("the copy was not recorded as passtea's last (%w): the clear of an earlier copy may remove it early", p.Warning)
	}
	if clearAfter == 0 {
		p.closeTerminal()
		p.done = true
		return p, nil
	}
	p.Deadline = c.Now().Add(clearAfter)
	p.ticket = Ticket{
		Deadline:     p.Deadline,
		Method:       method,
		Fingerprint:  fp,
		CopyID:       id,
		LastCopyPath: c.Last.Path,
		Terminal:     t,
	}
	proc, err := c.StartClearer(p.ticket, tty)
	if err != nil {
		// Never leave a secret on the clipboard with no clear coming.
		_, cerr := p.ticket.Clear(c.System, tty)
		p.closeTerminal()
		if cerr != nil {
			return nil, fmt.Errorf("cannot arrange the clear (%w), nor withdraw the copy (%v): clear the clipboard yourself", err, cerr)
		}
		return nil, fmt.Errorf("copy withdrawn: cannot arrange the clear: %w", err)
	}
	if proc == nil {
		proc = noProcess // the clearer's starter kept none (tests)
	}
	p.proc = proc
	return p, nil
}

// noProcess stands for a clearer that was arranged without a process to
// hold on to.
var noProcess = &os.Process{Pid: -1}

// Message says, for the user, where the copy went and when it clears:
// "copied to the system clipboard; clears in 20 s".
func (p *Pending) Message() string {
	msg := p.Method.Message()
	if p.Deadline.IsZero() {
		return msg + "; it will not be cleared"
	}
	return msg + "; clears in " + FormatDelay(p.Deadline.Sub(p.c.Now()).Round(time.Second))
}

// Clear clears the copy now if the clipboard still holds it and passtea
// made no copy since, calls off its detached clearer, and reports whether
// it cleared. Calls after the first do nothing.
func (p *Pending) Clear() (bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done {
		return false, nil
	}
	p.done = true
	defer p.forget()
	t, last := p.ticket, p.c.Last
	if !t.CopyID.IsZero() {
		if isLast, err := last.IsLast(t.CopyID); err == nil && !isLast {
			return false, nil // a newer copy's clear takes over
		}
	}
	// The record says this copy is the last: clear by the fingerprint,
	// then record that it is gone so that the clearer stands down (it is
	// stopped too, but may be past the point where that helps).
	t.CopyID = CopyID{}
	cleared, err := t.Clear(p.c.System, p.tty)
	if !p.ticket.CopyID.IsZero() {
		// Best effort: the clearer is stopped too, and would find the
		// clipboard without the value.
		last.Record()
	}
	return cleared, err
}

// Release leaves the clear to the detached clearer, as a process that is
// about to exit does.
func (p *Pending) Release() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done {
		return
	}
	p.done = true
	p.c.unregister(p)
	p.closeTerminal()
	if p.proc != nil && p.proc != noProcess {
		p.proc.Release()
	}
}

// forget stops the clearer and lets go of everything.
func (p *Pending) forget() {
	p.c.unregister(p)
	p.closeTerminal()
	if p.proc != nil && p.proc != noProcess {
		p.proc.Kill()
		go p.proc.Wait() // reap it
	}
}

func (p *Pending) closeTerminal() {
	if p.tty != nil {
		p.tty.Close()
		p.tty = nil
	}
}

// register adds p to the copies whose clear is pending, unless the
// program is ending.
func (c *Copier) register(p *Pending) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped {
		return false
	}
	if c.pending == nil {
		c.pending = map[*Pending]struct{}{}
	}
	c.pending[p] = struct{}{}
	return true
}

func (c *Copier) unregister(p *Pending) {
	c.mu.Lock()
	delete(c.pending, p)
	c.mu.Unlock()
}

// ClearAll clears every copy of this Copier whose clear is pending, as
// [Pending.Clear] does, a copy under way once it is made; and refuses
// copies from then on. For the end of the program: a signal, the exit.
func (c *Copier) ClearAll() error {
	c.mu.Lock()
	c.stopped = true
	all := make([]*Pending, 0, len(c.pending))
	for p := range c.pending {
		all = append(all, p)
	}
	c.mu.Unlock()
	var errs []error
	for _, p := range all {
		if _, err := p.Clear(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// FormatDelay writes d for people: "20 s", "2 min", "1m30s".
func FormatDelay(d time.Duration) string {
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
