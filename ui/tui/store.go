package tui

// This file is the vault as the app uses it ([Store]): one it unlocked
// itself, or one the unlock agent holds ([Agent]).

import (
	"errors"

	"github.com/passtea/passtea/vault"
)

// Store is the vault as the app uses it: a *vault.Vault it unlocked, or
// one the unlock agent holds (ui/agent's *Vault, which has these methods
// with the same errors).
type Store interface {
	Entries() ([]vault.Entry, error)
	Get(name string) (vault.Entry, error)
	ByID(id vault.ID) (vault.Entry, error)
	Secret(id vault.ID) (vault.Secret, error)
	Add(it vault.NewEntry) (vault.Entry, error)
	Edit(id vault.ID, c vault.Change) (vault.Entry, error)
	Delete(id vault.ID) error
	Trash() ([]vault.Entry, error)
	Restore(id vault.ID) (vault.Entry, error)
	Purge(id vault.ID) error
	Resolve(id vault.ID) error
	Refresh() error
	Setting(key string) (string, bool)
	SetSetting(key, value string) error
	Info() (vault.Info, error)
	Locked() bool
	// Interrupt makes a save waiting for another process's lock give up
	// (vault.ErrInterrupted); safe from any goroutine.
	Interrupt()
	// Lock ends the app's use of the vault (for the agent's copy, its
	// handle: see Agent.Lock).
	Lock()
}

var _ Store = (*vault.Vault)(nil)

// Agent is the unlock agent as the app uses it: the app opens straight to
// the list when the agent holds the vault, and its lock (L, auto-lock)
// locks the agent's copy too.
type Agent interface {
	// Held returns the vault at path when the agent holds it unlocked;
	// otherwise (no agent, the vault locked there, another version) an
	// error, and the app asks for the master password as usual.
	Held(path string) (Store, error)
	// Lock has the agent lock the vault at path, if it holds it.
	Lock(path string)
}

// errHeldByAgent refuses what needs the vault itself, not the agent's
// copy.
var errHeldByAgent = errors.New("the agent holds this vault, and only an unlock here can change its master password or key derivation: lock (L), unlock, and try again")

// kdfOf returns the key derivation's parameters of v, and whether they
// were chosen explicitly.
func kdfOf(v Store) (vault.KDFParams, bool) {
	if here, ok := v.(*vault.Vault); ok {
		return here.Params(), here.Explicit()
	}
	in, err := v.Info()
	if err != nil {
		return vault.KDFParams{}, false
	}
	return in.Params, in.Explicit
}
