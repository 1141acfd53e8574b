package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/passtea/passtea/vault"
)

// masterPassword reads the master password from --password-file, else asks
// on the terminal without echo. confirm asks twice (for a new password).
func masterPassword(e *env, g *globals, prompt string, confirm bool) ([]byte, error) {
	if g.passwordFile != "" {
		return readSecretFile(g.passwordFile)
	}
	return askTwice(e, prompt, confirm)
}

// askTwice asks for a secret, and again to confirm it when confirm is set.
// ctrl+d at either prompt aborts.
func askTwice(e *env, prompt string, confirm bool) ([]byte, error) {
	p, err := e.prompter()
	if err != nil {
		return nil, err
	}
	defer p.Close()
	pw, err := p.secret(prompt)
	if errors.Is(err, errAborted) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("read password: %w", err)
	}
	if len(pw) == 0 {
		return nil, errors.New("empty password")
	}
	if !confirm {
		return pw, nil
	}
	again, err := p.secret("Repeat to confirm: ")
	defer clear(again)
	if err != nil {
		clear(pw)
		if errors.Is(err, errAborted) {
			return nil, err
		}
		return nil, fmt.Errorf("read password: %w", err)
	}
	if !bytes.Equal(again, pw) {
		clear(pw)
		return nil, errors.New("the two passwords differ: nothing was changed")
	}
	return pw, nil
}

// session is an unlocked vault and the credentials that opened it, kept
// for an explicit upgrade of the key derivation (see upgrade).
type session struct {
	v     *vault.Vault
	creds vault.Credentials
}

// close locks the vault and wipes the credentials.
func (s *session) close() {
	s.v.Lock()
	clear(s.creds.Password)
	clear(s.creds.KeyFile)
}

// upgrade strengthens the vault's key derivation if it follows the
// defaults and fell behind them, and says what happened on w. Commands
// that are about to write call it; reading never writes.
func (s *session) upgrade(w io.Writer) {
	u, err := s.v.UpgradeKDF(s.creds)
	switch {
	case err != nil:
		fmt.Fprintf(w, "passtea: warning: %v\n", err)
	case u != nil:
		fmt.Fprintf(w, "passtea: strengthened the key derivation from %s to %s\n", u.From, u.To)
	}
}

// credentials asks for what opens the vault file f: the master password,
// from --password-file or the terminal.
func credentials(e *env, g *globals, f *vault.File) (vault.Credentials, error) {
	pw, err := masterPassword(e, g, "Master password: ", false)
	if err != nil {
		return vault.Credentials{}, err
	}
	return vault.Credentials{Password: pw}, nil
}

// openVault resolves the vault path, reads the file, asks for the
// credentials and unlocks it, here in this process.
func openVault(e *env, g *globals) (*session, error) {
	path, err := vaultPath(e, g)
	if err != nil {
		return nil, err
	}
	f, err := vault.ReadFile(path, nil)
	if err != nil {
		return nil, err
	}
	c, err := credentials(e, g, f)
	if err != nil {
		f.Close()
		return nil, err
	}
	v, err := f.Unlock(c)
	if err != nil {
		f.Close()
		clear(c.Password)
		clear(c.KeyFile)
		return nil, err
	}
	return &session{v: v, creds: c}, nil
}

// openStore opens the vault for a command that works on its entries, and
// returns the function that closes it. A command that writes (write set)
// first strengthens the key derivation (see session.upgrade) and merges
// the vault's file-sync conflict copies; closing starts a background sync
// if the command saved and the vault asks for one (sync.go).
func openStore(e *env, g *globals, write bool) (store, func(), error) {
	s, err := openVault(e, g)
	if err != nil {
		return nil, nil, err
	}
	if write {
		s.upgrade(e.stderr)
		mergeConflictCopies(e, s.v)
	}
	synced := syncAfterSaves(e, s.v)
	return s.v, func() { synced(); s.close() }, nil
}

// withVault opens the vault (see openStore), runs fn, says what the vault
// did on its own (Notices), and closes it again.
func withVault(e *env, g *globals, write bool, fn func(store) error) error {
	v, done, err := openStore(e, g, write)
	if err != nil {
		return err
	}
	defer done()
	err = fn(v)
	for _, n := range v.Notices() {
		fmt.Fprintf(e.stderr, "passtea: %s\n", n)
	}
	return err
}

// withEntry opens the vault, finds the entry called name, runs fn and locks
// the vault again.
func withEntry(e *env, g *globals, write bool, name string, fn func(store, vault.Entry) error) error {
	return withVault(e, g, write, func(v store) error {
		en, err := findEntry(v, name)
		if err != nil {
			return err
		}
		return fn(v, en)
	})
}

// findEntry looks an entry up by name; an unknown name fails with the
// closest names.
func findEntry(v store, name string) (vault.Entry, error) {
	en, err := v.Get(name)
	if !errors.Is(err, vault.ErrNotFound) {
		return en, err
	}
	all, err := v.Entries()
	if err != nil {
		return vault.Entry{}, err
	}
	msg := fmt.Sprintf("no entry named %q", name)
	if near := closestNames(all, name, 3); len(near) > 0 {
		msg += "; did you mean " + quoteList(near) + "?"
	}
	return vault.Entry{}, &notFoundError{msg}
}

// notFoundError says which name was not found and what is close to it.
type notFoundError struct{ msg string }

func (e *notFoundError) Error() string { return e.msg }

// Unwrap makes errors.Is(err, vault.ErrNotFound) true.
func (e *notFoundError) Unwrap() error { return vault.ErrNotFound }
