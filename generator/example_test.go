package generator_test

import (
	"fmt"
	"math/rand/v2"

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
