package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/crypto/keyfile"
)

func newKeyFileCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keyfile",
		Short: "Make a key file",
		Long: `A key file is a second secret kept outside the vault: with one, unlocking
needs the master password and the file (passtea init --key-file FILE, passtea
passwd --key-file FILE). passtea reads KeePass and KeePassXC key files, so one
file can serve both.`,
		Args: usageArgs(cobra.NoArgs),
		// Runnable, so that an unknown subcommand is a usage error rather
		// than this help.
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "new FILE",
		Short: "Make a new key file",
		Long: `Write a new key file: 256 random bits in KeePassXC's XML 2.0 layout, readable
only by you (mode 0600). An existing file is never replaced.

Keep a copy somewhere safe: without the file, the vault does not open (unless
with its recovery code).`,
		Example: "  passtea keyfile new ~/keys/passtea.keyx",
		Args:    usageArgs(cobra.ExactArgs(1)),
		RunE: func(_ *cobra.Command, args []string) error {
			return runKeyFileNew(e, args[0])
		},
	})
	return cmd
}

func runKeyFileNew(e *env, path string) error {
	b := keyfile.New()
	defer clear(b)
	// O_EXCL: an existing file (another vault's key file) is never
	// replaced, and a symbolic link planted at path is not followed.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists: choose another name (passtea never replaces a key file)", path)
	}
	if err != nil {
		return fmt.Errorf("new key file: %w", err)
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("new key file: %w", err)
	}
	fmt.Fprintf(e.stderr, "wrote the key file %s; keep a copy somewhere safe, and use it with passtea init --key-file or passtea passwd --key-file\n", path)
	return nil
}
