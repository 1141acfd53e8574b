// This file holds the header of a version 2 file: the KDF parameters, the
// two key slots and the locator (FORMAT.md, "File layout").

package vault

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"

	"github.com/passtea/passtea/crypto"
)

const (
	magic         = "PASSTEA\x00"
	formatVersion = 2
	kdfArgon2id   = 1

	offPwSlot   = 52
	offRecSalt  = 124
	offRecSlot  = 140
	offLocator  = 212
	headerSize  = 256 // header, slots and locator
	slotSize    = crypto.WrappedKeySize
	recSaltSize = 16
	locatorSize = 4 + crypto.Overhead

	aadPwSlot  = "passtea/v2/slot/password\x00"
	aadRecSlot = "passtea/v2/slot/recovery\x00"
	aadLocator = "passtea/v2/locator\x00"
	macPwKEK   = "passtea/v2/password\x00"
	infoRecKEK = "passtea/v2/recovery"
)

// header is the first 256 bytes of a version 2 file.
type header struct {
	params  crypto.KDFParams
	salt    [crypto.SaltSize]byte
	pwSlot  [slotSize]byte
	recSalt [recSaltSize]byte
	recSlot [slotSize]byte
	locator [locatorSize]byte
}

// marshal returns the 256 header bytes.
func (h *header) marshal() []byte {
	e := encoder{b: make([]byte, 0, headerSize)}
	e.raw([]byte(magic))
	e.u16(formatVersion)
	e.u8(kdfArgon2id)
	e.u8(h.params.Parallelism)
	e.u32(h.params.MemoryKiB)
	e.u32(h.params.Iterations)
	e.raw(h.salt[:])
	e.raw(h.pwSlot[:])
	e.raw(h.recSalt[:])
	e.raw(h.recSlot[:])
	e.raw(h.locator[:])
	return e.b
}

// parseHeader reads the header of a version 2 file (b holds at least
// headerSize bytes; the magic and version were checked).
func parseHeader(b []byte) (header, error) {
	var h header
	d := decoder{b: b[len(magic)+2 : headerSize]}
	kdf := d.u8()
	h.params.Parallelism = d.u8()
	h.params.MemoryKiB = d.u32()
	h.params.Iterations = d.u32()
	copy(h.salt[:], d.take(crypto.SaltSize))
	copy(h.pwSlot[:], d.take(slotSize))
	copy(h.recSalt[:], d.take(recSaltSize))
	copy(h.recSlot[:], d.take(slotSize))
	copy(h.locator[:], d.take(locatorSize))
	if kdf != kdfArgon2id {
		return h, damaged("unknown key derivation %d", kdf)
	}
	if err := h.params.Validate(); err != nil {
		return h, damaged("%v", err)
	}
	return h, nil
}

// hash is H: SHA-256 of the header up to the locator, which the locator
// and root bind.
func (h *header) hash() [32]byte {
	return sha256.Sum256(h.marshal()[:offLocator])
}

func (h *header) pwSlotAAD() []byte {
	return append([]byte(aadPwSlot), h.marshal()[:offPwSlot]...)
}

func (h *header) recSlotAAD() []byte {
	b := h.marshal()
	aad := append([]byte(aadRecSlot), b[:len(magic)+2]...)
	return append(aad, b[offRecSalt:offRecSlot]...)
}

// passwordKEK derives the key that wraps the vault key in the password
// slot: argon2id of the password, then HMAC-SHA256 with the key file's key.
func passwordKEK(c Credentials, salt []byte, p crypto.KDFParams) ([]byte, error) {
	k, err := crypto.DeriveKey(c.Password, salt, p)
	if err != nil {
		return nil, err
	}
	defer crypto.Wipe(k)
	return combineKeyFile(k, c.KeyFile), nil
}

// combineKeyFile is KEK_p = HMAC-SHA256(K, "passtea/v2/password" 0x00 ‖ F).
func combineKeyFile(k, keyFile []byte) []byte {
	m := hmac.New(sha256.New, k)
	m.Write([]byte(macPwKEK))
	m.Write(keyFile)
	return m.Sum(nil)
}

// recoveryKEK derives the key that wraps the vault key in the recovery slot.
func recoveryKEK(code, salt []byte) ([]byte, error) {
	return hkdf.Key(sha256.New, code, salt, infoRecKEK, crypto.KeySize)
}

// sealPasswordSlot fills the password slot: new salt, KDF parameters,
// wrapped key.
func (h *header) sealPasswordSlot(key []byte, c Credentials, p crypto.KDFParams) error {
	if err := p.Validate(); err != nil {
		return err
	}
	h.params = p
	if _, err := rand.Read(h.salt[:]); err != nil {
		return err
	}
	kek, err := passwordKEK(c, h.salt[:], p)
	if err != nil {
		return err
	}
	defer crypto.Wipe(kek)
	w, err := crypto.WrapKey(kek, key, h.pwSlotAAD())
	if err != nil {
		return err
	}
	copy(h.pwSlot[:], w)
	return nil
}

// sealRecoverySlot fills the recovery slot for code, or with random bytes
// when code is nil.
func (h *header) sealRecoverySlot(key, code []byte) error {
	if _, err := rand.Read(h.recSalt[:]); err != nil {
		return err
	}
	if code == nil {
		_, err := rand.Read(h.recSlot[:])
		return err
	}
	kek, err := recoveryKEK(code, h.recSalt[:])
	if err != nil {
		return err
	}
	defer crypto.Wipe(kek)
	w, err := crypto.WrapKey(kek, key, h.recSlotAAD())
	if err != nil {
		return err
	}
	copy(h.recSlot[:], w)
	return nil
}

// sealLocator records the sealed root's length R.
func (h *header) sealLocator(key []byte, rootLen int) error {
	hh := h.hash()
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(rootLen))
	s, err := crypto.Seal(key, append([]byte(aadLocator), hh[:]...), n[:])
	if err != nil {
		return err
	}
	copy(h.locator[:], s)
	return nil
}

// openLocator returns R.
func (h *header) openLocator(key []byte) (int, error) {
	hh := h.hash()
	n, err := crypto.Open(key, append([]byte(aadLocator), hh[:]...), h.locator[:])
	if err != nil || len(n) != 4 {
		return 0, damaged("the locator does not authenticate")
	}
	return int(binary.BigEndian.Uint32(n)), nil
}

// rootAAD binds the root to the header.
func (h *header) rootAAD() []byte {
	hh := h.hash()
	return append([]byte(aadRoot), hh[:]...)
}
