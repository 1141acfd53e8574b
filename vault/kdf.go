package vault

import (
	"time"

	"github.com/passtea/passtea/crypto"
)

// KDFParams are argon2id's cost parameters (see the crypto package), named
// here so that the user interface needs only this package.
type KDFParams = crypto.KDFParams

// DefaultKDF is the default for new vaults before calibration: 256 MiB,
// 3 passes, 4 lanes.
var DefaultKDF = crypto.Default

// RecommendedKDF is RFC 9106's second recommended option, the floor below
// which parameters are flagged as weak.
var RecommendedKDF = crypto.Recommended

// Limits on the KDF parameters a user may choose (the crypto package's),
// and the default calibration target, named here so that front ends need
// only this package.
const (
	MinKDFMemoryKiB   = crypto.MinMemoryKiB
	MaxKDFMemoryKiB   = crypto.MaxMemoryKiB
	MinKDFIterations  = crypto.MinIterations
	MaxKDFIterations  = crypto.MaxIterations
	MinKDFParallelism = crypto.MinParallelism
	MaxKDFParallelism = crypto.MaxParallelism
	DefaultKDFTarget  = crypto.DefaultTarget
)

// Calibrate returns parameters with memoryKiB and parallelism whose
// derivation takes about target here, never fewer than 3 passes (RFC 9106's
// recommendation), and the measured time. It takes up to 3×target.
func Calibrate(target time.Duration, memoryKiB uint32, parallelism uint8) (KDFParams, time.Duration, error) {
	return crypto.Calibrate(target, memoryKiB, parallelism, crypto.Recommended.Iterations)
}

// MeasureKDF returns the time of one derivation with p (p must be valid).
func MeasureKDF(p KDFParams) time.Duration { return crypto.Measure(p) }

// MaxKDFCost bounds memory (KiB) × passes; see the crypto package.
const MaxKDFCost = crypto.MaxCost

// PrepareKDF starts allocating and touching the memory a derivation with p
// needs, in the background, so that a derivation after the user has typed
// the password is pure compute (see crypto.PrepareKDF). Front ends call it
// when a password prompt appears, and Release the result when the prompt
// is abandoned.
func PrepareKDF(p KDFParams) *crypto.Prepared { return crypto.PrepareKDF(p) }
