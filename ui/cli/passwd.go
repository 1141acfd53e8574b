package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/generator/strength"
	"github.com/passtea/passtea/vault"
)

// passwdOptions are what `passtea passwd` was asked to change.
type passwdOptions struct {
	kdf            kdfFlags
	newFile        string
	rotate         bool
	keep           bool
	allowWeak      bool
	noKeyFile      bool   // --no-key-file: the vault needs no key file from now on
	currentKeyFile string // --current-key-file: the key file that opens it now
}

func newPasswdCmd(e *env, g *globals) *cobra.Command {
	var o passwdOptions
	cmd := &cobra.Command{
		Use:   "passwd",
		Short: "Change the master password, the key file or the key derivation",
		Long: `Change the master password, the key file and/or the argon2id parameters.

This rewraps the vault key; it does not re-encrypt the entries. An old copy of
the vault file (a backup, VAULT.bak, git history) therefore still opens with
the OLD password and shows the entries as they were then. If the old password
may be known to someone who has such a copy, use --rotate-key: every entry is
sealed under a new vault key, so old copies reveal nothing written afterwards.

The current password comes from the terminal or --password-file; the new one
from the terminal (twice) or --new-password-file. --keep-password changes only
the key file, the key derivation or (with --rotate-key) the vault key.

--key-file FILE makes unlocking need FILE from now on (passtea keyfile new
makes one) and remembers it for this vault; --no-key-file makes it need no
file. The key file that opens the vault now is the one remembered for it, or
--current-key-file FILE.

Without KDF flags the parameters stay as they are. KDF flags change only what
they name; a new --kdf-memory or --kdf-parallelism without --kdf-iterations
recalibrates the passes (to --kdf-time, default 500ms).`,
		Example: `  passtea passwd
  passtea passwd --rotate-key
  passtea passwd --keep-password --key-file ~/keys/passtea.keyx
  passtea passwd --keep-password --kdf-time 1s
  passtea passwd --password-file old.txt --new-password-file new.txt`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.kdf.read(cmd)
			if o.keep && o.newFile != "" {
				return usagef("--keep-password and --new-password-file exclude each other")
			}
			if o.noKeyFile && g.keyFile != "" {
				return usagef("--key-file and --no-key-file exclude each other")
			}
			if o.keep && !o.kdf.explicit() && !o.rotate && !o.noKeyFile && g.keyFile == "" {
				return usagef("--keep-password changes nothing without --key-file, --no-key-file, KDF flags or --rotate-key")
			}
			return runPasswd(e, g, o)
		},
	}
	o.kdf.bind(cmd, kdfVault)
	cmd.Flags().StringVar(&o.newFile, "new-password-file", "", "read the new master password from the first line of `FILE`")
	cmd.Flags().BoolVar(&o.rotate, "rotate-key", false, "also re-encrypt every entry under a new vault key")
	cmd.Flags().BoolVar(&o.keep, "keep-password", false, "keep the master password; change only what the other flags say (key file, key derivation, vault key)")
	cmd.Flags().BoolVar(&o.allowWeak, "allow-weak", false, "accept a weak new master password")
	cmd.Flags().BoolVar(&o.noKeyFile, "no-key-file", false, "need no key file from now on")
	cmd.Flags().StringVar(&o.currentKeyFile, "current-key-file", "", "the key `FILE` that opens the vault now, when passtea does not remember it")
	return cmd
}

func runPasswd(e *env, g *globals, o passwdOptions) error {
	if !o.keep && o.newFile == "" && !haveTerminal(e) {
		return errors.New("no terminal to ask for the new master password: use --new-password-file FILE")
	}
	f, err := readVaultFile(e, g)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := o.kdf.check(f.Params()); err != nil {
		return err
	}
	var newKey []byte
	if g.keyFile != "" {
		if newKey, err = keyFileKey(e, g.keyFile); err != nil {
			return err
		}
		defer clear(newKey)
	}
	go strength.Warm() // the strength check of the new password needs it
	// --key-file names the new key file here; the current one is the
	// remembered one or --current-key-file.
	cur := *g
	cur.keyFile = o.currentKeyFile
	old, err := credentials(e, &cur, f)
	if err != nil {
		return err
	}
	defer clear(old.Password)
	defer clear(old.KeyFile)
	v, err := f.Unlock(old)
	if err != nil {
		return unlockError(err, f, old)
	}
	defer v.Lock()
	newPW := old.Password
	if !o.keep {
		if o.newFile != "" {
			newPW, err = readSecretFile(o.newFile)
		} else {
			newPW, err = askTwice(e, "New master password: ", true)
		}
		if err != nil {
			return err
		}
		defer clear(newPW)
		if err := checkMasterPassword(e, newPW, f.Path(), o.allowWeak); err != nil {
			return err
		}
	}
	creds := vault.Credentials{Password: newPW, KeyFile: old.KeyFile}
	switch {
	case newKey != nil:
		creds.KeyFile = newKey
	case o.noKeyFile:
		creds.KeyFile = nil
	}
	kdf := vault.KDFSettings{Params: v.Params(), Explicit: v.Explicit()}
	if o.kdf.explicit() {
		recalibrate := (o.kdf.memorySet || o.kdf.parallelismSet) && !o.kdf.iterationsSet
		if kdf, _, err = o.kdf.settings(e.stderr, v.Params(), recalibrate); err != nil {
			return err
		}
	}
	var code string
	if o.rotate {
		if code, err = v.RotateKey(creds, kdf); err != nil {
			return err
		}
	} else if err := v.Rewrap(creds, kdf); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "%s (%s)\n", passwdChanges(o, g, old.KeyFile != nil), kdf.Params)
	switch {
	case g.keyFile != "":
		if err := rememberKeyFile(e, v.Path(), g.keyFile); err != nil {
			fmt.Fprintf(e.stderr, "passtea: warning: %v: give --key-file %s to every command\n", err, g.keyFile)
		}
	case o.noKeyFile:
		if err := rememberKeyFile(e, v.Path(), ""); err != nil {
			fmt.Fprintf(e.stderr, "passtea: warning: %v\n", err)
		}
	}
	if code != "" {
		fmt.Fprintln(e.stderr, "the new vault key comes with a new recovery code; the old one no longer opens the vault")
		if err := showRecoveryCode(e, code); err != nil {
			return err
		}
	}
	switch {
	case g.keyFile != "" || o.noKeyFile:
		backupNote(e, v.Path(), "the old master password and key file")
	case !o.keep:
		backupNote(e, v.Path(), "the old master password")
	}
	return nil
}

// passwdChanges says what passwd changed.
func passwdChanges(o passwdOptions, g *globals, hadKeyFile bool) string {
	var what []string
	if !o.keep {
		what = append(what, "changed the master password")
	}
	switch {
	case g.keyFile != "" && hadKeyFile:
		what = append(what, "changed the key file")
	case g.keyFile != "":
		what = append(what, "set the key file")
	case o.noKeyFile && hadKeyFile:
		what = append(what, "removed the key file")
	}
	if o.kdf.explicit() {
		what = append(what, "changed the key derivation")
	}
	if len(what) == 0 {
		what = append(what, "kept the master password")
	}
	s := strings.Join(what, ", ")
	if o.rotate {
		s += " and sealed every entry under a new vault key"
	}
	return s
}
