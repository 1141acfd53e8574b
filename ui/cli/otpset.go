package cli

// `passtea otp set NAME` and `passtea otp rm NAME`: store and remove an
// entry's one-time code.

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/otp"
	"github.com/passtea/passtea/otp/qr"
	"github.com/passtea/passtea/vault"
)

// otpSetOptions are what `passtea otp set` was asked to do.
type otpSetOptions struct {
	name   string
	qr     string // a PNG or JPEG holding the code; "" reads standard input
	create bool
}

func newOTPSetCmd(e *env, g *globals) *cobra.Command {
	var o otpSetOptions
	cmd := &cobra.Command{
		Use:   "set NAME",
		Short: "Set an entry's one-time code from an otpauth:// URI, a secret or a QR image",
		Long: `Set the entry's one-time code. It is read from standard input's first line
(asked without echo on a terminal): an otpauth:// URI, as a site's QR code
holds it, or the bare base32 secret a site prints beside it (taken as TOTP,
SHA-1, 6 digits, 30 seconds). --qr reads the QR code from a PNG or JPEG
instead, such as a screenshot of the site's setup page. The secret is never
taken from the command line, where other users could see it.

A code the entry already had goes into its history. The entry must exist;
--create makes a new one holding only the code.`,
		Example: `  passtea otp set work/github            # paste the URI or secret
  passtea otp set work/github --qr ~/Pictures/github-2fa.png
  passtea otp set steam --create < steam-uri.txt`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(_ *cobra.Command, args []string) error {
			o.name = args[0]
			return runOTPSet(e, g, o)
		},
	}
	cmd.Flags().StringVar(&o.qr, "qr", "", "read the code from the QR code in `IMAGE` (PNG or JPEG)")
	cmd.Flags().BoolVar(&o.create, "create", false, "create the entry if there is none")
	return cmd
}

// readOTPInput reads the code: from the QR image, else standard input.
func readOTPInput(e *env, image string) (string, error) {
	if image != "" {
		f, err := os.Open(image)
		if err != nil {
			return "", fmt.Errorf("--qr: %w", err)
		}
		defer f.Close()
		text, err := qr.Decode(f)
		if err != nil {
			return "", fmt.Errorf("read the QR code in %s: %w", image, err)
		}
		return text, nil
	}
	if e.stdinIsTerminal() {
		p, err := e.prompter()
		if err != nil {
			return "", err
		}
		defer p.Close()
		b, err := p.secret("One-time code (otpauth:// URI or base32 secret): ")
		if err != nil {
			return "", err
		}
		defer clear(b)
		return string(b), nil
	}
	line, err := readFirstLine(e.stdin)
	if err == nil && len(strings.TrimSpace(string(line))) == 0 {
		err = errors.New("the first line is empty")
	}
	if err != nil {
		return "", usagef("read the one-time code from standard input: %v", err)
	}
	return string(line), nil
}

func runOTPSet(e *env, g *globals, o otpSetOptions) error {
	name := vault.NormalizeName(o.name)
	if err := vault.ValidateName(name); err != nil {
		return usagef("%v", err)
	}
	text, err := readOTPInput(e, o.qr)
	if err != nil {
		return err
	}
	k, err := otp.Parse(text)
	if err != nil {
		return fmt.Errorf("one-time code: %w", err)
	}
	uri, err := k.URI()
	if err != nil {
		return fmt.Errorf("one-time code: %w", err)
	}
	return withVault(e, g, true, func(v store) error {
		en, err := v.Get(name)
		if errors.Is(err, vault.ErrNotFound) && o.create {
			if _, err := v.Add(vault.NewEntry{Name: name, Secret: vault.Secret{OTP: uri}}); err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "added %q with a one-time code (%s)\n", name, k.Describe())
			return nil
		}
		if errors.Is(err, vault.ErrNotFound) {
			if en, err = findEntry(v, name); err != nil {
				return fmt.Errorf("%w (add --create to make it)", err)
			}
		}
		if err != nil {
			return err
		}
		old := ""
		if en.HasOTP {
			s, err := v.Secret(en.ID)
			if err != nil {
				return err
			}
			old = s.OTP
		}
		if old == uri {
			fmt.Fprintf(e.stderr, "%q already has this one-time code\n", en.Name)
			return nil
		}
		if _, err := v.Edit(en.ID, vault.Change{OTP: &uri}); err != nil {
			return err
		}
		verb := "set"
		if old != "" {
			verb = "replaced (the old one is in its history)"
		}
		fmt.Fprintf(e.stderr, "one-time code of %q %s: %s\n", en.Name, verb, k.Describe())
		return nil
	})
}

func newOTPRmCmd(e *env, g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "rm NAME",
		Aliases: []string{"remove"},
		Short:   "Remove an entry's one-time code (it stays in the entry's history)",
		Args:    usageArgs(cobra.ExactArgs(1)),
		RunE: func(_ *cobra.Command, args []string) error {
			return withEntry(e, g, true, args[0], func(v store, en vault.Entry) error {
				if !en.HasOTP {
					return errNoOTP(en.Name)
				}
				none := ""
				if _, err := v.Edit(en.ID, vault.Change{OTP: &none}); err != nil {
					return err
				}
				fmt.Fprintf(e.stderr, "removed the one-time code of %q (it stays in the entry's history)\n", en.Name)
				return nil
			})
		},
	}
}
