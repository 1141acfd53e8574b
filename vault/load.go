// This file holds loading pages on demand, and display names.

package vault

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/passtea/passtea/crypto"
)

// readPage reads and opens the page at ref of src.
func readPage(src readFile, ref pageRef, key []byte, aad []byte) ([]byte, error) {
	sealed := make([]byte, ref.length)
	if _, err := src.ReadAt(sealed, ref.offset); err != nil {
		return nil, fmt.Errorf("read vault: %w", err)
	}
	if !bytes.Equal(sealed[:crypto.NonceSize], ref.nonce[:]) {
		return nil, damaged("a page is not the one the root lists (replaced or moved)")
	}
	plain, err := crypto.OpenInPlace(key, aad, sealed)
	if err != nil {
		return nil, damaged("a page does not authenticate")
	}
	return plain, nil
}

// load reads the index page of g if it is not loaded yet.
func (v *Vault) load(g *group) error {
	if g.entries != nil {
		return nil
	}
	plain, err := readPage(g.src, g.idx, v.key, pageAAD(aadIndexPage, v.r.vaultID))
	if err != nil {
		return withPath(v.opts.fsys(), v.path, err)
	}
	entries, err := decodeIndexPage(plain, g)
	if err != nil {
		return withPath(v.opts.fsys(), v.path, err)
	}
	if len(v.loc) == 0 {
		v.loc = make(map[ID]*group, v.r.entryCount())
	}
	for i, e := range entries {
		if _, dup := v.loc[e.id]; dup {
			return withPath(v.opts.fsys(), v.path, damaged("entry %s appears twice", e.id))
		}
		e.home, e.pos = g, i
		e.display = e.storedName()
		v.loc[e.id] = g
	}
	g.entries = entries
	v.sorted = nil
	return nil
}

// loadAll loads every group, and works out display names.
func (v *Vault) loadAll() error {
	loaded := false
	for i, g := range v.r.groups {
		if g.entries == nil {
			loaded = true
		}
		if err := v.load(g); err != nil {
			return err
		}
		if i > 0 {
			last := v.r.groups[i-1].entries
			if compareEntries(last[len(last)-1], g.entries[0]) >= 0 {
				return withPath(v.opts.fsys(), v.path, damaged("groups overlap"))
			}
		}
	}
	if loaded || v.clashes == nil && v.r.flags&rootNameClash != 0 {
		v.clashes = displayNames(v.r.groups)
	}
	return nil
}

// openSecretPage reads and opens the secret page of g.
func (v *Vault) openSecretPage(g *group) ([]byte, error) {
	plain, err := readPage(g.src, g.sec, v.key, pageAAD(aadSecretPage, v.r.vaultID))
	if err != nil {
		return nil, withPath(v.opts.fsys(), v.path, err)
	}
	return plain, nil
}

// displayNames sets the display name of every entry of the (loaded)
// groups and returns those that differ from the stored name: live entries
// that share a stored name are told apart as "NAME (2)", "NAME (3)", …, in
// created-then-id order; a live entry without a name is "restored/ID8"
// (FORMAT.md, "Entries").
func displayNames(groups []*group) map[string]*entry {
	var clashes map[string]*entry
	var runs [][]*entry
	var run []*entry
	for _, g := range groups {
		for _, e := range g.entries {
			e.display = e.storedName()
			if !e.live() {
				continue
			}
			if len(run) > 0 && run[0].storedName() != e.storedName() {
				if len(run) > 1 || run[0].storedName() == "" {
					runs = append(runs, run)
				}
				run = nil
			}
			run = append(run, e)
		}
	}
	if len(run) > 1 || len(run) == 1 && run[0].storedName() == "" {
		runs = append(runs, run)
	}
	if len(runs) == 0 {
		return nil
	}
	taken := map[string]bool{}
	for _, g := range groups {
		for _, e := range g.entries {
			if e.live() {
				taken[e.display] = true
			}
		}
	}
	for _, run := range runs {
		slices.SortFunc(run, func(a, b *entry) int {
			if a.created != b.created {
				if a.created < b.created {
					return -1
				}
				return 1
			}
			return bytes.Compare(a.id[:], b.id[:])
		})
		if clashes == nil {
			clashes = map[string]*entry{}
		}
		if run[0].storedName() == "" {
			for _, e := range run {
				e.display = "restored/" + e.id.String()[:8]
				clashes[e.display] = e
			}
			continue
		}
		for _, e := range run[1:] {
			e.display = FreeName(e.storedName(), func(s string) bool { return taken[s] })
			taken[e.display] = true
			clashes[e.display] = e
		}
	}
	return clashes
}
