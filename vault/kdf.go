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

// Calibrate returns parameters with memoryKiB and parallelism whose
// derivation takes about target here, never fewer than 3 passes (RFC 9106's
// recommendation), and the measured time. It takes about 2×target.
func Calibrate(target time.Duration, memoryKiB uint32, parallelism uint8) (KDFParams, time.Duration, error) {
	return crypto.Calibrate(target, memoryKiB, parallelism, crypto.Recommended.Iterations)
}

// MeasureKDF returns the time of one derivation with p (p must be valid).
func MeasureKDF(p KDFParams) time.Duration { return crypto.Measure(p) }

// MaxKDFCost bounds memory (KiB) × passes; see the crypto package.
const MaxKDFCost = crypto.MaxCost
