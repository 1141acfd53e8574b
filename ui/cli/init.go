package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/generator/strength"
	"github.com/passtea/passtea/ui/term"
	"github.com/passtea/passtea/vault"
)

// initOptions are what `passtea init` was asked for.
type initOptions struct {
	kdf        kdfFlags
	allowWeak  bool
	noRecovery bool
	force      bool
}

func newInitCmd(e *env, g *globals) *cobra.Command {
	var o initOptions
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Create a new vault",
		Long: `Create a new, empty vault protected by a master password (asked twice, or
read from --password-file).

passtea also makes a recovery code, printed once on standard output: it opens
the vault if the master password is forgotten (passtea recover). Write it down
and keep it apart from the computer; --no-recovery-code makes none.

With --key-file FILE, unlocking needs that file too (a KeePass or KeePassXC key
file, or any file: see passtea keyfile new); passtea remembers its path for this
vault (passtea config).

The vault key is wrapped by a key derived with argon2id. By default passtea
uses 256 MiB and 4 lanes and calibrates the number of passes so that one
unlock takes about half a second on this machine (never fewer than 3). Lower
--kdf-memory only for small devices.`,
		Example: `  passtea init
  passtea init --key-file ~/keys/passtea.keyx
  passtea init --kdf-time 1s
  passtea --vault ~/work.passtea init --kdf-memory 64 --kdf-iterations 3`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.kdf.read(cmd)
			return runInit(e, g, o)
		},
	}
	o.kdf.bind(cmd, kdfNewVault)
	fl := cmd.Flags()
	fl.BoolVar(&o.allowWeak, "allow-weak", false, "accept a weak master password")
	fl.BoolVar(&o.noRecovery, "no-recovery-code", false, "make no recovery code")
	fl.BoolVar(&o.force, "force", false, "create the vault though a backup of an earlier one (VAULT.bak) is there; the backup is moved aside")
	return cmd
}

func runInit(e *env, g *globals, o initOptions) error {
	if err := o.kdf.check(vault.DefaultKDF); err != nil {
		return err
	}
	path, err := vaultPath(e, g)
	if err != nil {
		return err
	}
	if err := checkVaultDir(g, path); err != nil {
		return err
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("%s is a directory: give --vault the path of a file in it, e.g. %s", path, filepath.Join(path, "vault.passtea"))
	} else if err == nil {
		return fmt.Errorf("%s already exists: use it, or choose another path with --vault", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("create vault: %w", err)
	}
	if _, err := os.Stat(path + ".bak"); err == nil && !o.force {
		// Before any question: the backup may be the only copy of a vault.
		return &vault.BackupExistsError{Path: path}
	}
	var key []byte
	if g.keyFile != "" {
		if key, err = keyFileKey(e, g.keyFile); err != nil {
			return err
		}
		defer clear(key)
	}
	go strength.Warm() // the strength check of the new password needs it
	var pw []byte
	if g.passwordFile != "" {
		pw, err = readSecretFile(g.passwordFile)
	} else {
		prep := vault.PrepareKDF(o.kdf.layout(vault.DefaultKDF))
		defer prep.Release() // a no-op once the derivation took it
		pw, err = askTwice(e, "New master password: ", true)
	}
	if err != nil {
		return err
	}
	defer clear(pw)
	if err := checkMasterPassword(e, pw, path, o.allowWeak); err != nil {
		return err
	}
	kdf, took, err := o.kdf.settings(e.stderr, vault.DefaultKDF, true)
	if err != nil {
		return err
	}
	nv := vault.NewVault{Credentials: vault.Credentials{Password: pw, KeyFile: key}, KDF: kdf, RecoveryCode: !o.noRecovery, MoveBackup: o.force}
	v, code, err := vault.Create(path, nv, nil)
	if err != nil {
		return err
	}
	defer v.Lock()
	for _, n := range v.Notices() {
		fmt.Fprintf(e.stderr, "passtea: %s\n", term.Line(n))
	}
	if took == 0 {
		took = vault.MeasureKDF(kdf.Params)
	}
	fmt.Fprintf(e.stderr, "created %s (%s; unlocking takes %.2f s here)\n", path, kdf.Params, took.Seconds())
	if g.keyFile != "" {
		if err := rememberKeyFile(e, path, g.keyFile); err != nil {
			fmt.Fprintf(e.stderr, "passtea: warning: %v: give --key-file %s to every command\n", err, g.keyFile)
		}
	}
	if code != "" {
		return showRecoveryCode(e, code)
	}
	return nil
}
