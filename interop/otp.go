// This file holds how a source's one-time-code secrets become passtea's
// canonical otpauth:// URIs.

package interop

import (
	"strings"

	"github.com/passtea/passtea/otp"
)

// OTPURI reads a one-time-code secret as sources write it (an otpauth://
// URI, a bare base32 secret, or Bitwarden's "steam://SECRET") and returns
// its canonical URI (otp.Key.URI). counterIsLast says the source stores
// the counter of the last code shown (pass-otp, Google Authenticator),
// not the next one as passtea does: an HOTP counter is then incremented.
func OTPURI(s string, counterIsLast bool) (string, error) {
	s = strings.TrimSpace(s)
	var (
		k   otp.Key
		err error
	)
	if len(s) > len("steam://") && strings.EqualFold(s[:len("steam://")], "steam://") {
		k, err = otp.ParseSecret(s[len("steam://"):])
		if err == nil {
			k, err = otp.NewKey(otp.Steam, k.Secret())
		}
	} else {
		k, err = otp.Parse(s)
	}
	if err != nil {
		return "", err
	}
	if counterIsLast && k.Type == otp.HOTP && k.Counter < ^uint64(0) {
		k.Counter++
	}
	return k.URI()
}

// SetOTP sets the entry's one-time code from a source's value (see
// [OTPURI]). A value that does not read as a one-time code is kept as a
// hidden field called what, and so is a second code (passtea keeps one
// per entry); the summary says so. An empty value does nothing.
func (e *Entry) SetOTP(what, value string, counterIsLast bool) {
	if strings.TrimSpace(value) == "" {
		return
	}
	uri, err := OTPURI(value, counterIsLast)
	switch {
	case err != nil:
		e.AddField(what, value, true)
		e.Change("one-time code %q does not read as one (%v): kept as a hidden field", what, err)
	case e.OTP == "" || e.OTP == uri:
		e.OTP = uri
	default:
		e.AddField(what, uri, true)
		e.Change("a second one-time code %q: kept as a hidden field", what)
	}
}
