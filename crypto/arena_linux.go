// Argon2's memory on Linux: an anonymous mapping outside the Go heap, aligned
// to 2 MiB and advised to use transparent huge pages, so that first touching
// 256 MiB costs about 128 page faults instead of 65,536, and kept out of core
// dumps.

package crypto

import (
	"fmt"
	"math"
	"unsafe"

	"golang.org/x/sys/unix"
)

// hugePage is the size of an x86-64 (and arm64 4K-granule) transparent huge
// page.
const hugePage = 2 << 20

// newArena maps n blocks.
func newArena(n uint64) (*arena, error) {
	if n == 0 || n > (math.MaxInt-hugePage)/blockBytes {
		return nil, fmt.Errorf("%w: %d KiB", ErrKDFMemory, n)
	}
	size := int(n) * blockBytes
	pad := 0
	if size >= hugePage {
		pad = hugePage
	}
	mapped, err := unix.Mmap(-1, 0, size+pad, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
	if err != nil {
		return nil, fmt.Errorf("%w: %d KiB: %v", ErrKDFMemory, n, err)
	}
	off := 0
	if pad > 0 {
		off = (hugePage - int(uintptr(unsafe.Pointer(&mapped[0]))%hugePage)) % hugePage
	}
	mem := mapped[off : off+size]
	// Both are advice: a kernel without transparent huge pages or without
	// MADV_DONTDUMP still gives correct memory.
	_ = unix.Madvise(mem, unix.MADV_HUGEPAGE)
	_ = unix.Madvise(mem, unix.MADV_DONTDUMP)
	return &arena{
		blocks: unsafe.Slice((*block)(unsafe.Pointer(&mem[0])), n),
		free:   func() { _ = unix.Munmap(mapped) },
	}, nil
}

// populate makes the kernel back every page of a's memory, in one call where
// the kernel has MADV_POPULATE_WRITE (Linux 5.14), else by writing to one
// word in each 4 KiB.
func (a *arena) populate() {
	mem := unsafe.Slice((*byte)(unsafe.Pointer(&a.blocks[0])), len(a.blocks)*blockBytes)
	if unix.Madvise(mem, unix.MADV_POPULATE_WRITE) == nil {
		return
	}
	for i := 0; i < len(a.blocks); i += 4 {
		a.blocks[i][0] = 0
	}
}
