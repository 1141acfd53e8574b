// This file holds an entry's state: its writes and stamps, how its index
// record and its secret are encoded, and what callers see of it.

package vault

import (
	"crypto/sha256"
	"slices"
	"strings"
	"time"
)

// Index record flags.
const (
	entryHasOTP   = 1 << 0
	entryConflict = 1 << 1
	knownEntry    = entryHasOTP | entryConflict
)

// entry is an entry as the vault holds it. Entries are never changed in
// place: a change makes a new one.
type entry struct {
	id                        ID
	created                   int64 // Unix nanoseconds; 0 = unknown
	latest                    uint64
	deleted, purged, resolved uint64
	flags                     uint8
	digest                    [16]byte
	index                     []write // current writes of index fields, in field order
	// plain is the encoded secret of an entry this process made or changed
	// and has not sealed yet; nil when the secret is in its group's page.
	plain []byte
	// home and pos locate the secret in the file: the group whose secret
	// page holds it, and its position there (when plain is nil).
	home *group
	pos  int
	// name is the stored name (the current name write's value, or "");
	// display is the name shown and looked up (see [displayNames]), which
	// differs from it only for merged clashes.
	name, display string
}

// live reports whether the entry is shown (not in the trash, not purged).
func (e *entry) live() bool { return e.latest > e.deleted && e.latest > 0 }

// revision changes with every change of the entry.
func (e *entry) revision() uint64 { return max(e.latest, e.deleted, e.purged, e.resolved) }

// indexValue returns the current value of an index field, or "".
func (e *entry) indexValue(k FieldKind) string {
	for i := range e.index {
		if e.index[i].kind == k {
			return e.index[i].value
		}
	}
	return ""
}

// storedName is the current name write's value, or "".
func (e *entry) storedName() string { return e.name }

// view is what callers see of e.
func (e *entry) view() Entry {
	var slab []string
	return e.viewInto(&slab)
}

// viewInto is view with the lists cut from slab, which grows as needed
// (one allocation for many entries' lists).
func (e *entry) viewInto(slab *[]string) Entry {
	v := Entry{
		ID:       e.id,
		Revision: e.revision(),
		Name:     e.display,
		Username: e.indexValue(KindUsername),
		Created:  nanosTime(e.created),
		Modified: stampTime(e.latest),
		HasOTP:   e.flags&entryHasOTP != 0,
		Conflict: e.flags&entryConflict != 0,
		Deleted:  !e.live(),
	}
	// Lists were checked when the index page was decoded.
	v.URLs = appendList(slab, e.indexValue(KindURLs))
	v.Tags = appendList(slab, e.indexValue(KindTags))
	v.Accepted = appendList(slab, e.indexValue(kindAccepted))
	return v
}

// encodeRecord appends e's index record.
func encodeRecord(enc *encoder, e *entry) {
	enc.raw(e.id[:])
	enc.uvarint(uint64(e.flags))
	enc.varint(e.created)
	enc.uvarint(e.latest)
	enc.uvarint(e.deleted)
	enc.uvarint(e.purged)
	enc.uvarint(e.resolved)
	enc.raw(e.digest[:])
	enc.uvarint(uint64(len(e.index)))
	for i := range e.index {
		encodeWrite(enc, &e.index[i])
	}
}

// recordSize bounds the encoded size of e's index record.
func recordSize(e *entry) int {
	n := 16 + 7*maxVarint + 16
	for i := range e.index {
		n += writeSize(&e.index[i])
	}
	return n
}

// minRecordLen is the fewest bytes an index record takes.
const minRecordLen = 16 + 6 + 16 + 1

// decodeRecord reads one index record into e and checks it on its own. Its
// writes are appended to slab (one allocation for a whole page).
func decodeRecord(d *decoder, e *entry, slab *[]write) {
	copy(e.id[:], d.take(16))
	flags := d.uvarint()
	e.created = d.varint()
	e.latest = d.uvarint()
	e.deleted = d.uvarint()
	e.purged = d.uvarint()
	e.resolved = d.uvarint()
	copy(e.digest[:], d.take(16))
	n := d.count(4)
	if d.err != nil {
		return
	}
	if flags&^knownEntry != 0 {
		d.failf("entry %s has unknown flags %#x", e.id, flags)
		return
	}
	e.flags = uint8(flags)
	if n > int(kindLimit) {
		d.failf("entry %s has %d index fields", e.id, n)
		return
	}
	start := len(*slab)
	for i := range n {
		*slab = append(*slab, decodeWrite(d))
		if d.err != nil {
			return
		}
		w := &(*slab)[start+i]
		switch {
		case !isIndexField(w.kind):
			d.failf("entry %s has a %s in its index record", e.id, w.kind)
		case i > 0 && compareFields((*slab)[start+i-1].field(), w.field()) >= 0:
			d.failf("entry %s has index fields out of order", e.id)
		case w.stamp > e.latest || w.stamp <= e.purged:
			d.failf("entry %s has a write outside its stamps", e.id)
		}
	}
	e.index = (*slab)[start:len(*slab):len(*slab)]
	e.name = e.indexValue(KindName)
	e.display = e.name
	if d.err == nil && e.latest == 0 && (len(e.index) > 0 || e.purged == 0 && e.deleted == 0) {
		d.failf("entry %s has no stamps", e.id)
	}
	if d.err == nil {
		if err := checkLists(e.index); err != nil {
			d.fail(err)
		}
	}
}

// checkLists checks the encoding of list values among ws.
func checkLists(ws []write) error {
	for i := range ws {
		var limit, count int
		switch ws[i].kind {
		case KindURLs:
			limit, count = MaxFieldLen, MaxURLs
		case KindTags:
			limit, count = MaxTagLen, MaxTags
		case kindOrder:
			limit, count = MaxFieldNameLen, MaxFields
		case kindAccepted:
			limit, count = maxFindingLen, maxAccepted
		default:
			continue
		}
		if err := checkList(ws[i].value, limit, count); err != nil {
			return err
		}
	}
	return nil
}

// splitWrites splits sorted writes into the current writes of index
// fields (the index record's) and the rest (the secret's).
func splitWrites(ws []write) (index []write, secret []write) {
	cur := currentWrites(ws)
	isCur := make(map[int]bool, len(cur))
	for _, i := range cur {
		if isIndexField(ws[i].kind) {
			isCur[i] = true
			index = append(index, ws[i])
		}
	}
	secret = make([]write, 0, len(ws)-len(index))
	for i := range ws {
		if !isCur[i] {
			secret = append(secret, ws[i])
		}
	}
	return index, secret
}

// encodeSecret encodes the secret writes.
func encodeSecret(ws []write) []byte {
	size := maxVarint
	for i := range ws {
		size += writeSize(&ws[i])
	}
	e := encoder{b: make([]byte, 0, size)}
	e.uvarint(uint64(len(ws)))
	for i := range ws {
		encodeWrite(&e, &ws[i])
	}
	return e.b
}

// decodeSecret reads an entry's secret strictly.
func decodeSecret(b []byte) ([]write, error) {
	d := decoder{b: b}
	n := d.count(4)
	ws := make([]write, 0, n)
	for range n {
		ws = append(ws, decodeWrite(&d))
		if d.err != nil {
			break
		}
		if k := len(ws); k > 1 && compareWrites(&ws[k-2], &ws[k-1]) >= 0 {
			d.failf("the secret's writes are out of order")
		}
	}
	if err := d.done(); err != nil {
		return nil, err
	}
	if err := checkLists(ws); err != nil {
		return nil, err
	}
	if err := checkHistory(ws); err != nil {
		return nil, err
	}
	return ws, nil
}

// checkHistory refuses more than MaxHistory earlier writes of one field.
func checkHistory(ws []write) error {
	run := 0
	for i := range ws {
		if i > 0 && ws[i].field() == ws[i-1].field() {
			run++
		} else {
			run = 1
		}
		if run > MaxHistory+1 {
			return errTooManyEarlier
		}
	}
	return nil
}

// newEntry makes the entry with the given stamps and writes (in any order,
// possibly with duplicates): writes at or below purged are dropped and the
// history limits applied, and the derived fields (index writes, flags,
// digest, latest, encoded secret) are computed. It returns the writes kept.
func newEntry(id ID, created int64, deleted, purged, resolved uint64, ws []write) (*entry, []write) {
	ws = sortWrites(ws)
	ws = slices.DeleteFunc(ws, func(w write) bool { return w.stamp <= purged })
	ws = trimHistory(ws)
	e := &entry{id: id, created: created, deleted: deleted, purged: purged, resolved: resolved}
	for i := range ws {
		e.latest = max(e.latest, ws[i].stamp)
	}
	var secret []write
	e.index, secret = splitWrites(ws)
	e.plain = encodeSecret(secret)
	e.flags = deriveFlags(ws, resolved)
	e.digest = digest(e, ws)
	e.name = e.indexValue(KindName)
	e.display = e.name
	return e, ws
}

// trimHistory applies the history limits to sorted writes: at most
// MaxHistory earlier writes per field, and a secret of at most
// maxSecretLen bytes, dropping the oldest earlier writes first. Keeping the
// newest writes makes it commute with merging (FORMAT.md, "Writes").
func trimHistory(ws []write) []write {
	cur := currentWrites(ws)
	keep := make([]bool, len(ws))
	for _, i := range cur {
		keep[i] = true
	}
	// Earlier writes, newest first, each field capped at MaxHistory.
	var earlier []int
	start := 0
	for _, c := range cur {
		from := max(start, c-MaxHistory)
		for i := from; i < c; i++ {
			earlier = append(earlier, i)
		}
		start = c + 1
	}
	slices.SortStableFunc(earlier, func(a, b int) int {
		if ws[a].stamp != ws[b].stamp {
			if ws[a].stamp > ws[b].stamp {
				return -1
			}
			return 1
		}
		return -compareWrites(&ws[a], &ws[b])
	})
	size := maxVarint
	for i := range ws {
		if keep[i] && !isIndexField(ws[i].kind) {
			size += writeSize(&ws[i])
		}
	}
	for _, i := range earlier {
		if size += writeSize(&ws[i]); size > maxSecretLen {
			break
		}
		keep[i] = true
	}
	out := ws[:0:0]
	for i := range ws {
		if keep[i] {
			out = append(out, ws[i])
		}
	}
	return out
}

// deriveFlags computes the index flags of sorted writes.
func deriveFlags(ws []write, resolved uint64) uint8 {
	var flags uint8
	cur := currentWrites(ws)
	for _, i := range cur {
		if ws[i].kind == KindOTP && ws[i].value != "" {
			flags |= entryHasOTP
		}
	}
	if hasConflict(ws, cur, resolved) {
		flags |= entryConflict
	}
	return flags
}

// hasConflict reports whether a field has a head other than its current
// write, stamped after resolved (FORMAT.md, "Entries").
func hasConflict(ws []write, cur []int, resolved uint64) bool {
	start := 0
	for _, c := range cur {
		if c > start {
			parents := make(map[uint64]bool, c-start)
			for i := start; i <= c; i++ {
				parents[ws[i].parent] = true
			}
			for i := start; i < c; i++ {
				if !parents[ws[i].stamp] && ws[i].stamp > resolved {
					return true
				}
			}
		}
		start = c + 1
	}
	return false
}

// digest is the first 16 bytes of SHA-256 over e's state.
func digest(e *entry, ws []write) [16]byte {
	enc := encoder{b: make([]byte, 0, 256)}
	enc.raw(e.id[:])
	enc.varint(e.created)
	enc.uvarint(e.deleted)
	enc.uvarint(e.purged)
	enc.uvarint(e.resolved)
	h := sha256.New()
	h.Write(enc.b)
	for i := range ws {
		enc.b = enc.b[:0]
		encodeWrite(&enc, &ws[i])
		h.Write(enc.b)
	}
	var d [16]byte
	copy(d[:], h.Sum(nil))
	return d
}

// secretView builds the Secret callers see from sorted writes.
func secretView(ws []write) Secret {
	var s Secret
	cur := currentWrites(ws)
	isCur := make(map[int]bool, len(cur))
	var order []string
	custom := map[string]Field{}
	for _, i := range cur {
		isCur[i] = true
		w := &ws[i]
		switch w.kind {
		case KindPassword:
			s.Password = w.value
		case KindNotes:
			s.Notes = w.value
		case KindOTP:
			s.OTP = w.value
		case KindCustom:
			if !w.removed() {
				custom[w.name] = Field{Name: w.name, Value: w.value, Concealed: w.concealed()}
			}
		case kindOrder:
			order, _ = decodeList(w.value, MaxFieldNameLen)
		}
	}
	for _, name := range order {
		if f, ok := custom[name]; ok {
			s.Fields = append(s.Fields, f)
			delete(custom, name)
		}
	}
	rest := make([]string, 0, len(custom))
	for name := range custom {
		rest = append(rest, name)
	}
	slices.Sort(rest)
	for _, name := range rest {
		s.Fields = append(s.Fields, custom[name])
	}
	// A write was replaced by the first write of its field that names it
	// as parent; a concurrent value a merge set aside has none.
	type child struct {
		f      field
		parent uint64
	}
	replacedAt := map[child]uint64{}
	for i := range ws {
		k := child{ws[i].field(), ws[i].parent}
		if _, ok := replacedAt[k]; !ok && ws[i].parent != 0 {
			replacedAt[k] = ws[i].stamp
		}
	}
	for i := range ws {
		if isCur[i] || ws[i].kind == kindOrder || ws[i].kind == kindAccepted {
			continue
		}
		w := &ws[i]
		h := OldValue{Kind: w.kind, Field: w.name, Value: w.value, Set: stampTime(w.stamp), Removed: w.removed(),
			Concealed: w.kind == KindPassword || w.kind == KindOTP || w.concealed()}
		if w.kind == KindURLs || w.kind == KindTags {
			items, _ := decodeList(w.value, MaxFieldLen)
			h.Value = strings.Join(items, "\n")
		}
		if at, ok := replacedAt[child{w.field(), w.stamp}]; ok {
			h.Replaced = stampTime(at)
		}
		s.History = append(s.History, h)
	}
	slices.SortStableFunc(s.History, func(a, b OldValue) int { return a.Set.Compare(b.Set) })
	return s
}

func nanosTime(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

func timeNanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}
