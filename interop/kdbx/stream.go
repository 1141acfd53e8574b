// The layers between the header and the XML: KDBX 4's HMAC block stream,
// KDBX 3's hashed block stream, and the outer ciphers, each as an
// io.Reader (and, for what the writer needs, an io.WriteCloser).

package kdbx

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"fmt"
	"io"
	"math"

	"golang.org/x/crypto/chacha20"
	//lint:ignore SA1019 Twofish is deprecated for new designs; reading KeePass files that use it needs it
	"golang.org/x/crypto/twofish"

	"github.com/passtea/passtea/crypto"
)

// blockSize is the size of the blocks the writer makes, as KeePass does.
const blockSize = 1 << 20

// blockHMACKey is the HMAC-SHA-256 key of block index:
// SHA-512(index as 8 little-endian bytes ‖ HMAC base key). The header's
// HMAC uses index 2^64-1.
func blockHMACKey(base []byte, index uint64) []byte {
	h := sha512.New()
	var i [8]byte
	binary.LittleEndian.PutUint64(i[:], index)
	h.Write(i[:])
	h.Write(base)
	return h.Sum(nil)
}

// blockMAC is the HMAC of one block: over its index, its length and its data.
func blockMAC(base []byte, index uint64, data []byte) []byte {
	key := blockHMACKey(base, index)
	defer crypto.Wipe(key)
	m := hmac.New(sha256.New, key)
	var pre [12]byte
	binary.LittleEndian.PutUint64(pre[:], index)
	binary.LittleEndian.PutUint32(pre[8:], uint32(len(data)))
	m.Write(pre[:])
	m.Write(data)
	return m.Sum(nil)
}

// block is the block a block-stream reader is returning, and the error
// that ended the stream.
type block struct {
	buf []byte
	off int
	err error
}

// read copies out what is left of the block, calling next to read the
// following block once this one is used up, until next fails (with io.EOF
// at the end of the stream).
func (b *block) read(p []byte, next func() error) (int, error) {
	for b.off == len(b.buf) {
		if b.err != nil {
			return 0, b.err
		}
		b.err = next()
	}
	n := copy(p, b.buf[b.off:])
	b.off += n
	return n, nil
}

// fill reads a block's n bytes of data from r.
func (b *block) fill(r io.Reader, n uint32) error {
	if cap(b.buf) < int(n) {
		b.buf = make([]byte, n)
	}
	b.buf, b.off = b.buf[:n], 0
	if _, err := io.ReadFull(r, b.buf); err != nil {
		b.buf = b.buf[:0]
		return fmt.Errorf("%w: block stream truncated", ErrCorrupt)
	}
	return nil
}

// hmacBlockReader reads KDBX 4's HMAC block stream: blocks of
// [HMAC-SHA-256 (32)][length (4, little-endian)][data], ended by an empty
// block. A block's data is returned only after its HMAC matched.
type hmacBlockReader struct {
	block
	r     io.Reader
	key   []byte
	index uint64
	max   int
}

func (b *hmacBlockReader) Read(p []byte) (int, error) { return b.read(p, b.next) }

func (b *hmacBlockReader) next() error {
	var pre [36]byte
	if _, err := io.ReadFull(b.r, pre[:]); err != nil {
		return fmt.Errorf("%w: block stream truncated", ErrCorrupt)
	}
	n := binary.LittleEndian.Uint32(pre[32:])
	if uint64(n) > uint64(b.max) {
		return fmt.Errorf("%w: block of %d bytes, more than %d", ErrLimit, n, b.max)
	}
	if err := b.fill(b.r, n); err != nil {
		return err
	}
	if !hmac.Equal(pre[:32], blockMAC(b.key, b.index, b.buf)) {
		b.buf = b.buf[:0]
		return fmt.Errorf("%w: block %d does not match its HMAC", ErrCorrupt, b.index)
	}
	b.index++
	if n == 0 {
		return io.EOF
	}
	return nil
}

// hmacBlockWriter writes the HMAC block stream in blocks of blockSize.
type hmacBlockWriter struct {
	w     io.Writer
	key   []byte
	index uint64
	buf   []byte
}

func (b *hmacBlockWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		k := min(len(p), blockSize-len(b.buf))
		b.buf = append(b.buf, p[:k]...)
		p = p[k:]
		if len(b.buf) == blockSize {
			if err := b.flush(); err != nil {
				return 0, err
			}
		}
	}
	return n, nil
}

func (b *hmacBlockWriter) flush() error {
	var pre [4]byte
	binary.LittleEndian.PutUint32(pre[:], uint32(len(b.buf)))
	mac := blockMAC(b.key, b.index, b.buf)
	b.index++
	for _, part := range [][]byte{mac, pre[:], b.buf} {
		if _, err := b.w.Write(part); err != nil {
			return err
		}
	}
	b.buf = b.buf[:0]
	return nil
}

// Close writes what is buffered and the empty end block.
func (b *hmacBlockWriter) Close() error {
	if len(b.buf) > 0 {
		if err := b.flush(); err != nil {
			return err
		}
	}
	return b.flush()
}

// hashedBlockReader reads KDBX 3's hashed block stream: blocks of
// [index (4)][SHA-256 (32)][length (4)][data], ended by an empty block whose
// hash is all zeros.
type hashedBlockReader struct {
	block
	r     io.Reader
	index uint32
	max   int
}

func (b *hashedBlockReader) Read(p []byte) (int, error) { return b.read(p, b.next) }

func (b *hashedBlockReader) next() error {
	var pre [40]byte
	if _, err := io.ReadFull(b.r, pre[:]); err != nil {
		return fmt.Errorf("%w: block stream truncated", ErrCorrupt)
	}
	if binary.LittleEndian.Uint32(pre[:]) != b.index {
		return fmt.Errorf("%w: block %d out of order", ErrCorrupt, b.index)
	}
	n := binary.LittleEndian.Uint32(pre[36:])
	if n > math.MaxInt32 || uint64(n) > uint64(b.max) {
		return fmt.Errorf("%w: block of %d bytes, more than %d", ErrLimit, n, b.max)
	}
	if n == 0 {
		if [32]byte(pre[4:36]) != [32]byte{} {
			return fmt.Errorf("%w: end block has a hash", ErrCorrupt)
		}
		return io.EOF
	}
	if err := b.fill(b.r, n); err != nil {
		return err
	}
	if sha256.Sum256(b.buf) != [32]byte(pre[4:36]) {
		b.buf = b.buf[:0]
		return fmt.Errorf("%w: block %d does not match its hash", ErrCorrupt, b.index)
	}
	b.index++
	return nil
}

// wipe clears the reader's buffer, which held decrypted data.
func (b *hashedBlockReader) wipe() { crypto.Wipe(b.buf[:cap(b.buf)]) }

// decrypter returns a reader of the plaintext of the ciphertext in r.
func decrypter(c Cipher, key, iv []byte, r io.Reader) (io.Reader, func(), error) {
	var block cipher.Block
	var err error
	switch c {
	case CipherChaCha20:
		s, err := chacha20.NewUnauthenticatedCipher(key, iv)
		if err != nil {
			return nil, nil, fmt.Errorf("ChaCha20: %w", err)
		}
		return cipher.StreamReader{S: s, R: r}, func() {}, nil
	case CipherAES256:
		block, err = aes.NewCipher(key)
	case CipherTwofish:
		block, err = twofish.NewCipher(key)
	default:
		return nil, nil, fmt.Errorf("%w: %v", ErrUnsupported, c)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%v: %w", c, err)
	}
	cr := &cbcReader{r: r, mode: cipher.NewCBCDecrypter(block, iv), bs: block.BlockSize()}
	return cr, cr.wipe, nil
}

// cbcReader decrypts CBC and removes the PKCS #7 padding. It holds back the
// last block it decrypted until it knows whether the stream ends there.
type cbcReader struct {
	r       io.Reader
	mode    cipher.BlockMode
	bs      int
	buf     []byte // [held block][decrypted chunk]
	out     []byte // what Read returns next, a window on buf
	hasHeld bool   // a decrypted block is held back at buf[heldAt:]
	heldAt  int
	eof     bool
	err     error
}

const cbcChunk = 64 << 10

func (c *cbcReader) Read(p []byte) (int, error) {
	for len(c.out) == 0 {
		if c.err != nil {
			return 0, c.err
		}
		c.err = c.fill()
	}
	n := copy(p, c.out)
	c.out = c.out[n:]
	return n, nil
}

// fill decrypts the next chunk into out; only called once out is empty.
func (c *cbcReader) fill() error {
	if c.eof {
		return io.EOF
	}
	if c.buf == nil {
		c.buf = make([]byte, c.bs+cbcChunk)
	}
	start := 0
	if c.hasHeld {
		copy(c.buf[:c.bs], c.buf[c.heldAt:c.heldAt+c.bs])
		start = c.bs
	}
	n, err := io.ReadFull(c.r, c.buf[start:start+cbcChunk])
	total := start + n
	switch err {
	case nil:
		c.mode.CryptBlocks(c.buf[start:total], c.buf[start:total])
		c.out = c.buf[:total-c.bs]
		c.hasHeld, c.heldAt = true, total-c.bs
		return nil
	case io.ErrUnexpectedEOF, io.EOF:
		c.eof = true
	default:
		return fmt.Errorf("read payload: %w", err)
	}
	if n%c.bs != 0 {
		return fmt.Errorf("%w: ciphertext is not a whole number of blocks", ErrCorrupt)
	}
	c.mode.CryptBlocks(c.buf[start:total], c.buf[start:total])
	if total == 0 {
		return fmt.Errorf("%w: no payload", ErrCorrupt)
	}
	pad := int(c.buf[total-1])
	if pad < 1 || pad > c.bs {
		return fmt.Errorf("%w: bad padding", ErrCorrupt)
	}
	for _, b := range c.buf[total-pad : total] {
		if int(b) != pad {
			return fmt.Errorf("%w: bad padding", ErrCorrupt)
		}
	}
	c.out = c.buf[:total-pad]
	if len(c.out) == 0 {
		return io.EOF
	}
	return nil
}

// wipe clears the plaintext the reader buffered.
func (c *cbcReader) wipe() { crypto.Wipe(c.buf) }

// encrypter returns a writer that encrypts into w; its Close pads (CBC) and
// must be called.
func encrypter(c Cipher, key, iv []byte, w io.Writer) (io.WriteCloser, error) {
	switch c {
	case CipherChaCha20:
		s, err := chacha20.NewUnauthenticatedCipher(key, iv)
		if err != nil {
			return nil, fmt.Errorf("ChaCha20: %w", err)
		}
		// Not cipher.StreamWriter itself: its Close would close w.
		return streamWriter{cipher.StreamWriter{S: s, W: w}}, nil
	case CipherAES256, CipherTwofish:
		var block cipher.Block
		var err error
		if c == CipherAES256 {
			block, err = aes.NewCipher(key)
		} else {
			block, err = twofish.NewCipher(key)
		}
		if err != nil {
			return nil, fmt.Errorf("%v: %w", c, err)
		}
		return &cbcWriter{w: w, mode: cipher.NewCBCEncrypter(block, iv), bs: block.BlockSize()}, nil
	}
	return nil, fmt.Errorf("%w: %v", ErrUnsupported, c)
}

// streamWriter encrypts with a stream cipher; its Close does nothing.
type streamWriter struct{ cipher.StreamWriter }

func (streamWriter) Close() error { return nil }

// cbcWriter encrypts whole blocks as they come; Close adds PKCS #7 padding.
type cbcWriter struct {
	w    io.Writer
	mode cipher.BlockMode
	bs   int
	buf  []byte
}

func (c *cbcWriter) Write(p []byte) (int, error) {
	c.buf = append(c.buf, p...)
	if whole := len(c.buf) / c.bs * c.bs; whole >= cbcChunk {
		c.mode.CryptBlocks(c.buf[:whole], c.buf[:whole])
		if _, err := c.w.Write(c.buf[:whole]); err != nil {
			return 0, err
		}
		c.buf = c.buf[:copy(c.buf, c.buf[whole:])]
	}
	return len(p), nil
}

func (c *cbcWriter) Close() error {
	pad := c.bs - len(c.buf)%c.bs
	for range pad {
		c.buf = append(c.buf, byte(pad))
	}
	c.mode.CryptBlocks(c.buf, c.buf)
	_, err := c.w.Write(c.buf)
	crypto.Wipe(c.buf[:cap(c.buf)])
	return err
}
