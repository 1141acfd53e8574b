package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/generator/strength"
	"github.com/passtea/passtea/vault"
)

// vaultGuessTime returns the time one key derivation of the vault takes,
// which bounds how fast an attacker holding the vault file can guess its
// master password; 0 when unknown (no vault).
//
// It reads the vault's header (no password needed) and times one derivation
// with its parameters here, which takes as long as an unlock.
func vaultGuessTime(e *env, g *globals) time.Duration {
	path, err := vaultPath(e, g)
	if err != nil {
		return 0
	}
	f, err := vault.ReadFile(path, nil)
	if err != nil {
		return 0
	}
	defer f.Close()
	return vault.MeasureKDF(f.Params())
}

// strengthJSON is the --json output of passtea strength.
type strengthJSON struct {
	Score                int      `json:"score"`
	GuessesLog10         float64  `json:"guesses_log10"`
	CrackSecondsFastHash float64  `json:"crack_seconds_fast_hash"`
	CrackSecondsVault    *float64 `json:"crack_seconds_vault"`
	Warning              string   `json:"warning"`
	Suggestions          []string `json:"suggestions"`
}

func newStrengthCmd(e *env, g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "strength",
		Short: "Estimate how hard a password is to guess",
		Long: `strength rates a password you type (or pipe in on the first line of stdin)
with zxcvbn: a score from 0 to 4, an estimate of the guesses needed, how long
they take against a fast hash (10^10 guesses/s) and against this vault's key
derivation, and advice. The password is never an argument, so that it stays
out of the shell history.`,
		Example: `  passtea strength
  printf '%s\n' "$candidate" | passtea strength --json`,
		// Not cobra.NoArgs: its message would repeat the argument, which
		// is likely the password.
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("strength takes no arguments: type the password at the prompt, or pipe it in")
			}
			return nil
		},
		RunE: func(*cobra.Command, []string) error {
			return runStrength(e, g, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object")
	return cmd
}

// runStrength rates a password typed at the prompt or piped in. No
// password (an empty line, or nothing on standard input) is a usage error,
// as it is for add.
func runStrength(e *env, g *globals, asJSON bool) error {
	var pw []byte
	var err error
	if e.stdinIsTerminal() {
		pw, err = askSecret(e, "Password to rate: ")
	} else if pw, err = readFirstLine(e.stdin); err != nil {
		return usagef("read the password to rate from standard input: %v", err)
	}
	if errors.Is(err, errAborted) {
		return err
	}
	if err != nil {
		return fmt.Errorf("read password: %w", err)
	}
	if len(pw) == 0 {
		return usagef("empty password: nothing to rate")
	}
	r := strength.Estimate(string(pw)).Report(vaultGuessTime(e, g))
	clear(pw)
	if asJSON {
		return writeStrengthJSON(e, r)
	}
	return writeStrength(e, r)
}

func writeStrengthJSON(e *env, r strength.Report) error {
	out := strengthJSON{
		Score:                r.Score,
		GuessesLog10:         math.Round(r.GuessesLog10*100) / 100,
		CrackSecondsFastHash: r.CrackSecondsFastHash,
		Warning:              r.Warning,
		Suggestions:          r.Suggestions,
	}
	if out.Suggestions == nil {
		out.Suggestions = []string{}
	}
	if r.VaultKnown() {
		out.CrackSecondsVault = &r.CrackSecondsVault
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func writeStrength(e *env, r strength.Report) error {
	var b []byte
	b = fmt.Appendf(b, "Score:     %d of 4 (%s)\n", r.Score, strength.ScoreName(r.Score))
	b = fmt.Appendf(b, "Guesses:   about 10^%.1f\n", r.GuessesLog10)
	b = fmt.Appendf(b, "Cracked:   %s at 10^10 guesses/s (offline, fast hash)\n", strength.FormatCrackTime(r.CrackSecondsFastHash))
	if r.VaultKnown() {
		b = fmt.Appendf(b, "           %s against this vault (%.3g guesses/s on one machine like this)\n", strength.FormatCrackTime(r.CrackSecondsVault), r.VaultGuessesPerSecond)
	} else {
		b = fmt.Appendf(b, "           against this vault: unknown (no vault)\n")
	}
	if r.Warning != "" {
		b = fmt.Appendf(b, "Warning:   %s\n", r.Warning)
	}
	for i, s := range r.Suggestions {
		label := "Try:      "
		if i > 0 {
			label = "          "
		}
		b = fmt.Appendf(b, "%s %s\n", label, s)
	}
	_, err := e.stdout.Write(b)
	return err
}
