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
func masterPassword(g *globals, prompt string, confirm bool) ([]byte, error) {
	if g.passwordFile != "" {
		return readSecretFile(g.passwordFile)
	}
	return askTwice(prompt, confirm)
}

// askTwice asks for a secret, and again to confirm it when confirm is set.
func askTwice(prompt string, confirm bool) ([]byte, error) {
	if !haveTerminal() {
		return nil, errNoTerminal
	}
	pw, err := askSecret(prompt)
	if err != nil {
		return nil, fmt.Errorf("read password: %w", err)
	}
	if len(pw) == 0 {
		return nil, errors.New("empty password")
	}
	if !confirm {
		return pw, nil
	}
	again, err := askSecret("Repeat to confirm: ")
	defer clear(again)
	if err != nil {
		clear(pw)
		return nil, fmt.Errorf("read password: %w", err)
	}
	if !bytes.Equal(again, pw) {
		clear(pw)
		return nil, errors.New("the two passwords differ: nothing was changed")
	}
	return pw, nil
}

// openVault resolves the vault path, reads the file, asks for the master
// password and unlocks it. A command that will write (write set) also
// strengthens a default key derivation that fell behind the defaults, and
// says so on stderr; reading never writes.
func openVault(e *env, g *globals, write bool) (*vault.Vault, error) {
	path, err := vaultPath(e, g)
	if err != nil {
		return nil, err
	}
	f, err := vault.ReadFile(path, nil)
	if err != nil {
		return nil, err
	}
	pw, err := masterPassword(g, "Master password: ", false)
	if err != nil {
		return nil, err
	}
	defer clear(pw)
	v, err := f.Unlock(pw)
	if err != nil {
		return nil, err
	}
	if write {
		reportUpgrade(e.stderr, v, pw)
	}
	return v, nil
}

// withVault opens the vault (see [openVault] for write), runs fn and locks
// the vault again.
func withVault(e *env, g *globals, write bool, fn func(*vault.Vault) error) error {
	v, err := openVault(e, g, write)
	if err != nil {
		return err
	}
	defer v.Lock()
	return fn(v)
}

// withEntry opens the vault, finds the entry called name, runs fn and locks
// the vault again.
func withEntry(e *env, g *globals, write bool, name string, fn func(*vault.Vault, vault.Entry) error) error {
	return withVault(e, g, write, func(v *vault.Vault) error {
		en, err := findEntry(v, name)
		if err != nil {
			return err
		}
		return fn(v, en)
	})
}

// reportUpgrade strengthens the vault's key derivation if it fell behind
// the defaults, and says what happened on w.
func reportUpgrade(w io.Writer, v *vault.Vault, pw []byte) {
	u, err := v.UpgradeKDF(pw)
	switch {
	case err != nil:
		fmt.Fprintf(w, "passtea: warning: %v\n", err)
	case u != nil:
		fmt.Fprintf(w, "passtea: strengthened the key derivation from %s to %s\n", u.From, u.To)
	}
}

// findEntry looks an entry up by name; an unknown name fails with the
// closest names.
func findEntry(v *vault.Vault, name string) (vault.Entry, error) {
	en, err := v.Get(name)
	if err == nil {
		return en, nil
	}
	msg := fmt.Sprintf("no entry named %q", name)
	if near := closestNames(v.Entries(), name, 3); len(near) > 0 {
		msg += "; did you mean " + quoteList(near) + "?"
	}
	return vault.Entry{}, &notFoundError{msg}
}

// notFoundError says which name was not found and what is close to it.
type notFoundError struct{ msg string }

func (e *notFoundError) Error() string { return e.msg }

// Unwrap makes errors.Is(err, vault.ErrNotFound) true.
func (e *notFoundError) Unwrap() error { return vault.ErrNotFound }
