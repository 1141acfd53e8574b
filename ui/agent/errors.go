// This file holds the agent's own errors, and the codes that carry the
// vault's errors across the socket so that errors.Is and errors.As work on
// the client as they do on a *vault.Vault.

package agent

import (
	"errors"
	"fmt"
	"time"

	"github.com/passtea/passtea/vault"
)

// Errors callers tell apart, besides the vault's own.
var (
	// ErrNotRunning means no agent answers: there is no socket, or it is
	// left over from an agent that died.
	ErrNotRunning = errors.New("the passtea agent is not running")
	// ErrVersion is matched by a [*VersionError].
	ErrVersion = errors.New("the passtea agent speaks another protocol version")
	// ErrUnsafeDir is matched by a [*DirError].
	ErrUnsafeDir = errors.New("the agent's socket directory is not private")
	// ErrProtocol means a peer broke the protocol (a malformed or
	// oversized frame, an unknown operation); the message says how.
	ErrProtocol = errors.New("agent protocol error")
	// ErrRefused means the other end of the socket runs as another user.
	ErrRefused = errors.New("the agent serves its own user only")
	// ErrBusy means the agent has too many connections, or (for names)
	// the vault is busy with a long operation.
	ErrBusy = errors.New("the agent is busy")
	// ErrRunning means another agent already serves the socket directory.
	ErrRunning = errors.New("a passtea agent is already running")
)

// VersionError says which protocol versions the agent and this client
// speak: an agent started by an older passtea must be restarted.
type VersionError struct {
	Agent, Client int
}

func (e *VersionError) Error() string {
	return fmt.Sprintf("the running passtea agent speaks protocol %d, this passtea speaks %d: run `passtea lock` to stop it, then try again", e.Agent, e.Client)
}

// Unwrap makes errors.Is(err, ErrVersion) true.
func (e *VersionError) Unwrap() error { return ErrVersion }

// DirError says why the socket directory cannot be trusted.
type DirError struct {
	Dir    string
	Reason string
}

func (e *DirError) Error() string {
	return fmt.Sprintf("agent socket directory %s %s: it must be a directory of yours with mode 0700 (remove it and try again)", e.Dir, e.Reason)
}

// Unwrap makes errors.Is(err, ErrUnsafeDir) true.
func (e *DirError) Unwrap() error { return ErrUnsafeDir }

// codes name the errors that cross the socket, most specific first: an
// error takes the code of the first one it matches.
var codes = []struct {
	code string
	err  error
}{
	{"wrong_password", vault.ErrWrongPassword},
	{"backoff", vault.ErrBackoff},
	{"damaged", vault.ErrDamaged},
	{"newer_version", vault.ErrNewerVersion},
	{"not_vault", vault.ErrNotVault},
	{"no_vault", vault.ErrNoVault},
	{"not_found", vault.ErrNotFound},
	{"name_taken", vault.ErrNameTaken},
	{"invalid", vault.ErrInvalid},
	{"too_large", vault.ErrTooLarge},
	{"locked", vault.ErrLocked},
	{"conflict", vault.ErrConflict},
	{"lock_timeout", vault.ErrLockTimeout},
	{"interrupted", vault.ErrInterrupted},
	{"foreign_backup", vault.ErrForeignBackup},
	{"changed", vault.ErrChanged},
	{"other_vault", vault.ErrOtherVault},
	{"version", ErrVersion},
	{"protocol", ErrProtocol},
	{"refused", ErrRefused},
	{"busy", ErrBusy},
}

// wireError is an error as it crosses the socket.
type wireError struct {
	Code    string `json:"code,omitempty"`
	Message string `json:"message"`
	// The fields of a typed error, by code: damaged (path, reason,
	// has_backup), no_vault (path, backup), invalid (field, reason),
	// too_large (what, limit, size), backoff (failures, wait_ms),
	// version (agent, client).
	Path      string `json:"path,omitempty"`
	Backup    string `json:"backup,omitempty"`
	HasBackup bool   `json:"has_backup,omitempty"`
	Field     string `json:"field,omitempty"`
	Reason    string `json:"reason,omitempty"`
	What      string `json:"what,omitempty"`
	Limit     int64  `json:"limit,omitempty"`
	Size      int64  `json:"size,omitempty"`
	Failures  int    `json:"failures,omitempty"`
	WaitMS    int64  `json:"wait_ms,omitempty"`
	Agent     int    `json:"agent,omitempty"`
	Client    int    `json:"client,omitempty"`
	// Typed says the fields above describe a typed error (a bare
	// sentinel has none).
	Typed bool `json:"typed,omitempty"`
}

// toWire describes err for the client. Messages come from the vault and
// the agent, which never put a secret in one.
func toWire(err error) *wireError {
	w := &wireError{Message: err.Error()}
	for _, c := range codes {
		if errors.Is(err, c.err) {
			w.Code = c.code
			break
		}
	}
	var (
		dmg *vault.DamagedError
		nov *vault.NoVaultError
		inv *vault.InvalidError
		lim *vault.LimitError
		bo  *vault.BackoffError
		ver *VersionError
	)
	switch {
	case errors.As(err, &dmg):
		w.Path, w.Reason, w.HasBackup = dmg.Path, dmg.Reason, dmg.HasBackup
	case errors.As(err, &nov):
		w.Path, w.Backup = nov.Path, nov.Backup
	case errors.As(err, &inv):
		w.Field, w.Reason = inv.Field, inv.Reason
	case errors.As(err, &lim):
		w.What, w.Limit, w.Size = lim.What, lim.Limit, lim.Size
	case errors.As(err, &bo):
		w.Failures, w.WaitMS = bo.Failures, bo.Wait.Milliseconds()
	case errors.As(err, &ver):
		w.Agent, w.Client = ver.Agent, ver.Client
	default:
		return w
	}
	w.Typed = true
	return w
}

// err turns a wire error back into an error that matches what the agent
// saw: the same sentinel (errors.Is), the same typed error (errors.As),
// the same message.
func (w *wireError) err() error {
	var base error
	switch code := w.Code; {
	case !w.Typed:
	case code == "damaged":
		base = &vault.DamagedError{Path: w.Path, Reason: w.Reason, HasBackup: w.HasBackup}
	case code == "no_vault":
		base = &vault.NoVaultError{Path: w.Path, Backup: w.Backup}
	case code == "invalid":
		base = &vault.InvalidError{Field: w.Field, Reason: w.Reason}
	case code == "too_large":
		base = &vault.LimitError{What: w.What, Limit: w.Limit, Size: w.Size}
	case code == "backoff":
		base = &vault.BackoffError{Failures: w.Failures, Wait: time.Duration(w.WaitMS) * time.Millisecond}
	case code == "version":
		base = &VersionError{Agent: w.Agent, Client: w.Client}
	}
	if base == nil {
		for _, c := range codes {
			if c.code == w.Code {
				base = c.err
				break
			}
		}
	}
	switch {
	case base == nil:
		return errors.New(w.Message)
	case base.Error() == w.Message:
		return base
	}
	return &remoteError{msg: w.Message, err: base}
}

// remoteError is an error of the agent whose message wraps a known one
// (e.g. "entry 3: an entry with that name already exists: work/x").
type remoteError struct {
	msg string
	err error
}

func (e *remoteError) Error() string { return e.msg }
func (e *remoteError) Unwrap() error { return e.err }
