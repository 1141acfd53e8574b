// Package cli holds passtea's scriptable commands. With no command, it starts
// the interactive app (package ui/tui).
//
// Each command is a file: newXCmd declares the command and its flags and
// turns them into options, runX does the work with an [env], which is all
// a command touches of the outside world (standard streams, the
// environment, the user's terminal for prompts, the clipboard), so that
// tests drive every command, prompts included.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/ui/clipboard"
)

// env is what a command may touch of the outside world; tests replace it.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// stdinIsTerminal reports whether standard input is a terminal.
	stdinIsTerminal func() bool
	// terminal opens the user's terminal for prompts, or returns
	// errNoTerminal; nil means there is none.
	terminal func() (prompter, error)
	// copier copies to the clipboard (made on first use when nil).
	copier *clipboard.Copier
}

func osEnv() *env {
	return &env{
		stdin:           os.Stdin,
		stdout:          os.Stdout,
		stderr:          os.Stderr,
		getenv:          os.Getenv,
		stdinIsTerminal: func() bool { return isTerminal(os.Stdin) },
		terminal:        openTerminalPrompter,
	}
}

// clipboardCopier returns the env's copier, making it on first use.
func (e *env) clipboardCopier() *clipboard.Copier {
	if e.copier == nil {
		e.copier = clipboard.NewCopier(e.getenv)
	}
	return e.copier
}

// Main runs passtea with args (without the program name) and returns the
// process exit status: 0 success, 1 failure, 2 usage.
func Main(args []string) int {
	hardenProcess()
	return run(osEnv(), args)
}

func run(e *env, args []string) int {
	root := newRootCmd(e, args...)
	root.SetArgs(args)
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	err := root.Execute()
	if err == nil {
		return 0
	}
	var status *statusError
	if errors.As(err, &status) {
		return status.code
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

// newRootCmd builds the commands. When args start with "gen" it builds
// only the root and gen: `passtea gen` runs in loops and scripts, and
// building every other command and its flags would cost it about 0.15 ms
// of its 2 ms start (see gen.go).
func newRootCmd(e *env, args ...string) *cobra.Command {
	g := &globals{}
	root := &cobra.Command{
		Use:   "passtea",
		Short: "A terminal password manager and password generator",
		Long: `passtea keeps passwords in a local vault that only your master password opens,
and makes strong passwords and passphrases.

With no command it opens the interactive app.`,
		Version:       version(),
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTUI(cmd.Context(), e, g)
		},
	}
	root.SetVersionTemplate("passtea {{.Version}}\n")
	root.SetFlagErrorFunc(flagError)
	pf := root.PersistentFlags()
	pf.StringVar(&g.vaultPath, "vault", "", "the vault file `PATH` (default $PASSTEA_VAULT, else $XDG_DATA_HOME/passtea/vault.passtea)")
	pf.StringVar(&g.passwordFile, "password-file", "", "read the master password from the first line of `FILE` (e.g. /dev/fd/3)")
	if len(args) > 0 && args[0] == "gen" {
		root.AddCommand(newGenCmd(e))
		return root
	}
	root.AddCommand(
		newInitCmd(e, g),
		newAddCmd(e, g),
		newGetCmd(e, g),
		newLsCmd(e, g),
		newEditCmd(e, g),
		newRmCmd(e, g),
		newHistoryCmd(e, g),
		newPasswdCmd(e, g),
		newInfoCmd(e, g),
		newImportCmd(e, g),
		newGenCmd(e),
		newStrengthCmd(e, g),
		newAuditCmd(e, g),
		newServeCmd(e),
		newClipClearCmd(e),
		newOTPCmd(e, g),
		newMergeCmd(e, g),
		newSyncCmd(e, g),
		newGitMergeDriverCmd(e, g),
	)
	return root
}
