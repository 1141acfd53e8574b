package crypto

import (
	"fmt"
	"time"
)

// Calibrate picks the number of iterations for which one argon2id derivation
// with memoryKiB and parallelism takes about target on this machine, never
// fewer than minIterations (at least 1) and never more than [MaxIterations].
// It returns the parameters and the measured time of one derivation with them.
// A minIterations above [MaxIterations] is an error.
//
// Argon2's cost is a fixed part (allocating and first touching the memory,
// which on some machines costs as much as a pass) plus a part linear in the
// passes. Calibrate measures one and two passes, estimates the cost of a pass
// from them (see estimateIterations), extrapolates, and measures the result.
// If that is off target by more than half (a disturbed measurement made
// passes look cheap or dear), it rescales the passes once by what that last
// derivation took per pass, fixed part included, and measures again.
func Calibrate(target time.Duration, memoryKiB uint32, parallelism uint8, minIterations uint32) (KDFParams, time.Duration, error) {
	p := KDFParams{MemoryKiB: memoryKiB, Iterations: 1, Parallelism: parallelism}
	if err := p.Validate(); err != nil {
		return KDFParams{}, 0, fmt.Errorf("calibrate: %w", err)
	}
	if target <= 0 {
		return KDFParams{}, 0, fmt.Errorf("calibrate: target time %v must be positive", target)
	}
	if minIterations > MaxIterations {
		return KDFParams{}, 0, fmt.Errorf("calibrate: %w: minimum of %d iterations is above the maximum of %d", ErrKDFParams, minIterations, MaxIterations)
	}
	most := uint32(min(MaxIterations, MaxCost/uint64(p.MemoryKiB)))
	one := Measure(p)
	p.Iterations = 2
	two := Measure(p)
	p.Iterations = min(estimateIterations(target, one, two, minIterations), most)
	d := Measure(p)
	if d > target*3/2 || d < target*2/3 {
		perPass := d / time.Duration(p.Iterations) // includes the fixed part: errs low
		if q := min(iterationsFor(target, perPass, minIterations), most); q != p.Iterations {
			p.Iterations = q
			d = Measure(p)
		}
	}
	return p, d, nil
}

// estimateIterations returns how many passes fit in target given the
// measured times of one and of two passes. A pass costs two − one, taken
// within [two/3, two/2]: the fixed part is neither negative nor more than a
// pass, whatever noise says (a slow first measurement would otherwise make a
// pass look nearly free and the estimate explode).
func estimateIterations(target, one, two time.Duration, minIterations uint32) uint32 {
	pass := min(max(two-one, two/3), two/2)
	fixed := max(one-pass, 0)
	return iterationsFor(max(target-fixed, pass), pass, minIterations)
}

// iterationsFor returns how many passes of duration one fit in target, within
// max(minIterations, [MinIterations])..[MaxIterations]. The quotient is
// clamped while still a float: converting an out-of-range float to uint32 is
// implementation-defined in Go (on amd64 it wraps, so a very long target
// could come out as 0 and be raised to the minimum).
func iterationsFor(target, one time.Duration, minIterations uint32) uint32 {
	n := float64(target) / float64(max(one, time.Microsecond))
	lo := float64(max(minIterations, MinIterations))
	return uint32(min(max(n, lo), MaxIterations))
}

// Measure returns the wall time of one derivation with p, which must be
// valid, from a cold start: it never takes memory prepared by [PrepareKDF],
// which stays for the derivation it was prepared for.
func Measure(p KDFParams) time.Duration {
	salt := make([]byte, SaltSize)
	start := time.Now()
	_, _ = argon2With([]byte("passtea calibration"), p.argon2(salt, KeySize), false)
	return time.Since(start)
}
