// This file holds transactions: a copy of the vault's state that one
// change modifies before it is saved.

package vault

import (
	"bytes"
	"slices"
	"sort"

	"github.com/passtea/passtea/crypto"
)

// txn is one change being prepared. Groups it changes are copied first
// (copy on write); the others are shared with the vault.
type txn struct {
	v      *Vault
	hdr    header
	key    []byte
	r      *root
	clock  clock
	owned  map[*group]bool   // groups the transaction copied (or made)
	copies map[*group]*group // the copy of each group of the vault it changed
	pos    map[*group]int    // the position of each group in r.groups
	where  map[ID]*group     // the group (in r) of each entry this change moved or added
	names  map[string]*entry // live names this change took, and the entries
	freed  map[string]bool   // live names this change freed
	made   []*entry          // entries made by this change (their plain secrets are wiped on failure)
	added  int               // entries this change added
	count  int               // entries before the change
}

// begin starts a transaction on the vault's state.
func (v *Vault) begin() *txn {
	return &txn{v: v, hdr: v.hdr, key: v.key, r: v.r.clone(), clock: v.clock, count: v.r.entryCount(),
		owned: map[*group]bool{}, copies: map[*group]*group{}, where: map[ID]*group{},
		names: map[string]*entry{}, freed: map[string]bool{}}
}

// discard wipes what a transaction that was not saved made.
func (t *txn) discard() {
	if t.key != nil && !bytes.Equal(t.key, t.v.key) {
		crypto.Wipe(t.key) // a rotated key that never reached the disk
	}
	for _, e := range t.made {
		if e.plain != nil && e.home == nil {
			crypto.Wipe(e.plain)
		}
	}
}

// stamp returns a new stamp.
func (t *txn) stamp() uint64 { return t.clock.next() }

// get returns the entry with id as the transaction sees it.
func (t *txn) get(id ID) (*entry, error) {
	g := t.where[id]
	if g == nil {
		if _, err := t.v.byID(id); err != nil {
			return nil, err
		}
		orig := t.v.loc[id]
		g = t.current(orig)
	}
	for _, e := range g.entries {
		if e.id == id {
			return e, nil
		}
	}
	return nil, ErrNotFound
}

// current returns the transaction's version of a group of the vault.
func (t *txn) current(orig *group) *group {
	if c, ok := t.copies[orig]; ok {
		return c
	}
	return orig
}

// own returns a copy of group i that the transaction may change.
func (t *txn) own(i int) (*group, error) {
	g := t.r.groups[i]
	if t.owned[g] {
		return g, nil
	}
	if err := t.v.loadIn(g, t.v.key, t.r.vaultID); err != nil {
		return nil, err
	}
	c := &group{src: g.src, first: g.first, count: g.count, idx: g.idx, sec: g.sec,
		entries: slices.Clone(g.entries), dirty: true}
	t.r.groups[i] = c
	t.owned[c] = true
	t.copies[g] = c
	if t.pos != nil {
		t.pos[c] = i
	}
	return c, nil
}

// indexOf returns the position of g in the transaction's groups.
func (t *txn) indexOf(g *group) int {
	if t.pos == nil {
		t.pos = make(map[*group]int, len(t.r.groups))
		for i, x := range t.r.groups {
			t.pos[x] = i
		}
	}
	i, ok := t.pos[g]
	if !ok {
		panic("internal error: a group is missing from the transaction")
	}
	return i
}

// put stores e in the transaction: an entry made by this change (fresh)
// or a new version of one.
func (t *txn) put(e *entry, fresh bool) error {
	t.made = append(t.made, e)
	if !fresh {
		if err := t.remove(e.id); err != nil {
			return err
		}
	}
	i, err := t.groupFor(e)
	if err != nil {
		return err
	}
	g, err := t.own(i)
	if err != nil {
		return err
	}
	// Owned groups are sorted when they are sealed (an import appends
	// many entries to one group).
	g.entries = append(g.entries, e)
	t.where[e.id] = g
	if e.live() {
		t.names[e.display] = e
		delete(t.freed, e.display)
	}
	return nil
}

// remove takes the entry id out of its group.
func (t *txn) remove(id ID) error {
	old, err := t.get(id)
	if err != nil {
		return err
	}
	g := t.where[id]
	if g == nil {
		g = t.current(t.v.loc[id])
	}
	og, err := t.own(t.indexOf(g))
	if err != nil {
		return err
	}
	og.entries = slices.DeleteFunc(og.entries, func(x *entry) bool { return x == old })
	if old.live() {
		t.freed[old.display] = true
		delete(t.names, old.display)
	}
	return nil
}

// groupFor returns the index of the group e belongs in, making one for an
// empty vault. Equal names may span groups: the first group that starts
// after e (by name, then id) is the bound.
func (t *txn) groupFor(e *entry) (int, error) {
	gs := t.r.groups
	if len(gs) == 0 {
		g := &group{first: e.storedName(), dirty: true}
		t.r.groups = append(t.r.groups, g)
		t.owned[g] = true
		t.pos = nil
		return 0, nil
	}
	name := e.storedName()
	// The last group that starts before name, then any that start with it
	// and before e.
	i := max(sort.Search(len(gs), func(j int) bool { return CompareNames(gs[j].first, name) >= 0 })-1, 0)
	for j := i + 1; j < len(gs) && CompareNames(gs[j].first, name) == 0; j++ {
		if err := t.v.loadIn(gs[j], t.v.key, t.r.vaultID); err != nil {
			return 0, err
		}
		if len(gs[j].entries) > 0 && compareEntries(slices.MinFunc(gs[j].entries, compareEntries), e) > 0 {
			break
		}
		i = j
	}
	return i, nil
}

// nameTaken reports whether a live entry other than id is shown as name.
func (t *txn) nameTaken(name string, id ID) (bool, error) {
	if e, ok := t.names[name]; ok {
		return e.id != id, nil
	}
	if t.freed[name] {
		return false, nil
	}
	e, err := t.v.find(name)
	switch {
	case err == ErrNotFound:
		return false, nil
	case err != nil:
		return false, err
	}
	return e.id != id, nil
}
