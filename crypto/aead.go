package crypto

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"

	"golang.org/x/crypto/chacha20poly1305"
)

// NonceSize is the size of an XChaCha20-Poly1305 nonce.
const NonceSize = chacha20poly1305.NonceSizeX

// Overhead is how many bytes [Seal] adds to a plaintext: nonce and tag.
const Overhead = NonceSize + chacha20poly1305.Overhead

// ErrOpen is returned when sealed bytes do not open: a wrong key, altered
// bytes or associated data that does not match.
var ErrOpen = errors.New("message authentication failed")

// Seal encrypts and authenticates plaintext and additionalData under key with
// XChaCha20-Poly1305 and a fresh random nonce. The result is nonce ‖
// ciphertext ‖ tag.
func Seal(key, additionalData, plaintext []byte) ([]byte, error) {
	var nonce [NonceSize]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		return nil, fmt.Errorf("seal: read nonce: %w", err)
	}
	return sealWithNonce(key, nonce[:], additionalData, plaintext)
}

func sealWithNonce(key, nonce, additionalData, plaintext []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	out := make([]byte, NonceSize, NonceSize+len(plaintext)+aead.Overhead())
	copy(out, nonce)
	return aead.Seal(out, nonce, plaintext, additionalData), nil
}

// Open authenticates and decrypts sealed bytes made by [Seal] with the same
// key and additionalData. Any difference returns [ErrOpen].
func Open(key, additionalData, sealed []byte) ([]byte, error) {
	return OpenInPlace(key, additionalData, bytes.Clone(sealed))
}

// SealInPlace is [Seal] without a new buffer: buf holds NonceSize bytes of
// room for the nonce followed by the plaintext, and the result (nonce ‖
// ciphertext ‖ tag, like Seal's) is written over it, growing into buf's
// spare capacity for the tag when there is room (else into a new buffer).
func SealInPlace(key, additionalData, buf []byte) ([]byte, error) {
	if len(buf) < NonceSize {
		return nil, fmt.Errorf("seal: buffer of %d bytes has no room for the nonce", len(buf))
	}
	if _, err := rand.Read(buf[:NonceSize]); err != nil {
		return nil, fmt.Errorf("seal: read nonce: %w", err)
	}
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	pt := buf[NonceSize:]
	ct := aead.Seal(pt[:0], buf[:NonceSize], pt, additionalData)
	if len(ct) > 0 && len(pt) > 0 && &ct[0] == &pt[0] {
		return buf[:NonceSize+len(ct)], nil
	}
	return append(buf[:NonceSize:NonceSize], ct...), nil
}

// OpenInPlace is [Open] without a new buffer: it decrypts into sealed's own
// storage, and the plaintext it returns aliases sealed. sealed is overwritten
// even when the result is an error. For large messages opened once, where an
// allocation the size of the message costs more than the decryption.
func OpenInPlace(key, additionalData, sealed []byte) ([]byte, error) {
	if len(sealed) < Overhead {
		return nil, ErrOpen
	}
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, fmt.Errorf("open: %w", err)
	}
	ct := sealed[NonceSize:]
	pt, err := aead.Open(ct[:0], sealed[:NonceSize], ct, additionalData)
	if err != nil {
		return nil, ErrOpen
	}
	return pt, nil
}

// NewKey returns a fresh random [KeySize]-byte key.
func NewKey() ([]byte, error) {
	k := make([]byte, KeySize)
	if _, err := rand.Read(k); err != nil {
		return nil, fmt.Errorf("new key: %w", err)
	}
	return k, nil
}

// Wipe overwrites b with zeros. Best effort: copies the Go runtime made
// elsewhere are out of reach.
func Wipe(b []byte) {
	clear(b)
}
