package cli

import "github.com/passtea/passtea/vault"

// store is the vault as the commands use it: a *vault.Vault opened here,
// or (through the agent) one an agent process holds unlocked. Commands
// that change how the vault is opened (passwd, init, recover) need the
// vault itself.
type store interface {
	Path() string
	Entries() ([]vault.Entry, error)
	Trash() ([]vault.Entry, error)
	Get(name string) (vault.Entry, error)
	ByID(id vault.ID) (vault.Entry, error)
	Secret(id vault.ID) (vault.Secret, error)
	Add(it vault.NewEntry) (vault.Entry, error)
	AddMany(items []vault.NewEntry) error
	Apply(b vault.Batch) error
	Edit(id vault.ID, c vault.Change) (vault.Entry, error)
	Delete(id vault.ID) error
	Restore(id vault.ID) (vault.Entry, error)
	Purge(id vault.ID) error
	EmptyTrash() (int, error)
	Copy(id vault.ID, name string) (vault.Entry, error)
	Resolve(id vault.ID) error
	Setting(key string) (string, bool)
	SetSetting(key, value string) error
	Notices() []string
	Info() (vault.Info, error)
	Refresh() error
	Lock()
	Locked() bool
}

var _ store = (*vault.Vault)(nil)
