// The Argon2 memory block and its compression function G in portable Go
// (RFC 9106 §3.5–3.6). argon2_g_amd64.go picks a vector version where the
// CPU has one.

package crypto

import (
	"encoding/binary"
	"math/bits"
)

// Sizes of an Argon2 block.
const (
	blockBytes = 1024
	blockWords = blockBytes / 8
)

// block is one Argon2 memory block as 128 little-endian words.
type block [blockWords]uint64

// load sets b from its byte encoding.
func (b *block) load(src *[blockBytes]byte) {
	for i := range b {
		b[i] = binary.LittleEndian.Uint64(src[8*i:])
	}
}

// store writes b's byte encoding to dst.
func (b *block) store(dst *[blockBytes]byte) {
	for i, w := range b {
		binary.LittleEndian.PutUint64(dst[8*i:], w)
	}
}

// xor sets b to b ⊕ c.
func (b *block) xor(c *block) {
	for i := range b {
		b[i] ^= c[i]
	}
}

// compressGeneric sets out to G(x, y), or to out ⊕ G(x, y) when xor is set.
// out may be x or y.
//
// G (RFC 9106 §3.5): R = x ⊕ y seen as an 8×8 matrix of 16-byte registers;
// the permutation P is applied to each row, then to each column; the result
// is P's output ⊕ R.
func compressGeneric(out, x, y *block, xor bool) {
	var r, q block
	for i := range r {
		r[i] = x[i] ^ y[i]
	}
	q = r
	for row := 0; row < blockWords; row += 16 {
		permute((*[16]uint64)(q[row : row+16]))
	}
	for col := 0; col < 16; col += 2 {
		// Column col/2: registers col/2, col/2+8, …, col/2+56, i.e. the word
		// pairs (16k+col, 16k+col+1) for k = 0..7.
		var c [16]uint64
		for k := range 8 {
			c[2*k], c[2*k+1] = q[16*k+col], q[16*k+col+1]
		}
		permute(&c)
		for k := range 8 {
			q[16*k+col], q[16*k+col+1] = c[2*k], c[2*k+1]
		}
	}
	if xor {
		for i := range out {
			out[i] ^= q[i] ^ r[i]
		}
	} else {
		for i := range out {
			out[i] = q[i] ^ r[i]
		}
	}
}

// permute is Argon2's permutation P on eight 16-byte registers, i.e. 16 words
// (RFC 9106 §3.6): BLAKE2b's round with fBlaMka for its additions, applied to
// the columns and then the diagonals of the 4×4 matrix of words.
func permute(v *[16]uint64) {
	v0, v1, v2, v3 := v[0], v[1], v[2], v[3]
	v4, v5, v6, v7 := v[4], v[5], v[6], v[7]
	v8, v9, v10, v11 := v[8], v[9], v[10], v[11]
	v12, v13, v14, v15 := v[12], v[13], v[14], v[15]

	// Columns: GB(v0, v4, v8, v12), …, GB(v3, v7, v11, v15).
	v0 = fBlaMka(v0, v4)
	v12 = bits.RotateLeft64(v12^v0, -32)
	v8 = fBlaMka(v8, v12)
	v4 = bits.RotateLeft64(v4^v8, -24)
	v0 = fBlaMka(v0, v4)
	v12 = bits.RotateLeft64(v12^v0, -16)
	v8 = fBlaMka(v8, v12)
	v4 = bits.RotateLeft64(v4^v8, -63)

	v1 = fBlaMka(v1, v5)
	v13 = bits.RotateLeft64(v13^v1, -32)
	v9 = fBlaMka(v9, v13)
	v5 = bits.RotateLeft64(v5^v9, -24)
	v1 = fBlaMka(v1, v5)
	v13 = bits.RotateLeft64(v13^v1, -16)
	v9 = fBlaMka(v9, v13)
	v5 = bits.RotateLeft64(v5^v9, -63)

	v2 = fBlaMka(v2, v6)
	v14 = bits.RotateLeft64(v14^v2, -32)
	v10 = fBlaMka(v10, v14)
	v6 = bits.RotateLeft64(v6^v10, -24)
	v2 = fBlaMka(v2, v6)
	v14 = bits.RotateLeft64(v14^v2, -16)
	v10 = fBlaMka(v10, v14)
	v6 = bits.RotateLeft64(v6^v10, -63)

	v3 = fBlaMka(v3, v7)
	v15 = bits.RotateLeft64(v15^v3, -32)
	v11 = fBlaMka(v11, v15)
	v7 = bits.RotateLeft64(v7^v11, -24)
	v3 = fBlaMka(v3, v7)
	v15 = bits.RotateLeft64(v15^v3, -16)
	v11 = fBlaMka(v11, v15)
	v7 = bits.RotateLeft64(v7^v11, -63)

	// Diagonals: GB(v0, v5, v10, v15), …, GB(v3, v4, v9, v14).
	v0 = fBlaMka(v0, v5)
	v15 = bits.RotateLeft64(v15^v0, -32)
	v10 = fBlaMka(v10, v15)
	v5 = bits.RotateLeft64(v5^v10, -24)
	v0 = fBlaMka(v0, v5)
	v15 = bits.RotateLeft64(v15^v0, -16)
	v10 = fBlaMka(v10, v15)
	v5 = bits.RotateLeft64(v5^v10, -63)

	v1 = fBlaMka(v1, v6)
	v12 = bits.RotateLeft64(v12^v1, -32)
	v11 = fBlaMka(v11, v12)
	v6 = bits.RotateLeft64(v6^v11, -24)
	v1 = fBlaMka(v1, v6)
	v12 = bits.RotateLeft64(v12^v1, -16)
	v11 = fBlaMka(v11, v12)
	v6 = bits.RotateLeft64(v6^v11, -63)

	v2 = fBlaMka(v2, v7)
	v13 = bits.RotateLeft64(v13^v2, -32)
	v8 = fBlaMka(v8, v13)
	v7 = bits.RotateLeft64(v7^v8, -24)
	v2 = fBlaMka(v2, v7)
	v13 = bits.RotateLeft64(v13^v2, -16)
	v8 = fBlaMka(v8, v13)
	v7 = bits.RotateLeft64(v7^v8, -63)

	v3 = fBlaMka(v3, v4)
	v14 = bits.RotateLeft64(v14^v3, -32)
	v9 = fBlaMka(v9, v14)
	v4 = bits.RotateLeft64(v4^v9, -24)
	v3 = fBlaMka(v3, v4)
	v14 = bits.RotateLeft64(v14^v3, -16)
	v9 = fBlaMka(v9, v14)
	v4 = bits.RotateLeft64(v4^v9, -63)

	v[0], v[1], v[2], v[3] = v0, v1, v2, v3
	v[4], v[5], v[6], v[7] = v4, v5, v6, v7
	v[8], v[9], v[10], v[11] = v8, v9, v10, v11
	v[12], v[13], v[14], v[15] = v12, v13, v14, v15
}

// fBlaMka is BLAKE2b's addition with a multiplication added:
// x + y + 2·lo32(x)·lo32(y) (RFC 9106 §3.6).
func fBlaMka(x, y uint64) uint64 {
	return x + y + 2*uint64(uint32(x))*uint64(uint32(y))
}
