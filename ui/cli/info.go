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
time the unlock took, whether a recovery code and a key file open it, the
number of entries and of entries in the trash, the number of saves so far
(the generation) and when it last changed. It prints no secrets.`,
		Example: "  passtea info",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error {
			return runInfo(e, g)
		},
	}
}

// formatNote says what happens to an older vault format.
func formatNote(version int) string {
	if version < 2 {
		return " (the next change writes version 2; the old file stays as VAULT.bak)"
	}
	return ""
}

// yesNo returns yes when b, else no.
func yesNo(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
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
		fmt.Fprintf(tw, "path:\t%s\n", e.line(in.Path))
		fmt.Fprintf(tw, "format:\tpasstea vault version %d%s\n", in.FormatVersion, formatNote(in.FormatVersion))
		fmt.Fprintf(tw, "key derivation:\t%s\n", p)
		fmt.Fprintf(tw, "parameters:\t%s\n", kdfOrigin(in.Explicit))
		fmt.Fprintf(tw, "unlock time:\t%.2f s\n", in.KDFTime.Seconds())
		fmt.Fprintf(tw, "recovery code:\t%s\n", yesNo(in.RecoveryCode, "yes (passtea recover)", "none (passtea recovery-code --new makes one)"))
		fmt.Fprintf(tw, "key file:\t%s\n", yesNo(in.KeyFile, "needed with the master password", "none"))
		fmt.Fprintf(tw, "entries:\t%d\n", in.Entries)
		fmt.Fprintf(tw, "in the trash:\t%d%s\n", in.Trash, yesNo(in.Trash > 0, " (passtea trash lists them)", ""))
		fmt.Fprintf(tw, "generation:\t%d (saves so far)\n", in.Generation)
		fmt.Fprintf(tw, "created:\t%s\n", in.Created.Local().Format("2006-01-02 15:04:05"))
		fmt.Fprintf(tw, "last modified:\t%s\n", in.Modified.Local().Format("2006-01-02 15:04:05"))
		if fi, err := os.Stat(v.Path()); err == nil {
			fmt.Fprintf(tw, "file size:\t%d bytes\n", fi.Size())
		}
		if _, err := os.Stat(v.Path() + ".bak"); err == nil {
			fmt.Fprintf(tw, "backup:\t%s.bak (the previous version)\n", e.line(v.Path()))
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
