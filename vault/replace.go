// This file holds what tools that move vault files between machines (git,
// in passtea sync) need beside Merge: replacing the file with another copy
// under the writers' lock, and a merge that changes nothing.

package vault

import (
	"bytes"
	"fmt"
	"path/filepath"
)

// ReplaceFile replaces the vault file at path with data, another copy of
// the vault that already holds every change of the file (a copy that was
// merged from it, as when passtea sync fast-forwards to what another
// machine pushed), if the file still holds old byte for byte. It takes the
// lock every writer holds while it saves, so that a save in progress is
// never overwritten, and replaces the file as a save does (atomically and
// durably, keeping the previous file as path.bak). It reports whether it
// replaced the file: false means another process saved since old was read,
// and nothing changed.
//
// Only the first bytes of data are checked (that it is a vault file this
// version reads); opening it needs the key.
func ReplaceFile(path string, old, data []byte, opts *Options) (bool, error) {
	if err := checkCopy(data); err != nil {
		return false, err
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	unlock, err := lockFile(path+".lock", opts.lockTimeout(), &stopFlag{})
	if err != nil {
		return false, err
	}
	defer unlock()
	fsys := opts.fsys()
	cur, err := fsys.ReadFile(path)
	if err != nil {
		return false, fmt.Errorf("read vault: %w", unwrapPath(err))
	}
	if !bytes.Equal(cur, old) {
		return false, nil
	}
	tmp, err := writeCopy(fsys, path, data)
	if err != nil {
		return false, fmt.Errorf("write the new vault file: %w", unwrapPath(err))
	}
	if err := backup(fsys, path); err != nil {
		fsys.Remove(tmp)
		return false, fmt.Errorf("keep backup: %w", err)
	}
	if err := fsys.Rename(tmp, path); err != nil {
		fsys.Remove(tmp)
		return false, fmt.Errorf("replace the vault file: %w", unwrapPath(err))
	}
	return true, fsys.SyncDir(filepath.Dir(path))
}

// checkCopy checks that data starts as a vault file this version reads.
func checkCopy(data []byte) error {
	version, err := checkVersion(data[:min(len(data), headerSize)])
	if err != nil {
		return err
	}
	if version == 1 {
		_, err = parseFile(data)
		return err
	}
	if len(data) < minFileSize || len(data) > maxFileSize {
		return damaged("%d bytes is not the size of a vault file", len(data))
	}
	_, err = parseHeader(data[:headerSize])
	return err
}

// MergePreview reports what [Vault.Merge] would change in this vault,
// as the vault is in memory, without changing it or its file.
func (v *Vault) MergePreview(other *Vault) (MergeReport, error) {
	if v.key == nil {
		return MergeReport{}, ErrLocked
	}
	_, _, rep, err := v.mergeState(other)
	return rep, err
}
