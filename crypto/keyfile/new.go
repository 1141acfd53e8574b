package keyfile

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/passtea/passtea/crypto"
)

// New returns the contents of a fresh XML 2.0 key file holding [KeySize]
// random bytes, laid out byte for byte as KeePassXC 2.7 writes one (a
// trailing newline included). The caller writes it to a file only its owner
// can read, then wipes the returned slice.
func New() []byte {
	key := make([]byte, KeySize)
	defer crypto.Wipe(key)
	rand.Read(key) // never fails (crypto/rand, Go 1.24 and later)
	sum := sha256.Sum256(key)
	digits := make([]byte, hex.EncodedLen(KeySize))
	defer crypto.Wipe(digits)
	hex.Encode(digits, key)

	// One buffer of the final size, so no copy of the key is left behind.
	b := make([]byte, 0, 320)
	b = append(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<KeyFile>\n    <Meta>\n        <Version>2.0</Version>\n    </Meta>\n    <Key>\n        <Data Hash=\""...)
	b = append(b, strings.ToUpper(hex.EncodeToString(sum[:4]))...)
	b = append(b, "\">"...)
	for i, c := range digits {
		switch {
		case i%32 == 0:
			b = append(b, "\n            "...)
		case i%8 == 0:
			b = append(b, ' ')
		}
		if 'a' <= c && c <= 'f' {
			c -= 'a' - 'A'
		}
		b = append(b, c)
	}
	return append(b, "\n        </Data>\n    </Key>\n</KeyFile>\n"...)
}
