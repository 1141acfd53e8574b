package crypto

import (
	"errors"
	"fmt"
	"time"
)

// KeySize is the size in bytes of every symmetric key: derived keys and the
// vault key.
const KeySize = 32

// SaltSize is the size in bytes of the argon2id salt.
const SaltSize = 32

// Limits on argon2id parameters. A file that asks for more than the maxima is
// refused before any memory is allocated; less than the minima is refused too
// (RFC 9106 requires at least one pass, one lane and memory ≥ 8·lanes KiB).
const (
	MinMemoryKiB   = 8 * 1024    // 8 MiB: the least passtea accepts at all
	MaxMemoryKiB   = 1024 * 1024 // 1 GiB
	MinIterations  = 1
	MaxIterations  = 100
	MinParallelism = 1
	MaxParallelism = 64
	// MaxCost bounds memory × passes (in KiB): 16 GiB-passes, e.g. 1 GiB ×
	// 16 or 256 MiB × 64. With the memory ceiling it bounds what a hostile
	// file costs a reader: about 11 s and 1 GiB on the machine passtea is
	// developed on (see the package doc, # Limits).
	MaxCost = 16 * 1024 * 1024
)

// Recommended is RFC 9106's second recommended option (§4, 64 MiB, t=3, p=4):
// the floor below which parameters are flagged as weak.
var Recommended = KDFParams{MemoryKiB: 64 * 1024, Iterations: 3, Parallelism: 4}

// Default is passtea's default: 256 MiB and 4 lanes. Iterations start at 3 and
// are raised by [Calibrate] when a vault is created.
var Default = KDFParams{MemoryKiB: 256 * 1024, Iterations: 3, Parallelism: 4}

// DefaultTarget is how long one derivation should take with the default
// parameters on the machine that creates the vault.
const DefaultTarget = 500 * time.Millisecond

// ErrKDFParams is returned for Argon2 parameters outside the accepted range.
var ErrKDFParams = errors.New("argon2 parameters out of range")

// KDFParams are argon2id's cost parameters.
type KDFParams struct {
	MemoryKiB   uint32 // memory in KiB
	Iterations  uint32 // passes over the memory
	Parallelism uint8  // lanes
}

// String describes the parameters for people, e.g. "argon2id, 256 MiB, 3 passes, 4 lanes".
func (p KDFParams) String() string {
	mem := fmt.Sprintf("%d KiB", p.MemoryKiB)
	if p.MemoryKiB%1024 == 0 {
		mem = fmt.Sprintf("%d MiB", p.MemoryKiB/1024)
	}
	passes := "passes"
	if p.Iterations == 1 {
		passes = "pass"
	}
	lanes := "lanes"
	if p.Parallelism == 1 {
		lanes = "lane"
	}
	return fmt.Sprintf("argon2id, %s, %d %s, %d %s", mem, p.Iterations, passes, p.Parallelism, lanes)
}

// Validate reports whether p lies within passtea's limits. It is cheap and
// must be called on parameters from any untrusted source before [DeriveKey].
func (p KDFParams) Validate() error {
	switch {
	case p.MemoryKiB < MinMemoryKiB:
		return fmt.Errorf("%w: memory %d KiB is below the minimum of %d KiB", ErrKDFParams, p.MemoryKiB, MinMemoryKiB)
	case p.Iterations < MinIterations:
		return fmt.Errorf("%w: iterations %d not in %d..%d", ErrKDFParams, p.Iterations, MinIterations, MaxIterations)
	case p.Parallelism < MinParallelism:
		return fmt.Errorf("%w: parallelism %d not in %d..%d", ErrKDFParams, p.Parallelism, MinParallelism, MaxParallelism)
	}
	return checkCost(p.MemoryKiB, p.Iterations, uint32(p.Parallelism))
}

// BelowRecommended reports whether p is weaker than [Recommended] in memory
// or iterations.
func (p KDFParams) BelowRecommended() bool {
	return p.MemoryKiB < Recommended.MemoryKiB || p.Iterations < Recommended.Iterations
}

// Max returns, field by field, the larger of p and q: used to upgrade
// parameters without ever lowering any of them.
func (p KDFParams) Max(q KDFParams) KDFParams {
	return KDFParams{
		MemoryKiB:   max(p.MemoryKiB, q.MemoryKiB),
		Iterations:  max(p.Iterations, q.Iterations),
		Parallelism: max(p.Parallelism, q.Parallelism),
	}
}

// DeriveKey derives a [KeySize]-byte key from password and salt with argon2id.
// It validates p first, so it never panics on parameters from a file.
func DeriveKey(password, salt []byte, p KDFParams) ([]byte, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if len(salt) < 16 {
		return nil, fmt.Errorf("derive key: salt of %d bytes is shorter than 16", len(salt))
	}
	return Argon2(password, p.argon2(salt, KeySize))
}

// argon2 returns the full Argon2 inputs for argon2id with p.
func (p KDFParams) argon2(salt []byte, keyLen uint32) Argon2Params {
	return Argon2Params{
		Type:       Argon2id,
		Version:    Argon2Version13,
		MemoryKiB:  p.MemoryKiB,
		Iterations: p.Iterations,
		Lanes:      uint32(p.Parallelism),
		KeyLen:     keyLen,
		Salt:       salt,
	}
}
