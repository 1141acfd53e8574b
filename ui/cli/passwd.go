package cli

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/generator/strength"
	"github.com/passtea/passtea/vault"
)

// passwdOptions are what `passtea passwd` was asked to change.
type passwdOptions struct {
	kdf       kdfFlags
	newFile   string
	rotate    bool
	keep      bool
	allowWeak bool
}

func newPasswdCmd(e *env, g *globals) *cobra.Command {
	var o passwdOptions
	cmd := &cobra.Command{
		Use:   "passwd",
		Short: "Change the master password or the key derivation",
		Long: `Change the master password and/or the argon2id parameters.

This rewraps the vault key; it does not re-encrypt the entries. An old copy of
the vault file (a backup, VAULT.bak, git history) therefore still opens with
the OLD password and shows the entries as they were then. If the old password
may be known to someone who has such a copy, use --rotate-key: every entry is
sealed under a new vault key, so old copies reveal nothing written afterwards.

The current password comes from the terminal or --password-file; the new one
from the terminal (twice) or --new-password-file. --keep-password changes only
the key derivation (or, with --rotate-key, only the vault key).

Without KDF flags the parameters stay as they are. KDF flags change only what
they name; a new --kdf-memory or --kdf-parallelism without --kdf-iterations
recalibrates the passes (to --kdf-time, default 500ms).`,
		Example: `  passtea passwd
  passtea passwd --rotate-key
  passtea passwd --keep-password --kdf-time 1s
  passtea passwd --password-file old.txt --new-password-file new.txt`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.kdf.read(cmd)
			if o.keep && o.newFile != "" {
				return usagef("--keep-password and --new-password-file exclude each other")
			}
			if o.keep && !o.kdf.explicit() && !o.rotate {
				return usagef("--keep-password changes nothing without KDF flags or --rotate-key")
			}
			return runPasswd(e, g, o)
		},
	}
	o.kdf.bind(cmd)
	cmd.Flags().StringVar(&o.newFile, "new-password-file", "", "read the new master password from the first line of `FILE`")
	cmd.Flags().BoolVar(&o.rotate, "rotate-key", false, "also re-encrypt every entry under a new vault key")
	cmd.Flags().BoolVar(&o.keep, "keep-password", false, "keep the master password; change only the key derivation")
	cmd.Flags().BoolVar(&o.allowWeak, "allow-weak", false, "accept a weak new master password")
	return cmd
}

func runPasswd(e *env, g *globals, o passwdOptions) error {
	if !o.keep && o.newFile == "" && !haveTerminal(e) {
		return errors.New("no terminal to ask for the new master password: use --new-password-file FILE")
	}
	path, err := vaultPath(e, g)
	if err != nil {
		return err
	}
	f, err := vault.ReadFile(path, nil)
	if err != nil {
		return err
	}
	if err := o.kdf.check(f.Params()); err != nil {
		return err
	}
	go strength.Warm() // the strength check of the new password needs it
	old, err := masterPassword(e, g, "Current master password: ", false)
	if err != nil {
		return err
	}
	defer clear(old)
	v, err := f.Unlock(vault.Credentials{Password: old})
	if err != nil {
		return err
	}
	defer v.Lock()
	newPW := old
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
		if err := checkMasterPassword(e, newPW, path, o.allowWeak); err != nil {
			return err
		}
	}
	kdf := vault.KDFSettings{Params: v.Params(), Explicit: v.Explicit()}
	if o.kdf.explicit() {
		recalibrate := (o.kdf.memorySet || o.kdf.parallelismSet) && !o.kdf.iterationsSet
		if kdf, _, err = o.kdf.settings(e.stderr, v.Params(), recalibrate); err != nil {
			return err
		}
	}
	creds := vault.Credentials{Password: newPW}
	if o.rotate {
		if _, err := v.RotateKey(creds, kdf); err != nil {
			return err
		}
	} else if err := v.Rewrap(creds, kdf); err != nil {
		return err
	}
	what := "changed the master password"
	if o.keep {
		what = "changed the key derivation"
	}
	if o.rotate {
		what += " and sealed every entry under a new vault key"
	}
	fmt.Fprintf(e.stderr, "%s (%s)\n", what, kdf.Params)
	if _, err := os.Stat(v.Path() + ".bak"); err == nil && !o.keep {
		fmt.Fprintf(e.stderr, "note: %s.bak, the previous version, still opens with the old password; delete it if that password may be known\n", v.Path())
	}
	return nil
}
