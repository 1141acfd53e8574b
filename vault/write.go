// This file holds writes: every value an entry's field has had, with the
// stamp that orders it and the parent it replaced (FORMAT.md, "Writes").

package vault

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// Write flags.
const (
	writeConcealed  = 1 << 0
	writeRemoved    = 1 << 1
	knownWriteFlags = writeConcealed | writeRemoved
)

// write is one value of one field. Writes are never changed once made.
type write struct {
	kind   FieldKind
	name   string // the custom field's name (KindCustom only)
	stamp  uint64
	parent uint64 // the stamp of the write this one replaced; 0 for none
	flags  uint8
	value  string
}

// field identifies a field: a kind, and the name of a custom field.
type field struct {
	kind FieldKind
	name string
}

func (w *write) field() field { return field{w.kind, w.name} }

func (w *write) removed() bool   { return w.flags&writeRemoved != 0 }
func (w *write) concealed() bool { return w.flags&writeConcealed != 0 }

// isIndexField reports whether the current value of k is stored in the
// index page (listable without opening secrets).
func isIndexField(k FieldKind) bool {
	return k == KindName || k == KindUsername || k == KindURLs || k == KindTags || k == kindAccepted
}

// isList reports whether a value of kind k is an encoded list.
func isList(k FieldKind) bool {
	return k == KindURLs || k == KindTags || k == kindOrder || k == kindAccepted
}

// compareFields orders fields: by kind, then name bytes.
func compareFields(a, b field) int {
	if c := cmp.Compare(a.kind, b.kind); c != 0 {
		return c
	}
	return strings.Compare(a.name, b.name)
}

// compareWrites is the order of writes in a file and in a digest: by
// field, then stamp, value, flags and parent. Within one field, the last
// write in this order is the current one.
func compareWrites(a, b *write) int {
	if c := compareFields(a.field(), b.field()); c != 0 {
		return c
	}
	if c := cmp.Compare(a.stamp, b.stamp); c != 0 {
		return c
	}
	if c := strings.Compare(a.value, b.value); c != 0 {
		return c
	}
	if c := cmp.Compare(a.flags, b.flags); c != 0 {
		return c
	}
	return cmp.Compare(a.parent, b.parent)
}

// sameWrite reports whether a and b are one write.
func sameWrite(a, b *write) bool { return compareWrites(a, b) == 0 }

// sortWrites sorts writes in [compareWrites] order and drops duplicates.
func sortWrites(ws []write) []write {
	slices.SortFunc(ws, func(a, b write) int { return compareWrites(&a, &b) })
	return slices.CompactFunc(ws, func(a, b write) bool { return sameWrite(&a, &b) })
}

// currentWrites returns the index of the current write of each field in
// ws, which must be sorted: the last write of each run of one field.
func currentWrites(ws []write) []int {
	var cur []int
	for i := range ws {
		if i+1 == len(ws) || ws[i+1].field() != ws[i].field() {
			cur = append(cur, i)
		}
	}
	return cur
}

// encodeWrite appends w in the file's layout.
func encodeWrite(e *encoder, w *write) {
	e.u8(uint8(w.kind))
	if w.kind == KindCustom {
		e.str(w.name)
	}
	e.uvarint(w.stamp)
	if w.parent == 0 {
		e.uvarint(0)
	} else {
		e.uvarint(w.stamp - w.parent)
	}
	e.u8(w.flags)
	e.str(w.value)
}

// writeSize bounds the encoded size of w.
func writeSize(w *write) int {
	return 1 + 3*maxVarint + len(w.name) + 1 + len(w.value) + maxVarint
}

// decodeWrite reads one write, checking its encoding and limits (not the
// character rules, which only writers enforce).
func decodeWrite(d *decoder) write {
	var w write
	w.kind = FieldKind(d.u8())
	if d.err == nil && (w.kind == 0 || w.kind >= kindLimit) {
		d.failf("unknown field kind %d", w.kind)
		return w
	}
	if w.kind == KindCustom {
		w.name = d.text(MaxFieldNameLen)
		if d.err == nil && w.name == "" {
			d.failf("a custom field without a name")
		}
	}
	w.stamp = d.uvarint()
	if d.err == nil && w.stamp == 0 {
		d.failf("a write with stamp 0")
	}
	delta := d.uvarint()
	if d.err == nil && delta != 0 {
		if delta >= w.stamp {
			d.failf("a write's parent stamp is out of range")
		}
		w.parent = w.stamp - delta
	}
	w.flags = d.u8()
	if d.err == nil && (w.flags&^knownWriteFlags != 0 || (w.kind != KindCustom && w.flags != 0)) {
		d.failf("unknown write flags %#x", w.flags)
	}
	switch {
	case isList(w.kind):
		w.value = d.str(valueLimit(w.kind)) // binary: its items are checked as text
	case w.kind == KindPassword:
		// Any bytes: version 1 writers took passwords that are not UTF-8,
		// and an upgraded vault keeps them (new ones must be text).
		w.value = d.str(valueLimit(w.kind))
	default:
		w.value = d.text(valueLimit(w.kind))
	}
	return w
}

// valueLimit is the longest encoded value of a field of kind k.
func valueLimit(k FieldKind) int {
	switch k {
	case KindName:
		return MaxNameLen
	case KindUsername:
		return MaxFieldLen
	case KindURLs:
		return MaxURLs * (MaxFieldLen + maxVarint)
	case KindTags:
		return MaxTags * (MaxTagLen + maxVarint)
	case KindPassword, KindCustom:
		return MaxPasswordLen
	case KindNotes:
		return MaxNotesLen
	case KindOTP:
		return MaxOTPLen
	case kindOrder:
		return MaxFields * (MaxFieldNameLen + maxVarint)
	case kindAccepted:
		return maxAccepted * (maxFindingLen + maxVarint)
	}
	return 0
}

// encodeList encodes a list value (URLs, tags, field order, findings).
func encodeList(items []string) string {
	if len(items) == 0 {
		return ""
	}
	var e encoder
	e.uvarint(uint64(len(items)))
	for _, s := range items {
		e.str(s)
	}
	return string(e.b)
}

// checkList checks the encoding of a list value without decoding it: at
// most count items of at most limit bytes of UTF-8 each.
func checkList(v string, limit, count int) error {
	if v == "" {
		return nil
	}
	d := decoder{b: unsafe.Slice(unsafe.StringData(v), len(v))}
	n := d.count(1)
	if d.err == nil && n > count {
		d.failf("a list of %d items, above the limit of %d", n, count)
	}
	for range n {
		if p := d.bytes(limit); d.err == nil && !utf8.Valid(p) {
			d.fail(errUTF8)
		}
	}
	return d.done()
}

// appendList appends the items of a checked list value to slab and
// returns them (nil for an empty list), capped so that appending to the
// result cannot overwrite the next list.
func appendList(slab *[]string, v string) []string {
	if v == "" {
		return nil
	}
	d := newStringDecoder(unsafe.Slice(unsafe.StringData(v), len(v)))
	n := d.count(1)
	if cap(*slab)-len(*slab) < n {
		*slab = make([]string, 0, max(256, n))
	}
	start := len(*slab)
	for range n {
		*slab = append(*slab, d.text(len(v)))
	}
	return (*slab)[start:len(*slab):len(*slab)]
}

// decodeList reads a list value; the empty value is the empty list. The
// items are substrings of v.
func decodeList(v string, limit int) ([]string, error) {
	if v == "" {
		return nil, nil
	}
	// The decoder only reads b, so it may alias the string's bytes.
	d := newStringDecoder(unsafe.Slice(unsafe.StringData(v), len(v)))
	n := d.count(1)
	out := make([]string, 0, n)
	for range n {
		out = append(out, d.text(limit))
	}
	if err := d.done(); err != nil {
		return nil, err
	}
	return out, nil
}
