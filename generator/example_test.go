package generator_test

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/passtea/passtea/generator"
)

func Example() {
	g := generator.New(nil) // crypto/rand
	opts := generator.DefaultOptions()
	pw, _ := g.Generate(opts)
	bits, _ := generator.Entropy(opts)
	fmt.Println(len(pw), "characters,", fmt.Sprintf("%.1f bits", bits))
	// Output: 20 characters, 130.9 bits
}

func ExampleGenerator_Generate_passphrase() {
	g := generator.New(rand.NewChaCha8([32]byte{})) // repeatable, for tests only
	opts := generator.DefaultOptions()
	opts.Mode, opts.Words, opts.WithNumber = generator.Passphrase, 5, true
	pw, _ := g.Generate(opts)
	bits, _ := generator.Entropy(opts)
	fmt.Printf("%s (%.1f bits)\n", pw, bits)
	// Output: reliable5-unbolted-paltry-dancing-humid (70.3 bits)
}

func ExampleStrength() {
	r := generator.Strength("P@ssw0rd1990", 500*time.Millisecond)
	fmt.Println(r.Score, r.Warning)
	fmt.Println(generator.FormatCrackTime(r.CrackSecondsFastHash), "at 10¹⁰ guesses/s;", generator.FormatCrackTime(r.CrackSecondsVault), "against the vault")
	// Output:
	// 0 This is similar to a commonly used password
	// less than a second at 10¹⁰ guesses/s; 2 hours against the vault
}

func ExampleCheckMasterPassword() {
	fmt.Println(generator.CheckMasterPassword("Summer2024!"))
	fmt.Println(generator.CheckMasterPassword("correct horse battery staple"))
	// Output:
	// master password is too short: use at least 12 characters (this is similar to a commonly used password)
	// <nil>
}
