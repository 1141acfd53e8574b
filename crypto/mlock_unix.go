//go:build unix

// This file holds memory locking: keeping a key's pages out of swap where
// the system lets this process lock memory.

package crypto

import (
	"os"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// locked records the buffers [Mlock] locked and counts them per page: the
// kernel does not nest locks, so a page is unlocked only when its last
// buffer is.
var locked = struct {
	sync.Mutex
	bufs  map[[2]uintptr]int // by address and length
	pages map[uintptr]int
}{bufs: map[[2]uintptr]int{}, pages: map[uintptr]int{}}

// Mlock asks the system to keep the pages that hold b in memory, out of
// swap (and so out of a hibernation image written through swap). It is best
// effort: it returns the system's refusal (RLIMIT_MEMLOCK, a system without
// it), which callers may ignore. b must be memory that does not move: a
// buffer on the heap, as every key that outlives a call is. Several
// buffers may share a page; [Munlock] of one leaves the others locked.
func Mlock(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	locked.Lock()
	defer locked.Unlock()
	if err := unix.Mlock(b); err != nil {
		return err
	}
	locked.bufs[bufKey(b)]++
	for _, p := range pagesOf(b) {
		locked.pages[p]++
	}
	return nil
}

// Munlock undoes one [Mlock] of b: the pages that no other locked buffer
// shares may be swapped again. A buffer that was not locked is left alone.
// Call it before the buffer is freed.
func Munlock(b []byte) {
	if len(b) == 0 {
		return
	}
	locked.Lock()
	defer locked.Unlock()
	k := bufKey(b)
	switch locked.bufs[k] {
	case 0:
		return // not locked (or Mlock failed)
	case 1:
		delete(locked.bufs, k)
	default:
		locked.bufs[k]--
	}
	base := k[0]
	size := uintptr(os.Getpagesize())
	for _, p := range pagesOf(b) {
		if n := locked.pages[p]; n > 1 {
			locked.pages[p] = n - 1
			continue
		}
		delete(locked.pages, p)
		// The part of b on page p: the kernel rounds it out to the page.
		from, to := max(p, base)-base, min(p+size, base+uintptr(len(b)))-base
		unix.Munlock(b[from:to])
	}
}

// bufKey identifies a buffer by its address and length.
func bufKey(b []byte) [2]uintptr {
	return [2]uintptr{uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(len(b))}
}

// pagesOf returns the start addresses of the pages b spans.
func pagesOf(b []byte) []uintptr {
	size := uintptr(os.Getpagesize())
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	end := start + uintptr(len(b))
	var out []uintptr
	for p := start &^ (size - 1); p < end; p += size {
		out = append(out, p)
	}
	return out
}
