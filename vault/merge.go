// This file holds the fold: how changes another process saved are merged
// with this process's view before a save.

package vault

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/passtea/passtea/crypto"
)

// fold merges mine (this process's last view of the file) with disk (what
// another process saved since). Entries are matched by id:
//   - a tombstone wins over a live copy, so a fold never brings a deleted
//     entry back;
//   - otherwise the higher revision wins (revisions only grow, so this holds
//     even when a clock steps back), then the copy modified later, then the
//     copy on disk;
//   - an entry only one side has is kept (a new entry, or one that a restored
//     older file lacks).
//
// Revisions never go down: a winning copy with a lower revision than the
// other is resealed at the higher revision plus one. Two live entries that
// end up with one name keep both: the one created later is renamed
// "github (2)". (Writers see each other's changes before they add, so this
// happens only when a file lacking an entry was put back, e.g. a restored
// copy.) Settings are taken from disk: this process
// saved its own changes already, and the change being committed is applied
// after the fold.
func (v *Vault) fold(mine, disk *index) (*index, error) {
	out := disk.clone()
	pos := make(map[ID]int, len(out.entries))
	for i, e := range out.entries {
		pos[e.ID] = i
	}
	for _, m := range mine.entries {
		i, ok := pos[m.ID]
		if !ok {
			pos[m.ID] = len(out.entries)
			out.entries = append(out.entries, m)
			continue
		}
		d := out.entries[i]
		if m == d || !mineWins(m, d) {
			continue
		}
		w, err := v.atRevision(m, max(m.Revision, d.Revision+1))
		if err != nil {
			return nil, err
		}
		out.entries[i] = w
	}
	if err := v.renameClashes(out); err != nil {
		return nil, err
	}
	return out, nil
}

// mineWins decides between two copies of one entry.
func mineWins(m, d *entry) bool {
	switch {
	case m.deleted != d.deleted:
		return m.deleted
	case m.Revision != d.Revision:
		return m.Revision > d.Revision
	default:
		return m.Modified.After(d.Modified)
	}
}

// atRevision returns e at revision rev, resealing its secret if needed.
func (v *Vault) atRevision(e *entry, rev uint64) (*entry, error) {
	if e.Revision == rev {
		return e, nil
	}
	c := *e
	c.Revision = rev
	if e.deleted {
		return &c, nil
	}
	s, err := v.openSecret(v.hdr.vaultID, v.key, e)
	if err != nil {
		return nil, err
	}
	c.sealed, err = sealSecret(v.hdr.vaultID, v.key, c.ID, rev, s)
	return &c, err
}

// renameClashes gives unique names to live entries that share one.
func (v *Vault) renameClashes(ix *index) error {
	byName := make(map[string][]int)
	for i, e := range ix.entries {
		if !e.deleted {
			byName[e.Name] = append(byName[e.Name], i)
		}
	}
	taken := func(name string) bool { return len(byName[name]) > 0 }
	for _, name := range sortedKeys(byName) {
		idx := byName[name]
		if len(idx) < 2 {
			continue
		}
		slices.SortFunc(idx, func(a, b int) int {
			ea, eb := ix.entries[a], ix.entries[b]
			if c := ea.Created.Compare(eb.Created); c != 0 {
				return c
			}
			return strings.Compare(ea.ID.String(), eb.ID.String())
		})
		for _, i := range idx[1:] {
			e := *ix.entries[i]
			e.Name = FreeName(name, taken)
			byName[e.Name] = []int{i}
			e.Modified = v.opts.now()
			w, err := v.atRevision(&e, e.Revision+1)
			if err != nil {
				return err
			}
			ix.entries[i] = w
		}
		byName[name] = idx[:1]
	}
	return nil
}

// FreeName returns "name (N)" with the smallest N ≥ 2 that taken refuses,
// cutting name on a character boundary if the result would be too long.
func FreeName(name string, taken func(string) bool) string {
	for n := 2; ; n++ {
		suffix := fmt.Sprintf(" (%d)", n)
		base := name
		if cut := MaxNameLen - len(suffix); len(base) > cut {
			for cut > 0 && !utf8.RuneStart(base[cut]) {
				cut--
			}
			base = strings.TrimRight(base[:cut], " /")
		}
		if s := base + suffix; !taken(s) {
			return s
		}
	}
}

func sealSecret(vaultID [16]byte, key []byte, id ID, rev uint64, s Secret) ([]byte, error) {
	plain := marshalSecret(s)
	defer crypto.Wipe(plain)
	return crypto.Seal(key, secretAAD(vaultID, id, rev), plain)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
