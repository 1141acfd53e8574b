package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/vault"
)

// The limits of the KDF flags are the ones every vault file is held to, and
// the default calibration target the one of every new vault (crypto's;
// vault does not name them yet), so that a value the flags take is one a
// vault can have. The bounds of --kdf-time are the command line's own.
const (
	minKDFMemoryMiB = vault.MinKDFMemoryKiB / 1024
	maxKDFMemoryMiB = vault.MaxKDFMemoryKiB / 1024
	minKDFTime      = 10 * time.Millisecond
	maxKDFTime      = time.Minute
)

// kdfFlags are the key-derivation flags of init, passwd and export, and
// which of them were given (see read).
type kdfFlags struct {
	memoryMiB   uint32
	iterations  uint32
	parallelism uint8
	target      time.Duration
	use         kdfUse

	memorySet, iterationsSet, parallelismSet, targetSet bool
}

// kdfUse says whose key derivation the flags set: it decides their help
// and their defaults.
type kdfUse int

const (
	// kdfNewVault: a new vault's (init); passtea's defaults, the passes
	// calibrated.
	kdfNewVault kdfUse = iota
	// kdfVault: the vault's (passwd); what no flag names stays as it is.
	kdfVault
	// kdfExport: a KDBX export's (export); passtea's defaults, the passes
	// calibrated only with --kdf-time. The vault's own stays as it is.
	kdfExport
)

// bind adds the flags to cmd, with a help that says what use they have.
func (k *kdfFlags) bind(cmd *cobra.Command, use kdfUse) {
	k.use = use
	def := vault.DefaultKDF
	of, memory, passes, lanes, target := "the vault's", fmt.Sprintf("default %d", def.MemoryKiB/1024),
		fmt.Sprintf("default: calibrated to --kdf-time, at least %d", vault.RecommendedKDF.Iterations),
		fmt.Sprintf("default %d", def.Parallelism), fmt.Sprintf("default %v", vault.DefaultKDFTarget)
	calibrate := "calibrate the passes so one unlock"
	switch use {
	case kdfVault:
		memory, lanes = "default: as it is", "default: as they are"
		passes = "default: as they are; recalibrated to --kdf-time after a new --kdf-memory or --kdf-parallelism"
		target = fmt.Sprintf("default %v, when they are recalibrated", vault.DefaultKDFTarget)
	case kdfExport:
		of, calibrate = "kdbx: the exported file's (not the vault's)", "kdbx: calibrate the passes so opening the exported file"
		passes = fmt.Sprintf("default %d", def.Iterations)
		target = "default: no calibration"
	}
	fs := cmd.Flags()
	fs.Uint32Var(&k.memoryMiB, "kdf-memory", 0, fmt.Sprintf("%s argon2id memory in `MiB`, %d to %d (%s)", of, minKDFMemoryMiB, maxKDFMemoryMiB, memory))
	fs.Uint32Var(&k.iterations, "kdf-iterations", 0, fmt.Sprintf("%s argon2id passes, `N` from %d to %d (%s)", of, vault.MinKDFIterations, vault.MaxKDFIterations, passes))
	fs.Uint8Var(&k.parallelism, "kdf-parallelism", 0, fmt.Sprintf("%s argon2id lanes, `N` from %d to %d (%s)", of, vault.MinKDFParallelism, vault.MaxKDFParallelism, lanes))
	fs.DurationVar(&k.target, "kdf-time", 0, fmt.Sprintf("%s takes about `DURATION` here (%s)", calibrate, target))
	cmd.MarkFlagsMutuallyExclusive("kdf-iterations", "kdf-time")
}

// read notes which flags cmd was given.
func (k *kdfFlags) read(cmd *cobra.Command) {
	fl := cmd.Flags()
	k.memorySet, k.iterationsSet = fl.Changed("kdf-memory"), fl.Changed("kdf-iterations")
	k.parallelismSet, k.targetSet = fl.Changed("kdf-parallelism"), fl.Changed("kdf-time")
}

// explicit reports whether any KDF flag was given.
func (k *kdfFlags) explicit() bool {
	return k.memorySet || k.iterationsSet || k.parallelismSet || k.targetSet
}

// check validates the flag values without doing any work, so that a
// mistake is reported before any password is asked for.
// base is the memory the parameters start from when --kdf-memory is absent.
func (k *kdfFlags) check(base vault.KDFParams) error {
	switch {
	case k.memorySet && (k.memoryMiB < minKDFMemoryMiB || k.memoryMiB > maxKDFMemoryMiB):
		return usagef("--kdf-memory must be between %d and %d MiB", minKDFMemoryMiB, maxKDFMemoryMiB)
	case k.parallelismSet && (k.parallelism < vault.MinKDFParallelism || k.parallelism > vault.MaxKDFParallelism):
		return usagef("--kdf-parallelism must be between %d and %d", vault.MinKDFParallelism, vault.MaxKDFParallelism)
	case k.iterationsSet && (k.iterations < vault.MinKDFIterations || k.iterations > vault.MaxKDFIterations):
		return usagef("--kdf-iterations must be between %d and %d", vault.MinKDFIterations, vault.MaxKDFIterations)
	case k.targetSet && (k.target < minKDFTime || k.target > maxKDFTime):
		return usagef("--kdf-time must be between %v and %v", minKDFTime, maxKDFTime)
	}
	if k.iterationsSet {
		mem := uint64(base.MemoryKiB)
		if k.memorySet {
			mem = uint64(k.memoryMiB) * 1024
		}
		if mem*uint64(k.iterations) > uint64(vault.MaxKDFCost) {
			return usagef("--kdf-memory × --kdf-iterations must stay within %d GiB-passes", vault.MaxKDFCost>>20)
		}
	}
	return nil
}

// layout returns base with the memory and lanes the flags ask for: what
// decides the memory a derivation needs (see vault.PrepareKDF).
func (k *kdfFlags) layout(base vault.KDFParams) vault.KDFParams {
	if k.memorySet {
		base.MemoryKiB = k.memoryMiB * 1024
	}
	if k.parallelismSet {
		base.Parallelism = k.parallelism
	}
	return base
}

// settings applies the flags to base. The passes are calibrated when
// --kdf-time is given, or when calibrate is set and --kdf-iterations is not
// (calibration takes about twice the target time). It warns on w about
// parameters below RFC 9106's recommendation, and says when the fewest
// passes passtea uses already take longer than the target.
func (k *kdfFlags) settings(w io.Writer, base vault.KDFParams, calibrate bool) (vault.KDFSettings, time.Duration, error) {
	if err := k.check(base); err != nil {
		return vault.KDFSettings{}, 0, err
	}
	p := base
	if k.memorySet {
		p.MemoryKiB = k.memoryMiB * 1024
	}
	if k.parallelismSet {
		p.Parallelism = k.parallelism
	}
	var took time.Duration
	if k.iterationsSet {
		p.Iterations = k.iterations
	} else if calibrate || k.targetSet {
		target := vault.DefaultKDFTarget
		if k.targetSet {
			target = k.target
		}
		var err error
		if p, took, err = vault.Calibrate(target, p.MemoryKiB, p.Parallelism); err != nil {
			return vault.KDFSettings{}, 0, err
		}
		if atFloor(p, took, target) {
			fmt.Fprintf(w, "passtea: note: %d passes, the fewest passtea uses, take %.2f s here: more than the %v asked (lower --kdf-memory to go faster)\n", p.Iterations, took.Seconds(), target)
		}
	}
	if err := p.Validate(); err != nil {
		return vault.KDFSettings{}, 0, usagef("%v", err)
	}
	if p.BelowRecommended() {
		what := "vault file"
		if k.use == kdfExport {
			what = "export"
		}
		fmt.Fprintf(w, "passtea: warning: %s is below RFC 9106's recommendation (64 MiB, 3 passes): a stolen %s is cheaper to attack\n", p, what)
	}
	return vault.KDFSettings{Params: p, Explicit: k.explicit()}, took, nil
}

// atFloor reports whether a calibration to target stopped at the fewest
// passes passtea uses although they took clearly longer than target.
func atFloor(p vault.KDFParams, took, target time.Duration) bool {
	return p.Iterations <= vault.RecommendedKDF.Iterations && took > target+target/10
}
