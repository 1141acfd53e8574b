package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/generator/strength"
	"github.com/passtea/passtea/vault"
)

// recoverOptions are what `passtea recover` was asked for.
type recoverOptions struct {
	newFile   string
	allowWeak bool
}

func newRecoverCmd(e *env, g *globals) *cobra.Command {
	var o recoverOptions
	cmd := &cobra.Command{
		Use:   "recover",
		Short: "Open the vault with its recovery code and set a new master password",
		Long: `For a forgotten master password: passtea asks for the vault's recovery code
(made by passtea init; case, spaces and dashes do not matter), then for a new
master password, twice. The code works once: a new one is printed, to be
written down in its place.

The code comes from the terminal, or from the first line of standard input when
that is not a terminal; the new password from the terminal or
--new-password-file. If the vault needed a key file, it needs one afterwards
only if one is given (--key-file, or the one remembered for the vault).`,
		Example: `  passtea recover
  passtea recover --key-file ~/keys/passtea.keyx`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error {
			return runRecover(e, g, o)
		},
	}
	cmd.Flags().StringVar(&o.newFile, "new-password-file", "", "read the new master password from the first line of `FILE`")
	cmd.Flags().BoolVar(&o.allowWeak, "allow-weak", false, "accept a weak new master password")
	return cmd
}

func runRecover(e *env, g *globals, o recoverOptions) error {
	if o.newFile == "" && !haveTerminal(e) {
		return errors.New("no terminal to ask for the new master password: use --new-password-file FILE")
	}
	f, err := readVaultFile(e, g)
	if err != nil {
		return err
	}
	defer f.Close()
	if f.FormatVersion() < 2 {
		return errors.New("this vault was written by an older passtea and has no recovery code")
	}
	code, err := recoveryCode(e)
	if err != nil {
		return err
	}
	defer clear(code)
	go strength.Warm() // the strength check of the new password needs it
	v, err := f.Recover(string(code))
	switch {
	case errors.Is(err, vault.ErrRecoveryCode):
		return usagef("%v", err)
	case errors.Is(err, vault.ErrWrongPassword):
		return &explained{"wrong recovery code (or the vault has none)", err}
	case err != nil:
		return unlockError(err, f, vault.Credentials{})
	}
	defer v.Lock()
	var pw []byte
	if o.newFile != "" {
		pw, err = readSecretFile(o.newFile)
	} else {
		pw, err = askTwice(e, "New master password: ", true)
	}
	if err != nil {
		return err
	}
	defer clear(pw)
	if err := checkMasterPassword(e, pw, f.Path(), o.allowWeak); err != nil {
		return err
	}
	kpath, remembered, err := keyFilePath(e, g, f.Path())
	if err != nil {
		return err
	}
	hadKeyFile := v.HasKeyFile()
	var key []byte
	if kpath != "" && (g.keyFile != "" || hadKeyFile) {
		if key, _, err = readKeyFile(kpath, remembered); err != nil {
			return err
		}
		defer clear(key)
	}
	newCode, err := v.Reset(vault.Credentials{Password: pw, KeyFile: key}, vault.KDFSettings{Params: v.Params(), Explicit: v.Explicit()})
	if err != nil {
		return err
	}
	what := "set the new master password"
	switch {
	case key != nil:
		what += " (with the key file " + kpath + ")"
	case hadKeyFile:
		what += "; the vault no longer needs a key file (passtea passwd --key-file FILE sets one)"
	}
	fmt.Fprintln(e.stderr, what)
	if g.keyFile != "" {
		if err := rememberKeyFile(e, f.Path(), g.keyFile); err != nil {
			fmt.Fprintf(e.stderr, "passtea: warning: %v\n", err)
		}
	}
	fmt.Fprintln(e.stderr, "the recovery code you typed no longer works; here is its replacement")
	if err := showRecoveryCode(e, newCode); err != nil {
		return err
	}
	backupNote(e, f.Path(), "the old master password and recovery code")
	return nil
}

// recoveryCode reads the recovery code: from the terminal without echo,
// or the first line of standard input when that is not a terminal.
func recoveryCode(e *env) ([]byte, error) {
	if !e.stdinIsTerminal() {
		line, err := readFirstLine(e.stdin)
		if err != nil {
			return nil, usagef("read the recovery code from standard input: %v", err)
		}
		return line, nil
	}
	return askSecret(e, "Recovery code: ")
}
