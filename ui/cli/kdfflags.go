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
	fs.Uint32Var(&k.memoryMiB, "kdf-memory", 0, "argon2id memory in `MiB` (default 256; at least 8)")
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

// settings turns the flags into KDF settings, calibrating when no iteration
// count was given. It warns on w about parameters below RFC 9106's
// recommendation. Calibration takes about twice the target time.
func (k *kdfFlags) settings(cmd *cobra.Command, w io.Writer) (vault.KDFSettings, time.Duration, error) {
	mem := vault.DefaultKDF.MemoryKiB
	if cmd.Flags().Changed("kdf-memory") {
		if k.memoryMiB < 8 || k.memoryMiB > 4096 {
			return vault.KDFSettings{}, 0, usagef("--kdf-memory must be between 8 and 4096 MiB")
		}
		mem = k.memoryMiB * 1024
	}
	lanes := vault.DefaultKDF.Parallelism
	if cmd.Flags().Changed("kdf-parallelism") {
		if k.parallelism < 1 || k.parallelism > 64 {
			return vault.KDFSettings{}, 0, usagef("--kdf-parallelism must be between 1 and 64")
		}
		lanes = k.parallelism
	}
	var p vault.KDFParams
	var took time.Duration
	if cmd.Flags().Changed("kdf-iterations") {
		if k.iterations < 1 || k.iterations > 100 {
			return vault.KDFSettings{}, 0, usagef("--kdf-iterations must be between 1 and 100")
		}
		p = vault.KDFParams{MemoryKiB: mem, Iterations: k.iterations, Parallelism: lanes}
	} else {
		target := 500 * time.Millisecond
		if cmd.Flags().Changed("kdf-time") {
			if k.target < 10*time.Millisecond || k.target > time.Minute {
				return vault.KDFSettings{}, 0, usagef("--kdf-time must be between 10ms and 1m")
			}
			target = k.target
		}
		var err error
		if p, took, err = vault.Calibrate(target, mem, lanes); err != nil {
			return vault.KDFSettings{}, 0, err
		}
	}
	if p.BelowRecommended() {
		fmt.Fprintf(w, "passtea: warning: %s is below RFC 9106's recommendation (64 MiB, 3 passes): a stolen vault file is cheaper to attack\n", p)
	}
	return vault.KDFSettings{Params: p, Explicit: k.explicit(cmd)}, took, nil
}
