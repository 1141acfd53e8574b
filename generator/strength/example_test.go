package strength_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/passtea/passtea/generator/strength"
)

func ExampleEstimate() {
	r := strength.Estimate("P@ssw0rd!")
	fmt.Println(r.Score, strength.ScoreName(r.Score), r.Guesses)
	for _, m := range r.Sequence {
		fmt.Printf("%s %q\n", m.Pattern, m.Token)
	}
	fmt.Println(r.Feedback.Warning)
	// Output:
	// 1 weak 11100
	// dictionary "P@ssw0rd"
	// bruteforce "!"
	// This is similar to a commonly used password
}

func ExampleResult_Report() {
	r := strength.Estimate("tangerine orbit quietly", "alice").Report(500 * time.Millisecond)
	fmt.Println(strength.ScoreName(r.Score), "·", strength.FormatCrackTime(r.CrackSecondsFastHash), "at 10¹⁰ guesses/s ·",
		strength.FormatCrackTime(r.CrackSecondsVault), "against the vault")
	// Output:
	// very strong · 2 days at 10¹⁰ guesses/s · centuries against the vault
}

func ExampleEntropyReport() {
	r := strength.EntropyReport(77.5, 0) // a generated 6-word passphrase
	fmt.Println(r.Exact, strength.ScoreName(r.Score), strength.FormatCrackTime(r.CrackSecondsFastHash))
	// Output:
	// true very strong centuries
}

func ExampleCheckMaster() {
	for _, pw := range []string{"Summer2024!", "alicesmith-passtea-1984", "tangerine orbit quietly 42"} {
		err := strength.CheckMaster(pw, nil, "Alice Smith", "/home/alice/alice.vault")
		fmt.Println(errors.Is(err, strength.ErrWeakPassword), err)
	}
	// Output:
	// true master password is too short: use at least 12 characters
	// true master password is built from your own details (your name, passtea, the vault's name): add words that have nothing to do with you
	// false <nil>
}
