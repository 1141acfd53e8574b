// Tests of the commands' --help: every flag names its value, and the KDF
// flags say whose key derivation they set.

package cli

import (
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestHelpNamesFlagValues: no flag's help shows the Go type of its value
// (--notes string, --tag stringArray) where a name says what to give.
func TestHelpNamesFlagValues(t *testing.T) {
	t.Parallel()
	goType := regexp.MustCompile(`(?m)^\s+(-\w, )?--[\w-]+ (string|stringArray|stringSlice|int|int64|uint8|uint32|duration|float64)\s`)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if sub.Name() == "help" || sub.Name() == "completion" || sub.Hidden {
				continue
			}
			args := append(strings.Fields(sub.CommandPath())[1:], "--help")
			r := runCLI(t, cliEnv{}, args...)
			wantCode(t, r, 0)
			if m := goType.FindAllString(r.stdout, -1); m != nil {
				t.Errorf("passtea %s: flags without a value name:\n%s", strings.Join(args, " "), strings.Join(m, "\n"))
			}
			walk(sub)
		}
	}
	walk(newRootCmd(&env{}))
}

// TestKDFFlagsHelp: export's --kdf flags set the exported file's key
// derivation (not the vault's), passwd's keep what they do not name.
func TestKDFFlagsHelp(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		cmd  string
		want []string
	}{
		{"init", []string{
			"--kdf-memory MiB      the vault's argon2id memory in MiB, 8 to 1024 (default 256)",
			"--kdf-iterations N    the vault's argon2id passes, N from 1 to 100 (default: calibrated to --kdf-time, at least 3)",
			"--kdf-time DURATION   calibrate the passes so one unlock takes about DURATION here (default 500ms)",
		}},
		{"passwd", []string{
			"the vault's argon2id memory in MiB, 8 to 1024 (default: as it is)",
			"the vault's argon2id lanes, N from 1 to 64 (default: as they are)",
		}},
		{"export", []string{
			"--kdf-memory MiB              kdbx: the exported file's (not the vault's) argon2id memory in MiB, 8 to 1024 (default 256)",
			"--kdf-iterations N            kdbx: the exported file's (not the vault's) argon2id passes, N from 1 to 100 (default 3)",
			"--kdf-parallelism N           kdbx: the exported file's (not the vault's) argon2id lanes, N from 1 to 64 (default 4)",
			"--kdf-time DURATION           kdbx: calibrate the passes so opening the exported file takes about DURATION here (default: no calibration)",
		}},
	} {
		r := runCLI(t, cliEnv{}, tc.cmd, "--help")
		wantCode(t, r, 0)
		for _, w := range tc.want {
			if !strings.Contains(r.stdout, w) {
				t.Errorf("passtea %s --help does not say %q:\n%s", tc.cmd, w, r.stdout)
			}
		}
	}
}
