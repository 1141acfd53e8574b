// Key derivation: AES-KDF, Argon2d and Argon2id with their parameters, the
// checks against Limits made before any work, and the derivations.

package kdbx

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"fmt"
	"sync"

	"github.com/passtea/passtea/crypto"
)

// KDF is a key derivation function KDBX files name.
type KDF int

// The key derivations KeePass and KeePassXC offer.
const (
	KDFAES      KDF = iota + 1 // AES-KDF: KDBX 3 transform rounds, or KDBX 4's AES-KDF
	KDFArgon2d                 // Argon2d (KeePassXC's default for KDBX 4)
	KDFArgon2id                // Argon2id
)

// String names the KDF as KeePassXC does, e.g. "Argon2id".
func (k KDF) String() string {
	switch k {
	case KDFAES:
		return "AES-KDF"
	case KDFArgon2d:
		return "Argon2d"
	case KDFArgon2id:
		return "Argon2id"
	}
	return fmt.Sprintf("KDF %d", int(k))
}

// KDF identifiers in the KDBX 4 KDF parameters ($UUID). KeePass writes the
// KDBX 3 AES-KDF identifier in KDBX 4 files too; KeePassXC names the second
// one internally and reads both (src/format/KeePass2.cpp).
var (
	uuidAESKDBX3 = mustUUID("c9d9f39a-628a-4460-bf74-0d08c18a4fea")
	uuidAESKDBX4 = mustUUID("7c02bb82-79a7-4ac0-927d-114a00648238")
	uuidArgon2d  = mustUUID("ef636ddf-8c29-444b-91f7-a9a403e30a0c")
	uuidArgon2id = mustUUID("9e298b19-56db-4773-b23d-fc3ec6f0a1e6")
)

// Argon2 versions (RFC 9106 §3.2; 0x10 is the reference code's older one).
const (
	argon2Version10 = 0x10
	argon2Version13 = 0x13
)

// KDFParams are a database's key derivation and its parameters.
type KDFParams struct {
	KDF KDF
	// Salt is the AES-KDF key (the KDBX 3 transform seed, 32 bytes) or the
	// Argon2 salt. The writer makes a fresh one on every write.
	Salt []byte
	// Rounds is the number of AES-KDF rounds.
	Rounds uint64
	// Argon2 parameters. The file stores memory in bytes; it must be a
	// whole number of KiB.
	MemoryKiB   uint64
	Iterations  uint64
	Parallelism uint32
	Version     uint32 // 0x13, or 0x10
}

// String describes the parameters for people, e.g.
// "Argon2id, 64 MiB, 10 passes, 2 lanes" or "AES-KDF, 6000000 rounds".
func (p KDFParams) String() string {
	if p.KDF == KDFAES {
		return fmt.Sprintf("AES-KDF, %d rounds", p.Rounds)
	}
	mem := fmt.Sprintf("%d KiB", p.MemoryKiB)
	if p.MemoryKiB%1024 == 0 {
		mem = fmt.Sprintf("%d MiB", p.MemoryKiB/1024)
	}
	return fmt.Sprintf("%v, %s, %d passes, %d lanes", p.KDF, mem, p.Iterations, p.Parallelism)
}

// Argon2idParams returns Argon2id parameters from passtea's own, for
// [WriteOptions].
func Argon2idParams(p crypto.KDFParams) KDFParams {
	return KDFParams{
		KDF: KDFArgon2id, MemoryKiB: uint64(p.MemoryKiB), Iterations: uint64(p.Iterations),
		Parallelism: uint32(p.Parallelism), Version: argon2Version13,
	}
}

// kdfFromVariants reads the KDBX 4 KDF parameters.
func kdfFromVariants(items []VariantItem) (KDFParams, error) {
	id, ok := variantBytes(items, "$UUID")
	if !ok || len(id) != 16 {
		return KDFParams{}, fmt.Errorf("%w: KDF parameters without a KDF", ErrCorrupt)
	}
	var p KDFParams
	salt, _ := variantBytes(items, "S")
	p.Salt = bytes.Clone(salt)
	switch UUID(id) {
	case uuidAESKDBX3, uuidAESKDBX4:
		p.KDF = KDFAES
		if p.Rounds, ok = variantUint(items, "R"); !ok {
			return KDFParams{}, fmt.Errorf("%w: AES-KDF parameters without rounds", ErrCorrupt)
		}
		return p, nil
	case uuidArgon2d:
		p.KDF = KDFArgon2d
	case uuidArgon2id:
		p.KDF = KDFArgon2id
	default:
		return KDFParams{}, fmt.Errorf("%w: key derivation %v", ErrUnsupported, UUID(id))
	}
	memory, ok1 := variantUint(items, "M")
	iterations, ok2 := variantUint(items, "I")
	lanes, ok3 := variantUint(items, "P")
	version, ok4 := variantUint(items, "V")
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return KDFParams{}, fmt.Errorf("%w: Argon2 parameters incomplete", ErrCorrupt)
	}
	if memory%1024 != 0 || lanes > 1<<24-1 || version > 0xff {
		return KDFParams{}, fmt.Errorf("%w: Argon2 parameters out of range", ErrCorrupt)
	}
	p.MemoryKiB, p.Iterations, p.Parallelism, p.Version = memory/1024, iterations, uint32(lanes), uint32(version)
	return p, nil
}

// variants encodes p as KDBX 4 KDF parameters, in KeePassXC's order.
func (p KDFParams) variants() []VariantItem {
	if p.KDF == KDFAES {
		return []VariantItem{
			{"$UUID", uuidAESKDBX3[:]}, // what KeePass and KeePassXC write
			{"R", p.Rounds},
			{"S", p.Salt},
		}
	}
	id := uuidArgon2id
	if p.KDF == KDFArgon2d {
		id = uuidArgon2d
	}
	return []VariantItem{
		{"$UUID", id[:]},
		{"V", p.Version},
		{"P", p.Parallelism},
		{"M", p.MemoryKiB * 1024},
		{"I", p.Iterations},
		{"S", p.Salt},
	}
}

// check refuses parameters that are invalid or cost more than lim allows.
// It is cheap and runs before any derivation.
func (p KDFParams) check(lim Limits) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrCorrupt}, args...)...)
	}
	over := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrLimit}, args...)...)
	}
	switch p.KDF {
	case KDFAES:
		switch {
		case len(p.Salt) != 32:
			return bad("AES-KDF seed of %d bytes, want 32", len(p.Salt))
		case p.Rounds < 1:
			return bad("AES-KDF with no rounds")
		case p.Rounds > lim.AESMaxRounds:
			return over("AES-KDF asks for %d rounds, more than %d", p.Rounds, lim.AESMaxRounds)
		}
		return nil
	case KDFArgon2d, KDFArgon2id:
	default:
		return fmt.Errorf("%w: key derivation %d", ErrUnsupported, int(p.KDF))
	}
	switch {
	case len(p.Salt) < 8 || len(p.Salt) > 1024:
		return bad("Argon2 salt of %d bytes", len(p.Salt))
	case p.Version != argon2Version10 && p.Version != argon2Version13:
		return fmt.Errorf("%w: Argon2 version %#x", ErrUnsupported, p.Version)
	case p.Parallelism < 1 || p.Iterations < 1:
		return bad("Argon2 with %d lanes and %d passes", p.Parallelism, p.Iterations)
	case p.MemoryKiB < 8*uint64(p.Parallelism):
		return bad("Argon2 memory %d KiB is below 8 KiB per lane", p.MemoryKiB)
	case p.MemoryKiB > lim.Argon2MaxMemoryKiB:
		return over("Argon2 asks for %d MiB of memory, more than %d MiB", p.MemoryKiB>>10, lim.Argon2MaxMemoryKiB>>10)
	case p.Iterations > lim.Argon2MaxIterations:
		return over("Argon2 asks for %d passes, more than %d", p.Iterations, lim.Argon2MaxIterations)
	case p.Parallelism > lim.Argon2MaxParallelism:
		return over("Argon2 asks for %d lanes, more than %d", p.Parallelism, lim.Argon2MaxParallelism)
	case p.MemoryKiB*p.Iterations > lim.Argon2MaxCost:
		return over("Argon2 memory × passes is %d GiB, more than %d GiB", p.MemoryKiB*p.Iterations>>20, lim.Argon2MaxCost>>20)
	}
	return nil
}

// derive turns the composite key into the transformed key. p must have
// passed check.
func (p KDFParams) derive(composite []byte) ([]byte, error) {
	if p.KDF == KDFAES {
		return aesKDF(composite, p.Salt, p.Rounds)
	}
	return deriveArgon2(composite, p)
}

// deriveArgon2 runs passtea's Argon2 (crypto.Argon2: both variants, both
// versions; golang.org/x/crypto/argon2 has no Argon2d). Like KeePass and
// KeePassXC it uses no secret and no associated data, and a 32-byte tag.
func deriveArgon2(composite []byte, p KDFParams) ([]byte, error) {
	typ := crypto.Argon2id
	if p.KDF == KDFArgon2d {
		typ = crypto.Argon2d
	}
	key, err := crypto.Argon2(composite, crypto.Argon2Params{
		Type: typ, Version: p.Version, MemoryKiB: uint32(p.MemoryKiB), Iterations: uint32(p.Iterations),
		Lanes: p.Parallelism, KeyLen: 32, Salt: p.Salt,
	})
	if err != nil {
		return nil, fmt.Errorf("%v: %w", p.KDF, err)
	}
	return key, nil
}

// aesKDF is KeePass's AES-KDF: the 32-byte key, as two AES blocks, encrypted
// rounds times with AES-256 under seed, then hashed with SHA-256.
//
// Each half is an independent chain. Encrypting zero blocks in CBC mode with
// the half as IV computes exactly that chain (C_i = E(0 ⊕ C_i-1)) through
// the assembly CBC code, three times faster than one Encrypt call a round;
// the two halves run on two goroutines.
func aesKDF(key, seed []byte, rounds uint64) ([]byte, error) {
	block, err := aes.NewCipher(seed)
	if err != nil {
		return nil, fmt.Errorf("AES-KDF: %w", err)
	}
	out := bytes.Clone(key)
	defer crypto.Wipe(out)
	var wg sync.WaitGroup
	for half := range 2 {
		wg.Go(func() { aesChain(block, out[16*half:16*half+16], rounds) })
	}
	wg.Wait()
	sum := sha256.Sum256(out)
	return sum[:], nil
}

// aesChain replaces x (one block) with x encrypted rounds times.
func aesChain(block cipher.Block, x []byte, rounds uint64) {
	chunk := min(rounds, 2048) // blocks per call
	zeros := make([]byte, chunk*aes.BlockSize)
	dst := make([]byte, chunk*aes.BlockSize)
	defer crypto.Wipe(dst)
	enc := cipher.NewCBCEncrypter(block, x)
	var n uint64
	for rounds > 0 {
		n = min(rounds, chunk)
		enc.CryptBlocks(dst[:n*aes.BlockSize], zeros[:n*aes.BlockSize])
		rounds -= n
	}
	copy(x, dst[(n-1)*aes.BlockSize:n*aes.BlockSize])
}
