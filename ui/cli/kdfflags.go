package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/vault"
)

// kdfFlags are the key-derivation flags of init and passwd.
type kdfFlags struct {
	memoryMiB   uint32
	iterations  uint32
	parallelism uint8
	target      time.Duration
}

func (k *kdfFlags) bind(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.Uint32Var(&k.memoryMiB, "kdf-memory", 0, "argon2id memory in `MiB`, 8 to 1024 (default 256)")
	fs.Uint32Var(&k.iterations, "kdf-iterations", 0, "argon2id passes (default: calibrated to --kdf-time, at least 3)")
	fs.Uint8Var(&k.parallelism, "kdf-parallelism", 0, "argon2id lanes (default 4)")
	fs.DurationVar(&k.target, "kdf-time", 0, "calibrate passes so one unlock takes about this `DURATION` (default 500ms)")
	cmd.MarkFlagsMutuallyExclusive("kdf-iterations", "kdf-time")
}

// explicit reports whether any KDF flag was given.
func (k *kdfFlags) explicit(cmd *cobra.Command) bool {
	for _, f := range []string{"kdf-memory", "kdf-iterations", "kdf-parallelism", "kdf-time"} {
		if cmd.Flags().Changed(f) {
			return true
		}
	}
	return false
}

// check validates the flag values without doing any work, so that a
// mistake is reported before any password is asked for.
// base is the memory the parameters start from when --kdf-memory is absent.
func (k *kdfFlags) check(cmd *cobra.Command, base vault.KDFParams) error {
	fl := cmd.Flags()
	switch {
	case fl.Changed("kdf-memory") && (k.memoryMiB < 8 || k.memoryMiB > 1024):
		return usagef("--kdf-memory must be between 8 and 1024 MiB")
	case fl.Changed("kdf-parallelism") && (k.parallelism < 1 || k.parallelism > 64):
		return usagef("--kdf-parallelism must be between 1 and 64")
	case fl.Changed("kdf-iterations") && (k.iterations < 1 || k.iterations > 100):
		return usagef("--kdf-iterations must be between 1 and 100")
	case fl.Changed("kdf-time") && (k.target < 10*time.Millisecond || k.target > time.Minute):
		return usagef("--kdf-time must be between 10ms and 1m")
	}
	if fl.Changed("kdf-iterations") {
		mem := uint64(base.MemoryKiB)
		if fl.Changed("kdf-memory") {
			mem = uint64(k.memoryMiB) * 1024
		}
		if mem*uint64(k.iterations) > uint64(vault.MaxKDFCost) {
			return usagef("--kdf-memory × --kdf-iterations must stay within %d GiB-passes", vault.MaxKDFCost>>20)
		}
	}
	return nil
}

// settings applies the flags to base. The passes are calibrated when
// --kdf-time is given, or when calibrate is set and --kdf-iterations is not
// (calibration takes about twice the target time). It warns on w about
// parameters below RFC 9106's recommendation.
func (k *kdfFlags) settings(cmd *cobra.Command, w io.Writer, base vault.KDFParams, calibrate bool) (vault.KDFSettings, time.Duration, error) {
	if err := k.check(cmd, base); err != nil {
		return vault.KDFSettings{}, 0, err
	}
	fl := cmd.Flags()
	p := base
	if fl.Changed("kdf-memory") {
		p.MemoryKiB = k.memoryMiB * 1024
	}
	if fl.Changed("kdf-parallelism") {
		p.Parallelism = k.parallelism
	}
	var took time.Duration
	if fl.Changed("kdf-iterations") {
		p.Iterations = k.iterations
	} else if calibrate || fl.Changed("kdf-time") {
		target := 500 * time.Millisecond
		if fl.Changed("kdf-time") {
			target = k.target
		}
		var err error
		if p, took, err = vault.Calibrate(target, p.MemoryKiB, p.Parallelism); err != nil {
			return vault.KDFSettings{}, 0, err
		}
	}
	if err := p.Validate(); err != nil {
		return vault.KDFSettings{}, 0, usagef("%v", err)
	}
	if p.BelowRecommended() {
		fmt.Fprintf(w, "passtea: warning: %s is below RFC 9106's recommendation (64 MiB, 3 passes): a stolen vault file is cheaper to attack\n", p)
	}
	return vault.KDFSettings{Params: p, Explicit: k.explicit(cmd)}, took, nil
}
