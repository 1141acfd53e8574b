// Package cli holds passtea's scriptable commands. With no command, it starts
// the interactive app.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
)

// env is what a command may touch of the outside world; tests replace it.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// isTerminal reports whether the file descriptor of stdin is a terminal.
	stdinIsTerminal func() bool
}

func osEnv() *env {
	return &env{
		stdin:           os.Stdin,
		stdout:          os.Stdout,
		stderr:          os.Stderr,
		getenv:          os.Getenv,
		stdinIsTerminal: func() bool { return isTerminal(os.Stdin) },
	}
}

// Main runs passtea with args (without the program name) and returns the
// process exit status: 0 success, 1 failure, 2 usage.
func Main(args []string) int {
	hardenProcess()
	return run(osEnv(), args)
}

func run(e *env, args []string) int {
	root := newRootCmd(e)
	root.SetArgs(args)
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	err := root.Execute()
	if err == nil {
		return 0
	}
	fmt.Fprintf(e.stderr, "passtea: %s\n", oneLine(err.Error()))
	var u *usageError
	if errors.As(err, &u) || isCobraUsage(err) {
		return 2
	}
	return 1
}

// globals are the flags every command shares.
type globals struct {
	vaultPath    string
	passwordFile string
}

func newRootCmd(e *env) *cobra.Command {
	g := &globals{}
	root := &cobra.Command{
		Use:   "passtea",
		Short: "A terminal password manager and password generator",
		Long: `passtea keeps passwords in a local vault that only your master password opens,
and makes strong passwords and passphrases.

With no command it opens the interactive app.`,
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTUI(cmd, e, g)
		},
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return usagef("%s (see --help)", err)
	})
	pf := root.PersistentFlags()
	pf.StringVar(&g.vaultPath, "vault", "", "the vault file `PATH` (default $PASSTEA_VAULT, else $XDG_DATA_HOME/passtea/vault.passtea)")
	pf.StringVar(&g.passwordFile, "password-file", "", "read the master password from the first line of `FILE` (e.g. /dev/fd/3)")
	for _, add := range commands {
		root.AddCommand(add(e, g))
	}
	return root
}

// commands are the constructors of the subcommands; each file registers its
// own in an init function.
var commands []func(*env, *globals) *cobra.Command

func register(c func(*env, *globals) *cobra.Command) { commands = append(commands, c) }
