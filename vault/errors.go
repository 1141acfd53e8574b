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
	// ErrBackupExists means a vault was to be created where only its
	// backup exists (see [BackupExistsError]).
	ErrBackupExists = errors.New("a backup exists without its vault")
	// ErrLockTimeout means another process held the vault's lock for
	// longer than [Options.LockTimeout].
	ErrLockTimeout = errors.New("another passtea process is saving the vault")
	// ErrInterrupted means [Vault.Interrupt] stopped a save that waited for
	// the lock.
	ErrInterrupted = errors.New("the save was abandoned")
	// ErrChanged means an edit with [Change.IfRevision] found the entry
	// changed since (see [ChangedError]).
	ErrChanged = errors.New("the entry was changed elsewhere")
	// ErrTooLarge means a change would break a limit of the format (see
	// [LimitError]).
	ErrTooLarge = errors.New("the vault would exceed a limit of its format")
	// ErrNoOTP means an entry has no one-time code (see [NextHOTP]).
	ErrNoOTP = errors.New("no one-time code")
)

// NoVaultError is [ErrNoVault] with where the vault was looked for, and
// its backup if one exists there.
type NoVaultError struct {
	Path   string
	Backup string // Path + ".bak" if it exists, else ""
}

// Error says what to do.
func (e *NoVaultError) Error() string {
	if e.Backup != "" {
		return fmt.Sprintf("%s: the vault file is missing, but its backup %s exists: restore it with `mv %s %s`", e.Path, e.Backup, e.Backup, e.Path)
	}
	return fmt.Sprintf("no vault at %s: create one with passtea init", e.Path)
}

// Unwrap makes errors.Is(err, ErrNoVault) true.
func (e *NoVaultError) Unwrap() error { return ErrNoVault }

// LimitError says which limit of the format a change would break; nothing
// was written.
type LimitError struct {
	What  string // "file", "entries", "root", "index page", "secret page", "entry secret"
	Limit int64
	Size  int64
}

// Error names the limit.
func (e *LimitError) Error() string {
	if e.What == "entries" {
		return fmt.Sprintf("a vault holds at most %d entries", e.Limit)
	}
	return fmt.Sprintf("the vault's %s would be %d bytes, above the limit of %d", e.What, e.Size, e.Limit)
}

// Unwrap makes errors.Is(err, ErrTooLarge) true.
func (e *LimitError) Unwrap() error { return ErrTooLarge }

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

// ChangedError is [ErrChanged] with the entry as it is now.
type ChangedError struct{ Current Entry }

func (e *ChangedError) Error() string {
	return fmt.Sprintf("%s was changed elsewhere since it was shown: nothing was saved", e.Current.Name)
}

// Unwrap makes errors.Is(err, ErrChanged) true.
func (e *ChangedError) Unwrap() error { return ErrChanged }
