package vault

import (
	"errors"
	"fmt"
)

// Errors callers must tell apart. Match them with errors.Is.
var (
	// ErrWrongPassword means the master password does not open the vault
	// (or the header's key-derivation fields were altered: the two cannot
	// be told apart, by design).
	ErrWrongPassword = errors.New("wrong master password")
	// ErrDamaged means the file is truncated, corrupted or tampered with.
	ErrDamaged = errors.New("vault file is damaged")
	// ErrNewerVersion means the file was written by a newer passtea.
	ErrNewerVersion = errors.New("vault file was written by a newer version of passtea")
	// ErrNotVault means the file is not a passtea vault at all.
	ErrNotVault = errors.New("not a passtea vault file")
	// ErrNoVault means there is no vault file at the path.
	ErrNoVault = errors.New("no vault")
	// ErrExists means a vault file already exists where one was to be created.
	ErrExists = errors.New("vault file already exists")
	// ErrNotFound means no entry has that name or id.
	ErrNotFound = errors.New("entry not found")
	// ErrNameTaken means another entry already has that name.
	ErrNameTaken = errors.New("an entry with that name already exists")
	// ErrInvalid means a field value is not acceptable (see the wrapped text).
	ErrInvalid = errors.New("invalid entry")
	// ErrLocked means the vault was locked: its keys are gone.
	ErrLocked = errors.New("vault is locked")
	// ErrConflict means another process changed the vault's key since it
	// was unlocked here, or replaced the file with another vault: unlock it
	// again to go on.
	ErrConflict = errors.New("the vault's key was changed by another passtea process: unlock it again")
)

// DamagedError gives the detail of an [ErrDamaged] failure: what was wrong,
// and whether the previous version of the vault exists beside it.
type DamagedError struct {
	Path      string // the vault file
	Reason    string // what was found wrong, e.g. "checksum mismatch"
	HasBackup bool   // whether Path+".bak" exists
}

// Error says what is damaged and where the backup is.
func (e *DamagedError) Error() string {
	msg := fmt.Sprintf("vault file %s is damaged (%s)", e.Path, e.Reason)
	if e.HasBackup {
		msg += fmt.Sprintf("; the previous version is in %s.bak", e.Path)
	}
	return msg
}

// Unwrap makes errors.Is(err, ErrDamaged) true.
func (e *DamagedError) Unwrap() error { return ErrDamaged }

// InvalidError says which field of an entry (or setting) is not acceptable
// and why. It matches [ErrInvalid] with errors.Is; callers that show the
// reason beside the field use errors.As.
type InvalidError struct {
	// Field names what was refused: "name", "username", "URL", "tag",
	// "tags", "password", "notes", "history", "entry", "setting".
	Field string
	// Reason says what is wrong, as a phrase that names the field, e.g.
	// "the name is empty".
	Reason string
}

// Error is "invalid entry: " and the reason.
func (e *InvalidError) Error() string { return "invalid entry: " + e.Reason }

// Unwrap makes errors.Is(err, ErrInvalid) true.
func (e *InvalidError) Unwrap() error { return ErrInvalid }

// invalid builds an [InvalidError].
func invalid(field, format string, args ...any) error {
	return &InvalidError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// damaged builds a [DamagedError] without the path; ReadFile fills it in.
func damaged(format string, args ...any) error {
	return &DamagedError{Reason: fmt.Sprintf(format, args...)}
}
