// This file holds the conflict copies that file-sync tools leave beside a
// vault when two machines changed it before syncing: they are merged in
// and moved aside, never deleted.

package vault

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// ConflictsDir is the folder beside the vault where merged conflict copies
// are moved.
const ConflictsDir = "conflicts"

// ConflictCopies returns the conflict copies of the vault at path that
// Syncthing ("vault.sync-conflict-20240102-030405-ABCDEFG.passtea"),
// Dropbox and Nextcloud ("vault (conflicted copy 2024-01-02 030405).passtea",
// "vault (Ann's conflicted copy 2024-01-02).passtea") and ownCloud
// ("vault_conflict-20240102-030405.passtea") leave beside it, sorted.
func ConflictCopies(path string) ([]string, error) {
	dir, name := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	ext := filepath.Ext(name)
	stem := regexp.QuoteMeta(strings.TrimSuffix(name, ext))
	qext := regexp.QuoteMeta(ext)
	re := regexp.MustCompile(`^` + stem + `(\.sync-conflict-[0-9]{8}-[0-9]{6}-[A-Z0-9]+` +
		`| \([^()/]*conflicted copy[^()/]*\)` +
		`|_conflict-[0-9]{8}-[0-9]{6})` + qext + `$`)
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("look for conflict copies: %w", err)
	}
	var out []string
	for _, de := range des {
		if de.Type().IsRegular() && re.MatchString(de.Name()) {
			out = append(out, filepath.Join(dir, de.Name()))
		}
	}
	slices.Sort(out)
	return out, nil
}

// MergeConflictCopies merges every conflict copy of the vault (see
// [ConflictCopies]) that opens with this vault's key into it, saves, and
// moves each merged copy into the conflicts folder beside the vault,
// saying so in [Vault.Notices]. A copy that needs another password (its
// key was rotated) or is not a copy of this vault stays where it is, with
// a notice. Front ends call it after an unlock, as they call UpgradeKDF.
func (v *Vault) MergeConflictCopies() (MergeReport, error) {
	var total MergeReport
	copies, err := ConflictCopies(v.path)
	if err != nil || len(copies) == 0 {
		return total, err
	}
	for _, c := range copies {
		o, err := v.OpenCopy(c, nil)
		if err != nil {
			if errors.Is(err, ErrWrongPassword) || errors.Is(err, ErrOtherVault) || errors.Is(err, ErrDamaged) || errors.Is(err, ErrNotVault) {
				v.notice("%s looks like a conflict copy of this vault but could not be merged (%v): merge it with passtea merge", c, err)
				continue
			}
			return total, err
		}
		rep, err := v.Merge(o)
		o.Lock()
		if err != nil {
			return total, err
		}
		total.Added = append(total.Added, rep.Added...)
		total.Updated = append(total.Updated, rep.Updated...)
		total.Deleted = append(total.Deleted, rep.Deleted...)
		total.Conflicts = append(total.Conflicts, rep.Conflicts...)
		dst := filepath.Join(filepath.Dir(v.path), ConflictsDir, filepath.Base(c))
		if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
			return total, fmt.Errorf("move the merged conflict copy aside: %w", err)
		}
		if err := os.Rename(c, dst); err != nil {
			return total, fmt.Errorf("move the merged conflict copy aside: %w", err)
		}
		v.notice("merged the conflict copy %s (%d added, %d updated, %d deleted) and moved it to %s", filepath.Base(c), len(rep.Added), len(rep.Updated), len(rep.Deleted), dst)
	}
	return total, nil
}
