package cli

// `passtea otp uri NAME`: the stored one-time code as an otpauth:// URI,
// or drawn as a QR code to move it to a phone.

import (
	"fmt"
	"os"

	"charm.land/lipgloss/v2"
	"github.com/spf13/cobra"

	"github.com/passtea/passtea/otp/qr"
	"github.com/passtea/passtea/vault"
)

func newOTPURICmd(e *env, g *globals) *cobra.Command {
	var drawQR bool
	cmd := &cobra.Command{
		Use:   "uri NAME",
		Short: "Print an entry's one-time code as an otpauth:// URI, or draw it as a QR code",
		Long: `Print the entry's one-time code as an otpauth:// URI and a newline: the
secret and every parameter, as authenticator apps and password managers
read it. Like passtea get, it prints what it is asked for; the URI is a
secret as long-lived as a password.

--qr draws the URI as a QR code to scan with a phone: black on white, or
with NO_COLOR set, in the terminal's own colours, the right way round for
its background (asked of the terminal; a file gets dark modules).`,
		Example: `  passtea otp uri work/github
  passtea otp uri work/github --qr`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(_ *cobra.Command, args []string) error {
			return runOTPURI(e, g, args[0], drawQR)
		},
	}
	cmd.Flags().BoolVar(&drawQR, "qr", false, "draw the URI as a QR code")
	return cmd
}

func runOTPURI(e *env, g *globals, name string, drawQR bool) error {
	return withEntry(e, g, false, name, func(v store, en vault.Entry) error {
		k, err := entryKey(v, en)
		if err != nil {
			return err
		}
		uri, err := k.URI()
		if err != nil {
			return err
		}
		if !drawQR {
			_, err = fmt.Fprintln(e.stdout, uri)
			return err
		}
		code, err := qr.Terminal(uri, qr.Options{Style: qrStyle(e)})
		if err != nil {
			return fmt.Errorf("draw the one-time code of %q: %w", en.Name, err)
		}
		_, err = fmt.Fprint(e.stdout, code)
		return err
	})
}

// qrStyle picks how a QR code is drawn (see qr.Style): black on white
// unless NO_COLOR forbids colours; then by the terminal's background when
// standard output is one, else dark modules on the page.
func qrStyle(e *env) qr.Style {
	if e.getenv("NO_COLOR") == "" {
		return qr.BlackOnWhite
	}
	out, ok := e.stdout.(*os.File)
	if !ok || !isTerminal(out) {
		return qr.LightBackground
	}
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return qr.DarkBackground // the commonest theme
	}
	defer tty.Close()
	if lipgloss.HasDarkBackground(tty, tty) {
		return qr.DarkBackground
	}
	return qr.LightBackground
}
