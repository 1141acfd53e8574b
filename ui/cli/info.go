package cli

import (
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

func newInfoCmd(e *env, g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "info",
		Short: "Describe the vault: where, format, key derivation, size",
		Long: `Print the vault's path, format version, key-derivation parameters with the
time the unlock took, the number of entries and when it last changed. It
prints no secrets.`,
		Example: "  passtea info",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error {
			return runInfo(e, g)
		},
	}
}

// kdfOrigin says where a vault's key-derivation parameters come from and
// what happens to them.
func kdfOrigin(explicit bool) string {
	if explicit {
		return "chosen explicitly; passtea never changes them"
	}
	return "passtea's defaults; raised to newer defaults by the next command that writes, or the app"
}

func runInfo(e *env, g *globals) error {
	return withVault(e, g, false, func(v store) error {
		in, err := v.Info()
		if err != nil {
			return err
		}
		p := in.Params
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "path:\t%s\n", in.Path)
		fmt.Fprintf(tw, "format:\tpasstea vault version %d\n", in.FormatVersion)
		fmt.Fprintf(tw, "key derivation:\t%s\n", p)
		fmt.Fprintf(tw, "parameters:\t%s\n", kdfOrigin(in.Explicit))
		fmt.Fprintf(tw, "unlock time:\t%.2f s\n", in.KDFTime.Seconds())
		fmt.Fprintf(tw, "entries:\t%d\n", in.Entries)
		fmt.Fprintf(tw, "created:\t%s\n", in.Created.Local().Format("2006-01-02 15:04:05"))
		fmt.Fprintf(tw, "last modified:\t%s\n", in.Modified.Local().Format("2006-01-02 15:04:05"))
		if fi, err := os.Stat(v.Path()); err == nil {
			fmt.Fprintf(tw, "file size:\t%d bytes\n", fi.Size())
		}
		if _, err := os.Stat(v.Path() + ".bak"); err == nil {
			fmt.Fprintf(tw, "backup:\t%s.bak (the previous version)\n", v.Path())
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		if p.BelowRecommended() {
			fmt.Fprintf(e.stderr, "passtea: warning: %s is below RFC 9106's recommendation (64 MiB, 3 passes): consider passtea passwd --keep-password --kdf-memory 256\n", p)
		}
		return nil
	})
}
