package clipboard

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
)

// Fingerprint recognises one copied value without holding it: HMAC-SHA256
// of the value under a random key made for this copy alone. See "Fingerprints
// are keyed" in the package documentation for what that does and does not
// protect. The zero Fingerprint matches nothing.
type Fingerprint struct {
	key [32]byte
	sum [32]byte
	set bool
}

// NewFingerprint makes the fingerprint of value under a fresh random key.
func NewFingerprint(value string) (Fingerprint, error) {
	var f Fingerprint
	if _, err := rand.Read(f.key[:]); err != nil {
		return Fingerprint{}, fmt.Errorf("fingerprint: %w", err)
	}
	f.sum = f.mac(value)
	f.set = true
	return f, nil
}

func (f Fingerprint) mac(s string) [32]byte {
	h := hmac.New(sha256.New, f.key[:])
	h.Write([]byte(s))
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// Matches reports whether s is the value f was made from, in constant time.
func (f Fingerprint) Matches(s string) bool {
	if !f.set {
		return false
	}
	got := f.mac(s)
	return hmac.Equal(got[:], f.sum[:])
}

// IsZero reports whether f is the zero Fingerprint.
func (f Fingerprint) IsZero() bool { return !f.set }

// fingerprintSize is the length of a marshalled Fingerprint: key, then sum.
const fingerprintSize = 64

// MarshalBinary returns the key followed by the HMAC, 64 bytes.
func (f Fingerprint) MarshalBinary() ([]byte, error) {
	if !f.set {
		return nil, errors.New("marshal fingerprint: zero fingerprint")
	}
	b := make([]byte, 0, fingerprintSize)
	b = append(b, f.key[:]...)
	return append(b, f.sum[:]...), nil
}

// UnmarshalBinary reads what MarshalBinary wrote.
func (f *Fingerprint) UnmarshalBinary(b []byte) error {
	if len(b) != fingerprintSize {
		return fmt.Errorf("unmarshal fingerprint: %d bytes, want %d", len(b), fingerprintSize)
	}
	copy(f.key[:], b[:32])
	copy(f.sum[:], b[32:])
	f.set = true
	return nil
}
