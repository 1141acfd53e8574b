// This file holds the check that keeps VAULT.bak: a save replaces it only
// with an older copy of the same vault (FORMAT.md, "Backups").

package vault

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
)

// ErrForeignBackup means VAULT.bak is not an older copy of this vault, so a
// save that would replace it was refused.
var ErrForeignBackup = errors.New("the backup belongs to another vault")

// checkBackup refuses a save that would replace path.bak when it is not an
// older copy of this vault: either the file the vault file replaced (the
// root of the file on disk names it), or a file that opens with this
// vault's key and has its id.
func (v *Vault) checkBackup(fsys fileSystem) error {
	if _, err := fsys.Stat(v.path); err != nil {
		return nil // no current file: the backup stays as it is
	}
	bak := v.path + ".bak"
	src, err := fsys.Open(bak)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("check the backup %s: %w", bak, err)
	}
	defer src.Close()
	head := make([]byte, headerSize)
	if n, _ := src.ReadAt(head, 0); n == headerSize && sha256.Sum256(head) == v.r.prevHeader {
		return nil
	}
	if f, err := readHeader(bak, src, v.opts); err == nil {
		if f.v1 != nil && f.v1.vaultID == v.r.vaultID {
			return nil
		}
		if f.v1 == nil {
			if r, err := openRoot(src, f.size, &f.hdr, v.key); err == nil && r.vaultID == v.r.vaultID {
				return nil
			}
		}
	}
	return fmt.Errorf("save vault: %w: %s is not an older copy of %s; move it elsewhere to save (nothing was changed)", ErrForeignBackup, bak, v.path)
}
