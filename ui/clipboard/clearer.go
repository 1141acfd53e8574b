// The clear after a copy by the scriptable commands: the Ticket that says
// what to clear, the detached process that does it, and its work.

package clipboard

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"time"
)

// Ticket is everything the clearing process needs. It holds no secret: the
// value is only recognisable through its [Fingerprint].
type Ticket struct {
	// Deadline is when to clear, by the wall clock.
	Deadline time.Time
	// Method is how the value was copied, and so how to clear it.
	Method      Method
	Fingerprint Fingerprint
	// CopyID and LastCopyPath name the copy in the [LastCopy] file; a
	// zero CopyID skips that check.
	CopyID       CopyID
	LastCopyPath string
	// Terminal says how to send the clear with MethodOSC52.
	Terminal Terminal
}

// ticketWire is the JSON form of a Ticket, version 1.
type ticketWire struct {
	V                int    `json:"v"`
	Deadline         int64  `json:"deadline_unix_nano"`
	Method           string `json:"method"`
	Fingerprint      []byte `json:"fingerprint"`
	CopyID           []byte `json:"copy_id,omitempty"`
	LastCopyPath     string `json:"last_copy_path,omitempty"`
	Mux              Mux    `json:"mux,omitempty"`
	TmuxPassthrough  bool   `json:"tmux_passthrough,omitempty"`
	TmuxSetClipboard bool   `json:"tmux_set_clipboard,omitempty"`
}

// maxTicketSize bounds what ReadTicket reads.
const maxTicketSize = 4096

// MarshalBinary encodes t as one JSON document.
func (t Ticket) MarshalBinary() ([]byte, error) {
	fp, err := t.Fingerprint.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("marshal ticket: %w", err)
	}
	if t.Method != MethodSystem && t.Method != MethodOSC52 {
		return nil, fmt.Errorf("marshal ticket: unknown method %v", t.Method)
	}
	w := ticketWire{
		V:                1,
		Deadline:         t.Deadline.UnixNano(),
		Method:           t.Method.String(),
		Fingerprint:      fp,
		LastCopyPath:     t.LastCopyPath,
		Mux:              t.Terminal.Mux,
		TmuxPassthrough:  t.Terminal.TmuxPassthrough,
		TmuxSetClipboard: t.Terminal.TmuxSetClipboard,
	}
	if !t.CopyID.IsZero() {
		w.CopyID = t.CopyID[:]
	}
	return json.Marshal(w)
}

// UnmarshalBinary decodes what MarshalBinary wrote, strictly: unknown
// fields, another version or malformed values are errors.
func (t *Ticket) UnmarshalBinary(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var w ticketWire
	if err := dec.Decode(&w); err != nil {
		return fmt.Errorf("unmarshal ticket: %w", err)
	}
	if dec.More() {
		return errors.New("unmarshal ticket: trailing data")
	}
	if w.V != 1 {
		return fmt.Errorf("unmarshal ticket: version %d, want 1", w.V)
	}
	var nt Ticket
	switch w.Method {
	case MethodSystem.String():
		nt.Method = MethodSystem
	case MethodOSC52.String():
		nt.Method = MethodOSC52
	default:
		return fmt.Errorf("unmarshal ticket: unknown method %q", w.Method)
	}
	if w.Deadline <= 0 {
		return errors.New("unmarshal ticket: no deadline")
	}
	nt.Deadline = time.Unix(0, w.Deadline)
	if err := nt.Fingerprint.UnmarshalBinary(w.Fingerprint); err != nil {
		return fmt.Errorf("unmarshal ticket: %w", err)
	}
	switch len(w.CopyID) {
	case 0:
	case len(nt.CopyID):
		copy(nt.CopyID[:], w.CopyID)
	default:
		return fmt.Errorf("unmarshal ticket: copy id of %d bytes", len(w.CopyID))
	}
	if w.Mux > Screen {
		return fmt.Errorf("unmarshal ticket: unknown multiplexer %d", w.Mux)
	}
	nt.LastCopyPath = w.LastCopyPath
	nt.Terminal = Terminal{Mux: w.Mux, TmuxPassthrough: w.TmuxPassthrough, TmuxSetClipboard: w.TmuxSetClipboard}
	*t = nt
	return nil
}

// ReadTicket reads one Ticket from r, at most 4 KiB.
func ReadTicket(r io.Reader) (Ticket, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxTicketSize+1))
	if err != nil {
		return Ticket{}, fmt.Errorf("read ticket: %w", err)
	}
	if len(b) > maxTicketSize {
		return Ticket{}, errors.New("read ticket: longer than 4 KiB")
	}
	var t Ticket
	if err := t.UnmarshalBinary(b); err != nil {
		return Ticket{}, err
	}
	return t, nil
}

// StartClearer starts exe with args (passtea and its hidden clear command)
// as a detached process: in a session of its own, stdout and stderr on the
// null device, working in the root directory, and t written on a pipe that
// is its stdin. tty, if not nil, becomes its file descriptor 3 (for
// MethodOSC52; not possible on Windows). The caller may Release the process
// or, in tests, Wait for it.
func StartClearer(exe string, args []string, t Ticket, tty *os.File) (*os.Process, error) {
	b, err := t.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("start clearer: %w", err)
	}
	if len(b) > maxTicketSize {
		return nil, errors.New("start clearer: ticket longer than 4 KiB")
	}
	if tty != nil && !canPassFiles {
		return nil, errors.New("start clearer: cannot hand the terminal to another process on this system")
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("start clearer: %w", err)
	}
	defer r.Close()
	// The ticket is far smaller than a pipe's buffer: write it all before
	// the child starts, so a child that dies early cannot block us.
	_, werr := w.Write(b)
	if err := errors.Join(werr, w.Close()); err != nil {
		return nil, fmt.Errorf("start clearer: %w", err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Stdin = r
	cmd.Dir = detachDir
	cmd.SysProcAttr = detachAttr()
	if tty != nil {
		cmd.ExtraFiles = []*os.File{tty}
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start clearer: %w", err)
	}
	return cmd.Process, nil
}

// Wait blocks until the deadline. It goes by the wall clock, in steps of at
// most a second, so that a machine that was suspended past the deadline
// clears as soon as it resumes.
func (t Ticket) Wait() { waitUntil(t.Deadline, time.Now, time.Sleep) }

func waitUntil(deadline time.Time, now func() time.Time, sleep func(time.Duration)) {
	for {
		left := deadline.Sub(now().Round(0))
		if left <= 0 {
			return
		}
		sleep(min(left, time.Second))
	}
}

// Clear clears what the ticket names, if it is still there: nothing when
// passtea has made a newer copy since; with MethodSystem, cb is cleared if it
// still holds the value ([ClearIfUnchanged]); with MethodOSC52 the clear
// sequence is written to tty, and matching tmux buffers are deleted. It
// reports whether it cleared.
func (t Ticket) Clear(cb Clipboard, tty io.Writer) (bool, error) {
	return t.clear(cb, tty, runTmux)
}

// clearRetry is how long [Ticket.ClearPatiently] keeps trying when the
// clipboard cannot be read: on a loaded machine the program that owns the
// clipboard (a clipboard manager, xclip serving it) may not answer the
// first read in time, and giving up would leave the password there.
const clearRetry = 5 * time.Second

// ClearPatiently is [Ticket.Clear] for the detached clearer: while the
// clear fails it tries again every quarter second for 5 s. An empty X11
// clipboard also reads as a failure, so this is not for a process a person
// waits on (the app's lock and quit call Clear).
func (t Ticket) ClearPatiently(cb Clipboard, tty io.Writer) error {
	return t.clearRetrying(cb, tty, time.Sleep)
}

func (t Ticket) clearRetrying(cb Clipboard, tty io.Writer, sleep func(time.Duration)) error {
	const step = 250 * time.Millisecond
	for waited := time.Duration(0); ; waited += step {
		_, err := t.Clear(cb, tty)
		if err == nil || waited >= clearRetry {
			return err
		}
		sleep(step)
	}
}

func (t Ticket) clear(cb Clipboard, tty io.Writer, tmux func(...string) (string, error)) (bool, error) {
	if !t.CopyID.IsZero() && t.LastCopyPath != "" {
		// If the file cannot be read, go on with the fingerprint alone.
		if last, err := (LastCopy{Path: t.LastCopyPath}).IsLast(t.CopyID); err == nil && !last {
			return false, nil
		}
	}
	switch t.Method {
	case MethodSystem:
		return ClearIfUnchanged(cb, t.Fingerprint)
	case MethodOSC52:
		if tty == nil {
			return false, errors.New("clear terminal clipboard: no terminal")
		}
		if _, err := io.WriteString(tty, t.Terminal.ClearSequence()); err != nil {
			return false, fmt.Errorf("clear terminal clipboard: %w", err)
		}
		if t.Terminal.LeavesTmuxBuffer() {
			if _, err := deleteTmuxBuffers(t.Fingerprint, tmux); err != nil {
				return true, fmt.Errorf("delete tmux buffers: %w", err)
			}
		}
		return true, nil
	}
	return false, fmt.Errorf("clear: unknown method %v", t.Method)
}
