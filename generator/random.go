package generator

// This file turns random bytes into exactly uniform bounded integers.

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"math/bits"
)

// Batch sizes of random reads: small first, so that one password costs one
// small read, then doubling up to maxBatch for bulk generation.
const (
	minBatch = 256
	maxBatch = 64 << 10
)

// source hands out random 64-bit words from a buffered reader.
type source struct {
	r   io.Reader
	buf []byte
	pos int
}

// uint64 returns 8 fresh random bytes as an integer.
func (s *source) uint64() (uint64, error) {
	if b := s.buf[s.pos:]; len(b) >= 8 {
		s.pos += 8
		return binary.LittleEndian.Uint64(b), nil
	}
	return s.next()
}

// next refills the buffer and returns its first 8 bytes.
func (s *source) next() (uint64, error) {
	if err := s.refill(); err != nil {
		return 0, err
	}
	s.pos = 8
	return binary.LittleEndian.Uint64(s.buf), nil
}

func (s *source) refill() error {
	size := minBatch
	if len(s.buf) > 0 {
		size = min(2*len(s.buf), maxBatch)
	}
	if cap(s.buf) < size {
		s.buf = make([]byte, size)
	}
	s.buf = s.buf[:size]
	s.pos = 0
	if _, err := io.ReadFull(s.r, s.buf); err != nil {
		s.pos = len(s.buf)
		return fmt.Errorf("read random bytes: %w", err)
	}
	return nil
}

// uintn returns a uniform integer in [0, n), n ≥ 1, by Lemire's
// multiply-and-reject method: for a uniform 64-bit x, the high word of x·n is
// uniform in [0, n) once the draws whose low word is below 2⁶⁴ mod n are
// rejected.
func (s *source) uintn(n uint64) (uint64, error) {
	if n <= 1 {
		return 0, nil
	}
	for {
		x, err := s.uint64()
		if err != nil {
			return 0, err
		}
		hi, lo := bits.Mul64(x, n)
		if lo < n && lo < -n%n {
			continue
		}
		return hi, nil
	}
}

// radix describes how digits in base n are cut out of one 64-bit draw: k
// digits at a time, rejecting the draw when the final remainder is below
// t = 2⁶⁴ mod nᵏ.
type radix struct {
	n uint64
	k int
	t uint64
}

// newRadix picks k ≥ 1 to minimise the expected random bytes per digit,
// 8 / (k · (1 − t/2⁶⁴)). n must be at least 2.
func newRadix(n uint64) radix {
	best := radix{n: n}
	bestCost := math.Inf(1)
	p := uint64(1)
	for k := 1; ; k++ {
		hi, lo := bits.Mul64(p, n)
		if hi != 0 {
			break
		}
		p = lo
		c := radix{n: n, k: k, t: -p % p}
		if cost := c.bytesPerDigit(); cost < bestCost {
			best, bestCost = c, cost
		}
	}
	return best
}

// bytesPerDigit returns the expected random bytes consumed per digit.
func (r radix) bytesPerDigit() float64 {
	return 8 / (float64(r.k) * (1 - float64(r.t)/(1<<64)))
}

// digits fills dst with independent uniform digits in base rx.n.
//
// One draw x gives the k digits of the high word of x·nᵏ written in base n:
// x·n = d₁·2⁶⁴ + r₁, r₁·n = d₂·2⁶⁴ + r₂, … so that
// x·nᵏ = (d₁nᵏ⁻¹ + … + d_k)·2⁶⁴ + r_k. Rejecting r_k < 2⁶⁴ mod nᵏ is Lemire's
// rule for the bound nᵏ, so (d₁…d_k) is uniform in [0, nᵏ) and the digits are
// independent and uniform (Brackett-Rozinsky and Lemire, "Batched ranged
// random integer generation", 2024). Digits of an accepted draw not needed
// now are kept for the next call with the same base.
func (g *Generator) digits(rx *radix, dst []uint32) error {
	if g.pendBase != rx.n {
		g.pendBase, g.npend = rx.n, 0
	}
	i := 0
	for i < len(dst) && g.npend > 0 {
		g.npend--
		dst[i] = g.pend[g.npend]
		i++
	}
	n, k, t := rx.n, rx.k, rx.t
	var batch [64]uint32
	for i < len(dst) {
		x, err := g.src.uint64()
		if err != nil {
			return err
		}
		// Write straight into dst when the whole batch fits; a rejected
		// batch is overwritten by the next.
		out := batch[:k]
		if len(dst)-i >= k {
			out = dst[i : i+k]
		}
		r := x
		for j := range out {
			var d uint64
			d, r = bits.Mul64(r, n)
			out[j] = uint32(d)
		}
		if r < t {
			continue
		}
		if len(dst)-i >= k {
			i += k
			continue
		}
		m := copy(dst[i:], out)
		i += m
		g.npend = copy(g.pend[:], out[m:])
	}
	return nil
}
