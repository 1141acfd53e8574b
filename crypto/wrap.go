package crypto

import (
	"errors"
	"fmt"
)

// WrappedKeySize is the size of a wrapped vault key.
const WrappedKeySize = KeySize + Overhead

// ErrUnwrap is returned when a wrapped key does not open with the derived
// key: a wrong password, or altered header bytes.
var ErrUnwrap = errors.New("key does not unwrap")

// WrapKey seals vaultKey under kek (a key from [DeriveKey]); additionalData
// binds the wrap to the header that describes it.
func WrapKey(kek, vaultKey, additionalData []byte) ([]byte, error) {
	if len(vaultKey) != KeySize {
		return nil, fmt.Errorf("wrap key: vault key is %d bytes, want %d", len(vaultKey), KeySize)
	}
	return Seal(kek, additionalData, vaultKey)
}

// UnwrapKey opens a key wrapped by [WrapKey]. It returns [ErrUnwrap] when the
// key, the wrapped bytes or additionalData differ.
func UnwrapKey(kek, wrapped, additionalData []byte) ([]byte, error) {
	if len(wrapped) != WrappedKeySize {
		return nil, ErrUnwrap
	}
	k, err := Open(kek, additionalData, wrapped)
	if err != nil {
		return nil, ErrUnwrap
	}
	return k, nil
}
