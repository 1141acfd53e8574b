// This file holds saving: the lock, folding in other writers' changes, and
// the atomic, durable write.

package vault

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/passtea/passtea/crypto"
)

// txn is one change being prepared: a copy of the state to modify.
type txn struct {
	v     *Vault
	hdr   header
	key   []byte
	ix    *index
	names map[string]bool // names this transaction took (true) or freed (false)
}

// nameTaken reports whether a live entry is called name: the vault's
// lookup (which matches the state the transaction started from) with the
// transaction's own changes on top.
func (t *txn) nameTaken(name string) bool {
	if taken, ok := t.names[name]; ok {
		return taken
	}
	_, ok := t.v.findName(name)
	return ok
}

// rename records that a live name changed (old "" for a new entry, new ""
// for a deletion).
func (t *txn) rename(old, new string) {
	if t.names == nil {
		t.names = make(map[string]bool)
	}
	if old != "" {
		t.names[old] = false
	}
	if new != "" {
		t.names[new] = true
	}
}

// commit saves one change. Under the vault's lock it reads the file; if
// another process changed it since this vault last read or wrote it, its
// changes are folded in first. Then change runs on a copy of the state, and
// the result is written atomically. On an error before the new file is in
// place, nothing in memory changes beyond the folded-in state and the file
// on disk is untouched; if only the final directory sync fails, the change
// is in the file and in memory, and the error says it may not be durable.
func (v *Vault) commit(change func(t *txn) error) error {
	if v.key == nil {
		return ErrLocked
	}
	unlock, err := lockFile(v.path + ".lock")
	if err != nil {
		return err
	}
	defer unlock()
	removeStaleTemps(v.path)
	if err := v.refreshLocked(); err != nil {
		return err
	}
	t := &txn{v: v, hdr: v.hdr, key: v.key, ix: v.ix.clone()}
	defer func() {
		if !bytes.Equal(t.key, v.key) {
			crypto.Wipe(t.key) // a rotated key that never reached the disk
		}
	}()
	if err := change(t); err != nil {
		return err
	}
	t.ix.modified = v.opts.now()
	raw, sum, err := v.encode(t.hdr, t.key, t.ix)
	if err != nil {
		return fmt.Errorf("save vault: %w", err)
	}
	// Never write what could not be read back.
	if err := checkLayout(raw); err != nil {
		return fmt.Errorf("save vault: refusing to write a file that would not open (%v): nothing was changed", err)
	}
	placed, err := writeReplace(v.opts.fsys(), v.path, raw)
	if placed {
		// The new file is in place (even if syncing the directory failed
		// afterwards): memory must follow it.
		if !bytes.Equal(t.key, v.key) {
			crypto.Wipe(v.key)
		}
		v.hdr, v.key, v.ix, v.sum = t.hdr, t.key, t.ix, sum
		v.reindex()
	}
	switch {
	case err == nil:
		return nil
	case placed:
		return fmt.Errorf("save vault: saved, but it may not survive a crash: %w", err)
	default:
		return fmt.Errorf("save vault: %w", err)
	}
}

// Refresh folds in changes other processes saved since this vault last
// read or wrote the file. A long-running program calls it before showing
// the entries again.
func (v *Vault) Refresh() error {
	if v.key == nil {
		return ErrLocked
	}
	unlock, err := lockFile(v.path + ".lock")
	if err != nil {
		return err
	}
	defer unlock()
	return v.refreshLocked()
}

// refreshLocked is Refresh with the lock held.
func (v *Vault) refreshLocked() error {
	fsys := v.opts.fsys()
	// The trailer is a SHA-256 of the whole file: if it is unchanged, so is
	// the file, and there is nothing to read.
	tail, err := fsys.Tail(v.path, trailerSize)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // removed behind our back: the save writes it again
	}
	if err != nil {
		return fmt.Errorf("read vault: %w", err)
	}
	if bytes.Equal(tail, v.sum[:]) {
		return nil
	}
	if err := checkSize(fsys, v.path); err != nil {
		return withPath(fsys, v.path, err)
	}
	raw, err := fsys.ReadFile(v.path)
	if err != nil {
		return fmt.Errorf("read vault: %w", err)
	}
	sf, err := parseFile(raw)
	if err != nil {
		return withPath(fsys, v.path, err)
	}
	if sf.header.vaultID != v.hdr.vaultID {
		return &conflictError{fmt.Sprintf("%s was replaced by another vault file: unlock it again", v.path)}
	}
	disk, _, err := openIndex(sf, v.key)
	if err != nil {
		if sf.header.wrapped != v.hdr.wrapped {
			return ErrConflict
		}
		return withPath(fsys, v.path, err)
	}
	folded, err := v.fold(v.ix, disk)
	if err != nil {
		return err
	}
	v.hdr, v.ix, v.sum = sf.header, folded, sf.sum
	v.reindex()
	return nil
}

// encode lays out the whole file for h, key and ix and returns it with its
// checksum. It writes the index straight into the file's buffer and seals it
// there: one allocation the size of the file (a fresh process pays for every
// megabyte it touches).
func (v *Vault) encode(h header, key []byte, ix *index) ([]byte, [sha256.Size]byte, error) {
	sortEntries(ix.entries)
	live, recSize := 0, 4
	for _, e := range ix.entries {
		if !e.deleted {
			live++
			recSize += recordHead + len(e.sealed)
		}
	}
	ix.recordsHash = hashRecords(live, liveRecords(ix.entries))
	hb := h.marshal()
	e := encoder{b: make([]byte, 0, len(hb)+4+crypto.Overhead+ix.size()+recSize+trailerSize)}
	e.raw(hb)
	e.u32(0) // the sealed index's length, filled in below
	start := len(e.b)
	e.b = e.b[:start+crypto.NonceSize]
	ix.marshalTo(&e)
	sealed, err := crypto.SealInPlace(key, indexAAD(hb), e.b[start:])
	if err != nil {
		crypto.Wipe(e.b[start:])
		return nil, [sha256.Size]byte{}, err
	}
	if len(sealed) > maxIndexLen {
		return nil, [sha256.Size]byte{}, invalid("entry", "the vault would be larger than passtea can read back (%d MiB of names and fields)", maxIndexLen>>20)
	}
	e.b = append(e.b[:start], sealed...) // a no-op copy when sealed in place
	binary.BigEndian.PutUint32(e.b[start-4:], uint32(len(sealed)))
	e.u32(uint32(live))
	for r := range liveRecords(ix.entries) {
		e.raw(r.id[:])
		e.u64(r.revision)
		e.u32(uint32(len(r.sealed)))
		e.raw(r.sealed)
	}
	sum := sha256.Sum256(e.b)
	e.raw(sum[:])
	return e.b, sum, nil
}

// liveRecords yields the records of the live entries, in order.
func liveRecords(entries []*entry) iter.Seq[record] {
	return func(yield func(record) bool) {
		for _, e := range entries {
			if !e.deleted && !yield(record{id: e.ID, revision: e.Revision, sealed: e.sealed}) {
				return
			}
		}
	}
}

// writeTemp writes data to a new temporary file beside path and syncs it.
// On error the temporary file is gone.
func writeTemp(fsys fileSystem, path string, data []byte) (string, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := fsys.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return "", err
	}
	name := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fsys.Remove(name)
		return "", err
	}
	return name, nil
}

// writeNew writes a new file at path durably, refusing to replace one.
func writeNew(fsys fileSystem, path string, data []byte) error {
	tmp, err := writeTemp(fsys, path, data)
	if err != nil {
		return err
	}
	defer fsys.Remove(tmp)
	// A link cannot replace an existing file, so two processes creating
	// one vault cannot both succeed. Where links are not supported, a rename
	// after a check is the fallback (with a tiny window for that race).
	if err := fsys.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%w: %s", ErrExists, path)
		}
		if _, serr := fsys.Stat(path); serr == nil {
			return fmt.Errorf("%w: %s", ErrExists, path)
		}
		if err := fsys.Rename(tmp, path); err != nil {
			return err
		}
	} else if err := fsys.Remove(tmp); err != nil {
		return err
	}
	return fsys.SyncDir(filepath.Dir(path))
}

// writeReplace replaces path with data atomically and durably, keeping the
// previous file as path.bak: write and sync a temporary file, hard-link the
// current file to the backup's name, rename the temporary file over path,
// sync the directory. A crash at any point leaves either the old or the new
// file at path, never a mix.
//
// placed reports whether the new file is at path (even if an error came
// after, from the directory sync).
func writeReplace(fsys fileSystem, path string, data []byte) (placed bool, err error) {
	tmp, err := writeTemp(fsys, path, data)
	if err != nil {
		return false, err
	}
	if err := backup(fsys, path); err != nil {
		fsys.Remove(tmp)
		return false, fmt.Errorf("keep backup: %w", err)
	}
	if err := fsys.Rename(tmp, path); err != nil {
		fsys.Remove(tmp)
		return false, err
	}
	return true, fsys.SyncDir(filepath.Dir(path))
}

// backup makes path.bak the current file at path, atomically: a link (or,
// where links are not supported, a copy) under a temporary name renamed
// over the old backup.
func backup(fsys fileSystem, path string) error {
	bakTmp := path + ".bak.tmp"
	fsys.Remove(bakTmp)
	err := fsys.Link(path, bakTmp)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // no current file to keep
	}
	if err != nil {
		old, rerr := fsys.ReadFile(path)
		if rerr != nil {
			return rerr
		}
		name, werr := writeTemp(fsys, path+".bak", old)
		if werr != nil {
			return werr
		}
		bakTmp = name
	}
	if err := fsys.Rename(bakTmp, path+".bak"); err != nil {
		fsys.Remove(bakTmp)
		return err
	}
	// When the two names already were one file (a save that failed at its
	// last rename leaves the vault and its backup linked), the rename did
	// nothing and the temporary name is still there.
	fsys.Remove(bakTmp)
	return nil
}

// clone copies the index so a transaction can change it; entries are
// shared, as they are never changed in place.
func (ix *index) clone() *index {
	c := *ix
	c.entries = append([]*entry(nil), ix.entries...)
	c.settings = make(map[string]string, len(ix.settings))
	for k, s := range ix.settings {
		c.settings[k] = s
	}
	return &c
}

// sortEntries puts live entries in name order, then tombstones by id, so
// that opening needs no sort. New entries are appended at the end, so the
// slice is nearly sorted and pdqsort's pattern detection keeps this cheap.
func sortEntries(entries []*entry) {
	if !slices.IsSortedFunc(entries, entryOrder) {
		slices.SortStableFunc(entries, entryOrder)
	}
}

// entryOrder is the order of entries in a file: live entries by name, then
// tombstones by id.
func entryOrder(a, b *entry) int {
	if a.deleted != b.deleted {
		if a.deleted {
			return 1
		}
		return -1
	}
	if a.deleted {
		return bytes.Compare(a.ID[:], b.ID[:])
	}
	return CompareNames(a.Name, b.Name)
}

// moveLastIntoPlace moves the last entry to its place in an otherwise
// sorted slice, so that adding one entry to a large vault needs no sort.
func moveLastIntoPlace(entries []*entry) {
	n := len(entries) - 1
	if n < 1 {
		return
	}
	last := entries[n]
	i, _ := slices.BinarySearchFunc(entries[:n], last, entryOrder)
	copy(entries[i+1:], entries[i:n])
	entries[i] = last
}

// removeStaleTemps deletes the temporary files of saves that were killed
// between writing and renaming: whole sealed copies of an older vault, which
// should not outlive a key rotation. Only files older than a minute go, so a
// Create in progress (which does not take the lock) is never disturbed.
func removeStaleTemps(path string) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, "."+base+".tmp-") && !strings.HasPrefix(name, "."+base+".bak.tmp-") {
			continue
		}
		if fi, err := e.Info(); err == nil && fi.Mode().IsRegular() && time.Since(fi.ModTime()) > time.Minute {
			os.Remove(filepath.Join(dir, name))
		}
	}
}

// conflictError is an [ErrConflict] with its own message.
type conflictError struct{ msg string }

func (e *conflictError) Error() string { return e.msg }

// Unwrap makes errors.Is(err, ErrConflict) true.
func (e *conflictError) Unwrap() error { return ErrConflict }
