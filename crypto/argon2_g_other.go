//go:build !amd64 || purego

package crypto

// compress sets out to G(x, y), or to out ⊕ G(x, y) when xor is set.
func compress(out, x, y *block, xor bool) { compressGeneric(out, x, y, xor) }
