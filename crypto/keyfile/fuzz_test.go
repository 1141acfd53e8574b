package keyfile

import (
	"bytes"
	"crypto/sha256"
	"testing"
)

// FuzzRead checks that any file yields a 32-byte key or an error, never a
// panic, and that the formats without a parser keep their definitions.
func FuzzRead(f *testing.F) {
	f.Add(xmlV2("C6C6BD8D", "00"))
	f.Add(xmlV1("1.0", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="))
	f.Add([]byte("<KeyFile><Meta><Version>2.0</Version><Version>1.0</Version></Meta><Key><Data Hash='x'>ab<b/></Data></Key></KeyFile>"))
	f.Add(bytes.Repeat([]byte("a"), 64))
	f.Add(bytes.Repeat([]byte{0}, 32))
	f.Add([]byte("plain text"))
	f.Fuzz(func(t *testing.T, data []byte) {
		key, format, err := Read(bytes.NewReader(data))
		if err != nil {
			if key != nil {
				t.Fatal("a key came with an error")
			}
			return
		}
		if len(key) != KeySize {
			t.Fatalf("key of %d bytes", len(key))
		}
		switch format {
		case Hashed:
			if sum := sha256.Sum256(data); !bytes.Equal(key, sum[:]) {
				t.Fatal("hashed key is not the file's SHA-256")
			}
		case Binary:
			if !bytes.Equal(key, data) {
				t.Fatal("binary key is not the file")
			}
		case Hex:
			if len(data) != 64 {
				t.Fatalf("hex key file of %d bytes", len(data))
			}
		}
	})
}
