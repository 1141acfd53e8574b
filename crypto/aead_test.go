// Tests for Seal and Open: the XChaCha20-Poly1305 known answer, single-bit
// tampering of every input, truncation and extension, nonce freshness, and
// the FuzzOpen target.

package crypto

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"
)

// The AEAD_XChaCha20_Poly1305 test vector of draft-irtf-cfrg-xchacha-03,
// appendix A.3.1. The hex was checked against two independent copies: the
// vector in golang.org/x/crypto@v0.58.0/chacha20poly1305/
// chacha20poly1305_vectors_test.go and the "Test from draft-irtf-cfrg-xchacha-03"
// entry in Catacomb's chacha20-poly1305 tests. The draft prints ciphertext and
// tag separately; the tag is the last 16 bytes.
const (
	xchachaKATKey   = "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
	xchachaKATNonce = "404142434445464748494a4b4c4d4e4f5051525354555657"
	xchachaKATAAD   = "50515253c0c1c2c3c4c5c6c7"
	xchachaKATText  = "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it."
	xchachaKATCT    = "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb" +
		"731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452" +
		"2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9" +
		"21f9664c97637da9768812f615c68b13b52e"
	xchachaKATTag = "c0875924c1c7987947deafd8780acf49"
)

func mustHex(tb testing.TB, s string) []byte {
	tb.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		tb.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}

// xchachaKAT returns the draft vector's key, AAD, plaintext and the sealed
// bytes Seal must produce for it (nonce ‖ ciphertext ‖ tag).
func xchachaKAT(tb testing.TB) (key, aad, plaintext, sealed []byte) {
	tb.Helper()
	key = mustHex(tb, xchachaKATKey)
	aad = mustHex(tb, xchachaKATAAD)
	plaintext = []byte(xchachaKATText)
	sealed = mustHex(tb, xchachaKATNonce+xchachaKATCT+xchachaKATTag)
	return key, aad, plaintext, sealed
}

func TestXChaCha20Poly1305KnownAnswer(t *testing.T) {
	key, aad, plaintext, want := xchachaKAT(t)
	nonce := mustHex(t, xchachaKATNonce)
	if len(plaintext) != 114 || len(want) != NonceSize+114+16 {
		t.Fatalf("vector lengths: plaintext %d, sealed %d", len(plaintext), len(want))
	}

	got, err := sealWithNonce(key, nonce, aad, plaintext)
	if err != nil {
		t.Fatalf("sealWithNonce: %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("sealWithNonce:\n got %x\nwant %x", got, want)
	}

	opened, err := Open(key, aad, want)
	if err != nil {
		t.Fatalf("Open(vector): %v", err)
	}
	if string(opened) != xchachaKATText {
		t.Fatalf("Open(vector) = %q", opened)
	}
}

func TestConstants(t *testing.T) {
	// The on-disk layout depends on these; a change must be deliberate.
	if NonceSize != 24 || Overhead != 40 || KeySize != 32 || WrappedKeySize != 72 || SaltSize != 32 {
		t.Fatalf("NonceSize %d, Overhead %d, KeySize %d, WrappedKeySize %d, SaltSize %d",
			NonceSize, Overhead, KeySize, WrappedKeySize, SaltSize)
	}
}

func TestSealOpenRoundTrip(t *testing.T) {
	key := testKey(t)
	for _, n := range []int{0, 1, 15, 16, 17, 63, 64, 65, 100, 1000, 64 << 10} {
		pt := bytes.Repeat([]byte{0xa5}, n)
		aad := []byte("passtea test aad")
		sealed, err := Seal(key, aad, pt)
		if err != nil {
			t.Fatalf("Seal(%d bytes): %v", n, err)
		}
		if len(sealed) != n+Overhead {
			t.Fatalf("Seal(%d bytes) returned %d bytes, want %d", n, len(sealed), n+Overhead)
		}
		got, err := Open(key, aad, sealed)
		if err != nil {
			t.Fatalf("Open(%d bytes): %v", n, err)
		}
		if !bytes.Equal(got, pt) {
			t.Fatalf("Open(%d bytes) returned other bytes", n)
		}
	}
}

// TestSealDoesNotTouchInputs checks that Seal and Open neither modify their
// arguments nor return slices that alias them.
func TestSealDoesNotTouchInputs(t *testing.T) {
	key := testKey(t)
	pt := []byte("the plaintext")
	aad := []byte("the aad")
	keyCopy, ptCopy, aadCopy := bytes.Clone(key), bytes.Clone(pt), bytes.Clone(aad)

	sealed, err := Seal(key, aad, pt)
	if err != nil {
		t.Fatal(err)
	}
	sealedCopy := bytes.Clone(sealed)
	opened, err := Open(key, aad, sealed)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(key, keyCopy) || !bytes.Equal(pt, ptCopy) || !bytes.Equal(aad, aadCopy) || !bytes.Equal(sealed, sealedCopy) {
		t.Fatal("Seal or Open modified an argument")
	}
	clear(opened)
	if !bytes.Equal(sealed, sealedCopy) {
		t.Fatal("the slice Open returned aliases the sealed bytes")
	}
	if _, err := Open(key, aad, sealed); err != nil {
		t.Fatalf("Open after clearing the returned plaintext: %v", err)
	}
}

// TestOpenEmptyPlaintext: a sealed empty plaintext opens to an empty (nil)
// slice and no error, so callers must test err, never the slice.
func TestOpenEmptyPlaintext(t *testing.T) {
	key := testKey(t)
	sealed, err := Seal(key, []byte("aad"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(sealed) != Overhead {
		t.Fatalf("sealed empty plaintext is %d bytes, want %d", len(sealed), Overhead)
	}
	pt, err := Open(key, []byte("aad"), sealed)
	if err != nil || len(pt) != 0 {
		t.Fatalf("Open = %x, %v; want empty, nil", pt, err)
	}
}

func TestNonceFreshness(t *testing.T) {
	key := testKey(t)
	pt := []byte("same plaintext")
	aad := []byte("same aad")
	a, err := Seal(key, aad, pt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Seal(key, aad, pt)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a, b) {
		t.Fatal("two Seals of the same input are identical")
	}
	if bytes.Equal(a[:NonceSize], b[:NonceSize]) {
		t.Fatal("two Seals used the same nonce")
	}
	// Under the same key and nonce the keystream would repeat: with different
	// nonces the ciphertexts must differ too, not just the prefix.
	if bytes.Equal(a[NonceSize:], b[NonceSize:]) {
		t.Fatal("two Seals produced the same ciphertext")
	}

	// Many seals: no nonce repeats and none is all zeros (a sign of an
	// unchecked or unread random source).
	const n = 2000
	seen := make(map[[NonceSize]byte]bool, n)
	var zero [NonceSize]byte
	for range n {
		s, err := Seal(key, aad, nil)
		if err != nil {
			t.Fatal(err)
		}
		nonce := [NonceSize]byte(s[:NonceSize])
		if nonce == zero {
			t.Fatal("all-zero nonce")
		}
		if seen[nonce] {
			t.Fatalf("nonce %x repeated", nonce)
		}
		seen[nonce] = true
	}
}

func TestSealWithNonceUsesNonce(t *testing.T) {
	key := testKey(t)
	nonce := bytes.Repeat([]byte{0x42}, NonceSize)
	sealed, err := sealWithNonce(key, nonce, nil, []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(sealed[:NonceSize], nonce) {
		t.Fatalf("nonce prefix %x, want %x", sealed[:NonceSize], nonce)
	}
}

// TestOpenBitFlips flips, one at a time, every bit of the key, the AAD and
// the sealed bytes (nonce, ciphertext and tag), and checks each fails with
// ErrOpen and no plaintext.
func TestOpenBitFlips(t *testing.T) {
	key, aad, _, sealed := xchachaKAT(t)
	if _, err := Open(key, aad, sealed); err != nil {
		t.Fatalf("unmodified vector does not open: %v", err)
	}

	check := func(what string, i int, k, a, s []byte) {
		t.Helper()
		pt, err := Open(k, a, s)
		if !errors.Is(err, ErrOpen) || pt != nil {
			t.Fatalf("%s bit %d flipped: Open = %q, %v; want nil, ErrOpen", what, i, pt, err)
		}
	}
	for i := range len(key) * 8 {
		check("key", i, flipBit(key, i), aad, sealed)
	}
	for i := range len(aad) * 8 {
		check("aad", i, key, flipBit(aad, i), sealed)
	}
	for i := range len(sealed) * 8 {
		what := "ciphertext"
		switch {
		case i < NonceSize*8:
			what = "nonce"
		case i >= (len(sealed)-16)*8:
			what = "tag"
		}
		check(what, i, key, aad, flipBit(sealed, i))
	}
}

func TestOpenRejectsTruncationAndExtension(t *testing.T) {
	key, aad, _, sealed := xchachaKAT(t)
	for n := range len(sealed) {
		if pt, err := Open(key, aad, sealed[:n]); !errors.Is(err, ErrOpen) || pt != nil {
			t.Fatalf("first %d of %d bytes: Open = %q, %v; want nil, ErrOpen", n, len(sealed), pt, err)
		}
	}
	for n := 1; n < len(sealed); n++ {
		if pt, err := Open(key, aad, sealed[n:]); !errors.Is(err, ErrOpen) || pt != nil {
			t.Fatalf("without the first %d bytes: Open = %q, %v; want nil, ErrOpen", n, pt, err)
		}
	}
	for _, extra := range [][]byte{{0}, {1}, make([]byte, 16), sealed} {
		ext := append(bytes.Clone(sealed), extra...)
		if pt, err := Open(key, aad, ext); !errors.Is(err, ErrOpen) || pt != nil {
			t.Fatalf("%d bytes appended: Open = %q, %v; want nil, ErrOpen", len(extra), pt, err)
		}
	}
	// The AAD is authenticated with its length: a prefix, an extension or no
	// AAD at all is a different AAD.
	for _, a := range [][]byte{nil, aad[:len(aad)-1], append(bytes.Clone(aad), 0)} {
		if pt, err := Open(key, a, sealed); !errors.Is(err, ErrOpen) || pt != nil {
			t.Fatalf("aad %x: Open = %q, %v; want nil, ErrOpen", a, pt, err)
		}
	}
}

// TestOpenWrongKeyOrSwappedInputs: a different random key, or sealed bytes
// from another message, never open.
func TestOpenWrongKeyOrSwappedInputs(t *testing.T) {
	k1, k2 := testKey(t), testKey(t)
	aad := []byte("entry 1")
	s1, err := Seal(k1, aad, []byte("secret one"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(k2, aad, s1); !errors.Is(err, ErrOpen) {
		t.Fatalf("Open with another key: %v, want ErrOpen", err)
	}
	if _, err := Open(k1, []byte("entry 2"), s1); !errors.Is(err, ErrOpen) {
		t.Fatalf("Open with another aad: %v, want ErrOpen", err)
	}
	// Splice: nonce of one message with ciphertext of another.
	s2, err := Seal(k1, aad, []byte("secret two"))
	if err != nil {
		t.Fatal(err)
	}
	spliced := append(bytes.Clone(s1[:NonceSize]), s2[NonceSize:]...)
	if _, err := Open(k1, aad, spliced); !errors.Is(err, ErrOpen) {
		t.Fatalf("Open spliced: %v, want ErrOpen", err)
	}
}

// TestBadKeySize: keys that are not 32 bytes are programmer errors; they are
// reported, never a panic, and never mistaken for a successful open.
func TestBadKeySize(t *testing.T) {
	_, _, _, sealed := xchachaKAT(t)
	for _, n := range []int{0, 16, 31, 33, 64} {
		key := make([]byte, n)
		if out, err := Seal(key, nil, []byte("x")); err == nil {
			t.Errorf("Seal with a %d-byte key = %x, nil; want an error", n, out)
		}
		if out, err := Open(key, nil, sealed); err == nil {
			t.Errorf("Open with a %d-byte key = %x, nil; want an error", n, out)
		}
	}
}

func TestNewKey(t *testing.T) {
	a, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != KeySize || len(b) != KeySize {
		t.Fatalf("key sizes %d, %d; want %d", len(a), len(b), KeySize)
	}
	if bytes.Equal(a, b) || bytes.Equal(a, make([]byte, KeySize)) {
		t.Fatal("NewKey is not random")
	}
}

func TestWipe(t *testing.T) {
	b := bytes.Repeat([]byte{0xff}, 100)
	Wipe(b)
	if !bytes.Equal(b, make([]byte, 100)) {
		t.Fatalf("after Wipe: %x", b)
	}
	Wipe(nil) // must not panic
	full := bytes.Repeat([]byte{0xff}, 8)
	Wipe(full[:4]) // only the slice's length, not its capacity
	if !bytes.Equal(full, []byte{0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff}) {
		t.Fatalf("Wipe of a sub-slice: %x", full)
	}
}

// FuzzOpen opens arbitrary bytes under the fixed key of the draft vector.
// Open must never panic, must fail only with ErrOpen, and may succeed only for
// bytes that Seal itself produces: nonce ‖ XChaCha20-Poly1305(plaintext). The
// seed corpus (testdata/fuzz/FuzzOpen) holds the genuine vector, so the
// success branch is exercised too.
func FuzzOpen(f *testing.F) {
	key, aad, _, sealed := xchachaKAT(f)
	f.Add(sealed, aad)
	f.Add(flipBit(sealed, len(sealed)*8-1), aad)
	f.Add(sealed[:Overhead], aad)
	f.Add([]byte{}, []byte{})

	f.Fuzz(func(t *testing.T, sealed, aad []byte) {
		pt, err := Open(key, aad, sealed)
		if err != nil {
			if !errors.Is(err, ErrOpen) || pt != nil {
				t.Fatalf("Open = %x, %v; want nil, ErrOpen", pt, err)
			}
		} else {
			// It opened: it must be exactly what sealing pt again under the
			// same nonce gives, i.e. something Seal could have produced.
			again, err := sealWithNonce(key, sealed[:NonceSize], aad, pt)
			if err != nil {
				t.Fatalf("sealWithNonce: %v", err)
			}
			if !bytes.Equal(again, sealed) {
				t.Fatalf("opened bytes that Seal would not produce:\n%x\n%x", sealed, again)
			}
		}

		// Round trip: the fuzz bytes as a plaintext.
		s, err := Seal(key, aad, sealed)
		if err != nil {
			t.Fatalf("Seal: %v", err)
		}
		back, err := Open(key, aad, s)
		if err != nil || !bytes.Equal(back, sealed) {
			t.Fatalf("round trip: %x, %v", back, err)
		}
		// ... and it no longer opens once any bit of it changes.
		if len(s) > 0 {
			i := int(uint(len(sealed)*7+len(aad)) % uint(len(s)*8))
			if _, err := Open(key, aad, flipBit(s, i)); !errors.Is(err, ErrOpen) {
				t.Fatalf("bit %d flipped: %v, want ErrOpen", i, err)
			}
		}
	})
}

// flipBit returns a copy of b with bit i (counting from the first byte's
// least significant bit) inverted.
func flipBit(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i/8] ^= 1 << (i % 8)
	return c
}

func testKey(tb testing.TB) []byte {
	tb.Helper()
	k, err := NewKey()
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

// TestOpenInPlace: the plaintext comes back in the sealed buffer's own
// storage; any flipped bit fails as with Open.
func TestOpenInPlace(t *testing.T) {
	key := make([]byte, KeySize)
	msg := []byte("an index of names, not secrets")
	aad := []byte("aad")
	sealed, err := Seal(key, aad, msg)
	if err != nil {
		t.Fatal(err)
	}
	for i := range len(sealed) * 8 {
		c := append([]byte(nil), sealed...)
		c[i/8] ^= 1 << (i % 8)
		if _, err := OpenInPlace(key, aad, c); !errors.Is(err, ErrOpen) {
			t.Fatalf("bit %d flipped: got %v, want ErrOpen", i, err)
		}
	}
	pt, err := OpenInPlace(key, aad, sealed)
	if err != nil || !bytes.Equal(pt, msg) {
		t.Fatalf("OpenInPlace = %q, %v", pt, err)
	}
	if &pt[0] != &sealed[NonceSize] {
		t.Error("plaintext does not alias the sealed buffer")
	}
	if _, err := OpenInPlace(key, aad, sealed[:Overhead-1]); !errors.Is(err, ErrOpen) {
		t.Errorf("short input: %v", err)
	}
}

// TestSealInPlace: the result opens like Seal's, and is written over the
// buffer when it has room for the tag.
func TestSealInPlace(t *testing.T) {
	key := make([]byte, KeySize)
	msg := []byte("index plaintext")
	buf := make([]byte, NonceSize+len(msg), NonceSize+len(msg)+Overhead)
	copy(buf[NonceSize:], msg)
	sealed, err := SealInPlace(key, []byte("aad"), buf)
	if err != nil {
		t.Fatal(err)
	}
	if &sealed[0] != &buf[0] || len(sealed) != len(msg)+Overhead {
		t.Fatalf("not sealed in place: len %d", len(sealed))
	}
	if pt, err := Open(key, []byte("aad"), sealed); err != nil || !bytes.Equal(pt, msg) {
		t.Fatalf("Open = %q, %v", pt, err)
	}
	tight := append(make([]byte, NonceSize), msg...)
	tight = tight[:len(tight):len(tight)]
	sealed, err = SealInPlace(key, nil, tight)
	if err != nil {
		t.Fatal(err)
	}
	if pt, err := Open(key, nil, sealed); err != nil || !bytes.Equal(pt, msg) {
		t.Fatalf("without room: Open = %q, %v", pt, err)
	}
	if _, err := SealInPlace(key, nil, make([]byte, NonceSize-1)); err == nil {
		t.Error("no room for the nonce: no error")
	}
}
