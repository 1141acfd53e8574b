package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/generator"
)

// entryGenFlags choose where a new entry password comes from: stdin, a
// prompt, or the generator (--generate and the generation flags of gen).
type entryGenFlags struct {
	generate bool
	gen      genFlags
}

// entryGen is what entryGenFlags asked for.
type entryGen struct {
	generate bool
	opts     generator.Options // with generate
}

func (f *entryGenFlags) bind(cmd *cobra.Command) {
	cmd.Flags().BoolVar(&f.generate, "generate", false, "generate the password (with the generation flags of passtea gen)")
	f.gen.bind(cmd.Flags())
}

// options checks the flags, before any password is asked for: generation
// flags need --generate.
func (f *entryGenFlags) options(cmd *cobra.Command) (entryGen, error) {
	if f.generate {
		opts, err := f.gen.options(cmd)
		return entryGen{generate: true, opts: opts}, err
	}
	for _, n := range append(append(append([]string{}, charFlags...), phraseFlags...), "words", "pin") {
		if cmd.Flags().Changed(n) {
			return entryGen{}, usagef("--%s needs --generate", n)
		}
	}
	return entryGen{}, nil
}

// password returns the new entry password and, when it was generated, a
// description of its strength ("131.1 bits").
func (g entryGen) password(e *env) (string, string, error) {
	if !g.generate {
		pw, err := readEntryPassword(e)
		return pw, "", err
	}
	pw, err := generator.New(nil).Generate(g.opts)
	if err != nil {
		return "", "", fmt.Errorf("generate: %w", err)
	}
	bits, err := generator.Entropy(g.opts)
	if err != nil {
		return "", "", fmt.Errorf("generate: %w", err)
	}
	return pw, fmt.Sprintf("%.1f bits", bits), nil
}

// readEntryPassword reads an entry's password: the first line of stdin when
// it is not a terminal, else a no-echo prompt, asked twice.
func readEntryPassword(e *env) (string, error) {
	if !e.stdinIsTerminal() {
		line, err := readFirstLine(e.stdin)
		if err == nil && len(line) == 0 {
			err = errors.New("the first line is empty")
		}
		if err != nil {
			return "", usagef("read the entry's password from standard input: %v", err)
		}
		return string(line), nil
	}
	pw, err := askTwice(e, "Password for the entry: ", true)
	if err != nil {
		return "", err
	}
	return string(pw), nil
}
