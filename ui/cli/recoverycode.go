package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

// showRecoveryCode prints a new recovery code: the code alone on standard
// output (where a script can take it), what it is for on standard error.
// It is shown this once: passtea keeps no copy.
func showRecoveryCode(e *env, code string) error {
	fmt.Fprintln(e.stderr, "Your recovery code opens the vault if you forget the master password (passtea recover).")
	fmt.Fprintln(e.stderr, "It is shown this once: write it down and keep it apart from this computer.")
	if e.stdoutIsTerminal != nil && e.stdoutIsTerminal() {
		_, err := fmt.Fprintf(e.stdout, "\n    %s\n\n", code)
		return err
	}
	_, err := fmt.Fprintln(e.stdout, code)
	return err
}

// recoveryCodeOptions are what `passtea recovery-code` was asked to do.
type recoveryCodeOptions struct {
	renew, remove bool
}

func newRecoveryCodeCmd(e *env, g *globals) *cobra.Command {
	var o recoveryCodeOptions
	cmd := &cobra.Command{
		Use:   "recovery-code",
		Short: "Make a new recovery code, or remove it",
		Long: `With --new, make a new recovery code and print it once (the old one stops
working); with --remove, make the recovery code useless. Either needs the
master password (passtea info says whether the vault has a recovery code).

A recovery code opens the vault when the master password is forgotten
(passtea recover). Whoever holds it can open the vault: keep it apart from the
computer.`,
		Example: `  passtea recovery-code --new
  passtea recovery-code --remove`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error {
			if !o.renew && !o.remove {
				return usagef("give --new or --remove (passtea info says whether the vault has a recovery code)")
			}
			return runRecoveryCode(e, g, o)
		},
	}
	cmd.Flags().BoolVar(&o.renew, "new", false, "replace the recovery code (or make the first)")
	cmd.Flags().BoolVar(&o.remove, "remove", false, "remove the recovery code")
	cmd.MarkFlagsMutuallyExclusive("new", "remove")
	return cmd
}

func runRecoveryCode(e *env, g *globals, o recoveryCodeOptions) error {
	s, err := openVault(e, g)
	if err != nil {
		return err
	}
	defer s.close()
	if o.remove && !s.v.HasRecoveryCode() {
		fmt.Fprintln(e.stderr, "the vault has no recovery code: nothing changed")
		return nil
	}
	s.upgrade(e.stderr)
	if o.remove {
		if err := s.v.RemoveRecoveryCode(); err != nil {
			return err
		}
		fmt.Fprintln(e.stderr, "removed the recovery code: only the master password opens the vault now")
	} else {
		code, err := s.v.NewRecoveryCode()
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stderr, "made a new recovery code; the old one no longer opens the vault")
		if err := showRecoveryCode(e, code); err != nil {
			return err
		}
	}
	backupNote(e, s.v.Path(), "the old recovery code")
	return nil
}

// backupNote says that VAULT.bak, the previous version of the vault, still
// opens with what was just replaced (the old password, the old code).
func backupNote(e *env, path, what string) {
	if _, err := os.Stat(path + ".bak"); err == nil {
		fmt.Fprintf(e.stderr, "note: %s.bak, the previous version, still opens with %s; delete it if that may be known\n", path, what)
	}
}
