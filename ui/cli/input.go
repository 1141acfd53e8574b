package cli

// This file reads secrets and notes from files and standard input.

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

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
