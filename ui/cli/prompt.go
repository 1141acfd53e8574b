package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// maxSecretLine bounds how much is read for one secret line.
const maxSecretLine = 64 * 1024

// readFirstLine reads the first line of r without its line ending. A final
// line without a newline counts; an empty input is an error.
func readFirstLine(r io.Reader) ([]byte, error) {
	br := bufio.NewReaderSize(r, 4096)
	var line []byte
	for {
		chunk, isPrefix, err := br.ReadLine()
		line = append(line, chunk...)
		if len(line) > maxSecretLine {
			return nil, fmt.Errorf("line longer than %d bytes", maxSecretLine)
		}
		if err != nil {
			if errors.Is(err, io.EOF) && len(line) > 0 {
				break
			}
			if errors.Is(err, io.EOF) {
				return nil, errors.New("empty input")
			}
			return nil, err
		}
		if !isPrefix {
			break
		}
	}
	return bytes.TrimSuffix(line, []byte("\r")), nil
}

// readSecretFile reads the first line of path (which may be /dev/fd/N).
func readSecretFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read password file: %w", err)
	}
	defer f.Close()
	line, err := readFirstLine(f)
	if err == nil && len(line) == 0 {
		err = errors.New("the first line is empty")
	}
	if err != nil {
		return nil, fmt.Errorf("read password file %s: %w", path, err)
	}
	return line, nil
}

// askSecret asks for a secret on the controlling terminal without echo. It
// uses /dev/tty so that stdin and stdout stay free for data.
func askSecret(prompt string) ([]byte, error) {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		if isTerminal(os.Stdin) {
			fmt.Fprint(os.Stderr, prompt)
			defer fmt.Fprintln(os.Stderr)
			return term.ReadPassword(int(os.Stdin.Fd()))
		}
		return nil, errNoTerminal
	}
	defer tty.Close()
	if !term.IsTerminal(int(tty.Fd())) {
		return nil, errNoTerminal
	}
	fmt.Fprint(tty, prompt)
	defer fmt.Fprintln(tty)
	return term.ReadPassword(int(tty.Fd()))
}

// haveTerminal reports whether a no-echo prompt is possible.
func haveTerminal() bool {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return isTerminal(os.Stdin)
	}
	defer tty.Close()
	return term.IsTerminal(int(tty.Fd()))
}

// maxNotesFile bounds what --notes-file reads (the vault refuses more).
const maxNotesFile = 1 << 20

// readNotesFile reads notes from path ("-" is standard input) whole, less
// one final newline.
func readNotesFile(e *env, path string) (string, error) {
	var r io.Reader = e.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return "", usagef("--notes-file: %v", err)
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxNotesFile+2))
	if err != nil {
		return "", fmt.Errorf("read notes: %w", err)
	}
	if len(b) > maxNotesFile+1 {
		return "", usagef("--notes-file: more than %d bytes of notes", maxNotesFile)
	}
	return strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r"), nil
}
