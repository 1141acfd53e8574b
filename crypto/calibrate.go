package crypto

import (
	"fmt"
	"time"

	"golang.org/x/crypto/argon2"
)

// Calibrate picks the number of iterations for which one argon2id derivation
// with memoryKiB and parallelism takes about target on this machine, never
// fewer than minIterations (at least 1). It returns the parameters and the
// measured time of one derivation with them.
//
// It measures one pass first, then extrapolates linearly (argon2's cost grows
// linearly with passes) and measures the result once more.
func Calibrate(target time.Duration, memoryKiB uint32, parallelism uint8, minIterations uint32) (KDFParams, time.Duration, error) {
	minIterations = max(minIterations, MinIterations)
	p := KDFParams{MemoryKiB: memoryKiB, Iterations: 1, Parallelism: parallelism}
	if err := p.Validate(); err != nil {
		return KDFParams{}, 0, fmt.Errorf("calibrate: %w", err)
	}
	if target <= 0 {
		return KDFParams{}, 0, fmt.Errorf("calibrate: target time %v must be positive", target)
	}
	one := Measure(p)
	n := uint32(float64(target) / float64(max(one, time.Microsecond)))
	p.Iterations = min(max(n, minIterations), MaxIterations)
	return p, Measure(p), nil
}

// Measure returns the wall time of one derivation with p, which must be valid.
func Measure(p KDFParams) time.Duration {
	salt := make([]byte, SaltSize)
	start := time.Now()
	argon2.IDKey([]byte("passtea calibration"), salt, p.Iterations, p.MemoryKiB, p.Parallelism, KeySize)
	return time.Since(start)
}
