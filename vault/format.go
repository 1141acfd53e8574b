// This file holds the byte layout of a vault file (see FORMAT.md): parsing
// and writing the parts that can be read without a key.

package vault

import (
	"crypto/sha256"
	"encoding/binary"
	"iter"
	"slices"

	"github.com/passtea/passtea/crypto"
)

const (
	magic         = "PASSTEA\x00"
	formatVersion = 1
	// headerSize is the size of the fixed header, wrapped key included.
	headerSize = 70 + crypto.WrappedKeySize
	// wrapAADOffset is where the wrapped key starts: the bytes before it
	// are the wrap's associated data.
	wrapAADOffset = 70
	trailerSize   = sha256.Size
	recordHead    = 16 + 8 + 4 // id, revision, sealed length

	flagExplicitKDF = 1 << 0
	knownFlags      = flagExplicitKDF
	kdfArgon2id     = 1
)

// Associated-data prefixes: each names what the sealed bytes are.
const (
	aadKey    = "passtea/v1/key\x00"
	aadIndex  = "passtea/v1/index\x00"
	aadSecret = "passtea/v1/secret\x00"
)

// header is the vault file's fixed header.
type header struct {
	flags   uint16
	vaultID [16]byte
	params  crypto.KDFParams
	salt    [crypto.SaltSize]byte
	wrapped [crypto.WrappedKeySize]byte
}

func (h *header) explicit() bool { return h.flags&flagExplicitKDF != 0 }

func (h *header) marshal() []byte {
	e := encoder{b: make([]byte, 0, headerSize)}
	e.raw([]byte(magic))
	e.u16(formatVersion)
	e.u16(h.flags)
	e.raw(h.vaultID[:])
	e.u8(kdfArgon2id)
	e.u8(h.params.Parallelism)
	e.u32(h.params.MemoryKiB)
	e.u32(h.params.Iterations)
	e.raw(h.salt[:])
	e.raw(h.wrapped[:])
	return e.b
}

// wrapAAD is the associated data of the wrapped key: every header byte
// before it, so the KDF parameters and salt cannot be changed unnoticed.
func (h *header) wrapAAD() []byte {
	return append([]byte(aadKey), h.marshal()[:wrapAADOffset]...)
}

// indexAAD binds the index to the whole header, wrapped key included.
func indexAAD(headerBytes []byte) []byte {
	sum := sha256.Sum256(headerBytes)
	return append([]byte(aadIndex), sum[:]...)
}

// secretAAD binds a sealed secret to its vault, entry and revision.
func secretAAD(vaultID [16]byte, id ID, revision uint64) []byte {
	b := make([]byte, 0, len(aadSecret)+16+16+8)
	b = append(b, aadSecret...)
	b = append(b, vaultID[:]...)
	b = append(b, id[:]...)
	return binary.BigEndian.AppendUint64(b, revision)
}

// record is one sealed secret as stored in the file.
type record struct {
	id       ID
	revision uint64
	sealed   []byte
}

// sealedFile is a parsed vault file whose sealed parts are still sealed.
type sealedFile struct {
	header      header
	index       []byte // sealed index
	records     []record
	recordsHash [sha256.Size]byte // SHA-256 of the records section
	sum         [sha256.Size]byte // the trailer: SHA-256 of all before it
}

// checkVersion looks at the first bytes only: is this a vault, and one we
// can read? It runs before the checksum, which a newer format may lay out
// differently.
func checkVersion(b []byte) error {
	if len(b) < len(magic)+2 {
		if n := min(len(b), len(magic)); string(b[:n]) == magic[:n] {
			return damaged("truncated to %d bytes", len(b))
		}
		return ErrNotVault
	}
	if string(b[:len(magic)]) != magic {
		return ErrNotVault
	}
	if v := binary.BigEndian.Uint16(b[len(magic):]); v > formatVersion {
		return ErrNewerVersion
	} else if v == 0 {
		return damaged("format version 0")
	}
	return nil
}

// parseFile checks the structure and checksum of a whole vault file. It
// needs no key and allocates nothing beyond the records' headers, so it is
// safe on any input.
func parseFile(b []byte) (*sealedFile, error) {
	return parseLayout(b, true)
}

// checkLayout checks what a writer is about to write: every bound a reader
// enforces, without the checksum (just computed) and without keeping the
// records.
func checkLayout(b []byte) error {
	_, err := parseLayout(b, false)
	return err
}

// parseLayout is parseFile; full=false skips the checksums and records.
func parseLayout(b []byte, full bool) (*sealedFile, error) {
	if err := checkVersion(b); err != nil {
		return nil, err
	}
	if len(b) < headerSize+4+4+trailerSize {
		return nil, damaged("truncated to %d bytes", len(b))
	}
	body := b[:len(b)-trailerSize]
	f := &sealedFile{}
	copy(f.sum[:], b[len(body):])
	if full && sha256.Sum256(body) != f.sum {
		return nil, damaged("checksum mismatch")
	}
	d := decoder{b: body}
	d.take(len(magic) + 2)
	f.header.flags = d.u16()
	copy(f.header.vaultID[:], d.take(16))
	kdf := d.u8()
	f.header.params.Parallelism = d.u8()
	f.header.params.MemoryKiB = d.u32()
	f.header.params.Iterations = d.u32()
	copy(f.header.salt[:], d.take(crypto.SaltSize))
	copy(f.header.wrapped[:], d.take(crypto.WrappedKeySize))
	switch {
	case f.header.flags&^knownFlags != 0:
		return nil, damaged("unknown header flags %#x", f.header.flags)
	case kdf != kdfArgon2id:
		return nil, damaged("unknown key derivation %d", kdf)
	}
	if err := f.header.params.Validate(); err != nil {
		return nil, damaged("%v", err)
	}
	indexLen := d.u32()
	if indexLen > maxIndexLen {
		return nil, damaged("index length %d out of range", indexLen)
	}
	f.index = d.take(int(indexLen))
	recStart := len(body) - len(d.b)
	n := d.u32()
	if d.err == nil && uint64(n) > uint64(len(d.b)/(recordHead+crypto.Overhead)) {
		return nil, damaged("record count %d out of range", n)
	}
	var scratch record
	if full {
		f.records = make([]record, n)
	}
	for i := range int(n) {
		r := &scratch
		if full {
			r = &f.records[i]
		}
		copy(r.id[:], d.take(16))
		r.revision = d.u64()
		size := d.u32()
		if size < crypto.Overhead || size > maxSecretLen {
			d.fail(errTooLarge)
		}
		r.sealed = d.take(int(size))
	}
	if err := d.done(); err != nil {
		return nil, damaged("%v", err)
	}
	if full {
		f.recordsHash = sha256.Sum256(body[recStart:])
	}
	return f, nil
}

// marshal writes the whole file and sets f.sum. The records hash inside the
// sealed index must already match f.records (see [recordsHash]).
func (f *sealedFile) marshal() []byte {
	size := headerSize + 4 + len(f.index) + 4 + trailerSize
	for _, r := range f.records {
		size += recordHead + len(r.sealed)
	}
	e := encoder{b: make([]byte, 0, size)}
	e.raw(f.header.marshal())
	e.u32(uint32(len(f.index)))
	e.raw(f.index)
	e.u32(uint32(len(f.records)))
	for _, r := range f.records {
		e.raw(r.id[:])
		e.u64(r.revision)
		e.u32(uint32(len(r.sealed)))
		e.raw(r.sealed)
	}
	f.sum = sha256.Sum256(e.b)
	e.raw(f.sum[:])
	return e.b
}

// recordsHash returns the SHA-256 of the records section that marshal
// writes for records, so the index can bind it before it is sealed.
func recordsHash(records []record) [sha256.Size]byte {
	return hashRecords(len(records), slices.Values(records))
}

// hashRecords is recordsHash over n records given one by one.
func hashRecords(n int, records iter.Seq[record]) [sha256.Size]byte {
	h := sha256.New()
	var head [recordHead]byte
	binary.BigEndian.PutUint32(head[:4], uint32(n))
	h.Write(head[:4])
	for r := range records {
		copy(head[:16], r.id[:])
		binary.BigEndian.PutUint64(head[16:24], r.revision)
		binary.BigEndian.PutUint32(head[24:], uint32(len(r.sealed)))
		h.Write(head[:])
		h.Write(r.sealed)
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}
