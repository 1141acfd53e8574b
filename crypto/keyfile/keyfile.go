package keyfile

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/passtea/passtea/crypto"
)

// KeySize is the size in bytes of the key a key file yields.
const KeySize = 32

// Size limits. A hostile or mistaken path (a disk image, a video) must not
// make passtea read for minutes.
const (
	// MaxXMLSize is the largest file read whole and tried as XML, binary or
	// hex. KeePass and KeePassXC write XML key files of about 250 bytes.
	MaxXMLSize = 1 << 20
	// MaxSize is the largest file accepted at all: larger ones are hashed
	// as they stream in, which takes about a second per GiB.
	MaxSize = 1 << 30
)

// Format is the kind of key file [Read] found.
type Format int

// The key file formats, in the order [Read] tries them after XML.
const (
	Hashed Format = iota // any other file: the key is its SHA-256
	XMLv1                // KeePass XML 1.0: base64 data
	XMLv2                // KeePass XML 2.0: hex data with a checksum
	Binary               // exactly 32 bytes: the key itself
	Hex                  // exactly 64 hex digits
)

// String names the format for people, e.g. "XML 2.0 key file".
func (f Format) String() string {
	switch f {
	case Hashed:
		return "hashed key file"
	case XMLv1:
		return "XML 1.0 key file"
	case XMLv2:
		return "XML 2.0 key file"
	case Binary:
		return "32-byte binary key file"
	case Hex:
		return "64-digit hex key file"
	}
	return fmt.Sprintf("key file format %d", int(f))
}

// Legacy reports whether KeePassXC warns that it may stop supporting the
// format (every format but XML 2.0 and hashed files).
func (f Format) Legacy() bool {
	return f != XMLv2 && f != Hashed
}

// Errors that callers tell apart.
var (
	// ErrEmpty is returned for an empty file, which KeePassXC refuses.
	ErrEmpty = errors.New("key file is empty")
	// ErrTooLarge is returned for files over [MaxSize], and for XML key
	// files over [MaxXMLSize].
	ErrTooLarge = errors.New("key file is too large")
	// ErrChecksum is returned when an XML 2.0 key file's Hash attribute
	// does not match its data: the file is damaged.
	ErrChecksum = errors.New("key file checksum does not match its data: the file is damaged")
	// ErrInvalid is returned for an XML key file KeePassXC refuses: an
	// unsupported version, or data that is not base64 (1.0) or hex (2.0).
	ErrInvalid = errors.New("invalid XML key file")
)

// ReadFile reads the key file at path and returns its [KeySize]-byte key and
// format. Only regular files are read (KeePassXC refuses pipes and devices).
func ReadFile(path string) ([]byte, Format, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, fmt.Errorf("key file: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, 0, fmt.Errorf("key file: %w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, 0, fmt.Errorf("key file %s is not a regular file", path)
	}
	return Read(f)
}

// Read reads a key file from r and returns its [KeySize]-byte key and format
// (see the package doc for how the format is told). The caller wipes the key
// with [crypto.Wipe] when done.
func Read(r io.Reader) ([]byte, Format, error) {
	buf := make([]byte, MaxXMLSize+1)
	defer crypto.Wipe(buf)
	n, err := io.ReadFull(r, buf)
	switch {
	case err == io.EOF:
		return nil, 0, ErrEmpty
	case err == io.ErrUnexpectedEOF: // the whole file is in buf
		return parse(buf[:n])
	case err != nil:
		return nil, 0, fmt.Errorf("read key file: %w", err)
	}
	// Larger than MaxXMLSize: hashed, unless it is an XML key file.
	if startsWithKeyFileElement(buf) {
		return nil, 0, fmt.Errorf("%w: an XML key file over %d bytes", ErrTooLarge, MaxXMLSize)
	}
	key, err := hashStream(buf, r)
	if err != nil {
		return nil, 0, err
	}
	return key, Hashed, nil
}

// parse derives the key from a whole file held in data.
func parse(data []byte) ([]byte, Format, error) {
	key, format, err := parseXML(data)
	if err != nil || key != nil {
		return key, format, err
	}
	switch {
	case len(data) == KeySize:
		return bytes.Clone(data), Binary, nil
	case len(data) == 2*KeySize && isHex(data):
		key := make([]byte, KeySize)
		if _, err := hex.Decode(key, data); err != nil {
			return nil, 0, fmt.Errorf("read hex key file: %w", err)
		}
		return key, Hex, nil
	}
	sum := sha256.Sum256(data)
	defer crypto.Wipe(sum[:])
	return bytes.Clone(sum[:]), Hashed, nil
}

// hashStream returns the SHA-256 of prefix followed by the rest of r,
// refusing more than [MaxSize] bytes in all.
func hashStream(prefix []byte, r io.Reader) ([]byte, error) {
	h := sha256.New()
	h.Write(prefix)
	buf := make([]byte, 64<<10)
	defer crypto.Wipe(buf)
	total := int64(len(prefix))
	for {
		n, err := r.Read(buf)
		total += int64(n)
		if total > MaxSize {
			return nil, fmt.Errorf("%w: over %d MiB", ErrTooLarge, MaxSize>>20)
		}
		h.Write(buf[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read key file: %w", err)
		}
	}
	return h.Sum(nil), nil
}

// isHex reports whether every byte of b is a hex digit (KeePassXC's
// Tools::isHex, which accepts the empty string and odd lengths).
func isHex(b []byte) bool {
	for _, c := range b {
		if hexValue(c) < 0 {
			return false
		}
	}
	return true
}

// hexValue is the value of hex digit c, or -1.
func hexValue(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
