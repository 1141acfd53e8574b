// Package cli holds passtea's scriptable commands. With no command, it starts
// the interactive app (package ui/tui).
//
// Each command is a file: newXCmd declares the command and its flags and
// turns them into options, runX does the work with an [env], which is all
// a command touches of the outside world (standard streams, the
// environment, the user's terminal for prompts, the clipboard), so that
// tests drive every command, prompts included.
//
// # Decisions
//
//   - Stored text goes to standard output byte for byte when it is a pipe
//     or a file (scripts get exact values), and escaped when it is a
//     terminal (show.go, package ui/term); error messages are escaped
//     always, since standard error is nearly always a terminal.
//   - What opens a vault (open.go): the master password from the terminal
//     or --password-file, and the key file from --key-file or the path the
//     settings file remembers for the vault (userconfig.go:
//     $XDG_CONFIG_HOME/passtea/config, a small git-config-like file; the
//     path is not secret, the key file is). Before a terminal prompt the
//     key derivation's memory is prepared, so Enter costs only compute.
//   - A recovery code is printed once, alone on standard output (a script
//     can capture it; on a terminal it stands out), with what it is for on
//     standard error. passtea keeps no copy.
//   - --field names (fields.go): built-in names win; custom:NAME always
//     means the custom field NAME.
//   - rm moves to the trash; rm --purge and trash --empty erase.
package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/ui/clipboard"
	"github.com/passtea/passtea/ui/term"
)

// env is what a command may touch of the outside world; tests replace it.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// stdinIsTerminal reports whether standard input is a terminal.
	stdinIsTerminal func() bool
	// stdoutIsTerminal reports whether standard output is a terminal,
	// where stored text is printed escaped (see show.go).
	stdoutIsTerminal func() bool
	// terminal opens the user's terminal for prompts, or returns
	// errNoTerminal; nil means there is none.
	terminal func() (prompter, error)
	// copier copies to the clipboard (made on first use when nil).
	copier *clipboard.Copier
	// environ is the environment a command started by passtea inherits.
	environ func() []string
	// agent reaches the unlock agent (see agentstore.go); its zero value
	// has none, as in tests that do not ask for one.
	agent agentEnv
}

// osEnv is the process's outside world. Whether a standard stream is a
// terminal is asked of the system once: ls asks it for every name it
// prints, and 20,000 ioctl calls cost a listing of 10,000 entries 7 ms.
func osEnv() *env {
	return &env{
		stdin:            os.Stdin,
		stdout:           os.Stdout,
		stderr:           os.Stderr,
		getenv:           os.Getenv,
		stdinIsTerminal:  sync.OnceValue(func() bool { return isTerminal(os.Stdin) }),
		stdoutIsTerminal: sync.OnceValue(func() bool { return isTerminal(os.Stdout) }),
		terminal:         openTerminalPrompter,
		environ:          os.Environ,
		agent:            osAgentEnv(),
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
	shortLivedGC()
	return run(osEnv(), args)
}

func run(e *env, args []string) int {
	root := newRootCmd(e, args...)
	root.SetArgs(args)
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	if len(args) > 0 && args[0] == cobra.ShellCompRequestCmd {
		// One write for every name, not one each (see complete.go).
		out := bufio.NewWriter(e.stdout)
		defer out.Flush()
		root.SetOut(out)
	}
	cmd, err := root.ExecuteC()
	if err == nil {
		return 0
	}
	err = cobraUsage(cmd, err)
	var status *exitStatus
	if errors.As(err, &status) {
		return status.code
	}
	// An error may quote stored text (a name from a hostile vault): it is
	// escaped like everything else that reaches the terminal.
	fmt.Fprintf(e.stderr, "passtea: %s\n", term.Line(oneLine(err.Error())))
	var u *usageError
	if errors.As(err, &u) {
		return 2
	}
	return 1
}

// globals are the flags every command shares.
type globals struct {
	vaultPath    string
	passwordFile string
	keyFile      string // --key-file: the vault's key file
	insecureDir  bool   // --insecure-dir: open a vault in a shared directory
	noAgent      bool
}

// newRootCmd builds the commands: only the one that args name (see
// builtAlone), or all of them.
func newRootCmd(e *env, args ...string) *cobra.Command {
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
			return runTUI(cmd.Context(), e, g)
		},
	}
	root.SetVersionTemplate("passtea {{.Version}}\n")
	root.SetFlagErrorFunc(flagError)
	pf := root.PersistentFlags()
	pf.StringVar(&g.vaultPath, "vault", "", "the vault file `PATH` (default $PASSTEA_VAULT, else $XDG_DATA_HOME/passtea/vault.passtea)")
	pf.StringVar(&g.passwordFile, "password-file", "", "read the master password from the first line of `FILE` (e.g. /dev/fd/3)")
	pf.StringVar(&g.keyFile, "key-file", "", "the vault's key `FILE`, needed with the master password (default: the one passtea config remembers for the vault)")
	pf.BoolVar(&g.insecureDir, "insecure-dir", false, "open a vault whose directory other users can write to")
	pf.BoolVar(&g.noAgent, "no-agent", false, "open the vault here: neither use nor start the unlock agent")
	if c, ok := builtAlone(args); ok {
		// Neither --version (a flag of the root alone) nor the completion
		// command cobra adds can follow the command: reading the build
		// information and building that command would cost every start.
		root.CompletionOptions.DisableDefaultCmd = true
		root.AddCommand(c.build(e, g))
	} else {
		root.Version = version()
		for _, c := range subcommands {
			root.AddCommand(c.build(e, g))
		}
	}
	completeNames(root, e, g)
	return root
}
