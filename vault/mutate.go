// This file holds the changes a vault can make; each is saved at once.

package vault

import (
	"fmt"
	"slices"

	"github.com/passtea/passtea/crypto"
)

// NewEntry is an entry to add: its fields and its secret.
type NewEntry struct {
	Fields
	Secret
}

// Add adds an entry and saves the vault. The name must be free
// ([ErrNameTaken]); fields are checked ([ErrInvalid]).
func (v *Vault) Add(f Fields, s Secret) (Entry, error) {
	var added Entry
	err := v.commit(func(t *txn) error {
		e, err := t.add(NewEntry{Fields: f, Secret: s})
		if err != nil {
			return err
		}
		added = e
		moveLastIntoPlace(t.ix.entries)
		return nil
	})
	return added, err
}

// AddMany adds several entries in one save: all of them or none.
func (v *Vault) AddMany(items []NewEntry) error {
	return v.commit(func(t *txn) error {
		for i, it := range items {
			if _, err := t.add(it); err != nil {
				return fmt.Errorf("entry %d (%q): %w", i+1, it.Name, err)
			}
		}
		return nil
	})
}

func (t *txn) add(it NewEntry) (Entry, error) {
	it.Name = NormalizeName(it.Name)
	it.Tags = NormalizeTags(it.Tags)
	if err := validateFields(it.Fields); err != nil {
		return Entry{}, err
	}
	if err := validateSecret(it.Secret); err != nil {
		return Entry{}, err
	}
	if t.nameTaken(it.Name) {
		return Entry{}, fmt.Errorf("%w: %s", ErrNameTaken, it.Name)
	}
	id, err := newID()
	if err != nil {
		return Entry{}, err
	}
	now := t.v.opts.now()
	e := &entry{Entry: Entry{ID: id, Revision: 1, Name: it.Name, Username: it.Username, URL: it.URL, Tags: it.Tags, Created: now, Modified: now}}
	if e.sealed, err = sealSecret(t.hdr.vaultID, t.key, id, 1, it.Secret); err != nil {
		return Entry{}, err
	}
	t.ix.entries = append(t.ix.entries, e)
	t.rename("", e.Name)
	return e.Entry, nil
}

// find returns the position of the first entry that ok accepts, or -1.
func (t *txn) find(ok func(*entry) bool) int {
	return slices.IndexFunc(t.ix.entries, ok)
}

func (t *txn) live(id ID) (int, error) {
	i := t.find(func(e *entry) bool { return e.ID == id })
	if i < 0 || t.ix.entries[i].deleted {
		return -1, ErrNotFound
	}
	return i, nil
}

// Edit changes the entry id and saves the vault. A new password moves the
// previous one into the history (at most [MaxHistory] are kept).
func (v *Vault) Edit(id ID, c Change) (Entry, error) {
	var edited Entry
	err := v.commit(func(t *txn) error {
		i, err := t.live(id)
		if err != nil {
			return err
		}
		old := t.ix.entries[i]
		e := *old
		f := e.fields()
		if c.Name != nil {
			f.Name = *c.Name
		}
		if c.Username != nil {
			f.Username = *c.Username
		}
		if c.URL != nil {
			f.URL = *c.URL
		}
		if c.Tags != nil {
			f.Tags = *c.Tags
		}
		f.Name = NormalizeName(f.Name)
		f.Tags = NormalizeTags(f.Tags)
		if err := validateFields(f); err != nil {
			return err
		}
		if f.Name != old.Name && t.nameTaken(f.Name) {
			return fmt.Errorf("%w: %s", ErrNameTaken, f.Name)
		}
		s, err := t.v.openSecret(t.hdr.vaultID, t.key, old)
		if err != nil {
			return err
		}
		now := t.v.opts.now()
		if c.Password != nil && *c.Password != s.Password {
			if s.Password != "" {
				s.History = append(s.History, OldPassword{Password: s.Password, Replaced: now})
				if n := len(s.History) - MaxHistory; n > 0 {
					s.History = s.History[n:]
				}
				trimHistory(&s)
			}
			s.Password = *c.Password
		}
		if c.Notes != nil {
			s.Notes = *c.Notes
		}
		if err := validateSecret(s); err != nil {
			return err
		}
		e.Name, e.Username, e.URL, e.Tags = f.Name, f.Username, f.URL, f.Tags
		e.Revision++
		e.Modified = now
		if e.sealed, err = sealSecret(t.hdr.vaultID, t.key, e.ID, e.Revision, s); err != nil {
			return err
		}
		t.ix.entries[i] = &e
		t.rename(old.Name, e.Name)
		edited = e.Entry
		return nil
	})
	return edited, err
}

// Delete removes the entry id and saves the vault. A sealed tombstone keeps
// its id so that no fold brings it back.
func (v *Vault) Delete(id ID) error {
	return v.commit(func(t *txn) error {
		i, err := t.live(id)
		if err != nil {
			return err
		}
		old := t.ix.entries[i]
		t.rename(old.Name, "")
		t.ix.entries[i] = &entry{Entry: Entry{ID: id, Revision: old.Revision + 1, Created: old.Created, Modified: t.v.opts.now()}, deleted: true}
		return nil
	})
}

// SetSetting sets a vault-wide setting and saves the vault.
func (v *Vault) SetSetting(key, value string) error {
	if err := validateLine("setting", key, maxSettingLen); err != nil || key == "" {
		return invalid("setting", "the setting name is empty, too long or contains a control character")
	}
	if err := validateLine("setting", value, maxSettingLen); err != nil {
		return err
	}
	return v.commit(func(t *txn) error {
		if _, ok := t.ix.settings[key]; !ok && len(t.ix.settings) >= maxSettings {
			return invalid("setting", "there are more than %d settings", maxSettings)
		}
		t.ix.settings[key] = value
		return nil
	})
}

// Rewrap changes the master password and/or the key-derivation parameters:
// the vault key is wrapped again, no entry is re-encrypted. An old copy of
// the file still opens with the old password; see [Vault.RotateKey].
func (v *Vault) Rewrap(password []byte, kdf KDFSettings) error {
	return v.commit(func(t *txn) error {
		h, err := wrapHeader(t.hdr, t.key, password, kdf)
		t.hdr = h
		return err
	})
}

// RotateKey makes a new random vault key, seals every entry under it and
// wraps it with password and kdf, so that old copies of the file (backups,
// history) reveal nothing written after the rotation.
func (v *Vault) RotateKey(password []byte, kdf KDFSettings) error {
	return v.commit(func(t *txn) error {
		key, err := crypto.NewKey()
		if err != nil {
			return err
		}
		for i, e := range t.ix.entries {
			if e.deleted {
				continue
			}
			s, err := t.v.openSecret(t.hdr.vaultID, t.key, e)
			if err != nil {
				crypto.Wipe(key)
				return err
			}
			c := *e
			if c.sealed, err = sealSecret(t.hdr.vaultID, key, c.ID, c.Revision, s); err != nil {
				crypto.Wipe(key)
				return err
			}
			t.ix.entries[i] = &c
		}
		if t.hdr, err = wrapHeader(t.hdr, key, password, kdf); err != nil {
			crypto.Wipe(key)
			return err
		}
		t.key = key
		return nil
	})
}
