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
// passes. Calibrate measures one and two passes, takes their difference as
// the cost of a pass, extrapolates, and measures the result once more.
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
	one := Measure(p)
	p.Iterations = 2
	two := Measure(p)
	pass := two - one
	if pass <= 0 {
		pass = two / 2
	}
	fixed := max(one-pass, 0)
	p.Iterations = iterationsFor(max(target-fixed, pass), pass, minIterations)
	p.Iterations = uint32(min(uint64(p.Iterations), MaxCost/uint64(p.MemoryKiB)))
	return p, Measure(p), nil
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

// Measure returns the wall time of one derivation with p, which must be valid.
func Measure(p KDFParams) time.Duration {
	salt := make([]byte, SaltSize)
	start := time.Now()
	_, _ = Argon2([]byte("passtea calibration"), p.argon2(salt, KeySize))
	return time.Since(start)
}
