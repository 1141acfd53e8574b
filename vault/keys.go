// This file holds creating a vault and everything that changes how it is
// opened: the master password and key file, the KDF parameters, the
// recovery code and the vault key.

package vault

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/passtea/passtea/crypto"
)

// NewVault describes a vault to create.
type NewVault struct {
	Credentials
	KDF KDFSettings
	// RecoveryCode makes a recovery code, returned by [Create].
	RecoveryCode bool
	// MoveBackup lets Create go on where a VAULT.bak exists without a
	// vault: the backup is moved aside to VAULT.bak.TIME (a notice says
	// where). Without it, Create refuses ([ErrBackupExists]).
	MoveBackup bool
}

// Create makes a new vault at path with a fresh random vault key, wrapped
// under the credentials (and a recovery code when asked: it is returned,
// to be shown once, and never stored). It refuses to replace an existing
// file ([ErrExists]) and creates the directory (mode 0700) if needed.
func Create(path string, nv NewVault, opts *Options) (*Vault, string, error) {
	if err := nv.KDF.Params.Validate(); err != nil {
		return nil, "", fmt.Errorf("create vault: %w", err)
	}
	fsys := opts.fsys()
	if _, err := fsys.Stat(path); err == nil {
		return nil, "", fmt.Errorf("%w: %s", ErrExists, path)
	}
	v := &Vault{path: path, opts: opts, version: formatVersion, loc: map[ID]*group{}}
	v.clock.now = opts.now
	if _, err := fsys.Stat(path + ".bak"); err == nil {
		if !nv.MoveBackup {
			return nil, "", &BackupExistsError{Path: path}
		}
		aside := path + ".bak." + opts.now().Format("20060102-150405")
		if err := fsys.Rename(path+".bak", aside); err != nil {
			return nil, "", fmt.Errorf("create vault: move the old backup aside: %w", err)
		}
		v.notice("the backup %s.bak of an earlier vault was moved to %s", path, aside)
	}
	if err := fsys.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, "", fmt.Errorf("create vault: %w", err)
	}
	v.r = &root{settings: map[string]setting{}}
	if _, err := rand.Read(v.r.vaultID[:]); err != nil {
		return nil, "", fmt.Errorf("create vault: %w", err)
	}
	key, err := crypto.NewKey()
	if err != nil {
		return nil, "", fmt.Errorf("create vault: %w", err)
	}
	v.key = key
	t := v.begin()
	now := t.stamp()
	t.r.keyStamp = now
	if err := t.setPassword(nv.Credentials, nv.KDF, now); err != nil {
		crypto.Wipe(key)
		return nil, "", fmt.Errorf("create vault: %w", err)
	}
	code, err := t.setRecovery(nv.RecoveryCode, now)
	if err != nil {
		crypto.Wipe(key)
		return nil, "", fmt.Errorf("create vault: %w", err)
	}
	t.r.generation = 1
	t.r.created = opts.now().UnixNano()
	t.r.modified = t.r.created
	t.r.clock = t.clock.last
	img, out, err := v.build(t.hdr, t.key, t.r, [32]byte{})
	if err == nil {
		var src tempFile
		if src, err = writeNew(fsys, path, img); src != nil {
			v.takeOver(t, img, out, src)
		}
	}
	if err != nil {
		crypto.Wipe(key)
		return nil, "", fmt.Errorf("create vault: %w", err)
	}
	holdKey(key)
	return v, code, nil
}

// setPassword wraps the transaction's key under the credentials with new
// KDF settings.
func (t *txn) setPassword(c Credentials, kdf KDFSettings, stamp uint64) error {
	if len(c.KeyFile) != 0 && len(c.KeyFile) != crypto.KeySize {
		return fmt.Errorf("a key file's key is %d bytes, want %d", len(c.KeyFile), crypto.KeySize)
	}
	if err := t.hdr.sealPasswordSlot(t.key, c, kdf.Params); err != nil {
		return err
	}
	t.r.pwStamp = stamp
	t.r.flags &^= rootExplicitKDF | rootKeyFile
	if kdf.Explicit {
		t.r.flags |= rootExplicitKDF
		t.r.floor = kdf.Params // the user's choice sets the floor
	} else {
		t.r.floor = t.r.floor.Max(kdf.Params)
	}
	if c.KeyFile != nil {
		t.r.flags |= rootKeyFile
	}
	return nil
}

// setRecovery makes a new recovery code (returned, formatted) or, when
// want is false, fills the recovery slot with random bytes.
func (t *txn) setRecovery(want bool, stamp uint64) (string, error) {
	t.r.recStamp = stamp
	t.r.flags &^= rootRecovery
	if !want {
		return "", t.hdr.sealRecoverySlot(t.key, nil)
	}
	code, err := newRecoveryCode()
	if err != nil {
		return "", err
	}
	defer crypto.Wipe(code)
	if err := t.hdr.sealRecoverySlot(t.key, code); err != nil {
		return "", err
	}
	t.r.flags |= rootRecovery
	return formatRecoveryCode(code), nil
}

// Rewrap changes the master password, the key file and/or the KDF
// parameters: the vault key is wrapped again in the password slot, and no
// entry is re-encrypted (nor the recovery slot touched). An old copy of
// the file still opens with the old password; see [Vault.RotateKey].
func (v *Vault) Rewrap(c Credentials, kdf KDFSettings) error {
	return v.commit(func(t *txn) error {
		return t.setPassword(c, kdf, t.stamp())
	})
}

// UpgradeKDF strengthens the key derivation of a vault whose parameters
// follow the defaults (see [KDFSettings]) and are weaker than the current
// defaults in any field, or of any vault whose parameters fell below its
// KDF floor (a merge with a copy that had stronger ones): it rewraps the
// vault key with the field-by-field maximum, so no parameter ever goes
// down. It returns nil and no error when there is nothing to do, and the
// upgrade made otherwise.
//
// Reading never writes: front ends call UpgradeKDF after an unlock when
// they are about to change the vault anyway (the commands that write) or
// start a session (the app); see FORMAT.md, "Writing". It costs a key
// derivation with the new parameters.
func (v *Vault) UpgradeKDF(c Credentials) (*Upgrade, error) {
	if v.key == nil {
		return nil, ErrLocked
	}
	from := v.hdr.params
	want := from.Max(v.r.floor)
	if !v.Explicit() {
		want = want.Max(v.opts.defaults())
	}
	if want == from {
		return nil, nil
	}
	if err := v.Rewrap(c, KDFSettings{Params: want, Explicit: v.Explicit()}); err != nil {
		return nil, fmt.Errorf("strengthen the key derivation: %w", err)
	}
	return &Upgrade{From: from, To: want}, nil
}

// Upgrade describes a strengthening of the key-derivation parameters made
// by [Vault.UpgradeKDF].
type Upgrade struct {
	From, To crypto.KDFParams
}

// NewRecoveryCode replaces the recovery code (or makes the first) and
// returns it, to be shown once: the old one no longer opens the vault.
func (v *Vault) NewRecoveryCode() (string, error) {
	var code string
	err := v.commit(func(t *txn) error {
		var err error
		code, err = t.setRecovery(true, t.stamp())
		return err
	})
	return code, err
}

// RemoveRecoveryCode makes the recovery code useless.
func (v *Vault) RemoveRecoveryCode() error {
	return v.commit(func(t *txn) error {
		_, err := t.setRecovery(false, t.stamp())
		return err
	})
}

// Reset sets a new master password on a vault opened with its recovery
// code ([File.Recover]) and replaces the code, in one save: the code that
// was used no longer works. It returns the new code.
func (v *Vault) Reset(c Credentials, kdf KDFSettings) (string, error) {
	var code string
	err := v.commit(func(t *txn) error {
		s := t.stamp()
		if err := t.setPassword(c, kdf, s); err != nil {
			return err
		}
		var err error
		code, err = t.setRecovery(true, s)
		return err
	})
	if err == nil {
		v.recovered = false
	}
	return code, err
}

// RotateKey makes a new random vault key, seals every page under it, and
// wraps it with the credentials and KDF settings; a vault that had a
// recovery code gets a new one (returned). Old copies of the file (backups,
// history) then reveal nothing written after the rotation.
func (v *Vault) RotateKey(c Credentials, kdf KDFSettings) (string, error) {
	if err := v.loadAll(); err != nil {
		return "", err
	}
	var code string
	err := v.commit(func(t *txn) error {
		if err := v.loadAll(); err != nil {
			return err
		}
		key, err := crypto.NewKey()
		if err != nil {
			return err
		}
		t.key = key
		// Every entry carries its secret in plain to be sealed anew.
		for i := range t.r.groups {
			g, err := t.own(i)
			if err != nil {
				return err
			}
			for j, e := range g.entries {
				ws, err := v.writesOf(e)
				if err != nil {
					return err
				}
				n, _ := newEntry(e.id, e.created, e.deleted, e.purged, e.resolved, ws)
				t.made = append(t.made, n)
				g.entries[j] = n
			}
		}
		s := t.stamp()
		t.r.keyStamp = s
		if err := t.setPassword(c, kdf, s); err != nil {
			return err
		}
		code, err = t.setRecovery(v.HasRecoveryCode(), s)
		return err
	})
	return code, err
}

// Merge folds another copy of this vault (the same vault id; see
// [OpenCopy]) into this one and saves the result (FORMAT.md, "Merging").
func (v *Vault) Merge(other *Vault) (MergeReport, error) {
	var rep MergeReport
	err := v.withLock(func() error {
		var err error
		if rep, err = v.mergeIn(other); err != nil {
			return err
		}
		t := v.begin()
		defer t.discard()
		return v.save(t)
	})
	return rep, err
}

// OpenCopy opens another copy of this vault (a file from another machine,
// a backup, a file-sync conflict copy) for [Vault.Merge]: with this
// vault's key when the copy has the same one, else with c (nil: refuse
// with [ErrWrongPassword], so the caller can ask for the copy's password).
// Lock the copy when done with it: that wipes its key, not this vault's.
func (v *Vault) OpenCopy(path string, c *Credentials) (*Vault, error) {
	if v.key == nil {
		return nil, ErrLocked
	}
	f, err := ReadFile(path, v.opts)
	if err != nil {
		return nil, err
	}
	o, err := v.openCopy(f)
	switch {
	case err == nil:
		// Its own copy of the key: locking the copy must not wipe this
		// vault's key.
		o.key = bytes.Clone(o.key)
		holdKey(o.key)
		return o, nil
	case !errors.Is(err, ErrConflict) || c == nil:
		f.Close()
		if errors.Is(err, ErrConflict) {
			return nil, fmt.Errorf("%s has another vault key (a key rotation): %w", path, ErrWrongPassword)
		}
		return nil, err
	}
	o, err = f.Unlock(*c)
	if err != nil {
		f.Close()
		return nil, err
	}
	if o.r.vaultID != v.r.vaultID {
		o.Lock()
		return nil, fmt.Errorf("%s: %w", path, ErrOtherVault)
	}
	return o, nil
}

// BackupExistsError is returned by [Create] where a backup exists without
// a vault: the backup may be the only copy of a vault.
type BackupExistsError struct{ Path string }

func (e *BackupExistsError) Error() string {
	return fmt.Sprintf("%s does not exist, but its backup %s.bak does: restore it with `mv %s.bak %s`, or create a new vault anyway with --force (the backup is then moved aside)", e.Path, e.Path, e.Path, e.Path)
}

// Unwrap makes errors.Is(err, ErrBackupExists) true.
func (e *BackupExistsError) Unwrap() error { return ErrBackupExists }
