package vault

import (
	"time"

	"github.com/passtea/passtea/crypto"
)

// Info describes an unlocked vault for `passtea info` and the agent.
type Info struct {
	Path          string
	FormatVersion int
	Params        crypto.KDFParams
	Explicit      bool // the user chose the KDF parameters
	KeyFile       bool // the master password needs a key file
	RecoveryCode  bool // a recovery code opens the vault
	KDFTime       time.Duration
	Created       time.Time
	Modified      time.Time
	Generation    uint64
	Entries       int // live entries
	Trash         int // entries in the trash
	Size          int64
}

// Info returns a description of the vault. It loads every index page.
func (v *Vault) Info() (Info, error) {
	if v.key == nil {
		return Info{}, ErrLocked
	}
	if err := v.loadAll(); err != nil {
		return Info{}, err
	}
	in := Info{Path: v.path, FormatVersion: v.version, Params: v.hdr.params, Explicit: v.Explicit(),
		KeyFile: v.HasKeyFile(), RecoveryCode: v.HasRecoveryCode(), KDFTime: v.kdfTime,
		Created: v.Created(), Modified: v.Modified(), Generation: v.r.generation, Entries: len(v.liveSorted()), Size: v.r.total}
	for _, g := range v.r.groups {
		for _, e := range g.entries {
			if !e.live() && len(e.index) > 0 {
				in.Trash++
			}
		}
	}
	return in, nil
}
