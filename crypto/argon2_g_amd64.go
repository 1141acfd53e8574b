//go:build amd64 && !purego

package crypto

import "golang.org/x/sys/cpu"

// useAVX2 selects compressAVX2. Tests turn it off to check the portable
// code on the same machine.
var useAVX2 = cpu.X86.HasAVX2

// compressAVX2 is compressGeneric with AVX2 (argon2_g_amd64.s).
//
//go:noescape
func compressAVX2(out, x, y *block, xor bool)

// compress sets out to G(x, y), or to out ⊕ G(x, y) when xor is set.
func compress(out, x, y *block, xor bool) {
	if useAVX2 {
		compressAVX2(out, x, y, xor)
		return
	}
	compressGeneric(out, x, y, xor)
}
