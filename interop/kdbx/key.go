package kdbx

import (
	"crypto/sha256"
	"crypto/sha512"
	"errors"
	"fmt"

	"github.com/passtea/passtea/crypto"
)

// Credentials open a database: a password, a key file's key, or both, as
// KeePass and KeePassXC combine them.
type Credentials struct {
	// Password is the master password as UTF-8 bytes. An empty password
	// is a password (KeePassXC lets one be set); set NoPassword for a
	// database that has no password component (keepassxc-cli
	// --no-password).
	Password   []byte
	NoPassword bool
	// KeyFile is the 32-byte key of a key file, from keyfile.Read; nil
	// when the database has no key file.
	KeyFile []byte
}

// errNoCredentials is returned for credentials with neither component.
var errNoCredentials = errors.New("no password and no key file given")

// compositeKey returns KeePass's composite key: the SHA-256 of the
// components' hashes in KeePass's order, SHA-256(password) then the key
// file's key (KeePassXC src/keys/CompositeKey.cpp).
func (c Credentials) compositeKey() ([]byte, error) {
	if c.NoPassword && c.KeyFile == nil {
		return nil, errNoCredentials
	}
	if c.KeyFile != nil && len(c.KeyFile) != 32 {
		return nil, fmt.Errorf("key file key of %d bytes, want 32", len(c.KeyFile))
	}
	h := sha256.New()
	if !c.NoPassword {
		pw := sha256.Sum256(c.Password)
		h.Write(pw[:])
		crypto.Wipe(pw[:])
	}
	h.Write(c.KeyFile)
	return h.Sum(nil), nil
}

// masterKeys derives from the transformed key the key of the outer cipher,
// SHA-256(master seed ‖ transformed key), and the KDBX 4 HMAC base key,
// SHA-512(master seed ‖ transformed key ‖ 0x01).
func masterKeys(masterSeed, transformed []byte) (cipherKey, hmacKey []byte) {
	h := sha256.New()
	h.Write(masterSeed)
	h.Write(transformed)
	cipherKey = h.Sum(nil)
	h512 := sha512.New()
	h512.Write(masterSeed)
	h512.Write(transformed)
	h512.Write([]byte{1})
	return cipherKey, h512.Sum(nil)
}
