// This file holds merging: folding another copy of the vault (the file as
// another process saved it, or a copy from another machine) into this
// one's state (FORMAT.md, "Merging").

package vault

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/passtea/passtea/crypto"
)

// ErrOtherVault means two files are not copies of one vault.
var ErrOtherVault = errors.New("not a copy of this vault (another vault id)")

// MergeReport says what a merge changed in this vault.
type MergeReport struct {
	Added, Updated, Deleted, Conflicts []string // display names
}

// Changed reports whether the merge changed anything.
func (r MergeReport) Changed() bool {
	return len(r.Added)+len(r.Updated)+len(r.Deleted) > 0
}

// mergeEntries merges two states of one entry: the union of their writes
// and the highest of their stamps.
func mergeEntries(a *entry, wa []write, b *entry, wb []write) *entry {
	created := a.created
	if b.created != 0 && (created == 0 || b.created < created) {
		created = b.created
	}
	ws := make([]write, 0, len(wa)+len(wb))
	ws = append(append(ws, wa...), wb...)
	m, _ := newEntry(a.id, created, max(a.deleted, b.deleted), max(a.purged, b.purged), max(a.resolved, b.resolved), ws)
	return m
}

// side is one side of a merge: a vault and the groups of it that differ
// from the other side.
type side struct {
	v       *Vault
	changed []*group
}

// writes returns e's writes, read through the side's vault.
func (s side) writes(e *entry) ([]write, error) { return s.v.writesOf(e) }

// secretPages keeps the secret pages a merge opens, each decrypted once
// rather than once for every entry of it the merge reads; wipe drops
// them. A nil *secretPages keeps nothing.
type secretPages struct {
	split  map[*group][][]byte // a page's secrets, by entry position
	opened [][]byte            // the decrypted pages, to wipe
}

// get returns the secrets of g's page if it is kept.
func (p *secretPages) get(g *group) ([][]byte, bool) {
	if p == nil {
		return nil, false
	}
	s, ok := p.split[g]
	return s, ok
}

// keep keeps g's decrypted page and reports whether it did (p not nil).
func (p *secretPages) keep(g *group, page []byte, secrets [][]byte) bool {
	if p == nil {
		return false
	}
	p.split[g] = secrets
	p.opened = append(p.opened, page)
	return true
}

// keepPages makes v keep the secret pages it opens until the function it
// returns is called, which wipes them.
func (v *Vault) keepPages() func() {
	if v.pages != nil {
		return func() {}
	}
	v.pages = &secretPages{split: map[*group][][]byte{}}
	return func() {
		for _, b := range v.pages.opened {
			crypto.Wipe(b)
		}
		v.pages = nil
	}
}

// mergeState folds o (another copy of the vault, unlocked) into a copy of
// v's state and returns it, with a report of what changed for v. Groups
// both copies have byte for byte are kept as they are; the rest is merged
// entry by entry and left in dirty groups, to be sealed at the next save.
func (v *Vault) mergeState(o *Vault) (*root, []byte, MergeReport, error) {
	var rep MergeReport
	if o.r.vaultID != v.r.vaultID {
		return nil, nil, rep, ErrOtherVault
	}
	defer v.keepPages()()
	defer o.keepPages()()
	sameKey := bytes.Equal(v.key, o.key)
	type pair struct{ i, s [24]byte }
	ours := map[pair]*group{}
	if sameKey {
		for _, g := range v.r.groups {
			ours[pair{g.idx.nonce, g.sec.nonce}] = g
		}
	}
	same := map[*group]bool{}
	var blocks []*group // groups both have
	for _, g := range o.r.groups {
		if mine, ok := ours[pair{g.idx.nonce, g.sec.nonce}]; ok {
			same[mine] = true
			blocks = append(blocks, mine)
		}
	}
	a := side{v: v}
	for _, g := range v.r.groups {
		if !same[g] {
			a.changed = append(a.changed, g)
		}
	}
	b := side{v: o}
	for _, g := range o.r.groups {
		if _, ok := ours[pair{g.idx.nonce, g.sec.nonce}]; !ok || !sameKey {
			b.changed = append(b.changed, g)
		}
	}
	// The newer key wins; entries sealed under the other must be resealed.
	key, reseal := v.key, side{}
	if !sameKey {
		if o.r.keyStamp > v.r.keyStamp {
			key, reseal = o.key, a
		} else {
			reseal = b
		}
	}
	mine := map[ID]*entry{}
	for _, g := range a.changed {
		if err := v.load(g); err != nil {
			return nil, nil, rep, err
		}
		for _, e := range g.entries {
			mine[e.id] = e
		}
	}
	var loose []*entry
	for _, g := range b.changed {
		if err := o.load(g); err != nil {
			return nil, nil, rep, err
		}
		for _, theirs := range g.entries {
			m := mine[theirs.id]
			delete(mine, theirs.id)
			merged, err := mergeOne(a, b, m, theirs, reseal.v)
			if err != nil {
				return nil, nil, rep, err
			}
			rep.note(m, merged)
			loose = append(loose, merged)
		}
	}
	for _, m := range mine {
		e := m
		if reseal.v == v {
			ws, err := a.writes(m)
			if err != nil {
				return nil, nil, rep, err
			}
			e, _ = newEntry(m.id, m.created, m.deleted, m.purged, m.resolved, ws)
		}
		loose = append(loose, e)
	}
	slices.SortFunc(loose, compareEntries)

	r := v.r.clone()
	if !sameKey && o.r.keyStamp > v.r.keyStamp {
		r = o.r.clone()
	}
	r.mergeMeta(v.r, o.r)
	r.prevHeader = v.r.prevHeader // this vault's file is the one a save replaces
	groups, clash, err := v.interleave(blocks, loose)
	if err != nil {
		return nil, nil, rep, err
	}
	if clash {
		r.flags |= rootNameClash
	}
	r.groups = groups
	return r, key, rep, nil
}

// mergeOne merges this side's copy of an entry (nil if it has none) with
// the other side's. Where the result equals one side's copy, that copy is
// kept (its secret stays sealed in its page), unless its side's key lost
// (resealing names that side): then the result carries its secret in
// plain, to be sealed under the winning key.
func mergeOne(a, b side, mine, theirs *entry, resealing *Vault) (*entry, error) {
	keep := func(e *entry, s side) (*entry, error) {
		if resealing != s.v {
			return e, nil
		}
		ws, err := s.writes(e)
		if err != nil {
			return nil, err
		}
		fresh, _ := newEntry(e.id, e.created, e.deleted, e.purged, e.resolved, ws)
		return fresh, nil
	}
	if mine == nil {
		return keep(theirs, b)
	}
	if mine.digest == theirs.digest {
		if resealing == a.v {
			return theirs, nil
		}
		return mine, nil
	}
	wa, err := a.writes(mine)
	if err != nil {
		return nil, err
	}
	wb, err := b.writes(theirs)
	if err != nil {
		return nil, err
	}
	merged := mergeEntries(mine, wa, theirs, wb)
	switch merged.digest {
	case mine.digest:
		return keep(mine, a)
	case theirs.digest:
		return keep(theirs, b)
	}
	return merged, nil
}

// note records in the report how merging changed an entry for this side
// (mine is nil when this side did not have it).
func (r *MergeReport) note(mine, merged *entry) {
	name := merged.display
	switch {
	case mine == nil && merged.live():
		r.Added = append(r.Added, name)
	case mine == nil:
	case mine.live() && !merged.live():
		r.Deleted = append(r.Deleted, mine.display)
	case mine.digest != merged.digest:
		r.Updated = append(r.Updated, name)
	}
	if merged.flags&entryConflict != 0 && (mine == nil || mine.flags&entryConflict == 0) {
		r.Conflicts = append(r.Conflicts, name)
	}
}

// mergeMeta merges the vault-wide state of two roots into r: settings by
// stamp, the earliest created time, the highest clock, generation and KDF
// floor, and each key slot from the copy that wrote it last.
func (r *root) mergeMeta(a, b *root) {
	r.settings = make(map[string]setting, len(a.settings))
	for _, s := range []*root{a, b} {
		for k, x := range s.settings {
			if y, ok := r.settings[k]; !ok || x.stamp > y.stamp || x.stamp == y.stamp && x.value > y.value {
				r.settings[k] = x
			}
		}
	}
	r.created = min(a.created, b.created)
	if a.created == 0 || b.created == 0 {
		r.created = max(a.created, b.created)
	}
	r.clock = max(a.clock, b.clock)
	r.generation = max(a.generation, b.generation)
	r.floor = a.floor.Max(b.floor)
}

// interleave builds groups from the groups both copies share (kept whole,
// in order) and the other entries (sorted), which fall between them. It
// reports whether a run of other entries meets a shared group under one
// name (a clash the dirty groups alone would not show).
func (v *Vault) interleave(blocks []*group, loose []*entry) ([]*group, bool, error) {
	slices.SortFunc(blocks, func(x, y *group) int { return CompareNames(x.first, y.first) })
	var out []*group
	var run []*entry
	clash := false
	flush := func() error {
		if len(run) == 0 {
			return nil
		}
		if n := len(out); n > 0 {
			prev := out[n-1]
			if err := v.load(prev); err != nil {
				return err
			}
			clash = clash || prev.entries[len(prev.entries)-1].name == run[0].name
		}
		out = append(out, &group{first: run[0].name, count: len(run), entries: run, dirty: true})
		run = nil
		return nil
	}
	i := 0
	for _, b := range blocks {
		for i < len(loose) {
			before := CompareNames(loose[i].name, b.first) < 0
			if !before && CompareNames(loose[i].name, b.first) == 0 {
				if err := v.load(b); err != nil {
					return nil, false, err
				}
				before = compareEntries(loose[i], b.entries[0]) < 0
			}
			if !before {
				break
			}
			run = append(run, loose[i])
			i++
		}
		if len(run) > 0 && run[len(run)-1].name == b.first {
			clash = true
		}
		if err := flush(); err != nil {
			return nil, false, err
		}
		out = append(out, b)
	}
	run = append(run, loose[i:]...)
	if err := flush(); err != nil {
		return nil, false, err
	}
	return out, clash, nil
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
