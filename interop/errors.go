package interop

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Errors callers tell apart with errors.Is.
var (
	// ErrFormat means the input is not in the format asked for, or (when
	// detecting) in no format passtea reads.
	ErrFormat = errors.New("unrecognised format")
	// ErrLimit means the input is larger than passtea reads: too many
	// bytes, entries, files, or a compressed member that expands too far.
	ErrLimit = errors.New("input too large")
	// ErrEncrypted means the export is encrypted (a password-protected
	// Bitwarden export): export again without encryption.
	ErrEncrypted = errors.New("encrypted export")
	// ErrEmpty means the input holds no entries.
	ErrEmpty = errors.New("no entries in the input")
)

// RecordError is a bad record: where it is in the source ("line 12",
// "items[3]", "work/github.gpg") and what is wrong. Nothing is imported
// when a record is bad. The message never holds a field's value.
type RecordError struct {
	Place string
	Err   error
}

func (e *RecordError) Error() string { return printable(e.Place) + ": " + e.Err.Error() }

// printable returns a place as it is when every character of it prints,
// else quoted (%q): places come from the source (file names, group
// names) and are shown in a terminal.
func printable(place string) string {
	if strings.IndexFunc(place, func(r rune) bool { return !strconv.IsPrint(r) }) < 0 {
		return place
	}
	return strconv.Quote(place)
}

func (e *RecordError) Unwrap() error { return e.Err }

// Recordf returns a [*RecordError] at place. Never pass it a secret.
func Recordf(place, format string, args ...any) error {
	return &RecordError{Place: place, Err: fmt.Errorf(format, args...)}
}

// AtPlace wraps err as a [*RecordError] at place, unless it is one already.
func AtPlace(place string, err error) error {
	var re *RecordError
	if err == nil || errors.As(err, &re) {
		return err
	}
	return &RecordError{Place: place, Err: err}
}

// LimitError says which limit an input broke. It wraps [ErrLimit].
type LimitError struct {
	What  string // "input", "entries", "export.data", ...
	Limit int64
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("%s: more than %d %s (the most passtea reads)", ErrLimit, e.Limit, e.What)
}

func (e *LimitError) Unwrap() error { return ErrLimit }
