//go:build amd64 && !purego

package crypto

import (
	"math/rand/v2"
	"testing"
)

// TestCompressAVX2MatchesGeneric checks the assembly against the portable
// compression on random blocks, in both modes and with out aliasing x or y
// as the address generator does.
func TestCompressAVX2MatchesGeneric(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2 on this CPU")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	random := func() *block {
		var b block
		for i := range b {
			b[i] = rng.Uint64()
		}
		return &b
	}
	for i := range 200 {
		x, y, out := random(), random(), random()
		xor := i%2 == 1
		want, got := *out, *out
		compressGeneric(&want, x, y, xor)
		compressAVX2(&got, x, y, xor)
		if got != want {
			t.Fatalf("case %d (xor %v): AVX2 and generic differ", i, xor)
		}
		// out is y, then out is x.
		want, got = *y, *y
		compressGeneric(&want, x, &want, xor)
		compressAVX2(&got, x, &got, xor)
		if got != want {
			t.Fatalf("case %d (xor %v): AVX2 and generic differ with out = y", i, xor)
		}
		want, got = *x, *x
		compressGeneric(&want, &want, y, xor)
		compressAVX2(&got, &got, y, xor)
		if got != want {
			t.Fatalf("case %d (xor %v): AVX2 and generic differ with out = x", i, xor)
		}
	}
}

// TestArgon2GenericKnownAnswers runs RFC 9106's vectors, and one with
// several passes and lanes over more memory, through the portable
// compression on a machine that would use AVX2.
func TestArgon2GenericKnownAnswers(t *testing.T) {
	if !useAVX2 {
		t.Skip("the portable code already runs every test here")
	}
	useAVX2 = false
	defer func() { useAVX2 = true }()
	for _, v := range argon2Vectors {
		if v.params.MemoryKiB > 8192 || v.params.KeyLen > 64 {
			continue
		}
		got, err := Argon2([]byte(v.password), v.params)
		if err != nil {
			t.Fatalf("%s: %v", v.name(), err)
		}
		if want := mustHex(t, v.want); string(got) != string(want) {
			t.Fatalf("%s:\n got %x\nwant %x", v.name(), got, want)
		}
	}
}

// TestArgon2LanesOnHeap fills Go heap memory with the portable compression,
// so that under -race the detector sees every access of the goroutines that
// fill the lanes (it sees neither the mapped memory nor the assembly).
func TestArgon2LanesOnHeap(t *testing.T) {
	if !useAVX2 {
		t.Skip("the portable code already runs every test here")
	}
	useAVX2 = false
	defer func() { useAVX2 = true }()
	for _, v := range argon2Vectors[:3] { // RFC 9106 §5: 4 lanes, 3 passes
		g := newGeometry(v.params.MemoryKiB, v.params.Lanes)
		got := argon2Tag([]byte(v.password), &v.params, g, make([]block, g.blocks()))
		if want := mustHex(t, v.want); string(got) != string(want) {
			t.Fatalf("%s:\n got %x\nwant %x", v.name(), got, want)
		}
	}
}
