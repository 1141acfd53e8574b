//go:build !linux

package crypto

import (
	"fmt"
	"math"
)

// newArena returns n blocks from the Go heap.
func newArena(n uint64) (*arena, error) {
	if n > math.MaxInt/blockBytes {
		return nil, fmt.Errorf("%w: %d KiB", ErrKDFMemory, n)
	}
	return &arena{blocks: make([]block, n), free: func() {}}, nil
}

// populate makes the operating system back every page of a's memory by
// writing to one word in each 4 KiB.
func (a *arena) populate() {
	for i := 0; i < len(a.blocks); i += 4 {
		a.blocks[i][0] = 0
	}
}
