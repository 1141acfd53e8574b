package cli

// `passtea otp NAME`: the current one-time code of an entry. Its
// subcommands (set, uri, rm) are in otpset.go and otpuri.go.

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/otp"
	"github.com/passtea/passtea/ui/clipboard"
	"github.com/passtea/passtea/vault"
)

// otpOptions are what `passtea otp NAME` was asked for.
type otpOptions struct {
	name       string
	copy       bool
	clearAfter time.Duration
	at         time.Time // zero: now
	json       bool
}

func newOTPCmd(e *env, g *globals) *cobra.Command {
	var o otpOptions
	var at string
	cmd := &cobra.Command{
		Use:   "otp NAME",
		Short: "Print or copy an entry's one-time code (TOTP, HOTP, Steam)",
		Long: `Print the entry's current one-time code and a newline, or copy it with --copy;
a copy is cleared when the code expires or after --clear-after, whichever
comes first.

A counter-based (HOTP) code moves the counter on and saves it before the
code is shown, so that no code is ever handed out twice, even by two
passtea processes at once.

Set a code with "passtea otp set NAME" (from standard input or a QR image),
show it with "passtea otp uri NAME", remove it with "passtea otp rm NAME".
An entry called set, uri or rm: "passtea otp code NAME".`,
		Example: `  passtea otp work/github
  passtea otp work/github --copy
  passtea otp work/github --at 2026-01-02T15:04:05Z
  passtea otp work/github --json`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runOTPCmd(e, g, cmd, args, &o, at)
		},
	}
	fl := cmd.Flags()
	fl.BoolVarP(&o.copy, "copy", "c", false, "copy to the clipboard instead of printing")
	addClearAfterFlag(cmd, &o.clearAfter)
	fl.StringVar(&at, "at", "", "the code at `TIME` (Unix seconds or RFC 3339) instead of now, to check a clock")
	fl.BoolVar(&o.json, "json", false, `print {"code", "expires_in", "period"} (HOTP: {"code", "counter"})`)

	// code is the same command under a name no entry can shadow.
	code := &cobra.Command{
		Use:   "code NAME",
		Short: "Print or copy an entry's one-time code (as passtea otp NAME)",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			return runOTPCmd(e, g, c, args, &o, at)
		},
	}
	code.Flags().AddFlagSet(fl)
	cmd.AddCommand(code, newOTPSetCmd(e, g), newOTPURICmd(e, g), newOTPRmCmd(e, g))
	return cmd
}

// runOTPCmd checks the flags of `passtea otp [code] NAME` and runs it.
func runOTPCmd(e *env, g *globals, cmd *cobra.Command, args []string, o *otpOptions, at string) error {
	o.name = args[0]
	if err := checkClearAfter(cmd, o.copy, o.clearAfter); err != nil {
		return err
	}
	if at != "" {
		t, err := parseAt(at)
		if err != nil {
			return err
		}
		if o.copy {
			return usagef("--at and --copy exclude each other: --at is for checking a clock")
		}
		o.at = t
	}
	if o.copy && o.json {
		return usagef("--copy and --json exclude each other")
	}
	return runOTP(e, g, *o)
}

// parseAt reads --at: whole Unix seconds or an RFC 3339 time.
func parseAt(s string) (time.Time, error) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n < 0 {
			return time.Time{}, usagef("--at must not be before 1970")
		}
		return time.Unix(n, 0), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, usagef("--at wants Unix seconds (1767225600) or an RFC 3339 time (2026-01-01T00:00:00Z)")
	}
	if t.Unix() < 0 {
		return time.Time{}, usagef("--at must not be before 1970")
	}
	return t, nil
}

// otpJSON is what --json prints.
type otpJSON struct {
	Code      string  `json:"code"`
	ExpiresIn *int    `json:"expires_in,omitempty"` // time-based codes
	Period    *int    `json:"period,omitempty"`     // time-based codes
	Counter   *uint64 `json:"counter,omitempty"`    // HOTP: the counter the code is for
}

func runOTP(e *env, g *globals, o otpOptions) error {
	return withEntry(e, g, false, o.name, func(v store, en vault.Entry) error {
		k, err := entryKey(v, en)
		if err != nil {
			return err
		}
		var code string
		var out otpJSON
		expires := time.Time{}
		if k.Type.TimeBased() {
			now := o.at
			if now.IsZero() {
				now = time.Now()
			}
			if code, err = k.Code(now); err != nil {
				return fmt.Errorf("one-time code of %q: %w", en.Name, err)
			}
			left, period := k.SecondsLeft(now), k.Period
			out.ExpiresIn, out.Period = &left, &period
			expires = k.Expires(now)
		} else {
			if !o.at.IsZero() {
				return usagef("--at is for time-based codes: %q has a counter-based (HOTP) one", en.Name)
			}
			var counter uint64
			if code, counter, _, err = vault.NextHOTP(v, en.ID); err != nil {
				return err
			}
			out.Counter = &counter
		}
		out.Code = code
		switch {
		case o.copy:
			// Cleared when the code expires, if that comes first.
			clearAfter := clipboard.ClearBefore(o.clearAfter, expires, time.Now())
			msg, err := copyToClipboard(e, code, clearAfter)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "one-time code of %q: %s\n", en.Name, msg)
			return nil
		case o.json:
			b, err := json.Marshal(out)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(e.stdout, "%s\n", b)
			return err
		}
		_, err = fmt.Fprintln(e.stdout, code)
		return err
	})
}

// errNoOTP says an entry has no one-time code.
func errNoOTP(name string) error {
	return fmt.Errorf("%q has no one-time code (set one with passtea otp set)", name)
}

// entryKey reads the one-time code key stored in an entry.
func entryKey(v store, en vault.Entry) (otp.Key, error) {
	if !en.HasOTP {
		return otp.Key{}, errNoOTP(en.Name)
	}
	s, err := v.Secret(en.ID)
	if err != nil {
		return otp.Key{}, err
	}
	if s.OTP == "" {
		return otp.Key{}, errNoOTP(en.Name)
	}
	k, err := otp.ParseURI(s.OTP)
	if err != nil {
		return otp.Key{}, fmt.Errorf("the one-time code of %q: %w", en.Name, err)
	}
	return k, nil
}
