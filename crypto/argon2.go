// Argon2 with every input RFC 9106 defines: the three variants, both
// versions, a secret value, associated data and any output length. passtea's
// own key derivation ([DeriveKey]) is argon2id through this code; the other
// variants are here for reading other programs' files (KeePass KDBX 4 uses
// Argon2d and Argon2id).

package crypto

import (
	"errors"
	"fmt"
	"math"
)

// Argon2Type is the Argon2 variant, the y of RFC 9106 §3.2.
type Argon2Type uint32

// The Argon2 variants (RFC 9106 §3.1). Argon2id is the one RFC 9106 tells
// password hashing to use.
const (
	Argon2d  Argon2Type = 0 // memory addressed by the data: fastest, not side-channel resistant
	Argon2i  Argon2Type = 1 // memory addressed independently of the data
	Argon2id Argon2Type = 2 // Argon2i for the first half pass, Argon2d after
)

// String returns the variant's usual name, e.g. "argon2id".
func (y Argon2Type) String() string {
	switch y {
	case Argon2d:
		return "argon2d"
	case Argon2i:
		return "argon2i"
	case Argon2id:
		return "argon2id"
	}
	return fmt.Sprintf("argon2 type %d", uint32(y))
}

// Argon2 versions (the v of RFC 9106 §3.2). RFC 9106 defines only 0x13;
// 0x10 is the earlier version of the reference implementation, in which later
// passes overwrite blocks instead of XORing into them. Some KDBX files name
// it.
const (
	Argon2Version10 = 0x10
	Argon2Version13 = 0x13
)

// Argon2Params are all of Argon2's inputs but the password (RFC 9106 §3.1).
//
// Argon2 checks them against RFC 9106's bounds only, which allow terabytes of
// memory and billions of passes. Parameters from a file must first pass a
// cost cap such as [Argon2Params.WithinLimits].
type Argon2Params struct {
	Type           Argon2Type
	Version        uint32 // Argon2Version13, or 0 for it; or Argon2Version10
	MemoryKiB      uint32 // m: at least 8·Lanes
	Iterations     uint32 // t: passes over the memory, at least 1
	Lanes          uint32 // p: 1 to 2^24-1
	KeyLen         uint32 // T: output length in bytes, at least 4
	Salt           []byte // S: the nonce (RFC 9106 recommends 16 bytes or more)
	Secret         []byte // K: optional secret value (a key or pepper)
	AssociatedData []byte // X: optional associated data
}

// Limits RFC 9106 §3.1 sets on the inputs.
const (
	maxArgon2Lanes = 1<<24 - 1
	minArgon2Key   = 4
)

// ErrArgon2Params is returned by [Argon2] for inputs outside RFC 9106's
// bounds. It wraps [ErrKDFParams].
var ErrArgon2Params = fmt.Errorf("%w (RFC 9106)", ErrKDFParams)

// check reports whether a is within RFC 9106's bounds.
func (a *Argon2Params) check(password []byte) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrArgon2Params}, args...)...)
	}
	switch {
	case a.Type > Argon2id:
		return bad("unknown type %d", uint32(a.Type))
	case a.Version != 0 && a.Version != Argon2Version10 && a.Version != Argon2Version13:
		return bad("unknown version %#x", a.Version)
	case a.Lanes < 1 || a.Lanes > maxArgon2Lanes:
		return bad("%d lanes not in 1..%d", a.Lanes, maxArgon2Lanes)
	case uint64(a.MemoryKiB) < 8*uint64(a.Lanes):
		return bad("memory %d KiB is below 8 KiB per lane (%d lanes)", a.MemoryKiB, a.Lanes)
	case a.Iterations < 1:
		return bad("no passes")
	case a.KeyLen < minArgon2Key:
		return bad("output of %d bytes is shorter than %d", a.KeyLen, minArgon2Key)
	case uint64(len(password)) > math.MaxUint32 || uint64(len(a.Salt)) > math.MaxUint32 ||
		uint64(len(a.Secret)) > math.MaxUint32 || uint64(len(a.AssociatedData)) > math.MaxUint32:
		return bad("an input is longer than 2^32-1 bytes")
	}
	return nil
}

// WithinLimits reports whether a costs no more than passtea accepts from a
// file for its own vaults: memory up to [MaxMemoryKiB], passes up to
// [MaxIterations], lanes up to [MaxParallelism], and memory × passes up to
// [MaxCost]. Unlike [KDFParams.Validate] it sets no minimum: other programs'
// files may use less memory than passtea would choose.
func (a Argon2Params) WithinLimits() error {
	return checkCost(a.MemoryKiB, a.Iterations, a.Lanes)
}

// checkCost checks the maxima shared by [KDFParams.Validate] and
// [Argon2Params.WithinLimits].
func checkCost(memoryKiB, iterations, lanes uint32) error {
	switch {
	case memoryKiB > MaxMemoryKiB:
		return fmt.Errorf("%w: memory %d KiB is above the maximum of %d KiB", ErrKDFParams, memoryKiB, MaxMemoryKiB)
	case iterations > MaxIterations:
		return fmt.Errorf("%w: %d iterations is above the maximum of %d", ErrKDFParams, iterations, MaxIterations)
	case lanes > MaxParallelism:
		return fmt.Errorf("%w: %d lanes is above the maximum of %d", ErrKDFParams, lanes, MaxParallelism)
	case uint64(memoryKiB)*uint64(iterations) > MaxCost:
		return fmt.Errorf("%w: memory × iterations is above %d GiB-passes", ErrKDFParams, MaxCost>>20)
	}
	return nil
}

// ErrKDFMemory is returned when the memory for a derivation cannot be had
// from the operating system.
var ErrKDFMemory = errors.New("cannot allocate the key derivation's memory")

// Argon2 returns the Argon2 tag of password under a (RFC 9106 §3). Inputs
// outside RFC 9106's bounds are an error wrapping [ErrArgon2Params]; memory
// the system refuses is an error wrapping [ErrKDFMemory]. It never panics on
// any input, but it does not cap the cost: see [Argon2Params].
//
// The lanes run in parallel on up to GOMAXPROCS threads. Memory prepared by
// [PrepareKDF] for the same number of blocks and lanes is used if it is
// free.
func Argon2(password []byte, a Argon2Params) ([]byte, error) {
	return argon2With(password, a, true)
}

// argon2With is Argon2, taking prepared memory only if prepared is set.
func argon2With(password []byte, a Argon2Params, prepared bool) ([]byte, error) {
	if err := a.check(password); err != nil {
		return nil, err
	}
	if a.Version == 0 {
		a.Version = Argon2Version13
	}
	g := newGeometry(a.MemoryKiB, a.Lanes)
	var mem *arena
	if prepared {
		mem = takePrepared(g)
	}
	if mem == nil {
		var err error
		if mem, err = newArena(g.blocks()); err != nil {
			return nil, err
		}
	}
	defer mem.release()
	return argon2Tag(password, &a, g, mem.blocks), nil
}
