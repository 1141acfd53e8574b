// The inner stream cipher that hides protected values inside the XML, and
// KDBX 4's inner header that names it and carries the attachments.

package kdbx

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"fmt"
	"io"

	"golang.org/x/crypto/chacha20"
	//lint:ignore SA1019 the inner stream is one Salsa20 key stream across many values; salsa20.XORKeyStream restarts at block 0
	"golang.org/x/crypto/salsa20/salsa"

	"github.com/passtea/passtea/crypto"
)

// salsa20IV is the fixed nonce of the Salsa20 inner stream (KeePass's
// KdbxFile, KeePassXC's KeePass2::INNER_STREAM_SALSA20_IV).
var salsa20IV = [8]byte{0xE8, 0x30, 0x09, 0x4B, 0x97, 0x20, 0x5D, 0x2A}

// innerStream XORs protected values with one key stream, consumed in
// document order.
type innerStream interface {
	XORKeyStream(dst, src []byte)
}

// newInnerStream keys the inner stream: Salsa20 with SHA-256(key) and the
// fixed nonce, or ChaCha20 with the first 32 bytes of SHA-512(key) as key and
// the next 12 as nonce.
func newInnerStream(id StreamCipher, key []byte) (innerStream, error) {
	switch id {
	case StreamSalsa20:
		s := &salsaStream{key: sha256.Sum256(key)}
		copy(s.counter[:8], salsa20IV[:])
		return s, nil
	case StreamChaCha20:
		h := sha512.Sum512(key)
		defer crypto.Wipe(h[:])
		c, err := chacha20.NewUnauthenticatedCipher(h[:32], h[32:44])
		if err != nil {
			return nil, fmt.Errorf("inner stream: %w", err)
		}
		return c, nil
	}
	return nil, fmt.Errorf("%w: inner stream cipher %d", ErrUnsupported, uint32(id))
}

// salsaStream is Salsa20 as a continuing key stream (x/crypto's salsa20
// package only encrypts whole messages).
type salsaStream struct {
	key     [32]byte
	counter [16]byte // nonce, then the block counter (little-endian)
	block   [64]byte
	off     int
	started bool
}

func (s *salsaStream) XORKeyStream(dst, src []byte) {
	for i := range src {
		if !s.started || s.off == len(s.block) {
			var zero [64]byte
			salsa.XORKeyStream(s.block[:], zero[:], &s.counter, &s.key)
			binary.LittleEndian.PutUint64(s.counter[8:], binary.LittleEndian.Uint64(s.counter[8:])+1)
			s.off, s.started = 0, true
		}
		dst[i] = src[i] ^ s.block[s.off]
		s.off++
	}
}

// Inner header field identifiers (KDBX 4).
const (
	innerEnd      = 0
	innerStreamID = 1
	innerKey      = 2
	innerBinary   = 3
)

// readInnerHeader reads KDBX 4's inner header from the decompressed payload.
// Attachments are counted and skipped, not kept.
func readInnerHeader(r io.Reader, h *Header, lim Limits) (key []byte, binaries []Binary, err error) {
	for {
		var pre [5]byte
		if _, err := io.ReadFull(r, pre[:]); err != nil {
			return nil, nil, fmt.Errorf("%w: inner header truncated", ErrCorrupt)
		}
		n := int64(binary.LittleEndian.Uint32(pre[1:]))
		switch pre[0] {
		case innerStreamID, innerKey, innerEnd:
			if n > int64(lim.MaxHeaderSize) {
				return nil, nil, fmt.Errorf("%w: inner header field of %d bytes", ErrLimit, n)
			}
			data := make([]byte, n)
			if _, err := io.ReadFull(r, data); err != nil {
				return nil, nil, fmt.Errorf("%w: inner header truncated", ErrCorrupt)
			}
			switch pre[0] {
			case innerEnd:
				if key == nil || h.InnerStream == 0 {
					return nil, nil, fmt.Errorf("%w: inner header has no stream cipher or key", ErrCorrupt)
				}
				return key, binaries, nil
			case innerStreamID:
				if n != 4 {
					return nil, nil, fmt.Errorf("%w: inner stream identifier of %d bytes", ErrCorrupt, n)
				}
				s := StreamCipher(binary.LittleEndian.Uint32(data))
				if s != StreamSalsa20 && s != StreamChaCha20 {
					return nil, nil, fmt.Errorf("%w: inner stream cipher %d", ErrUnsupported, uint32(s))
				}
				h.InnerStream = s
			case innerKey:
				crypto.Wipe(key)
				key = data
			}
		case innerBinary:
			if n < 1 {
				return nil, nil, fmt.Errorf("%w: empty attachment record", ErrCorrupt)
			}
			if len(binaries) >= lim.MaxItems {
				return nil, nil, fmt.Errorf("%w: more than %d attachments", ErrLimit, lim.MaxItems)
			}
			var flags [1]byte
			if _, err := io.ReadFull(r, flags[:]); err != nil {
				return nil, nil, fmt.Errorf("%w: inner header truncated", ErrCorrupt)
			}
			if m, err := io.CopyN(io.Discard, r, n-1); err != nil || m != n-1 {
				return nil, nil, fmt.Errorf("%w: attachment truncated", ErrCorrupt)
			}
			binaries = append(binaries, Binary{Size: int(n - 1), Protected: flags[0]&1 != 0})
		default:
			// Unknown fields are skipped, as KeePassXC does.
			if m, err := io.CopyN(io.Discard, r, n); err != nil || m != n {
				return nil, nil, fmt.Errorf("%w: inner header truncated", ErrCorrupt)
			}
		}
	}
}
