// This file holds saving: the lock, merging in other writers' changes, and
// the atomic, durable write.

package vault

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"
)

// stopFlag lets another goroutine make a pending save give up.
type stopFlag struct{ stopped atomic.Bool }

// Interrupt makes a save that waits for another process's lock give up at
// once with [ErrInterrupted], and the next ones too until [Vault.Resume].
// Unlike everything else on a Vault, it is safe to call from any goroutine:
// the app calls it when the user quits or the vault locks during a save.
func (v *Vault) Interrupt() { v.stop.stopped.Store(true) }

// Resume undoes [Vault.Interrupt].
func (v *Vault) Resume() { v.stop.stopped.Store(false) }

// commit saves one change. Under the vault's lock it merges in what other
// processes saved since this vault last read or wrote the file; then change
// runs on a copy of the state, and the result is written atomically. On an
// error before the new file is in place, nothing in memory changes beyond
// the merged-in state and the file on disk is untouched; if only the final
// directory sync fails, the change is in the file and in memory, and the
// error says it may not be durable.
func (v *Vault) commit(change func(t *txn) error) error {
	return v.withLock(func() error {
		t := v.begin()
		defer t.discard()
		switch err := change(t); {
		case err == errNoChange && !t.r.hasDirty():
			return nil
		case err != nil && err != errNoChange:
			return err
		}
		return v.save(t)
	})
}

// withLock runs fn holding the vault's lock, after merging in what other
// processes saved.
func (v *Vault) withLock(fn func() error) error {
	unlock, err := v.lock()
	if err != nil {
		return err
	}
	defer unlock()
	removeStaleTemps(v.path)
	if err := v.refreshLocked(); err != nil {
		return err
	}
	return fn()
}

// lock takes the vault's lock file, waiting at most [Options.LockTimeout]
// for another process to release it; the function it returns releases it.
func (v *Vault) lock() (unlock func(), err error) {
	if v.key == nil {
		return nil, ErrLocked
	}
	return lockFile(v.path+".lock", v.opts.lockTimeout(), &v.stop)
}

// save writes the state of t as the new vault file and takes it over.
func (v *Vault) save(t *txn) error {
	t.r.generation = max(t.r.generation, v.r.generation) + 1
	t.r.modified = v.opts.now().UnixNano()
	if t.r.created == 0 {
		t.r.created = t.r.modified
	}
	t.r.clock = max(t.r.clock, t.clock.last)
	img, out, err := v.build(t.hdr, t.key, t.r, v.head)
	if err != nil {
		return fmt.Errorf("save vault: %w: nothing was changed", err)
	}
	fsys := v.opts.fsys()
	if err := v.checkBackup(fsys); err != nil {
		return err
	}
	tmp, placed, err := writeReplace(fsys, v.path, img)
	if placed {
		// The new file is in place (even if syncing the directory failed
		// afterwards): memory must follow it.
		v.takeOver(t, img, out, tmp)
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

// takeOver makes the state of a written save the vault's.
func (v *Vault) takeOver(t *txn, img *image, out []sealed, src readFile) {
	old := map[readFile]bool{}
	for _, g := range v.r.groups {
		if g.src != nil {
			old[g.src] = true
		}
	}
	img.place(out, src)
	if !bytes.Equal(t.key, v.key) {
		dropKey(v.key)
		holdKey(t.key)
	}
	v.hdr, v.key, v.r = img.hdr, t.key, t.r
	v.head = sha256.Sum256(img.chunks[0].data)
	v.version = formatVersion
	v.clock = t.clock
	t.key = nil // kept
	// Only the groups this save sealed hold entries that moved.
	for _, s := range out {
		if s.idx != nil {
			for _, e := range s.g.entries {
				v.loc[e.id] = s.g
			}
		}
	}
	if v.r.flags&rootNameClash != 0 || len(v.clashes) > 0 {
		v.reindex()
	}
	v.sorted = nil
	for f := range old {
		if f != src {
			f.Close()
		}
	}
}

// reindex rebuilds the lookups after the state changed.
func (v *Vault) reindex() {
	v.loc = map[ID]*group{}
	all := true
	for _, g := range v.r.groups {
		if g.entries == nil {
			all = false
			continue
		}
		for _, e := range g.entries {
			v.loc[e.id] = g
		}
	}
	if all {
		v.clashes = displayNames(v.r.groups)
	} else {
		v.clashes = nil
	}
	v.sorted = nil
}

// Refresh merges in changes other processes saved since this vault last
// read or wrote the file. A long-running program calls it before showing
// the entries again.
func (v *Vault) Refresh() error {
	unlock, err := v.lock()
	if err != nil {
		return err
	}
	defer unlock()
	return v.refreshLocked()
}

// refreshLocked is Refresh with the lock held.
func (v *Vault) refreshLocked() error {
	fsys := v.opts.fsys()
	src, err := fsys.Open(v.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // removed behind our back: the save writes it again
	}
	if err != nil {
		return fmt.Errorf("read vault: %w", err)
	}
	head := make([]byte, headerSize)
	n, _ := src.ReadAt(head, 0)
	if n == headerSize && sha256.Sum256(head) == v.head {
		src.Close()
		return nil // the file this vault last read or wrote
	}
	f, err := readHeader(v.path, src, v.opts)
	if err != nil {
		src.Close()
		return withPath(fsys, v.path, err)
	}
	o, err := v.openCopy(f)
	if err != nil {
		src.Close()
		return err
	}
	if o.r.generation < v.r.generation {
		v.notice("%s was replaced by an older copy (saved %d times, this session had seen %d): its entries were merged with this session's, keeping the newer master password and key derivation",
			v.path, o.r.generation, v.r.generation)
	}
	if _, err := v.mergeIn(o); err != nil {
		return err
	}
	v.r.prevHeader = o.r.prevHeader // the file a save moves to the backup names its own predecessor
	v.head = sha256.Sum256(head[:n])
	v.version = f.version
	return nil
}

// openCopy opens another file of this vault with this vault's key: the
// file on disk, saved by another process.
func (v *Vault) openCopy(f *File) (*Vault, error) {
	o := f.newVault()
	o.key = v.key
	if f.v1 != nil {
		if err := o.openV1Key(f); err != nil {
			return nil, conflictOrDamage(v.path, err)
		}
	} else {
		r, err := openRoot(f.src, f.size, &f.hdr, v.key)
		if err != nil {
			return nil, conflictOrDamage(v.path, err)
		}
		o.hdr, o.r, o.head = f.hdr, r, f.head
		f.src = nil
	}
	if o.r.vaultID != v.r.vaultID {
		return nil, &conflictError{fmt.Sprintf("%s was replaced by another vault file: unlock it again", v.path)}
	}
	return o, nil
}

// conflictOrDamage says why a file of this vault did not open with its
// key: another process changed the key (a conflict), or it is damaged.
func conflictOrDamage(path string, err error) error {
	if errors.Is(err, ErrDamaged) {
		return &conflictError{fmt.Sprintf("%s no longer opens with this session's key (another passtea process changed the key, or the file is damaged): unlock it again", path)}
	}
	return err
}

// mergeIn merges o (another copy of this vault) into the vault's state in
// memory: entries, settings, key slots.
func (v *Vault) mergeIn(o *Vault) (MergeReport, error) {
	r, key, rep, err := v.mergeState(o)
	if err != nil {
		return rep, err
	}
	h := v.hdr
	switch {
	case !bytes.Equal(key, v.key):
		h = o.hdr // the other copy's newer key, and its slots
	default:
		if o.r.pwStamp > v.r.pwStamp {
			h.params, h.salt, h.pwSlot = o.hdr.params, o.hdr.salt, o.hdr.pwSlot
			r.pwStamp = o.r.pwStamp
			r.flags = r.flags&^(rootExplicitKDF|rootKeyFile) | o.r.flags&(rootExplicitKDF|rootKeyFile)
		}
		if o.r.recStamp > v.r.recStamp {
			h.recSalt, h.recSlot = o.hdr.recSalt, o.hdr.recSlot
			r.recStamp = o.r.recStamp
			r.flags = r.flags&^rootRecovery | o.r.flags&rootRecovery
		}
	}
	if !bytes.Equal(key, v.key) {
		// The other copy's key, copied: locking the copy must not wipe it.
		key = bytes.Clone(key)
		dropKey(v.key)
		holdKey(key)
	}
	v.hdr, v.key, v.r = h, key, r
	v.clock.see(r.clock)
	if r.flags&rootNameClash != 0 || nameClash(r.groups) {
		r.flags |= rootNameClash
		if err := v.loadAll(); err != nil {
			return rep, err
		}
	}
	v.reindex()
	return rep, nil
}

// writeReplace writes img to a temporary file beside path and replaces
// path with it atomically and durably, keeping the previous file as
// path.bak: write and sync the temporary file, hard-link the current file
// to the backup's name, rename the temporary file over path, sync the
// directory. A crash at any point leaves either the old or the new file at
// path, never a mix. It returns the new file, open for reading.
//
// placed reports whether the new file is at path (even if an error came
// after, from the directory sync).
func writeReplace(fsys fileSystem, path string, img *image) (tmp tempFile, placed bool, err error) {
	tmp, err = writeTemp(fsys, path, img)
	if err != nil {
		return nil, false, err
	}
	if err := backup(fsys, path); err != nil {
		tmp.Close()
		fsys.Remove(tmp.Name())
		return nil, false, fmt.Errorf("keep backup: %w", err)
	}
	if err := fsys.Rename(tmp.Name(), path); err != nil {
		tmp.Close()
		fsys.Remove(tmp.Name())
		return nil, false, err
	}
	return tmp, true, fsys.SyncDir(filepath.Dir(path))
}

// writeTemp writes img to a new temporary file beside path, syncs it and
// checks its size. On error the temporary file is gone.
func writeTemp(fsys fileSystem, path string, img *image) (tempFile, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := fsys.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("create a temporary file in %s: %w", dir, unwrapPath(err))
	}
	err = img.writeTo(f)
	if err == nil {
		err = f.Sync()
	}
	if err == nil {
		var fi fs.FileInfo
		if fi, err = f.Stat(); err == nil && fi.Size() != img.total {
			err = fmt.Errorf("wrote %d bytes of %d", fi.Size(), img.total)
		}
	}
	if err != nil {
		f.Close()
		fsys.Remove(f.Name())
		return nil, fmt.Errorf("write the new vault file: %w", unwrapPath(err))
	}
	return f, nil
}

// unwrapPath drops the temporary file's name from an *fs.PathError: it
// means nothing to the user.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// writeNew writes img as a new file at path durably, refusing to replace
// one, and returns it open for reading.
func writeNew(fsys fileSystem, path string, img *image) (tempFile, error) {
	tmp, err := writeTemp(fsys, path, img)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (tempFile, error) {
		tmp.Close()
		fsys.Remove(tmp.Name())
		return nil, err
	}
	// A link cannot replace an existing file, so two processes creating
	// one vault cannot both succeed. Where links are not supported, a rename
	// after a check is the fallback (with a tiny window for that race).
	if err := fsys.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fail(fmt.Errorf("%w: %s", ErrExists, path))
		}
		if _, serr := fsys.Stat(path); serr == nil {
			return fail(fmt.Errorf("%w: %s", ErrExists, path))
		}
		if err := fsys.Rename(tmp.Name(), path); err != nil {
			return fail(err)
		}
	} else if err := fsys.Remove(tmp.Name()); err != nil {
		return fail(err)
	}
	return tmp, fsys.SyncDir(filepath.Dir(path))
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
		name, werr := writeCopy(fsys, path+".bak", old)
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

// writeCopy writes data to a new synced temporary file beside path.
func writeCopy(fsys fileSystem, path string, data []byte) (string, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := fsys.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return "", err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fsys.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
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
