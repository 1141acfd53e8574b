package cli

// This file is how commands talk to the user at their terminal: prompts for
// passwords without echo, and yes/no questions. Commands reach it through
// env.terminal, so that tests type the answers.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// prompter asks the user on their terminal.
type prompter interface {
	// secret shows prompt and reads one line without echo. ctrl+d gives
	// errAborted.
	secret(prompt string) ([]byte, error)
	// line shows prompt and reads one line with echo. ctrl+d gives
	// errAborted.
	line(prompt string) (string, error)
	// Close lets go of the terminal.
	Close() error
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// openTerminalPrompter opens the controlling terminal, /dev/tty, so that
// standard input and output stay free for data; else standard input and
// standard error if standard input is a terminal.
func openTerminalPrompter() (prompter, error) {
	if tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0); err == nil {
		if isTerminal(tty) {
			return &ttyPrompter{in: tty, out: tty, closer: tty}, nil
		}
		tty.Close()
	}
	if isTerminal(os.Stdin) {
		return &ttyPrompter{in: os.Stdin, out: os.Stderr}, nil
	}
	return nil, errNoTerminal
}

// ttyPrompter reads from a terminal in its line discipline's canonical
// mode: the terminal edits the line, and ctrl+d ends the read.
type ttyPrompter struct {
	in     *os.File
	out    io.Writer
	closer io.Closer // nil when in and out are the process's own streams
}

func (p *ttyPrompter) Close() error {
	if p.closer == nil {
		return nil
	}
	return p.closer.Close()
}

func (p *ttyPrompter) secret(prompt string) ([]byte, error) {
	fmt.Fprint(p.out, prompt)
	defer fmt.Fprintln(p.out)
	return readSecretLine(p.in, p.out)
}

func (p *ttyPrompter) line(prompt string) (string, error) {
	fmt.Fprint(p.out, prompt)
	b, err := readTTYLine(p.in)
	return string(b), err
}

// readTTYLine reads one line from a terminal in canonical mode, without
// its line ending. A read that ends without a newline was ended by ctrl+d
// (the EOF character): with nothing typed the read returns no bytes, with
// something typed it returns that, unterminated. Either way the prompt is
// aborted, with what was typed wiped.
func readTTYLine(r io.Reader) ([]byte, error) {
	buf := make([]byte, 4096) // a canonical line is at most 4095 bytes
	defer clear(buf)
	var line []byte
	for {
		n, err := r.Read(buf)
		line = append(line, buf[:n]...)
		switch {
		case n > 0 && buf[n-1] == '\n':
			return bytes.TrimRight(line, "\r\n"), nil
		case len(line) > maxSecretLine:
			clear(line)
			return nil, fmt.Errorf("line longer than %d bytes", maxSecretLine)
		case n == len(buf) && err == nil:
			continue // a long line, not yet whole
		case err != nil && !errors.Is(err, io.EOF):
			clear(line)
			return nil, err
		}
		clear(line)
		return nil, errAborted
	}
}

// prompter opens the user's terminal for prompts, or returns
// errNoTerminal.
func (e *env) prompter() (prompter, error) {
	if e.terminal == nil {
		return nil, errNoTerminal
	}
	return e.terminal()
}

// haveTerminal reports whether a prompt is possible.
func haveTerminal(e *env) bool {
	p, err := e.prompter()
	if err != nil {
		return false
	}
	p.Close()
	return true
}

// askSecret asks for a secret on the terminal without echo.
func askSecret(e *env, prompt string) ([]byte, error) {
	p, err := e.prompter()
	if err != nil {
		return nil, err
	}
	defer p.Close()
	return p.secret(prompt)
}

// confirm asks a yes/no question on the terminal; only y or yes is yes.
func confirm(e *env, question string) (bool, error) {
	p, err := e.prompter()
	if err != nil {
		return false, usagef("no terminal to confirm on: add --yes")
	}
	defer p.Close()
	answer, err := p.line(question)
	if err != nil {
		return false, err
	}
	answer = strings.ToLower(strings.TrimSpace(answer))
	return answer == "y" || answer == "yes", nil
}
