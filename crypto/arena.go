// Memory for Argon2's blocks: newArena (arena_linux.go, arena_other.go) gets
// it, release wipes and frees it.

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
