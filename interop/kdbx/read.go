package kdbx

import (
	"bytes"
	"compress/gzip"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/passtea/passtea/crypto"
)

// IsKDBX reports whether prefix (at least the first 8 bytes of a file) starts
// with the KeePass 2 signature, whatever the version.
func IsKDBX(prefix []byte) bool {
	return len(prefix) >= 8 && binary.LittleEndian.Uint32(prefix) == signature1 &&
		binary.LittleEndian.Uint32(prefix[4:]) == signature2
}

// ReadHeader reads a database's outer header only, without a key: enough to
// say which version, cipher and key derivation it uses (and to refuse a
// derivation over [DefaultLimits] before asking for a password).
func ReadHeader(r io.Reader) (*Header, error) {
	return readHeader(r, DefaultLimits)
}

// Read decrypts and decodes a KDBX 3.1, 4.0 or 4.1 database with
// [DefaultLimits]. A wrong password or key file is [ErrWrongKey].
func Read(r io.Reader, c Credentials) (*Database, error) {
	return ReadLimited(r, c, DefaultLimits)
}

// ReadLimited is [Read] with other limits.
func ReadLimited(r io.Reader, c Credentials, lim Limits) (*Database, error) {
	h, err := readHeader(r, lim)
	if err != nil {
		return nil, err
	}
	composite, err := c.compositeKey()
	if err != nil {
		return nil, err
	}
	transformed, err := h.KDF.derive(composite)
	crypto.Wipe(composite)
	if err != nil {
		return nil, err
	}
	cipherKey, hmacKey := masterKeys(h.masterSeed, transformed)
	crypto.Wipe(transformed)
	defer crypto.Wipe(cipherKey)
	defer crypto.Wipe(hmacKey)

	payload := r
	if h.Version.Major() == 4 {
		var sums [64]byte
		if _, err := io.ReadFull(r, sums[:]); err != nil {
			return nil, fmt.Errorf("%w: file ends after the header", ErrCorrupt)
		}
		if sha256.Sum256(h.raw) != [32]byte(sums[:32]) {
			return nil, fmt.Errorf("%w: header does not match its hash", ErrCorrupt)
		}
		if !hmac.Equal(sums[32:], headerMAC(h.raw, hmacKey)) {
			return nil, ErrWrongKey
		}
		payload = &hmacBlockReader{r: r, key: hmacKey, max: lim.MaxBlockSize}
	}
	plain, wipe, err := decrypter(h.Cipher, cipherKey, h.encryptionIV, payload)
	if err != nil {
		return nil, err
	}
	defer wipe()
	if h.Version.Major() == 3 {
		start := make([]byte, 32)
		if _, err := io.ReadFull(plain, start); err != nil || !bytes.Equal(start, h.streamStartBytes) {
			return nil, ErrWrongKey
		}
		hb := &hashedBlockReader{r: plain, max: lim.MaxBlockSize}
		defer hb.wipe()
		plain = hb
	}
	db, err := decodePayload(plain, h, lim)
	if err != nil {
		return nil, err
	}
	db.Header.forget()
	return db, nil
}

// forget wipes and drops the seeds and keys a header holds once the
// database is read: the returned header describes the file, nothing more.
func (h *Header) forget() {
	crypto.Wipe(h.protectedStreamKey)
	h.masterSeed, h.encryptionIV, h.protectedStreamKey, h.streamStartBytes, h.raw = nil, nil, nil, nil, nil
}

// decodePayload decodes the decrypted payload: it decompresses it, reads
// KDBX 4's inner header, and decodes the XML.
func decodePayload(plain io.Reader, h *Header, lim Limits) (*Database, error) {
	if h.Compression == CompressionGzip {
		zr, err := gzip.NewReader(plain)
		if err != nil {
			return nil, corrupt("payload", err)
		}
		plain = zr
	}
	plain = &capReader{r: plain, limit: lim.MaxXMLSize}

	db := &Database{Header: *h}
	streamKey := h.protectedStreamKey
	if h.Version.Major() == 4 {
		var err error
		streamKey, db.Binaries, err = readInnerHeader(plain, &db.Header, lim)
		if err != nil {
			return nil, err
		}
		defer crypto.Wipe(streamKey)
	}
	stream, err := newInnerStream(db.Header.InnerStream, streamKey)
	if err != nil {
		return nil, err
	}
	if err := decodeXML(plain, stream, lim, db); err != nil {
		return nil, err
	}
	// Read to the end, so that the last blocks, the gzip checksum and the
	// padding are checked too.
	if _, err := discard(plain); err != nil {
		return nil, corrupt("payload", err)
	}
	if h.Version.Major() == 3 && len(db.Meta.HeaderHash) > 0 {
		if sum := sha256.Sum256(h.raw); !bytes.Equal(sum[:], db.Meta.HeaderHash) {
			return nil, fmt.Errorf("%w: header does not match the hash in the XML", ErrCorrupt)
		}
	}
	return db, nil
}

// corrupt returns err as it is when it is one of the package's errors, and
// as ErrCorrupt otherwise (gzip and read errors).
func corrupt(what string, err error) error {
	for _, s := range []error{ErrWrongKey, ErrNotKDBX, ErrUnsupported, ErrCorrupt, ErrLimit} {
		if errors.Is(err, s) {
			return err
		}
	}
	return fmt.Errorf("%w: %s: %v", ErrCorrupt, what, err)
}

// headerMAC is the KDBX 4 header HMAC (block index 2^64-1).
func headerMAC(header, hmacKey []byte) []byte {
	key := blockHMACKey(hmacKey, math.MaxUint64)
	defer crypto.Wipe(key)
	m := hmac.New(sha256.New, key)
	m.Write(header)
	return m.Sum(nil)
}

// ReadXML decodes a KeePass 2 XML export (the unencrypted XML KeePass and
// KeePassXC export) with [DefaultLimits]. Values the exporter marked for
// protection (ProtectInMemory) come out with Field.Protected set.
func ReadXML(r io.Reader) (*Database, error) {
	return ReadXMLLimited(r, DefaultLimits)
}

// ReadXMLLimited is [ReadXML] with other limits.
func ReadXMLLimited(r io.Reader, lim Limits) (*Database, error) {
	db := &Database{}
	if err := decodeXML(&capReader{r: r, limit: lim.MaxXMLSize}, nil, lim, db); err != nil {
		return nil, err
	}
	return db, nil
}

// capReader reads at most limit bytes and fails, rather than ending
// quietly, when there are more: the decompression-bomb cap.
type capReader struct {
	r     io.Reader
	read  int64
	limit int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if left := c.limit - c.read; int64(len(p)) > left+1 {
		p = p[:left+1]
	}
	n, err := c.r.Read(p)
	c.read += int64(n)
	if c.read > c.limit {
		return 0, fmt.Errorf("%w: payload larger than %d MiB", ErrLimit, c.limit>>20)
	}
	return n, err
}
