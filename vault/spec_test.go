// This file holds an independent reader of version 2 files, written from
// FORMAT.md alone (it shares no code with the package's decoder, only the
// standard library and golang.org/x/crypto), and a test that reads a vault
// made by the real writer with it and checks that it agrees with the vault
// API on every value. When the two disagree, either the code or the spec is
// wrong: the spec must be enough to write a reader.

package vault

import (
	"bytes"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math/bits"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
)

// specCursor reads the encodings of FORMAT.md, "Notation"; the first error
// sticks.
type specCursor struct {
	b   []byte
	err error
}

func (c *specCursor) fail(format string, args ...any) {
	if c.err == nil {
		c.err = fmt.Errorf(format, args...)
	}
}

func (c *specCursor) bytes(n int) []byte {
	if c.err != nil {
		return nil
	}
	if n < 0 || n > len(c.b) {
		c.fail("want %d bytes, have %d", n, len(c.b))
		return nil
	}
	out := c.b[:n]
	c.b = c.b[n:]
	return out
}

func (c *specCursor) u8() uint8 {
	b := c.bytes(1)
	if b == nil {
		return 0
	}
	return b[0]
}

func (c *specCursor) u32() uint32 {
	b := c.bytes(4)
	if b == nil {
		return 0
	}
	return binary.BigEndian.Uint32(b)
}

// uvarint: LEB128, 1 to 10 bytes, the 10th 0 or 1, minimal.
func (c *specCursor) uvarint() uint64 {
	if c.err != nil {
		return 0
	}
	var v uint64
	for i := 0; ; i++ {
		if i >= len(c.b) {
			c.fail("uvarint runs past the end")
			return 0
		}
		x := c.b[i]
		if i == 9 && x > 1 {
			c.fail("uvarint overflows 64 bits")
			return 0
		}
		v |= uint64(x&0x7f) << (7 * i)
		if x < 0x80 {
			if i > 0 && x == 0 {
				c.fail("uvarint is not minimal")
				return 0
			}
			c.b = c.b[i+1:]
			return v
		}
	}
}

// varint: zig-zag.
func (c *specCursor) varint() int64 {
	u := c.uvarint()
	return int64(u>>1) ^ -int64(u&1)
}

func (c *specCursor) str(limit int) []byte {
	n := c.uvarint()
	if c.err == nil && n > uint64(limit) {
		c.fail("a str of %d bytes is above its limit %d", n, limit)
		return nil
	}
	return c.bytes(int(n))
}

func (c *specCursor) text(limit int) string {
	b := c.str(limit)
	if c.err == nil && !utf8.Valid(b) {
		c.fail("text is not UTF-8")
	}
	return string(b)
}

// list reads a list: a count, then that many texts.
func (c *specCursor) list(count, each int) []string {
	n := c.uvarint()
	if c.err == nil && n > uint64(count) {
		c.fail("a list of %d items is above its limit %d", n, count)
		return nil
	}
	var out []string
	for range n {
		out = append(out, c.text(each))
	}
	return out
}

// zeros checks that the rest is padding.
func (c *specCursor) zeros(what string) {
	if c.err == nil && bytes.ContainsFunc(c.b, func(r rune) bool { return r != 0 }) {
		c.fail("%s: padding is not all zeros", what)
	}
}

func specUvarint(v uint64) []byte { return binary.AppendUvarint(nil, v) }

func specVarint(n int64) []byte { return specUvarint(uint64(n<<1) ^ uint64(n>>63)) }

// specPadme is padmé(L) of FORMAT.md, "Padding".
func specPadme(l int) int {
	if l < 2 {
		return l
	}
	e := bits.Len(uint(l)) - 1
	s := bits.Len(uint(e))
	z := e - s
	mask := 1<<z - 1
	return (l + mask) &^ mask
}

// specOpen opens a sealed item: nonce ‖ ciphertext ‖ tag.
func specOpen(key, aad, sealed []byte) ([]byte, error) {
	a, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	if len(sealed) < 40 {
		return nil, errors.New("sealed item too short")
	}
	return a.Open(nil, sealed[:24], sealed[24:], aad)
}

func specLabel(s string, rest ...[]byte) []byte {
	out := append([]byte(s), 0)
	for _, r := range rest {
		out = append(out, r...)
	}
	return out
}

// specWrite is a write of FORMAT.md, "Writes".
type specWrite struct {
	kind   uint8
	name   string // kind 8
	stamp  uint64
	parent uint64 // the parent's stamp (0: none), not the delta
	flags  uint8
	value  []byte
	raw    []byte // its encoding, for the digest
}

func (c *specCursor) write() specWrite {
	start := c.b
	var w specWrite
	w.kind = c.u8()
	if c.err == nil && (w.kind < 1 || w.kind > 10) {
		c.fail("unknown field kind %d", w.kind)
	}
	if w.kind == 8 {
		w.name = c.text(256)
		if c.err == nil && w.name == "" {
			c.fail("an empty custom field name")
		}
	}
	w.stamp = c.uvarint()
	if c.err == nil && w.stamp == 0 {
		c.fail("a write with stamp 0")
	}
	delta := c.uvarint()
	if c.err == nil && delta > 0 {
		if delta >= w.stamp {
			c.fail("a parent delta %d not below the stamp %d", delta, w.stamp)
		}
		w.parent = w.stamp - delta
	}
	w.flags = c.u8()
	if c.err == nil && (w.flags&^3 != 0 || w.kind != 8 && w.flags != 0) {
		c.fail("write flags %#x on kind %d", w.flags, w.kind)
	}
	w.value = c.str(specValueLimits[w.kind])
	if l, ok := specListLimits[w.kind]; ok && c.err == nil {
		v := &specCursor{b: w.value}
		v.list(l[0], l[1])
		if v.err == nil && len(v.b) != 0 {
			v.fail("bytes after a list")
		}
		if v.err != nil {
			c.fail("kind %d: %v", w.kind, v.err)
		}
	} else if c.err == nil && w.kind != 5 && !utf8.Valid(w.value) { // a password is any bytes
		c.fail("kind %d: text is not UTF-8", w.kind)
	}
	if c.err == nil {
		w.raw = start[:len(start)-len(c.b)]
	}
	return w
}

// specValueLimits are the limits of FORMAT.md's table of kinds, on the
// encoded value.
var specValueLimits = map[uint8]int{1: 256, 2: 4096, 3: 262_784, 4: 4_736, 5: 64 << 10, 6: 1 << 20, 7: 4096, 8: 64 << 10, 9: 68_096, 10: 672}

// specListLimits are the count and item limits of the list kinds.
var specListLimits = map[uint8][2]int{3: {64, 4096}, 4: {64, 64}, 9: {256, 256}, 10: {16, 32}}

// specFieldLess orders fields: kind, then name bytes.
func specFieldCmp(a, b specWrite) int {
	if a.kind != b.kind {
		return int(a.kind) - int(b.kind)
	}
	return strings.Compare(a.name, b.name)
}

// specWriteCmp is write order: field, stamp, value, flags, parent.
func specWriteCmp(a, b specWrite) int {
	if c := specFieldCmp(a, b); c != 0 {
		return c
	}
	switch {
	case a.stamp != b.stamp:
		return cmpU64(a.stamp, b.stamp)
	case !bytes.Equal(a.value, b.value):
		return bytes.Compare(a.value, b.value)
	case a.flags != b.flags:
		return int(a.flags) - int(b.flags)
	}
	return cmpU64(a.parent, b.parent)
}

func cmpU64(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// specCurrentCmp orders a field's writes by currency: stamp, value, flags.
func specCurrentCmp(a, b specWrite) int {
	switch {
	case a.stamp != b.stamp:
		return cmpU64(a.stamp, b.stamp)
	case !bytes.Equal(a.value, b.value):
		return bytes.Compare(a.value, b.value)
	}
	return int(a.flags) - int(b.flags)
}

// specEntry is an entry: its index record and its secret's writes.
type specEntry struct {
	id                                ID
	flags                             uint64
	created                           int64
	latest, deleted, purged, resolved uint64
	digest                            []byte
	writes                            []specWrite // index writes, then secret writes
}

// current returns the current write of each field.
func (e *specEntry) current() map[string]specWrite {
	cur := map[string]specWrite{}
	for _, w := range e.writes {
		k := fmt.Sprint(w.kind, "/", w.name)
		if old, ok := cur[k]; !ok || specCurrentCmp(w, old) > 0 {
			cur[k] = w
		}
	}
	return cur
}

func (e *specEntry) value(kind uint8) ([]byte, bool) {
	w, ok := e.current()[fmt.Sprint(kind, "/")]
	return w.value, ok
}

func (e *specEntry) storedName() string {
	v, _ := e.value(1)
	return string(v)
}

func (e *specEntry) live() bool {
	for _, w := range e.writes {
		if w.stamp > e.deleted {
			return true
		}
	}
	return false
}

// conflict is FORMAT.md's "unresolved conflict".
func (e *specEntry) conflict() bool {
	cur := e.current()
	parents := map[string]bool{}
	for _, w := range e.writes {
		if w.parent != 0 {
			parents[fmt.Sprint(w.kind, "/", w.name, "/", w.parent)] = true
		}
	}
	for _, w := range e.writes {
		k := fmt.Sprint(w.kind, "/", w.name)
		if specWriteCmp(w, cur[k]) == 0 || parents[fmt.Sprint(k, "/", w.stamp)] {
			continue
		}
		if w.stamp > e.resolved {
			return true
		}
	}
	return false
}

// specDigest is FORMAT.md's digest of an entry's state.
func (e *specEntry) specDigest() []byte {
	h := sha256.New()
	h.Write(e.id[:])
	h.Write(specVarint(e.created))
	h.Write(specUvarint(e.deleted))
	h.Write(specUvarint(e.purged))
	h.Write(specUvarint(e.resolved))
	ws := slices.Clone(e.writes)
	slices.SortFunc(ws, specWriteCmp)
	for _, w := range ws {
		h.Write(w.raw)
	}
	return h.Sum(nil)[:16]
}

// specGroup is a group of the root's table.
type specGroup struct {
	first          string
	count          uint64
	pi, ps         uint64
	nonceI, nonceS []byte
}

// specVault is everything the reader found in a file.
type specVault struct {
	key                                         []byte
	id                                          []byte
	generation, flags                           uint64
	created, modified                           int64
	clock, keyStamp, pwStamp, recStamp          uint64
	floorLanes                                  uint8
	floorMemory, floorPasses                    uint32
	prevHeader                                  []byte
	total                                       uint64
	settings                                    map[string]string
	settingStamps                               map[string]uint64
	groups                                      []specGroup
	entries                                     []*specEntry // in file order
	lanes                                       uint8
	memory, passes                              uint32
	rootPlainLen, rootContentLen, pagesEndBytes int
}

// specKDFOK checks argon2id parameters against FORMAT.md, "Limits".
func specKDFOK(lanes uint8, memory, passes uint32) bool {
	return lanes >= 1 && lanes <= 64 && memory >= 8<<10 && memory <= 1<<20 && passes >= 1 && passes <= 100 &&
		uint64(memory)*uint64(passes) <= 16<<20
}

// specNameCmp is FORMAT.md's order of stored names: ASCII letters without
// regard to case, then byte order.
func specNameCmp(a, b string) int {
	fold := func(s string) []byte {
		out := []byte(s)
		for i, c := range out {
			if 'A' <= c && c <= 'Z' {
				out[i] = c + 'a' - 'A'
			}
		}
		return out
	}
	if c := bytes.Compare(fold(a), fold(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// specCode decodes a recovery code as FORMAT.md, "Slots", describes it.
func specCode(s string) ([]byte, error) {
	const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	s = strings.NewReplacer("-", "", " ", "").Replace(strings.ToUpper(s))
	s = strings.NewReplacer("O", "0", "I", "1", "L", "1").Replace(s)
	if len(s) != 32 {
		return nil, fmt.Errorf("a code of %d characters", len(s))
	}
	var out []byte
	var acc, n uint
	for _, r := range s {
		d := strings.IndexRune(alphabet, r)
		if d < 0 {
			return nil, fmt.Errorf("%q is not a code character", r)
		}
		acc = acc<<5 | uint(d)
		n += 5
		if n >= 8 {
			out = append(out, byte(acc>>(n-8)))
			n -= 8
		}
	}
	return out, nil
}

// specRead reads a whole version 2 file with FORMAT.md's rules, opening
// it with the password and key file, and, when code is not empty, checks
// that the recovery code opens the same key.
func specRead(raw, password, keyFile []byte, code string) (*specVault, error) {
	if len(raw) < 4096 {
		return nil, fmt.Errorf("a file of %d bytes", len(raw))
	}
	if !bytes.Equal(raw[:8], []byte("PASSTEA\x00")) {
		return nil, errors.New("no magic")
	}
	if v := binary.BigEndian.Uint16(raw[8:10]); v != 2 {
		return nil, fmt.Errorf("version %d", v)
	}
	if raw[10] != 1 {
		return nil, fmt.Errorf("KDF %d", raw[10])
	}
	sv := &specVault{lanes: raw[11], memory: binary.BigEndian.Uint32(raw[12:16]), passes: binary.BigEndian.Uint32(raw[16:20])}
	if !specKDFOK(sv.lanes, sv.memory, sv.passes) {
		return nil, fmt.Errorf("KDF %d/%d/%d out of the limits", sv.lanes, sv.memory, sv.passes)
	}
	salt := raw[20:52]
	k := argon2.IDKey(password, salt, sv.passes, sv.memory, sv.lanes, 32)
	mac := hmac.New(sha256.New, k)
	mac.Write(specLabel("passtea/v2/password", keyFile))
	kek := mac.Sum(nil)
	key, err := specOpen(kek, specLabel("passtea/v2/slot/password", raw[0:52]), raw[52:124])
	if err != nil {
		return nil, fmt.Errorf("password slot: %w", err)
	}
	if len(key) != 32 {
		return nil, fmt.Errorf("a vault key of %d bytes", len(key))
	}
	sv.key = key
	if code != "" {
		c, err := specCode(code)
		if err != nil {
			return nil, err
		}
		kekR, err := hkdf.Key(sha256.New, c, raw[124:140], "passtea/v2/recovery", 32)
		if err != nil {
			return nil, err
		}
		rk, err := specOpen(kekR, specLabel("passtea/v2/slot/recovery", raw[0:10], raw[124:140]), raw[140:212])
		if err != nil {
			return nil, fmt.Errorf("recovery slot: %w", err)
		}
		if !bytes.Equal(rk, key) {
			return nil, errors.New("the recovery slot holds another key")
		}
	}
	h := sha256.Sum256(raw[0:212])
	loc, err := specOpen(key, specLabel("passtea/v2/locator", h[:]), raw[212:256])
	if err != nil || len(loc) != 4 {
		return nil, fmt.Errorf("locator: %v (%d bytes)", err, len(loc))
	}
	r := int(binary.BigEndian.Uint32(loc))
	if 256+r > len(raw) {
		return nil, fmt.Errorf("a root of %d bytes", r)
	}
	rootPlain, err := specOpen(key, specLabel("passtea/v2/root", h[:]), raw[256:256+r])
	if err != nil {
		return nil, fmt.Errorf("root: %w", err)
	}
	sv.rootPlainLen = len(rootPlain)
	c := &specCursor{b: rootPlain}
	sv.id = c.bytes(16)
	sv.generation = c.uvarint()
	sv.flags = c.uvarint()
	if sv.flags&^0xf != 0 {
		return nil, fmt.Errorf("root flags %#x", sv.flags)
	}
	sv.created = c.varint()
	sv.modified = c.varint()
	sv.clock = c.uvarint()
	sv.keyStamp = c.uvarint()
	sv.pwStamp = c.uvarint()
	sv.recStamp = c.uvarint()
	sv.floorLanes = c.u8()
	sv.floorMemory = c.u32()
	sv.floorPasses = c.u32()
	if c.err == nil && (sv.generation == 0 || !specKDFOK(sv.floorLanes, sv.floorMemory, sv.floorPasses)) {
		return nil, fmt.Errorf("root: generation %d, floor %d/%d/%d", sv.generation, sv.floorLanes, sv.floorMemory, sv.floorPasses)
	}
	sv.prevHeader = c.bytes(32)
	sv.total = c.uvarint()
	nset := c.uvarint()
	if c.err == nil && nset > 256 {
		return nil, fmt.Errorf("%d settings", nset)
	}
	sv.settings, sv.settingStamps = map[string]string{}, map[string]uint64{}
	prev := ""
	for i := range nset {
		key := c.text(4096)
		val := c.text(4096)
		stamp := c.uvarint()
		if c.err == nil && (key == "" || i > 0 && key <= prev || stamp == 0) {
			return nil, fmt.Errorf("setting %q after %q, stamp %d", key, prev, stamp)
		}
		prev = key
		sv.settings[key], sv.settingStamps[key] = val, stamp
	}
	ngroups := c.uvarint()
	for range ngroups {
		var g specGroup
		g.first = c.text(256)
		g.count = c.uvarint()
		g.pi = c.uvarint()
		g.nonceI = c.bytes(24)
		g.ps = c.uvarint()
		g.nonceS = c.bytes(24)
		if c.err == nil && (g.count < 1 || g.count > 1024 || g.pi < 296 || g.pi > 16<<20 || g.ps < 296 || g.ps > 64<<20) {
			return nil, fmt.Errorf("a group of %d entries, pages of %d and %d bytes", g.count, g.pi, g.ps)
		}
		if n := len(sv.groups); c.err == nil && n > 0 && specNameCmp(sv.groups[n-1].first, g.first) > 0 {
			return nil, errors.New("groups out of order")
		}
		sv.groups = append(sv.groups, g)
	}
	sv.rootContentLen = len(rootPlain) - len(c.b)
	c.zeros("root")
	if c.err != nil {
		return nil, fmt.Errorf("root: %w", c.err)
	}
	if sv.total != uint64(len(raw)) {
		return nil, fmt.Errorf("total length %d, file %d", sv.total, len(raw))
	}
	off := 256 + r
	for gi, g := range sv.groups {
		if uint64(off)+g.pi+g.ps > sv.total {
			return nil, fmt.Errorf("group %d runs past the end", gi)
		}
		idx, sec := raw[off:off+int(g.pi)], raw[off+int(g.pi):off+int(g.pi+g.ps)]
		off += int(g.pi + g.ps)
		if !bytes.Equal(idx[:24], g.nonceI) || !bytes.Equal(sec[:24], g.nonceS) {
			return nil, fmt.Errorf("group %d: a page's nonce is not the root's", gi)
		}
		es, err := sv.readGroup(g, idx, sec)
		if err != nil {
			return nil, fmt.Errorf("group %d: %w", gi, err)
		}
		sv.entries = append(sv.entries, es...)
	}
	sv.pagesEndBytes = off
	// Order across the whole vault, and unique ids.
	seen := map[ID]bool{}
	for i, e := range sv.entries {
		if seen[e.id] {
			return nil, fmt.Errorf("id %s twice", e.id)
		}
		seen[e.id] = true
		if i > 0 {
			p := sv.entries[i-1]
			c := specNameCmp(p.storedName(), e.storedName())
			if c > 0 || c == 0 && bytes.Compare(p.id[:], e.id[:]) >= 0 {
				return nil, fmt.Errorf("entries %d and %d out of order", i-1, i)
			}
		}
	}
	return sv, nil
}

func (sv *specVault) readGroup(g specGroup, idxSealed, secSealed []byte) ([]*specEntry, error) {
	idx, err := specOpen(sv.key, specLabel("passtea/v2/page/index", sv.id), idxSealed)
	if err != nil {
		return nil, fmt.Errorf("index page: %w", err)
	}
	sec, err := specOpen(sv.key, specLabel("passtea/v2/page/secret", sv.id), secSealed)
	if err != nil {
		return nil, fmt.Errorf("secret page: %w", err)
	}
	c := &specCursor{b: idx}
	n := c.uvarint()
	if c.err == nil && n != g.count {
		return nil, fmt.Errorf("index page holds %d entries, root says %d", n, g.count)
	}
	var es []*specEntry
	for range n {
		e := &specEntry{}
		copy(e.id[:], c.bytes(16))
		e.flags = c.uvarint()
		if c.err == nil && e.flags&^3 != 0 {
			return nil, fmt.Errorf("entry flags %#x", e.flags)
		}
		e.created = c.varint()
		e.latest = c.uvarint()
		e.deleted = c.uvarint()
		e.purged = c.uvarint()
		e.resolved = c.uvarint()
		e.digest = c.bytes(16)
		nw := c.uvarint()
		if c.err == nil && nw > 5 {
			return nil, fmt.Errorf("%d index writes", nw)
		}
		for range nw {
			w := c.write()
			if c.err == nil && !slices.Contains([]uint8{1, 2, 3, 4, 10}, w.kind) {
				return nil, fmt.Errorf("a kind %d write in the index", w.kind)
			}
			if l := len(e.writes); c.err == nil && l > 0 && specFieldCmp(e.writes[l-1], w) >= 0 {
				return nil, errors.New("index writes not in field order")
			}
			if c.err == nil && (w.stamp > e.latest || w.stamp <= e.purged) {
				return nil, fmt.Errorf("entry %s: an index write outside its stamps", e.id)
			}
			e.writes = append(e.writes, w)
		}
		if c.err == nil && nw == 0 && e.deleted == 0 && e.purged == 0 {
			return nil, fmt.Errorf("entry %s has nothing", e.id)
		}
		es = append(es, e)
	}
	idxContent := len(idx) - len(c.b)
	c.zeros("index page")
	if c.err != nil {
		return nil, fmt.Errorf("index page: %w", c.err)
	}
	if want := max(256, specPadme(idxContent)); len(idx) != want {
		return nil, fmt.Errorf("index page: %d bytes of plaintext for %d of content, want %d", len(idx), idxContent, want)
	}
	if len(es) > 0 && es[0].storedName() != g.first {
		return nil, fmt.Errorf("first name %q, root says %q", es[0].storedName(), g.first)
	}
	c = &specCursor{b: sec}
	if m := c.uvarint(); c.err == nil && m != n {
		return nil, fmt.Errorf("secret page holds %d entries, index %d", m, n)
	}
	for _, e := range es {
		s := &specCursor{b: c.str(8 << 20)}
		nw := s.uvarint()
		var prev *specWrite
		run := 0
		for range nw {
			w := s.write()
			if s.err != nil {
				break
			}
			if prev != nil && specWriteCmp(*prev, w) >= 0 {
				return nil, errors.New("secret writes not in write order")
			}
			if run++; prev != nil && specFieldCmp(*prev, w) != 0 {
				run = 1
			}
			if run > 1001 {
				return nil, errors.New("more than 1001 writes of one field in a secret")
			}
			prev = &w
			e.writes = append(e.writes, w)
		}
		if s.err == nil && len(s.b) != 0 {
			s.fail("%d bytes after the writes", len(s.b))
		}
		if s.err != nil {
			return nil, fmt.Errorf("secret of %s: %w", e.id, s.err)
		}
	}
	secContent := len(sec) - len(c.b)
	c.zeros("secret page")
	if c.err != nil {
		return nil, fmt.Errorf("secret page: %w", c.err)
	}
	if want := max(256, specPadme(secContent)); len(sec) != want {
		return nil, fmt.Errorf("secret page: %d bytes of plaintext for %d of content, want %d", len(sec), secContent, want)
	}
	return es, nil
}

// specStampTime is the wall-clock part of a stamp.
func specStampTime(s uint64) time.Time {
	if s == 0 {
		return time.Time{}
	}
	return time.UnixMilli(int64(s >> 16))
}

func specTime(ns int64) time.Time {
	if ns == 0 {
		return time.Time{}
	}
	return time.Unix(0, ns)
}

// displayNames gives each entry its display name (FORMAT.md, "Entries").
func (sv *specVault) displayNames() map[ID]string {
	out := map[ID]string{}
	taken := map[string]bool{}
	byName := map[string][]*specEntry{}
	var names []string
	for _, e := range sv.entries { // in Order
		out[e.id] = e.storedName()
		if !e.live() {
			continue
		}
		if _, ok := e.value(1); !ok {
			out[e.id] = "restored/" + hex.EncodeToString(e.id[:4])
			continue
		}
		name := e.storedName()
		if byName[name] == nil {
			names = append(names, name)
		}
		byName[name] = append(byName[name], e)
		taken[name] = true
	}
	for _, name := range names {
		es := byName[name]
		sort.SliceStable(es, func(i, j int) bool {
			if es[i].created != es[j].created {
				return es[i].created < es[j].created
			}
			return bytes.Compare(es[i].id[:], es[j].id[:]) < 0
		})
		for _, e := range es[1:] {
			for n := 2; ; n++ {
				suffix := fmt.Sprintf(" (%d)", n)
				base := name
				if len(base)+len(suffix) > 256 {
					cut := 256 - len(suffix)
					for cut > 0 && !utf8.RuneStart(base[cut]) {
						cut--
					}
					base = strings.TrimRight(base[:cut], " /")
				}
				if d := base + suffix; !taken[d] {
					taken[d] = true
					out[e.id] = d
					break
				}
			}
		}
	}
	return out
}

func specList(v []byte) []string {
	c := &specCursor{b: v}
	l := c.list(256, 4096) // checked against its kind's limits already
	if c.err != nil || len(c.b) != 0 {
		panic(fmt.Sprintf("a list value: %v", c.err))
	}
	return l
}

// buildSpecVault makes a vault with the real writer that uses every part
// of the format: a key file and a recovery code, several groups, custom
// fields (concealed, plain, removed), several URLs, tags, a one-time code,
// history, accepted findings, a trashed entry, a restored one, a purged
// marker, an entry without a name write, two pairs of live entries with
// one stored name (one near the length limit), an unresolved conflict and
// settings. It returns the vault (reopened
// from disk), its file and its recovery code.
func buildSpecVault(t *testing.T) (*Vault, string, string) {
	t.Helper()
	clock := newTestClock()
	opts := &Options{Now: func() time.Time { return clock.Advance(time.Second) }}
	path := filepath.Join(t.TempDir(), "vault.passtea")
	creds := Credentials{Password: testPassword, KeyFile: testKeyFile}
	v, code, err := Create(path, NewVault{Credentials: creds, KDF: testKDF, RecoveryCode: true}, opts)
	if err != nil {
		t.Fatal(err)
	}
	items := []NewEntry{
		{Name: "work/github", Username: "octocat", URLs: []string{"https://github.com/login", "https://gist.github.com"},
			Tags: []string{"work", "dev"}, Secret: Secret{Password: "gh-1", Notes: "line 1\n\tline 2",
				OTP:    "otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP&issuer=GitHub",
				Fields: []Field{{Name: "PIN", Value: "1234", Concealed: true}, {Name: "account", Value: "no. 42"}, {Name: "Q1", Value: "blue", Concealed: true}}}},
		{Name: "Bank", Username: "me", Secret: Secret{Password: "b@nk ünïcode"}},
		{Name: "alpha", Secret: Secret{Password: "a"}},
		{Name: "old", Username: "trash me", Secret: Secret{Password: "old-pw", Notes: "old notes"}},
		{Name: "back", Secret: Secret{Password: "back-pw"}},
		{Name: "gone", Secret: Secret{Password: "purge me"}},
		{Name: "orphan", Username: "u", Secret: Secret{Password: "orphan-pw"}},
		{Name: "zeta/ünïcode", URLs: []string{"https://z.example"}},
	}
	for i := range 300 {
		items = append(items, NewEntry{Name: fmt.Sprintf("site-%03d", i), Username: fmt.Sprint("user", i), Secret: Secret{Password: fmt.Sprint("pw", i)}})
	}
	if err := v.AddMany(items); err != nil {
		t.Fatal(err)
	}
	get := func(v *Vault, name string) Entry {
		t.Helper()
		e, err := v.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	gh := get(v, "work/github")
	for _, pw := range []string{"gh-2", "gh-3"} {
		if _, err := v.Edit(gh.ID, Change{Password: &pw}); err != nil {
			t.Fatal(err)
		}
	}
	notes, fields, accepted := "new notes", []Field{{Name: "account", Value: "no. 43"}, {Name: "PIN", Value: "4321", Concealed: true}}, []string{"weak", "old"}
	if _, err := v.Edit(gh.ID, Change{Notes: &notes, Fields: &fields, Accepted: &accepted}); err != nil {
		t.Fatal(err)
	}
	bankName := "Bank account"
	if _, err := v.Edit(get(v, "Bank").ID, Change{Name: &bankName}); err != nil {
		t.Fatal(err)
	}
	if err := v.Delete(get(v, "old").ID); err != nil {
		t.Fatal(err)
	}
	back := get(v, "back")
	if err := v.Delete(back.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Restore(back.ID); err != nil {
		t.Fatal(err)
	}
	if err := v.Purge(get(v, "gone").ID); err != nil {
		t.Fatal(err)
	}
	for k, val := range map[string]string{"tui.auto-lock": "5m0s", "clipboard": "30s", "zz": ""} {
		if err := v.SetSetting(k, val); err != nil {
			t.Fatal(err)
		}
	}
	// A second copy, changed concurrently, merged back: a name clash, a
	// conflict, and an edit after a purge (an entry without a name write).
	other := filepath.Join(t.TempDir(), "copy.passtea")
	if err := os.WriteFile(other, mustRead(t, path), 0o600); err != nil {
		t.Fatal(err)
	}
	w := mustOpenKey(t, other, v.key, opts)
	orphan := get(v, "orphan")
	if err := v.Purge(orphan.ID); err != nil {
		t.Fatal(err)
	}
	long := "x" + strings.Repeat("é", 127) // 255 bytes: "NAME (2)" is cut
	for _, x := range []*Vault{v, w} {
		mustAdd(t, x, "dup", "dup")
		mustAdd(t, x, long, "long")
	}
	userV, userW, userO := "from-v", "from-w", "after the purge"
	if _, err := v.Edit(gh.ID, Change{Username: &userV}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Edit(gh.ID, Change{Username: &userW}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Edit(orphan.ID, Change{Username: &userO}); err != nil {
		t.Fatal(err)
	}
	// Both copies add a custom field: the merged order names only one.
	alpha := get(v, "alpha")
	for i, x := range []*Vault{v, w} {
		fs := []Field{{Name: fmt.Sprint("added-by-", i), Value: "x"}}
		if _, err := x.Edit(alpha.ID, Change{Fields: &fs}); err != nil {
			t.Fatal(err)
		}
	}
	o, err := v.OpenCopy(other, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Merge(o); err != nil {
		t.Fatal(err)
	}
	f, err := ReadFile(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := f.Unlock(creds)
	if err != nil {
		t.Fatal(err)
	}
	return r, path, code
}

// TestSpecReader reads a vault made by the real writer with the reader
// above and checks every value against the vault API.
func TestSpecReader(t *testing.T) {
	t.Parallel()
	v, path, code := buildSpecVault(t)
	raw := mustRead(t, path)
	sv, err := specRead(raw, testPassword, testKeyFile, code)
	if err != nil {
		t.Fatalf("the spec reader refuses the file: %v", err)
	}
	if _, err := specRead(raw, testPassword, nil, ""); err == nil {
		t.Fatal("the spec reader opened a key-file vault without the key file")
	}

	// The root.
	if !bytes.Equal(sv.id, func() []byte { id := v.ID(); return id[:] }()) {
		t.Errorf("vault id %x, API %x", sv.id, v.ID())
	}
	if sv.generation != v.Generation() {
		t.Errorf("generation %d, API %d", sv.generation, v.Generation())
	}
	if want := uint64(1 | 2 | 4 | 8); sv.flags != want {
		t.Errorf("root flags %#b, want %#b (explicit, key file, recovery code, shared names)", sv.flags, want)
	}
	if !specTime(sv.created).Equal(v.Created()) || !specTime(sv.modified).Equal(v.Modified()) {
		t.Errorf("created/modified %v %v, API %v %v", specTime(sv.created), specTime(sv.modified), v.Created(), v.Modified())
	}
	p := v.Params()
	if sv.lanes != p.Parallelism || sv.memory != p.MemoryKiB || sv.passes != p.Iterations {
		t.Errorf("KDF %d/%d/%d, API %v", sv.lanes, sv.memory, sv.passes, p)
	}
	if sv.floorLanes < sv.lanes || sv.floorMemory < sv.memory || sv.floorPasses < sv.passes {
		t.Errorf("KDF floor %d/%d/%d below the header's", sv.floorLanes, sv.floorMemory, sv.floorPasses)
	}
	if sv.keyStamp == 0 || sv.pwStamp < sv.keyStamp || sv.recStamp < sv.keyStamp || sv.clock < sv.pwStamp {
		t.Errorf("stamps: key %d password %d recovery %d clock %d", sv.keyStamp, sv.pwStamp, sv.recStamp, sv.clock)
	}
	bak := mustRead(t, path+".bak")
	if prev := sha256.Sum256(bak[:256]); !bytes.Equal(sv.prevHeader, prev[:]) {
		t.Errorf("previous header %x is not the hash of the backup's first 256 bytes", sv.prevHeader)
	}
	if want := max(4096, specPadme(sv.pagesEndBytes)); len(raw) != want {
		t.Errorf("file of %d bytes for %d of content, want padmé %d", len(raw), sv.pagesEndBytes, want)
	}
	if want := max(256, specPadme(sv.rootContentLen+10)); sv.rootPlainLen != want {
		t.Errorf("root plaintext of %d bytes for %d of content, want %d", sv.rootPlainLen, sv.rootContentLen, want)
	}
	if len(sv.groups) < 3 {
		t.Errorf("%d groups for %d entries", len(sv.groups), len(sv.entries))
	}
	for k, want := range sv.settings {
		if got, ok := v.Setting(k); !ok || got != want {
			t.Errorf("setting %q = %q, API %q %v", k, want, got, ok)
		}
	}
	if len(sv.settings) != 3 {
		t.Errorf("settings %v", sv.settings)
	}

	// Every entry.
	names := sv.displayNames()
	live, trash := mustEntries(t, v), func() []Entry { es, err := v.Trash(); must(t, err); return es }()
	apiByID := map[ID]Entry{}
	for _, e := range append(slices.Clone(live), trash...) {
		apiByID[e.ID] = e
	}
	var specLive, specTrash, markers, noName, shared int
	for _, e := range sv.entries {
		if !bytes.Equal(e.digest, e.specDigest()) {
			t.Errorf("%s: digest %x, spec %x", e.id, e.digest, e.specDigest())
		}
		var latest uint64
		for _, w := range e.writes {
			latest = max(latest, w.stamp)
		}
		if latest != e.latest {
			t.Errorf("%s: latest %d, writes' highest %d", e.id, e.latest, latest)
		}
		for _, w := range e.writes {
			if e.purged != 0 && w.stamp <= e.purged {
				t.Errorf("%s: a write at %d survived the purge at %d", e.id, w.stamp, e.purged)
			}
		}
		cur := e.current()
		otp, hasOTP := cur["7/"]
		if flag := e.flags&1 != 0; flag != (hasOTP && len(otp.value) > 0) {
			t.Errorf("%s: OTP flag %v", e.id, flag)
		}
		if flag := e.flags&2 != 0; flag != e.conflict() {
			t.Errorf("%s: conflict flag %v, spec %v", e.id, flag, e.conflict())
		}
		api, found := apiByID[e.id]
		switch {
		case len(e.writes) == 0:
			markers++
			if found {
				t.Errorf("purged marker %s is listed: %+v", e.id, api)
			}
			continue
		case !found:
			t.Errorf("entry %s (%q) is missing from the API", e.id, e.storedName())
			continue
		case e.live():
			specLive++
			if api.Deleted {
				t.Errorf("%s: live, API says deleted", e.id)
			}
		default:
			specTrash++
			if !api.Deleted {
				t.Errorf("%s: in the trash, API says live", e.id)
			}
		}
		if _, ok := cur["1/"]; !ok {
			noName++
		}
		if e.live() && names[e.id] != e.storedName() && e.storedName() != "" {
			shared++
		}
		want := Entry{ID: e.id, Revision: api.Revision, Name: names[e.id], HasOTP: e.flags&1 != 0, Conflict: e.flags&2 != 0,
			Created: specTime(e.created), Modified: specStampTime(e.latest), Deleted: !e.live()}
		if u, ok := cur["2/"]; ok {
			want.Username = string(u.value)
		}
		if u, ok := cur["3/"]; ok {
			want.URLs = specList(u.value)
		}
		if u, ok := cur["4/"]; ok {
			want.Tags = specList(u.value)
		}
		if u, ok := cur["10/"]; ok {
			want.Accepted = specList(u.value)
		}
		if !entriesEqual(api, want) {
			t.Errorf("entry %s:\n API  %+v\n spec %+v", e.id, api, want)
		}
		s, err := v.Secret(e.id)
		if err != nil {
			t.Errorf("secret of %s: %v", e.id, err)
			continue
		}
		ws := specSecret(e)
		if !reflect.DeepEqual(specCurrentSecret(s), specCurrentSecret(ws)) {
			t.Errorf("secret of %q:\n API  %+v\n spec %+v", want.Name, specCurrentSecret(s), specCurrentSecret(ws))
		}
		if !reflect.DeepEqual(specHistory(s.History), specHistory(ws.History)) {
			t.Errorf("history of %q:\n API  %+v\n spec %+v", want.Name, s.History, ws.History)
		}
	}
	if specLive != len(live) || specTrash != len(trash) {
		t.Errorf("%d live and %d trashed entries, API %d and %d", specLive, specTrash, len(live), len(trash))
	}
	// The scenario must have made what it meant to.
	if markers != 1 || noName != 1 || shared != 2 || specTrash != 1 {
		t.Errorf("%d purged markers, %d entries without a name, %d shared names, %d in the trash; want 1 each", markers, noName, shared, specTrash)
	}
	if !slices.ContainsFunc(live, func(e Entry) bool { return e.Conflict }) {
		t.Error("no conflict in the scenario")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// entriesEqual compares two entries, times by instant.
func entriesEqual(a, b Entry) bool {
	if !a.Created.Equal(b.Created) || !a.Modified.Equal(b.Modified) {
		return false
	}
	a.Created, a.Modified, b.Created, b.Modified = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	return reflect.DeepEqual(a, b)
}

// specHistory describes a history with times as instants.
func specHistory(h []OldValue) []string {
	var out []string
	for _, o := range h {
		out = append(out, fmt.Sprintf("%v %q %q c%v r%v set %d replaced %d", o.Kind, o.Field, o.Value, o.Concealed, o.Removed, o.Set.UnixNano(), o.Replaced.UnixNano()))
	}
	return out
}

// specCurrentSecret is a secret without its history.
func specCurrentSecret(s Secret) Secret {
	s.History = nil
	return s
}

// specSecret builds what the API should show of an entry's secret from
// its writes (FORMAT.md, "Writes"): the current value of each secret field,
// the custom fields in the order of the field order write (those whose
// current write is removed are not shown, and those the order does not name
// follow in name order), and every other write of kinds
// 1 to 8 as history, oldest first.
func specSecret(e *specEntry) Secret {
	cur := e.current()
	var s Secret
	if w, ok := cur["5/"]; ok {
		s.Password = string(w.value)
	}
	if w, ok := cur["6/"]; ok {
		s.Notes = string(w.value)
	}
	if w, ok := cur["7/"]; ok {
		s.OTP = string(w.value)
	}
	var order []string
	if w, ok := cur["9/"]; ok {
		order = specList(w.value)
	}
	var rest []string
	for k, f := range cur {
		if f.kind == 8 && !slices.Contains(order, f.name) {
			rest = append(rest, k[2:])
		}
	}
	slices.Sort(rest)
	for _, name := range append(order, rest...) {
		f, ok := cur["8/"+name]
		if !ok || f.flags&2 != 0 {
			continue
		}
		s.Fields = append(s.Fields, Field{Name: name, Value: string(f.value), Concealed: f.flags&1 != 0})
	}
	var hist []specWrite
	for _, w := range e.writes {
		if w.kind > 8 || specWriteCmp(w, cur[fmt.Sprint(w.kind, "/", w.name)]) == 0 {
			continue
		}
		hist = append(hist, w)
	}
	slices.SortStableFunc(hist, func(a, b specWrite) int { return cmpU64(a.stamp, b.stamp) })
	for _, w := range hist {
		o := OldValue{Kind: FieldKind(w.kind), Field: w.name, Value: string(w.value), Set: specStampTime(w.stamp),
			Concealed: w.kind == 5 || w.kind == 7 || w.kind == 8 && w.flags&1 != 0, Removed: w.flags&2 != 0}
		if w.kind == 3 || w.kind == 4 {
			o.Value = strings.Join(specList(w.value), "\n")
		}
		// The first write that names it as parent replaced it.
		var by uint64
		for _, x := range e.writes {
			if specFieldCmp(x, w) == 0 && x.parent == w.stamp && (by == 0 || x.stamp < by) {
				by = x.stamp
			}
		}
		o.Replaced = specStampTime(by)
		s.History = append(s.History, o)
	}
	return s
}
