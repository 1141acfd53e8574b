// Memory for Argon2's blocks, and the hand-over of memory made ready by
// PrepareKDF (prepare.go) to the next derivation that fits it.

package crypto

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// arena holds the blocks of one derivation.
type arena struct {
	blocks []block
	free   func() // gives the memory back
}

// takeArena returns memory for g's blocks: the prepared memory if it has
// that shape (waiting for it to be ready), else new memory.
func takeArena(g geometry) (*arena, error) {
	if a := takePrepared(g); a != nil {
		return a, nil
	}
	return newArena(g.blocks())
}

// release wipes the blocks, which hold password-derived state, and gives the
// memory back. Wiping 256 MiB takes tens of milliseconds on one core, so
// large arenas are wiped in parallel, like the lanes are filled.
func (a *arena) release() {
	workers := runtime.GOMAXPROCS(0)
	if len(a.blocks) < wipeChunk || workers == 1 {
		clear(a.blocks)
	} else {
		var wg sync.WaitGroup
		var next atomic.Int64
		for range workers {
			wg.Go(func() {
				for {
					i := int(next.Add(wipeChunk) - wipeChunk)
					if i >= len(a.blocks) {
						return
					}
					clear(a.blocks[i:min(i+wipeChunk, len(a.blocks))])
				}
			})
		}
		wg.Wait()
	}
	a.discard()
}

// wipeChunk is how many blocks (2 MiB) a wiping goroutine clears at a time.
const wipeChunk = 2048

// discard gives the memory back without wiping it: for memory no derivation
// has written.
func (a *arena) discard() {
	a.free()
	a.blocks = nil
}
