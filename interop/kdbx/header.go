// The outer header: signatures, version and the type-length-value fields
// before the encrypted payload, for KDBX 3.1 and KDBX 4.x.

package kdbx

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
)

// File signatures (KeePass's KdbxFile.FileSignature1/2).
const (
	signature1         = 0x9AA2D903
	signature2         = 0xB54BFB67
	signature2KeePass1 = 0xB54BFB65
)

// Version is a KDBX file version: major in the high 16 bits, minor in the
// low.
type Version uint32

// The versions this package reads; it writes [Version40].
const (
	Version30 Version = 0x00030000
	Version31 Version = 0x00030001
	Version40 Version = 0x00040000
	Version41 Version = 0x00040001
)

// Major returns the major version (3 or 4).
func (v Version) Major() int { return int(v >> 16) }

// String formats v as "major.minor", e.g. "4.1".
func (v Version) String() string { return fmt.Sprintf("%d.%d", v>>16, v&0xffff) }

// Cipher is the outer cipher of a KDBX file.
type Cipher int

// The outer ciphers KeePass and KeePassXC offer.
const (
	CipherAES256   Cipher = iota + 1 // AES-256 in CBC mode with PKCS #7 padding
	CipherChaCha20                   // ChaCha20 (RFC 8439, 96-bit nonce, counter from 0)
	CipherTwofish                    // Twofish in CBC mode with PKCS #7 padding
)

// String names the cipher as KeePassXC does.
func (c Cipher) String() string {
	switch c {
	case CipherAES256:
		return "AES 256-bit"
	case CipherChaCha20:
		return "ChaCha20 256-bit"
	case CipherTwofish:
		return "Twofish 256-bit"
	}
	return fmt.Sprintf("cipher %d", int(c))
}

// Cipher identifiers (KeePassXC src/format/KeePass2.cpp).
var (
	uuidAES256   = mustUUID("31c1f2e6-bf71-4350-be58-05216afc5aff")
	uuidChaCha20 = mustUUID("d6038a2b-8b6f-4cb5-a524-339a31dbb59a")
	uuidTwofish  = mustUUID("ad68f29f-576f-4bb9-a36a-d47af965346c")
	uuidAES128   = mustUUID("61ab05a1-9464-41c3-8d74-3a563df8dd35")
)

func (c Cipher) uuid() UUID {
	switch c {
	case CipherChaCha20:
		return uuidChaCha20
	case CipherTwofish:
		return uuidTwofish
	}
	return uuidAES256
}

// ivSize is the size of the cipher's IV or nonce.
func (c Cipher) ivSize() int {
	if c == CipherChaCha20 {
		return 12
	}
	return 16
}

// Compression is the payload compression.
type Compression uint32

// The compressions KDBX defines.
const (
	CompressionNone Compression = 0
	CompressionGzip Compression = 1
)

// StreamCipher is the inner stream cipher that hides protected values.
type StreamCipher uint32

// Inner stream ciphers. ArcFour (1) is refused, as KeePassXC does.
const (
	StreamSalsa20  StreamCipher = 2
	StreamChaCha20 StreamCipher = 3
)

// String names the stream cipher.
func (s StreamCipher) String() string {
	switch s {
	case StreamSalsa20:
		return "Salsa20"
	case StreamChaCha20:
		return "ChaCha20"
	}
	return fmt.Sprintf("stream cipher %d", uint32(s))
}

// Header field identifiers (KeePass's KdbxHeaderFieldID).
const (
	fieldEnd                 = 0
	fieldComment             = 1
	fieldCipherID            = 2
	fieldCompression         = 3
	fieldMasterSeed          = 4
	fieldTransformSeed       = 5 // KDBX 3
	fieldTransformRounds     = 6 // KDBX 3
	fieldEncryptionIV        = 7
	fieldProtectedStreamKey  = 8  // KDBX 3
	fieldStreamStartBytes    = 9  // KDBX 3
	fieldInnerRandomStreamID = 10 // KDBX 3
	fieldKDFParameters       = 11 // KDBX 4
	fieldPublicCustomData    = 12 // KDBX 4
)

// Header is a KDBX file's outer header, in plain values. The seeds and keys
// it also holds are kept unexported.
type Header struct {
	Version     Version
	Cipher      Cipher
	Compression Compression
	KDF         KDFParams
	// InnerStream hides protected values: from the outer header in KDBX 3,
	// from the inner header (read after decryption) in KDBX 4.
	InnerStream StreamCipher
	// PublicCustomData is KDBX 4's unencrypted custom data (plugins).
	PublicCustomData []VariantItem
	// Comment is the rarely used comment field, as stored.
	Comment []byte

	masterSeed         []byte
	encryptionIV       []byte
	protectedStreamKey []byte // KDBX 3
	streamStartBytes   []byte // KDBX 3
	raw                []byte // the header's bytes, for its hash and HMAC
}

// readHeader reads the outer header from r, up to and including its end
// field, and checks that every field a payload needs is there and sane.
func readHeader(r io.Reader, lim Limits) (*Header, error) {
	var pre [12]byte
	if _, err := io.ReadFull(r, pre[:]); err != nil {
		return nil, fmt.Errorf("%w: file shorter than a header", ErrNotKDBX)
	}
	sig1, sig2 := binary.LittleEndian.Uint32(pre[0:]), binary.LittleEndian.Uint32(pre[4:])
	switch {
	case sig1 == signature1 && sig2 == signature2KeePass1:
		return nil, fmt.Errorf("%w: a KeePass 1 database (.kdb); open it in KeePassXC and save it as .kdbx first", ErrUnsupported)
	case sig1 != signature1 || sig2 != signature2:
		return nil, ErrNotKDBX
	}
	h := &Header{Version: Version(binary.LittleEndian.Uint32(pre[8:]))}
	if major := h.Version.Major(); major != 3 && major != 4 {
		return nil, fmt.Errorf("%w: KDBX version %v", ErrUnsupported, h.Version)
	}
	raw := bytes.NewBuffer(pre[:])
	lenSize := 2
	if h.Version.Major() == 4 {
		lenSize = 4
	}
	seen := map[byte]bool{}
	for {
		var tl [5]byte
		if _, err := io.ReadFull(r, tl[:1+lenSize]); err != nil {
			return nil, fmt.Errorf("%w: header truncated", ErrCorrupt)
		}
		raw.Write(tl[:1+lenSize])
		id := tl[0]
		n := uint64(binary.LittleEndian.Uint16(tl[1:]))
		if lenSize == 4 {
			n = uint64(binary.LittleEndian.Uint32(tl[1:]))
		}
		if uint64(raw.Len())+n > uint64(lim.MaxHeaderSize) {
			return nil, fmt.Errorf("%w: header larger than %d bytes", ErrLimit, lim.MaxHeaderSize)
		}
		data := make([]byte, n)
		if _, err := io.ReadFull(r, data); err != nil {
			return nil, fmt.Errorf("%w: header truncated", ErrCorrupt)
		}
		raw.Write(data)
		if id == fieldEnd {
			break
		}
		seen[id] = true
		if err := h.setField(id, data); err != nil {
			return nil, err
		}
	}
	h.raw = raw.Bytes()
	return h, h.complete(seen, lim)
}

// setField stores one header field.
func (h *Header) setField(id byte, data []byte) error {
	v4 := h.Version.Major() == 4
	wrongSize := func(name string, want int) error {
		return fmt.Errorf("%w: %s of %d bytes, want %d", ErrCorrupt, name, len(data), want)
	}
	switch id {
	case fieldComment:
		h.Comment = data
	case fieldCipherID:
		if len(data) != 16 {
			return wrongSize("cipher identifier", 16)
		}
		switch UUID(data) {
		case uuidAES256:
			h.Cipher = CipherAES256
		case uuidChaCha20:
			h.Cipher = CipherChaCha20
		case uuidTwofish:
			h.Cipher = CipherTwofish
		case uuidAES128:
			return fmt.Errorf("%w: cipher AES-128", ErrUnsupported)
		default:
			return fmt.Errorf("%w: cipher %v", ErrUnsupported, UUID(data))
		}
	case fieldCompression:
		if len(data) != 4 {
			return wrongSize("compression flags", 4)
		}
		c := Compression(binary.LittleEndian.Uint32(data))
		if c != CompressionNone && c != CompressionGzip {
			return fmt.Errorf("%w: compression %d", ErrUnsupported, c)
		}
		h.Compression = c
	case fieldMasterSeed:
		if len(data) != 32 {
			return wrongSize("master seed", 32)
		}
		h.masterSeed = data
	case fieldEncryptionIV:
		h.encryptionIV = data
	case fieldKDFParameters, fieldPublicCustomData:
		if !v4 {
			return fmt.Errorf("%w: KDBX 4 header field %d in a KDBX 3 file", ErrCorrupt, id)
		}
		items, err := parseVariantMap(data)
		if err != nil {
			return err
		}
		if id == fieldPublicCustomData {
			h.PublicCustomData = items
			return nil
		}
		if h.KDF, err = kdfFromVariants(items); err != nil {
			return err
		}
	case fieldTransformSeed, fieldTransformRounds, fieldProtectedStreamKey, fieldStreamStartBytes, fieldInnerRandomStreamID:
		if v4 {
			return fmt.Errorf("%w: KDBX 3 header field %d in a KDBX 4 file", ErrCorrupt, id)
		}
		return h.setField3(id, data)
	}
	// Unknown fields are ignored, as KeePass and KeePassXC do.
	return nil
}

// setField3 stores the fields only KDBX 3 has.
func (h *Header) setField3(id byte, data []byte) error {
	switch id {
	case fieldTransformSeed:
		h.KDF.KDF, h.KDF.Salt = KDFAES, data
	case fieldTransformRounds:
		if len(data) != 8 {
			return fmt.Errorf("%w: transform rounds of %d bytes, want 8", ErrCorrupt, len(data))
		}
		h.KDF.KDF, h.KDF.Rounds = KDFAES, binary.LittleEndian.Uint64(data)
	case fieldProtectedStreamKey:
		h.protectedStreamKey = data
	case fieldStreamStartBytes:
		if len(data) != 32 {
			return fmt.Errorf("%w: stream start bytes of %d bytes, want 32", ErrCorrupt, len(data))
		}
		h.streamStartBytes = data
	case fieldInnerRandomStreamID:
		if len(data) != 4 {
			return fmt.Errorf("%w: inner stream identifier of %d bytes, want 4", ErrCorrupt, len(data))
		}
		s := StreamCipher(binary.LittleEndian.Uint32(data))
		if s != StreamSalsa20 && s != StreamChaCha20 {
			return fmt.Errorf("%w: inner stream cipher %d", ErrUnsupported, uint32(s))
		}
		h.InnerStream = s
	}
	return nil
}

// complete checks that the header has every field its version needs.
func (h *Header) complete(seen map[byte]bool, lim Limits) error {
	need := []struct {
		id   byte
		name string
	}{{fieldCipherID, "cipher"}, {fieldMasterSeed, "master seed"}, {fieldEncryptionIV, "encryption IV"}}
	if h.Version.Major() == 4 {
		need = append(need, struct {
			id   byte
			name string
		}{fieldKDFParameters, "KDF parameters"})
	} else {
		need = append(need, []struct {
			id   byte
			name string
		}{{fieldTransformSeed, "transform seed"}, {fieldTransformRounds, "transform rounds"},
			{fieldProtectedStreamKey, "protected stream key"}, {fieldStreamStartBytes, "stream start bytes"}}...)
		if h.InnerStream == 0 {
			h.InnerStream = StreamSalsa20 // what KeePassXC assumes in KDBX 3
		}
	}
	for _, n := range need {
		if !seen[n.id] {
			return fmt.Errorf("%w: header has no %s", ErrCorrupt, n.name)
		}
	}
	if len(h.encryptionIV) != h.Cipher.ivSize() {
		return fmt.Errorf("%w: encryption IV of %d bytes for %v", ErrCorrupt, len(h.encryptionIV), h.Cipher)
	}
	return h.KDF.check(lim)
}

// marshal encodes a KDBX 4 header (the writer's) and stores it in h.raw.
func (h *Header) marshal() error {
	kdf, err := marshalVariantMap(h.KDF.variants())
	if err != nil {
		return err
	}
	b := binary.LittleEndian.AppendUint32(nil, signature1)
	b = binary.LittleEndian.AppendUint32(b, signature2)
	b = binary.LittleEndian.AppendUint32(b, uint32(h.Version))
	field := func(id byte, data []byte) {
		b = append(b, id)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(data)))
		b = append(b, data...)
	}
	cipherID := h.Cipher.uuid()
	field(fieldCipherID, cipherID[:])
	field(fieldCompression, binary.LittleEndian.AppendUint32(nil, uint32(h.Compression)))
	field(fieldMasterSeed, h.masterSeed)
	field(fieldEncryptionIV, h.encryptionIV)
	field(fieldKDFParameters, kdf)
	if len(h.PublicCustomData) > 0 {
		pcd, err := marshalVariantMap(h.PublicCustomData)
		if err != nil {
			return err
		}
		field(fieldPublicCustomData, pcd)
	}
	field(fieldEnd, []byte("\r\n\r\n"))
	h.raw = b
	return nil
}

// mustUUID parses a UUID constant in 8-4-4-4-12 form.
func mustUUID(s string) UUID {
	b, err := hex.DecodeString(strings.ReplaceAll(s, "-", ""))
	if err != nil || len(b) != 16 {
		panic("kdbx: bad UUID constant " + s)
	}
	return UUID(b)
}
