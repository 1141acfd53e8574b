package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

// configOptions are what `passtea config` was asked to do.
type configOptions struct {
	key, value string
	set, unset bool
}

func newConfigCmd(e *env, g *globals) *cobra.Command {
	var o configOptions
	cmd := &cobra.Command{
		Use:   "config [key-file [FILE]]",
		Short: "Show or change what passtea remembers for this vault",
		Long: `passtea remembers a few things per vault in a settings file of yours,
$XDG_CONFIG_HOME/passtea/config (~/.config/passtea/config), so that they need
not be given to every command. It holds no secret.

  key-file   the vault's key file (init --key-file and passwd --key-file set
             it; --key-file on a command takes precedence)

With no argument, print the vault's settings; with a key, print its value;
with a key and a value, set it; with --unset and a key, forget it.`,
		Example: `  passtea config
  passtea config key-file ~/keys/passtea.keyx
  passtea config --unset key-file`,
		Args: usageArgs(cobra.MaximumNArgs(2)),
		RunE: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				o.key = args[0]
				if o.key != configKeyFile {
					return usagef("unknown setting %q: the settings are: %s", o.key, configKeyFile)
				}
			}
			if len(args) == 2 {
				o.value, o.set = args[1], true
			}
			switch {
			case o.unset && o.key == "":
				return usagef("--unset needs the setting to forget, e.g. passtea config --unset key-file")
			case o.unset && o.set:
				return usagef("--unset takes no value")
			}
			return runConfig(e, g, o)
		},
	}
	cmd.Flags().BoolVar(&o.unset, "unset", false, "forget the setting")
	return cmd
}

func runConfig(e *env, g *globals, o configOptions) error {
	path, err := vaultPath(e, g)
	if err != nil {
		return err
	}
	switch {
	case o.unset:
		return rememberKeyFile(e, path, "")
	case o.set:
		// Only a file that reads as a key file is remembered (the vault
		// is not opened: whether it is the right one shows at the next
		// unlock).
		if _, err := keyFileKey(e, o.value); err != nil {
			return err
		}
		return rememberKeyFile(e, path, o.value)
	}
	c, cpath, err := loadConfig(e)
	if err != nil {
		return err
	}
	v, ok := c.get(configVault, vaultKey(path), configKeyFile)
	switch {
	case ok && o.key != "":
		_, err = fmt.Fprintln(e.stdout, v)
	case ok:
		_, err = fmt.Fprintf(e.stdout, "%s = %s\n", configKeyFile, v)
	case o.key != "":
		return fmt.Errorf("no %s remembered for %s (in %s)", o.key, vaultKey(path), cpath)
	default:
		fmt.Fprintf(e.stderr, "nothing remembered for %s (in %s)\n", vaultKey(path), cpath)
	}
	return err
}
