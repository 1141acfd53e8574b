// Argon2's algorithm (RFC 9106 §3.2–3.4): the initial hash H0, the variable
// length hash H', filling the memory lane by lane and slice by slice, and the
// final tag. The compression function G lives in argon2_g*.go, the memory in
// arena*.go.

package crypto

import (
	"encoding/binary"
	"runtime"
	"sync"
	"sync/atomic"

	"golang.org/x/crypto/blake2b"
)

// syncPoints is SL, the number of slices a lane is cut into; lanes meet at the
// end of each slice (RFC 9106 §3.4).
const syncPoints = 4

// geometry is the shape of Argon2's memory: m' = lanes × laneLen blocks, each
// lane cut into syncPoints segments of segLen blocks (RFC 9106 §3.2 step 2).
type geometry struct {
	lanes   uint32 // p
	laneLen uint32 // q = m' / p
	segLen  uint32 // q / SL
}

// newGeometry returns the shape for memoryKiB and lanes: m' rounds memoryKiB
// down to a multiple of 4·lanes. memoryKiB must be at least 8·lanes.
func newGeometry(memoryKiB, lanes uint32) geometry {
	seg := memoryKiB / (syncPoints * lanes)
	return geometry{lanes: lanes, laneLen: seg * syncPoints, segLen: seg}
}

// blocks returns m', the number of blocks.
func (g geometry) blocks() uint64 { return uint64(g.lanes) * uint64(g.laneLen) }

// argon2Tag runs Argon2 over mem, which holds exactly g.blocks() blocks whose
// contents do not matter, and returns the tag. a has been checked.
func argon2Tag(password []byte, a *Argon2Params, g geometry, mem []block) []byte {
	h0 := initialHash(password, a)
	var seed [blake2b.Size + 8]byte
	copy(seed[:], h0[:])
	var buf [blockBytes]byte
	for lane := range g.lanes {
		for col := range uint32(2) {
			binary.LittleEndian.PutUint32(seed[blake2b.Size:], col)
			binary.LittleEndian.PutUint32(seed[blake2b.Size+4:], lane)
			hashPrime(buf[:], seed[:])
			mem[lane*g.laneLen+col].load(&buf)
		}
	}
	clear(h0[:])
	clear(seed[:])

	f := filler{mem: mem, g: g, passes: a.Iterations, typ: a.Type, xor: a.Version == Argon2Version13}
	f.fill()

	// RFC 9106 §3.2 steps 7–8: XOR the last column and hash it to the tag.
	last := mem[g.laneLen-1]
	for lane := uint32(1); lane < g.lanes; lane++ {
		last.xor(&mem[lane*g.laneLen+g.laneLen-1])
	}
	last.store(&buf)
	tag := make([]byte, a.KeyLen)
	hashPrime(tag, buf[:])
	clear(buf[:])
	clear(last[:])
	return tag
}

// initialHash returns H0 (RFC 9106 §3.2 step 1).
func initialHash(password []byte, a *Argon2Params) [blake2b.Size]byte {
	h, _ := blake2b.New512(nil) // no key: cannot fail
	var le [4]byte
	put := func(v uint32) {
		binary.LittleEndian.PutUint32(le[:], v)
		h.Write(le[:])
	}
	put(a.Lanes)
	put(a.KeyLen)
	put(a.MemoryKiB)
	put(a.Iterations)
	put(a.Version)
	put(uint32(a.Type))
	for _, b := range [][]byte{password, a.Salt, a.Secret, a.AssociatedData} {
		put(uint32(len(b)))
		h.Write(b)
	}
	var h0 [blake2b.Size]byte
	h.Sum(h0[:0])
	return h0
}

// hashPrime fills out with H'^T(in), T = len(out) ≥ 1 (RFC 9106 §3.3): one
// BLAKE2b call when T ≤ 64, else a chain of 64-byte hashes of which each
// contributes its first 32 bytes and the last all of its T-32·r bytes.
func hashPrime(out, in []byte) {
	var le [4]byte
	binary.LittleEndian.PutUint32(le[:], uint32(len(out)))
	if len(out) <= blake2b.Size {
		h, _ := blake2b.New(len(out), nil) // size in 1..64, no key: cannot fail
		h.Write(le[:])
		h.Write(in)
		h.Sum(out[:0])
		return
	}
	h, _ := blake2b.New512(nil)
	h.Write(le[:])
	h.Write(in)
	var v [blake2b.Size]byte
	h.Sum(v[:0])
	n := copy(out, v[:blake2b.Size/2])
	for len(out)-n > blake2b.Size {
		v = blake2b.Sum512(v[:])
		n += copy(out[n:], v[:blake2b.Size/2])
	}
	h, _ = blake2b.New(len(out)-n, nil) // 33..64 bytes left
	h.Write(v[:])
	h.Sum(out[n:n])
	clear(v[:])
}

// filler holds what filling the memory needs (RFC 9106 §3.2 steps 5–6, §3.4).
type filler struct {
	mem    []block
	g      geometry
	passes uint32
	typ    Argon2Type
	xor    bool // version 0x13: later passes XOR into the old block
}

// fill computes every block after the first two of each lane, pass by pass
// and slice by slice. Within a slice the lanes are independent: they run on
// up to GOMAXPROCS goroutines, each taking the next lane not yet started, and
// all meet before the next slice.
func (f *filler) fill() {
	workers := min(int(f.g.lanes), runtime.GOMAXPROCS(0))
	for pass := range f.passes {
		for slice := range uint32(syncPoints) {
			if workers == 1 {
				for lane := range f.g.lanes {
					f.segment(pass, slice, lane)
				}
				continue
			}
			var next atomic.Uint32
			var wg sync.WaitGroup
			for range workers {
				wg.Go(func() {
					for lane := next.Add(1) - 1; lane < f.g.lanes; lane = next.Add(1) - 1 {
						f.segment(pass, slice, lane)
					}
				})
			}
			wg.Wait()
		}
	}
}

// segment computes one lane's segment of one slice in one pass.
func (f *filler) segment(pass, slice, lane uint32) {
	g := f.g
	// Argon2i, and argon2id in the first two slices of the first pass, take
	// reference indices from a stream of address blocks (RFC 9106 §3.4.1.2)
	// instead of from the previous block.
	independent := f.typ == Argon2i || (f.typ == Argon2id && pass == 0 && slice < syncPoints/2)
	var addr, input block
	if independent {
		input[0] = uint64(pass)
		input[1] = uint64(lane)
		input[2] = uint64(slice)
		input[3] = g.blocks()
		input[4] = uint64(f.passes)
		input[5] = uint64(f.typ)
	}
	first := uint32(0)
	if pass == 0 && slice == 0 {
		first = 2 // the first two blocks of each lane come from H0
		if independent {
			nextAddresses(&addr, &input)
		}
	}
	laneStart := lane * g.laneLen
	xor := f.xor && pass > 0
	for i := first; i < g.segLen; i++ {
		col := slice*g.segLen + i
		cur := laneStart + col
		prev := cur - 1
		if col == 0 {
			prev = laneStart + g.laneLen - 1
		}
		var rnd uint64
		if independent {
			if i%blockWords == 0 {
				nextAddresses(&addr, &input)
			}
			rnd = addr[i%blockWords]
		} else {
			rnd = f.mem[prev][0]
		}
		refLane := uint32(rnd>>32) % g.lanes
		if pass == 0 && slice == 0 {
			refLane = lane
		}
		ref := refLane*g.laneLen + g.refColumn(pass, slice, i, uint32(rnd), refLane == lane)
		compress(&f.mem[cur], &f.mem[prev], &f.mem[ref], xor)
	}
	clear(addr[:])
}

// nextAddresses advances the counter in input and sets addr to the next block
// of pseudo-random values, G(0, G(0, input)) (RFC 9106 §3.4.1.2).
func nextAddresses(addr, input *block) {
	var zero block
	input[6]++
	compress(addr, &zero, input, false)
	compress(addr, &zero, addr, false)
}

// refColumn maps the 32 bits j1 to the column of the reference block within
// its lane (RFC 9106 §3.4.2), for block index i of the segment (pass, slice).
// The reference set is every block already computed that the other lanes may
// see: the whole lane up to the previous block when sameLane, else the
// finished slices, minus their last block when i is the segment's first.
func (g geometry) refColumn(pass, slice, i, j1 uint32, sameLane bool) uint32 {
	var size, start uint64
	if pass == 0 {
		size = uint64(slice) * uint64(g.segLen)
	} else {
		size = uint64(g.laneLen - g.segLen)
		start = uint64(slice+1) * uint64(g.segLen) % uint64(g.laneLen)
	}
	if sameLane {
		size += uint64(i) - 1
	} else if i == 0 {
		size--
	}
	x := uint64(j1) * uint64(j1) >> 32
	rel := size - 1 - (size * x >> 32)
	return uint32((start + rel) % uint64(g.laneLen))
}
