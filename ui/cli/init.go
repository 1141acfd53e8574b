package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/generator/strength"
	"github.com/passtea/passtea/vault"
)

// initOptions are what `passtea init` was asked for.
type initOptions struct {
	kdf       kdfFlags
	allowWeak bool
}

func newInitCmd(e *env, g *globals) *cobra.Command {
	var o initOptions
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Create a new vault",
		Long: `Create a new, empty vault protected by a master password (asked twice, or
read from --password-file).

The vault key is wrapped by a key derived with argon2id. By default passtea
uses 256 MiB and 4 lanes and calibrates the number of passes so that one
unlock takes about half a second on this machine (never fewer than 3). Lower
--kdf-memory only for small devices.`,
		Example: `  passtea init
  passtea init --kdf-time 1s
  passtea --vault ~/work.passtea init --kdf-memory 64 --kdf-iterations 3`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.kdf.read(cmd)
			return runInit(e, g, o)
		},
	}
	o.kdf.bind(cmd)
	cmd.Flags().BoolVar(&o.allowWeak, "allow-weak", false, "accept a weak master password")
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
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s already exists: use it, or choose another path with --vault", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("create vault: %w", err)
	}
	go strength.Warm() // the strength check of the new password needs it
	pw, err := masterPassword(e, g, "New master password: ", true)
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
	v, _, err := vault.Create(path, vault.NewVault{Credentials: vault.Credentials{Password: pw}, KDF: kdf}, nil)
	if err != nil {
		return err
	}
	defer v.Lock()
	if took == 0 {
		took = vault.MeasureKDF(kdf.Params)
	}
	fmt.Fprintf(e.stderr, "created %s (%s; unlocking takes %.2f s here)\n", path, kdf.Params, took.Seconds())
	return nil
}
