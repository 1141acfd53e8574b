// Memory for Argon2's blocks.

package crypto

// arena holds the blocks of one derivation.
type arena struct {
	blocks []block
	free   func() // gives the memory back; blocks must be wiped first
}

// takeArena returns memory for g's blocks.
func takeArena(g geometry) (*arena, error) {
	return newArena(g.blocks())
}

// release wipes the blocks, which hold password-derived state, and gives the
// memory back.
func (a *arena) release() {
	clear(a.blocks)
	a.free()
	a.blocks = nil
}
