// This file holds the plaintext layout of the sealed index and of sealed
// secrets (see FORMAT.md).

package vault

import (
	"crypto/sha256"
	"encoding/binary"
	"slices"
	"time"
)

const entryTombstone = 1 << 0

// entry is an entry as the vault holds it: its plain fields and its secret,
// still sealed. Entries are never changed in place: a change makes a new one.
type entry struct {
	Entry
	deleted bool   // a tombstone: only ID, Revision and Modified matter
	sealed  []byte // the sealed secret; nil for tombstones
}

// index is the plaintext of the sealed index.
type index struct {
	created, modified time.Time
	settings          map[string]string
	entries           []*entry // live entries and tombstones, in file order
	recordsHash       [sha256.Size]byte
}

const (
	maxSettings    = 256
	maxSettingLen  = 4096
	minEntryLen    = 16 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 // id, rev, flags, times, strings, tags
	minOldPassword = 2
)

func timeNanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func nanosTime(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

func (ix *index) marshal() []byte {
	e := encoder{b: make([]byte, 0, ix.size())}
	ix.marshalTo(&e)
	return e.b
}

// size is an upper bound of the length of the marshalled index.
func (ix *index) size() int {
	size := 2*binary.MaxVarintLen64 + binary.MaxVarintLen64 + sha256.Size
	for k, s := range ix.settings {
		size += 2*binary.MaxVarintLen64 + len(k) + len(s)
	}
	size += binary.MaxVarintLen64
	for _, en := range ix.entries {
		size += 16 + 4*binary.MaxVarintLen64 + 1 + 4*binary.MaxVarintLen64 + len(en.Name) + len(en.Username) + len(en.URL)
		for _, t := range en.Tags {
			size += binary.MaxVarintLen64 + len(t)
		}
	}
	return size
}

// marshalTo appends the index to e.
func (ix *index) marshalTo(e *encoder) {
	e.varint(timeNanos(ix.created))
	e.varint(timeNanos(ix.modified))
	keys := sortedKeys(ix.settings)
	e.uvarint(uint64(len(keys)))
	for _, k := range keys {
		e.str(k)
		e.str(ix.settings[k])
	}
	e.uvarint(uint64(len(ix.entries)))
	for _, en := range ix.entries {
		e.raw(en.ID[:])
		e.uvarint(en.Revision)
		if en.deleted {
			e.u8(entryTombstone)
		} else {
			e.u8(0)
		}
		e.varint(timeNanos(en.Created))
		e.varint(timeNanos(en.Modified))
		e.str(en.Name)
		e.str(en.Username)
		e.str(en.URL)
		e.uvarint(uint64(len(en.Tags)))
		for _, t := range en.Tags {
			e.str(t)
		}
	}
	e.raw(ix.recordsHash[:])
}

// parseIndex decodes an opened index strictly and checks it against the
// records of the file: the same live entries, in the same order, at the
// same revisions, with the same sealed bytes. It returns the lookup maps it
// built for those checks. It keeps b: the caller must not change it.
func parseIndex(b []byte, f *sealedFile) (*index, lookup, error) {
	d := newStringDecoder(b)
	ix := &index{created: nanosTime(d.varint()), modified: nanosTime(d.varint())}
	ns := d.count(2)
	if ns > maxSettings {
		return nil, lookup{}, damaged("too many settings")
	}
	ix.settings = make(map[string]string, ns)
	prev := ""
	for i := range ns {
		k, v := d.text(maxSettingLen), d.text(maxSettingLen)
		if d.err == nil && i > 0 && k <= prev {
			return nil, lookup{}, damaged("settings out of order")
		}
		ix.settings[k], prev = v, k
	}
	n := d.count(minEntryLen)
	slab := make([]entry, n)
	ix.entries = make([]*entry, 0, n)
	live := 0
	for i := range n {
		en := &slab[i]
		copy(en.ID[:], d.take(16))
		en.Revision = d.uvarint()
		flags := d.u8()
		en.Created = nanosTime(d.varint())
		en.Modified = nanosTime(d.varint())
		en.Name = d.text(MaxNameLen)
		en.Username = d.text(MaxFieldLen)
		en.URL = d.text(MaxFieldLen)
		nt := d.count(1)
		if nt > MaxTags {
			d.fail(errTooLarge)
		}
		if nt > 0 && d.err == nil {
			en.Tags = make([]string, nt)
			for j := range en.Tags {
				en.Tags[j] = d.text(MaxTagLen)
			}
		}
		if d.err != nil {
			break
		}
		if en.Revision == 0 || flags&^entryTombstone != 0 {
			return nil, lookup{}, damaged("entry %s has a bad revision or flags", en.ID)
		}
		en.deleted = flags&entryTombstone != 0
		if en.deleted {
			if en.Name != "" || en.Username != "" || en.URL != "" || en.Tags != nil {
				return nil, lookup{}, damaged("tombstone %s has fields", en.ID)
			}
		} else {
			if en.Name == "" {
				return nil, lookup{}, damaged("entry %s has no name", en.ID)
			}
			if live >= len(f.records) {
				return nil, lookup{}, damaged("entry %s has no record", en.ID)
			}
			r := f.records[live]
			if r.id != en.ID || r.revision != en.Revision {
				return nil, lookup{}, damaged("record %d does not match the index (removed, reordered or replayed)", live)
			}
			en.sealed = r.sealed
			live++
		}
		ix.entries = append(ix.entries, en)
	}
	copy(ix.recordsHash[:], d.take(sha256.Size))
	if err := d.done(); err != nil {
		return nil, lookup{}, damaged("index: %v", err)
	}
	if live != len(f.records) {
		return nil, lookup{}, damaged("%d records are not in the index", len(f.records)-live)
	}
	if ix.recordsHash != f.recordsHash {
		return nil, lookup{}, damaged("records do not match the index")
	}
	l, err := newLookup(ix.entries)
	if err != nil {
		return nil, lookup{}, err
	}
	return ix, l, nil
}

// lookup finds entries by id and live entries by name. Saves write live
// entries in name order, so finding a name is a binary search; only for a
// file that is not in that order is there a map of names.
type lookup struct {
	byID   map[ID]*entry
	live   []*entry          // the live entries, in name order (nil when byName is used)
	byName map[string]*entry // live entries by name, when they are not in order
	nLive  int
}

// newLookup indexes entries; ids and live names must be unique.
func newLookup(entries []*entry) (lookup, error) {
	l := lookup{byID: make(map[ID]*entry, len(entries))}
	ordered := true
	var prev *entry
	for i, e := range entries {
		if _, dup := l.byID[e.ID]; dup {
			return lookup{}, damaged("entry %s appears twice", e.ID)
		}
		l.byID[e.ID] = e
		if e.deleted {
			continue
		}
		if l.nLive != i {
			ordered = false // a live entry after a tombstone
		}
		if prev != nil {
			switch c := CompareNames(prev.Name, e.Name); {
			case c == 0:
				return lookup{}, damaged("two entries share a name")
			case c > 0:
				ordered = false
			}
		}
		prev = e
		l.nLive++
	}
	if ordered {
		l.live = entries[:l.nLive]
		return l, nil
	}
	l.byName = make(map[string]*entry, l.nLive)
	for _, e := range entries {
		if e.deleted {
			continue
		}
		if _, dup := l.byName[e.Name]; dup {
			return lookup{}, damaged("two entries share a name")
		}
		l.byName[e.Name] = e
	}
	return l, nil
}

// findName returns the live entry called name.
func (l *lookup) findName(name string) (*entry, bool) {
	if l.byName != nil {
		e, ok := l.byName[name]
		return e, ok
	}
	i, ok := slices.BinarySearchFunc(l.live, name, func(e *entry, n string) int { return CompareNames(e.Name, n) })
	if !ok {
		return nil, false
	}
	return l.live[i], true
}

func marshalSecret(s Secret) []byte {
	size := 16 + len(s.Password) + len(s.Notes)
	for _, h := range s.History {
		size += 16 + len(h.Password)
	}
	e := encoder{b: make([]byte, 0, size)}
	e.str(s.Password)
	e.str(s.Notes)
	e.uvarint(uint64(len(s.History)))
	for _, h := range s.History {
		e.str(h.Password)
		e.varint(timeNanos(h.Replaced))
	}
	return e.b
}

func parseSecret(b []byte) (Secret, error) {
	d := decoder{b: b}
	s := Secret{Password: string(d.bytes(MaxPasswordLen)), Notes: d.text(MaxNotesLen)}
	n := d.count(minOldPassword)
	if n > MaxHistory {
		d.fail(errTooLarge)
	}
	if n > 0 && d.err == nil {
		s.History = make([]OldPassword, n)
		for i := range s.History {
			s.History[i] = OldPassword{Password: string(d.bytes(MaxPasswordLen)), Replaced: nanosTime(d.varint())}
		}
	}
	if err := d.done(); err != nil {
		return Secret{}, damaged("secret: %v", err)
	}
	return s, nil
}
