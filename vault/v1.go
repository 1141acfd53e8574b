// This file reads version 1 files (FORMAT-v1.md) and turns them into the
// version 2 state their first save writes: the same vault id and key, each
// value a write stamped at the time the file gives.

package vault

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"slices"

	"github.com/passtea/passtea/crypto"
)

const (
	v1HeaderSize    = 70 + crypto.WrappedKeySize
	v1WrapAADOffset = 70
	v1RecordHead    = 16 + 8 + 4
	v1FlagExplicit  = 1 << 0
	v1Tombstone     = 1 << 0
	v1AADKey        = "passtea/v1/key\x00"
	v1AADIndex      = "passtea/v1/index\x00"
	v1AADSecret     = "passtea/v1/secret\x00"
	v1MaxIndexLen   = 256 << 20
	v1MaxSecretLen  = 8 << 20
)

// sealedFile is a parsed version 1 file whose sealed parts are still
// sealed.
type sealedFile struct {
	raw         []byte
	flags       uint16
	vaultID     [16]byte
	params      crypto.KDFParams
	salt        [crypto.SaltSize]byte
	wrapped     [crypto.WrappedKeySize]byte
	index       []byte
	records     []v1Record
	recordsHash [sha256.Size]byte
}

type v1Record struct {
	id       ID
	revision uint64
	sealed   []byte
}

// parseFile checks the structure and checksum of a whole version 1 file.
func parseFile(b []byte) (*sealedFile, error) {
	if len(b) < v1HeaderSize+4+4+sha256.Size {
		return nil, damaged("truncated to %d bytes", len(b))
	}
	body := b[:len(b)-sha256.Size]
	if sha256.Sum256(body) != [32]byte(b[len(body):]) {
		return nil, damaged("checksum mismatch")
	}
	f := &sealedFile{raw: b}
	d := decoder{b: body}
	d.take(len(magic) + 2)
	f.flags = d.u16()
	copy(f.vaultID[:], d.take(16))
	kdf := d.u8()
	f.params.Parallelism = d.u8()
	f.params.MemoryKiB = d.u32()
	f.params.Iterations = d.u32()
	copy(f.salt[:], d.take(crypto.SaltSize))
	copy(f.wrapped[:], d.take(crypto.WrappedKeySize))
	switch {
	case f.flags&^v1FlagExplicit != 0:
		return nil, damaged("unknown header flags %#x", f.flags)
	case kdf != kdfArgon2id:
		return nil, damaged("unknown key derivation %d", kdf)
	}
	if err := f.params.Validate(); err != nil {
		return nil, damaged("%v", err)
	}
	indexLen := d.u32()
	if indexLen > v1MaxIndexLen {
		return nil, damaged("index length %d out of range", indexLen)
	}
	f.index = d.take(int(indexLen))
	recStart := len(body) - len(d.b)
	n := d.u32()
	if d.err == nil && uint64(n) > uint64(len(d.b)/(v1RecordHead+crypto.Overhead)) {
		return nil, damaged("record count %d out of range", n)
	}
	f.records = make([]v1Record, 0, n)
	for range int(n) {
		var r v1Record
		copy(r.id[:], d.take(16))
		r.revision = d.u64()
		size := d.u32()
		if d.err == nil && (size < crypto.Overhead || size > v1MaxSecretLen) {
			d.failf("a record of %d bytes", size)
		}
		r.sealed = d.take(int(size))
		f.records = append(f.records, r)
	}
	if err := d.done(); err != nil {
		return nil, damaged("%v", err)
	}
	f.recordsHash = sha256.Sum256(body[recStart:])
	return f, nil
}

// header returns the version 1 header bytes.
func (f *sealedFile) header() []byte { return f.raw[:v1HeaderSize] }

// unwrap derives the key from the password and opens the wrapped vault
// key. It returns the vault key and the argon2id output, which the
// version 2 password slot reuses with the same salt.
func (f *sealedFile) unwrap(password []byte) (key, kdfOut []byte, err error) {
	k, err := crypto.DeriveKey(password, f.salt[:], f.params)
	if err != nil {
		return nil, nil, err
	}
	aad := append([]byte(v1AADKey), f.raw[:v1WrapAADOffset]...)
	key, err = crypto.UnwrapKey(k, f.wrapped[:], aad)
	if err != nil {
		crypto.Wipe(k)
		return nil, nil, ErrWrongPassword
	}
	return key, k, nil
}

// v1Entry is an entry of a version 1 index.
type v1Entry struct {
	id                  ID
	revision            uint64
	deleted             bool
	created, modified   int64
	name, username, url string
	tags                []string
	sealed              []byte
}

// v1Index is the plaintext of a version 1 index.
type v1Index struct {
	created, modified int64
	settings          map[string]string
	entries           []v1Entry
}

// openIndex opens and parses the index of a version 1 file with the vault
// key, and checks it against the records.
func (f *sealedFile) openIndex(key []byte) (*v1Index, error) {
	sum := sha256.Sum256(f.header())
	plain, err := crypto.Open(key, append([]byte(v1AADIndex), sum[:]...), f.index)
	if err != nil {
		return nil, damaged("the index does not authenticate")
	}
	d := decoder{b: plain}
	ix := &v1Index{created: d.varint(), modified: d.varint()}
	ns := d.count(2)
	if ns > maxSettings {
		return nil, damaged("too many settings")
	}
	ix.settings = make(map[string]string, ns)
	prev := ""
	for i := range ns {
		k, v := d.text(maxSettingLen), d.text(maxSettingLen)
		if d.err == nil && i > 0 && k <= prev {
			return nil, damaged("settings out of order")
		}
		ix.settings[k], prev = v, k
	}
	n := d.count(16 + 8)
	live := 0
	seen := map[ID]bool{}
	for range n {
		var e v1Entry
		copy(e.id[:], d.take(16))
		e.revision = d.uvarint()
		flags := d.u8()
		e.created, e.modified = d.varint(), d.varint()
		e.name, e.username, e.url = d.text(MaxNameLen), d.text(MaxFieldLen), d.text(MaxFieldLen)
		nt := d.count(1)
		if d.err == nil && nt > MaxTags {
			d.failf("%d tags", nt)
		}
		for range nt {
			e.tags = append(e.tags, d.text(MaxTagLen))
		}
		if d.err != nil {
			break
		}
		if e.revision == 0 || flags&^v1Tombstone != 0 || seen[e.id] {
			return nil, damaged("entry %s has a bad revision or flags, or appears twice", e.id)
		}
		seen[e.id] = true
		e.deleted = flags&v1Tombstone != 0
		if !e.deleted {
			if e.name == "" || live >= len(f.records) {
				return nil, damaged("entry %s has no name or no record", e.id)
			}
			r := f.records[live]
			if r.id != e.id || r.revision != e.revision {
				return nil, damaged("record %d does not match the index (removed, reordered or replayed)", live)
			}
			e.sealed = r.sealed
			live++
		}
		ix.entries = append(ix.entries, e)
	}
	var hash [sha256.Size]byte
	copy(hash[:], d.take(sha256.Size))
	if err := d.done(); err != nil {
		return nil, damaged("index: %v", err)
	}
	if live != len(f.records) || hash != f.recordsHash {
		return nil, damaged("records do not match the index")
	}
	return ix, nil
}

// writes turns a version 1 entry, with its opened secret, into writes:
// the fields at the entry's modified time, each earlier password at the
// time it became current, chained.
func (e *v1Entry) writes(key []byte, vaultID [16]byte) ([]write, error) {
	aad := append([]byte(v1AADSecret), vaultID[:]...)
	aad = append(aad, e.id[:]...)
	aad = binary.BigEndian.AppendUint64(aad, e.revision)
	plain, err := crypto.Open(key, aad, e.sealed)
	if err != nil {
		return nil, damaged("entry %s does not authenticate", e.id)
	}
	defer crypto.Wipe(plain)
	d := decoder{b: plain}
	password := string(d.bytes(MaxPasswordLen))
	notes := d.text(MaxNotesLen)
	nh := d.count(2)
	if d.err == nil && nh > MaxHistory {
		d.failf("%d earlier passwords", nh)
	}
	type old struct {
		password string
		replaced int64
	}
	var hist []old
	for range nh {
		hist = append(hist, old{string(d.bytes(MaxPasswordLen)), d.varint()})
	}
	if err := d.done(); err != nil {
		return nil, damaged("secret of %s: %v", e.id, err)
	}
	mod := stampOf(nanosTime(e.modified))
	ws := []write{{kind: KindName, stamp: mod, value: e.name}}
	if e.username != "" {
		ws = append(ws, write{kind: KindUsername, stamp: mod, value: e.username})
	}
	if e.url != "" {
		ws = append(ws, write{kind: KindURLs, stamp: mod, value: encodeList([]string{e.url})})
	}
	if len(e.tags) > 0 {
		ws = append(ws, write{kind: KindTags, stamp: mod, value: encodeList(e.tags)})
	}
	if notes != "" {
		ws = append(ws, write{kind: KindNotes, stamp: mod, value: notes})
	}
	// Passwords: the first became current when the entry was made, each
	// next one when the one before was replaced.
	since := stampOf(nanosTime(e.created))
	var parent uint64
	pw := func(value string, at uint64) {
		at = max(at, parent+1)
		ws = append(ws, write{kind: KindPassword, stamp: at, parent: parent, value: value})
		parent = at
	}
	for _, h := range hist {
		pw(h.password, since)
		since = stampOf(nanosTime(h.replaced))
	}
	if password != "" || len(hist) > 0 {
		pw(password, since)
	}
	return ws, nil
}

// openV1 unlocks a version 1 file with the password and builds, in memory,
// the version 2 file its first save will write: same vault id, same key,
// the password slot wrapped with the same argon2id output and salt.
func (v *Vault) openV1(f *File, c Credentials) error {
	key, kdfOut, err := f.v1.unwrap(c.Password)
	if err != nil {
		return err
	}
	defer crypto.Wipe(kdfOut)
	v.key = key
	if err := v.convertV1(f); err != nil {
		return err
	}
	v.hdr.params, v.hdr.salt = f.v1.params, f.v1.salt
	kek := combineKeyFile(kdfOut, c.KeyFile)
	defer crypto.Wipe(kek)
	wrapped, err := crypto.WrapKey(kek, key, v.hdr.pwSlotAAD())
	if err != nil {
		return err
	}
	copy(v.hdr.pwSlot[:], wrapped)
	return v.sealImage()
}

// openV1Key reads a version 1 file with the vault key (a file another,
// older passtea saved while this one had the vault open).
func (v *Vault) openV1Key(f *File) error {
	if err := v.convertV1(f); err != nil {
		return err
	}
	v.hdr.params, v.hdr.salt = f.v1.params, f.v1.salt
	return v.sealImage()
}

// convertV1 builds the version 2 state of a version 1 file in memory.
func (v *Vault) convertV1(f *File) error {
	ix, err := f.v1.openIndex(v.key)
	if err != nil {
		return err
	}
	r := &root{vaultID: f.v1.vaultID, created: ix.created, modified: ix.modified, settings: map[string]setting{}}
	stamp := stampOf(nanosTime(ix.modified))
	for k, s := range ix.settings {
		r.settings[k] = setting{value: s, stamp: stamp}
	}
	var entries []*entry
	for i := range ix.entries {
		e := &ix.entries[i]
		if e.deleted {
			// A version 1 tombstone kept no values: a purged marker.
			m, _ := newEntry(e.id, e.created, 0, stampOf(nanosTime(e.modified)), 0, nil)
			entries = append(entries, m)
			continue
		}
		ws, err := e.writes(v.key, f.v1.vaultID)
		if err != nil {
			return err
		}
		n, kept := newEntry(e.id, e.created, 0, 0, 0, ws)
		for i := range kept {
			v.clock.see(kept[i].stamp)
		}
		entries = append(entries, n)
	}
	slices.SortFunc(entries, compareEntries)
	for i := 1; i < len(entries); i++ {
		if entries[i-1].live() && entries[i].live() && entries[i-1].storedName() == entries[i].storedName() {
			return damaged("two entries share a name")
		}
	}
	r.generation = 1
	r.floor = f.v1.params
	if f.v1.flags&v1FlagExplicit != 0 {
		r.flags |= rootExplicitKDF
	}
	r.keyStamp, r.pwStamp = stamp, stamp
	v.clock.see(stamp)
	r.clock = v.clock.last
	if len(entries) > 0 {
		r.groups = []*group{{first: entries[0].storedName(), count: len(entries), entries: entries, dirty: true}}
	}
	v.r = r
	v.head = sha256.Sum256(f.v1.raw[:min(len(f.v1.raw), headerSize)])
	v.version = 1
	return nil
}

// sealImage seals the converted state into a version 2 image held in
// memory, from which the vault then reads as from a file.
func (v *Vault) sealImage() error {
	if err := v.hdr.sealRecoverySlot(v.key, nil); err != nil {
		return err
	}
	r := v.r.clone()
	img, out, err := v.build(v.hdr, v.key, r, [32]byte{})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := img.writeTo(&buf); err != nil {
		return err
	}
	img.place(out, &memFile{buf.Bytes()})
	v.hdr, v.r = img.hdr, r
	v.reindex()
	return nil
}
