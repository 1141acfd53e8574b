// This file holds the root: the vault-wide state sealed after the header,
// with the table of groups (FORMAT.md, "The root").

package vault

import (
	"maps"
	"slices"

	"github.com/passtea/passtea/crypto"
)

// Root flags.
const (
	rootExplicitKDF = 1 << 0
	rootKeyFile     = 1 << 1
	rootRecovery    = 1 << 2
	rootNameClash   = 1 << 3 // some live entries share a stored name
	knownRoot       = rootExplicitKDF | rootKeyFile | rootRecovery | rootNameClash
)

const aadRoot = "passtea/v2/root\x00"

// setting is a vault-wide setting's value and the stamp it was set at.
type setting struct {
	value string
	stamp uint64
}

// root is the decoded root, and the groups it lists.
type root struct {
	vaultID           [16]byte
	generation        uint64
	flags             uint64
	created, modified int64
	clock             uint64
	keyStamp          uint64
	pwStamp, recStamp uint64
	floor             crypto.KDFParams
	prevHeader        [32]byte
	total             int64
	settings          map[string]setting
	groups            []*group
}

// clone copies r so that a transaction can change it; groups are shared
// (a transaction replaces the groups it changes).
func (r *root) clone() *root {
	c := *r
	c.settings = maps.Clone(r.settings)
	c.groups = slices.Clone(r.groups)
	return &c
}

// hasDirty reports whether a group has changes not yet saved (a merge
// made them).
func (r *root) hasDirty() bool {
	return slices.ContainsFunc(r.groups, func(g *group) bool { return g.dirty })
}

// entryCount is the number of entries of every kind.
func (r *root) entryCount() int {
	n := 0
	for _, g := range r.groups {
		n += g.count
	}
	return n
}

// encodeRoot lays out the root's plaintext, padded. Group page references
// must be final.
func encodeRoot(r *root) []byte {
	size := 16 + 12*maxVarint + 9 + 32 + maxVarint
	for k, s := range r.settings {
		size += 3*maxVarint + len(k) + len(s.value)
	}
	for _, g := range r.groups {
		size += 4*maxVarint + len(g.first) + 2*crypto.NonceSize
	}
	e := encoder{b: make([]byte, 0, padded(size, minPadded))}
	e.raw(r.vaultID[:])
	e.uvarint(r.generation)
	e.uvarint(r.flags)
	e.varint(r.created)
	e.varint(r.modified)
	e.uvarint(r.clock)
	e.uvarint(r.keyStamp)
	e.uvarint(r.pwStamp)
	e.uvarint(r.recStamp)
	e.u8(r.floor.Parallelism)
	e.u32(r.floor.MemoryKiB)
	e.u32(r.floor.Iterations)
	e.raw(r.prevHeader[:])
	e.uvarint(uint64(r.total))
	keys := slices.Sorted(maps.Keys(r.settings))
	e.uvarint(uint64(len(keys)))
	for _, k := range keys {
		e.str(k)
		e.str(r.settings[k].value)
		e.uvarint(r.settings[k].stamp)
	}
	e.uvarint(uint64(len(r.groups)))
	for _, g := range r.groups {
		e.str(g.first)
		e.uvarint(uint64(g.count))
		e.uvarint(uint64(g.idx.length))
		e.raw(g.idx.nonce[:])
		e.uvarint(uint64(g.sec.length))
		e.raw(g.sec.nonce[:])
	}
	return pad(e.b)
}

// minGroupLen is the fewest bytes a group takes in the root.
const minGroupLen = 1 + 1 + 1 + crypto.NonceSize + 1 + crypto.NonceSize

// decodeRoot reads an opened root strictly. size is the file's size; the
// groups' pages are located from start (the first byte after the root).
func decodeRoot(b []byte, size, start int64) (*root, error) {
	d := newStringDecoder(b)
	r := &root{}
	copy(r.vaultID[:], d.take(16))
	r.generation = d.uvarint()
	r.flags = d.uvarint()
	r.created = d.varint()
	r.modified = d.varint()
	r.clock = d.uvarint()
	r.keyStamp = d.uvarint()
	r.pwStamp = d.uvarint()
	r.recStamp = d.uvarint()
	r.floor.Parallelism = d.u8()
	r.floor.MemoryKiB = d.u32()
	r.floor.Iterations = d.u32()
	copy(r.prevHeader[:], d.take(32))
	total := d.uvarint()
	ns := d.count(3)
	if d.err != nil {
		return nil, damaged("root: %v", d.err)
	}
	switch {
	case r.generation == 0:
		return nil, damaged("root: generation 0")
	case r.flags&^knownRoot != 0:
		return nil, damaged("root: unknown flags %#x", r.flags)
	case total != uint64(size):
		return nil, damaged("the file is %d bytes where its root says %d (truncated or extended)", size, total)
	case ns > maxSettings:
		return nil, damaged("root: %d settings, above the limit of %d", ns, maxSettings)
	}
	if err := r.floor.Validate(); err != nil {
		return nil, damaged("root: KDF floor: %v", err)
	}
	r.total = size
	r.settings = make(map[string]setting, ns)
	prev := ""
	for i := range ns {
		k, v := d.text(maxSettingLen), d.text(maxSettingLen)
		stamp := d.uvarint()
		if d.err != nil {
			break
		}
		if k == "" || (i > 0 && k <= prev) || stamp == 0 {
			return nil, damaged("root: settings out of order, unnamed or unstamped")
		}
		r.settings[k], prev = setting{value: v, stamp: stamp}, k
	}
	ng := d.count(minGroupLen)
	if d.err == nil && ng > MaxEntries {
		d.fail(errTooLarge)
	}
	r.groups = make([]*group, 0, ng)
	off, entries := start, 0
	for range ng {
		g := &group{first: d.text(MaxNameLen), count: int(d.uvarint())}
		g.idx.length = int(d.uvarint())
		copy(g.idx.nonce[:], d.take(crypto.NonceSize))
		g.sec.length = int(d.uvarint())
		copy(g.sec.nonce[:], d.take(crypto.NonceSize))
		if d.err != nil {
			break
		}
		entries += g.count
		switch {
		case g.count < 1 || g.count > maxGroupEntries:
			return nil, damaged("root: a group of %d entries", g.count)
		case entries > MaxEntries:
			return nil, damaged("root: more than %d entries", MaxEntries)
		case g.idx.length < minPadded+crypto.Overhead || g.idx.length > maxIndexPage:
			return nil, damaged("root: an index page of %d bytes", g.idx.length)
		case g.sec.length < minPadded+crypto.Overhead || g.sec.length > maxSecretPage:
			return nil, damaged("root: a secret page of %d bytes", g.sec.length)
		case len(r.groups) > 0 && CompareNames(r.groups[len(r.groups)-1].first, g.first) > 0:
			return nil, damaged("root: groups out of order")
		}
		g.idx.offset = off
		off += int64(g.idx.length)
		g.sec.offset = off
		off += int64(g.sec.length)
		if off > size {
			return nil, damaged("root: pages run past the end of the file")
		}
		r.groups = append(r.groups, g)
	}
	if d.err != nil {
		return nil, damaged("root: %v", d.err)
	}
	if err := checkPadding(d.b); err != nil {
		return nil, damaged("root: %v", err)
	}
	return r, nil
}
