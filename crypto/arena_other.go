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
