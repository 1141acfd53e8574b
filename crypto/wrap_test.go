package crypto

import (
	"bytes"
	"errors"
	"testing"
)

func TestWrapUnwrapRoundTrip(t *testing.T) {
	kek, vaultKey := testKey(t), testKey(t)
	aad := []byte("passtea header")
	wrapped, err := WrapKey(kek, vaultKey, aad)
	if err != nil {
		t.Fatal(err)
	}
	if len(wrapped) != WrappedKeySize {
		t.Fatalf("wrapped key is %d bytes, want %d", len(wrapped), WrappedKeySize)
	}
	if bytes.Contains(wrapped, vaultKey) {
		t.Fatal("wrapped bytes contain the vault key")
	}
	got, err := UnwrapKey(kek, wrapped, aad)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, vaultKey) {
		t.Fatal("unwrapped key differs")
	}

	again, err := WrapKey(kek, vaultKey, aad)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(again, wrapped) {
		t.Fatal("two wraps of the same key are identical: nonce not fresh")
	}
}

func TestWrapKeyRejectsBadVaultKey(t *testing.T) {
	kek := testKey(t)
	for _, n := range []int{0, 16, 31, 33, 64} {
		if w, err := WrapKey(kek, make([]byte, n), nil); err == nil {
			t.Errorf("WrapKey of a %d-byte key = %x, nil; want an error", n, w)
		}
	}
	if w, err := WrapKey(make([]byte, 16), testKey(t), nil); err == nil {
		t.Errorf("WrapKey under a 16-byte kek = %x, nil; want an error", w)
	}
}

// TestUnwrapBitFlips flips every bit of the kek, the AAD and the wrapped bytes
// one at a time; each must fail with ErrUnwrap and return no key.
func TestUnwrapBitFlips(t *testing.T) {
	kek, vaultKey := testKey(t), testKey(t)
	aad := []byte("magic+version+kdf params+salt")
	wrapped, err := WrapKey(kek, vaultKey, aad)
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, i int, k, w, a []byte) {
		t.Helper()
		key, err := UnwrapKey(k, w, a)
		if !errors.Is(err, ErrUnwrap) || key != nil {
			t.Fatalf("%s bit %d flipped: UnwrapKey = %x, %v; want nil, ErrUnwrap", what, i, key, err)
		}
	}
	for i := range len(kek) * 8 {
		check("kek", i, flipBit(kek, i), wrapped, aad)
	}
	for i := range len(wrapped) * 8 {
		check("wrapped", i, kek, flipBit(wrapped, i), aad)
	}
	for i := range len(aad) * 8 {
		check("aad", i, kek, wrapped, flipBit(aad, i))
	}
}

func TestUnwrapRejects(t *testing.T) {
	kek, vaultKey := testKey(t), testKey(t)
	aad := []byte("header")
	wrapped, err := WrapKey(kek, vaultKey, aad)
	if err != nil {
		t.Fatal(err)
	}
	for n := range len(wrapped) {
		if key, err := UnwrapKey(kek, wrapped[:n], aad); !errors.Is(err, ErrUnwrap) || key != nil {
			t.Fatalf("first %d bytes: UnwrapKey = %x, %v; want nil, ErrUnwrap", n, key, err)
		}
	}
	for _, extra := range [][]byte{{0}, make([]byte, 16)} {
		ext := append(bytes.Clone(wrapped), extra...)
		if key, err := UnwrapKey(kek, ext, aad); !errors.Is(err, ErrUnwrap) || key != nil {
			t.Fatalf("%d bytes appended: UnwrapKey = %x, %v; want nil, ErrUnwrap", len(extra), key, err)
		}
	}
	if key, err := UnwrapKey(testKey(t), wrapped, aad); !errors.Is(err, ErrUnwrap) || key != nil {
		t.Fatalf("wrong kek: UnwrapKey = %x, %v; want nil, ErrUnwrap", key, err)
	}
	for _, a := range [][]byte{nil, aad[:len(aad)-1], append(bytes.Clone(aad), 0)} {
		if key, err := UnwrapKey(kek, wrapped, a); !errors.Is(err, ErrUnwrap) || key != nil {
			t.Fatalf("aad %q: UnwrapKey = %x, %v; want nil, ErrUnwrap", a, key, err)
		}
	}
	// A sealed blob of the right length that is not a wrap under this kek.
	other, err := Seal(testKey(t), aad, make([]byte, KeySize))
	if err != nil {
		t.Fatal(err)
	}
	if key, err := UnwrapKey(kek, other, aad); !errors.Is(err, ErrUnwrap) || key != nil {
		t.Fatalf("foreign blob: UnwrapKey = %x, %v; want nil, ErrUnwrap", key, err)
	}
	// A kek of the wrong size is a programmer error, but it must still fail
	// without a panic (today it is reported as ErrUnwrap).
	for _, n := range []int{0, 16, 31, 33} {
		if key, err := UnwrapKey(make([]byte, n), wrapped, aad); err == nil || key != nil {
			t.Fatalf("%d-byte kek: UnwrapKey = %x, %v; want an error", n, key, err)
		}
	}
}

// TestWrapThroughDeriveKey runs the whole password path once: derive a kek
// with the cheapest accepted parameters, wrap, unwrap, and fail with a wrong
// password.
func TestWrapThroughDeriveKey(t *testing.T) {
	p := KDFParams{MemoryKiB: MinMemoryKiB, Iterations: 1, Parallelism: 1}
	salt := bytes.Repeat([]byte{7}, SaltSize)
	kek, err := DeriveKey([]byte("hunter2"), salt, p)
	if err != nil {
		t.Fatal(err)
	}
	vaultKey := testKey(t)
	wrapped, err := WrapKey(kek, vaultKey, []byte("hdr"))
	if err != nil {
		t.Fatal(err)
	}
	wrong, err := DeriveKey([]byte("hunter3"), salt, p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := UnwrapKey(wrong, wrapped, []byte("hdr")); !errors.Is(err, ErrUnwrap) {
		t.Fatalf("wrong password: %v, want ErrUnwrap", err)
	}
	got, err := UnwrapKey(kek, wrapped, []byte("hdr"))
	if err != nil || !bytes.Equal(got, vaultKey) {
		t.Fatalf("right password: %x, %v", got, err)
	}
}
