// Package googleauth reads one-time-code exports: Google Authenticator's
// "Transfer accounts" codes (otpauth-migration://offline?data=…, one or
// several, one per line, or a PNG or JPEG image of one such QR code) and
// lists of otpauth:// URIs, one per line (the plain-text exports of
// Aegis, 2FAS, Ente Auth and others).
//
// Each account becomes an entry of kind [interop.OneTimeCode]: named
// "Issuer (account)" (or the one of them that is set), the account as its
// username, the code as its canonical otpauth URI. Google Authenticator
// stores an HOTP counter as that of the last code shown; otp.ParseMigration
// adds one. The same account twice (the same URI) is imported once. An
// export split over several QR codes says how many it has: a note says
// when some were not given. To put the codes into existing entries
// instead, the command applies [interop.MergeOTP].
package googleauth

import (
	"fmt"
	"io"
	"strings"

	"github.com/passtea/passtea/interop"
	"github.com/passtea/passtea/otp"
	"github.com/passtea/passtea/otp/qr"
)

// Read reads text holding otpauth-migration:// or otpauth:// URIs, one per
// line (blank lines and lines starting with "#" are ignored). Any other
// line is an error naming it.
func Read(data []byte, opts interop.Options) (*interop.Import, error) {
	im := interop.NewImport("otpauth", opts.Limits)
	seen := map[string]bool{}
	batches := map[int32]map[int]bool{}
	sizes := map[int32]int{}
	add := func(place string, k otp.Key) error {
		uri, err := k.URI()
		if err != nil {
			return interop.AtPlace(place, err)
		}
		if seen[uri] {
			im.Skip(place, k.Issuer, "the same account again")
			return nil
		}
		seen[uri] = true
		e := interop.Entry{Kind: interop.OneTimeCode, Place: place}
		e.OTP, e.Username = uri, k.Account
		switch {
		case k.Issuer != "" && k.Account != "":
			e.Name = k.Issuer + " (" + k.Account + ")"
		case k.Issuer != "":
			e.Name = k.Issuer
		default:
			e.Name = k.Account
		}
		e.Name = strings.ReplaceAll(e.Name, "/", "-")
		return im.Add(e)
	}
	text := strings.TrimPrefix(string(data), "\ufeff")
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		place := fmt.Sprintf("line %d", i+1)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case hasPrefixFold(line, "otpauth-migration:"):
			m, err := otp.ParseMigration(line)
			if err != nil {
				return nil, interop.AtPlace(place, err)
			}
			if m.BatchSize > 1 {
				if batches[m.BatchID] == nil {
					batches[m.BatchID] = map[int]bool{}
				}
				batches[m.BatchID][m.BatchIndex] = true
				sizes[m.BatchID] = m.BatchSize
			}
			for j, k := range m.Keys {
				if err := add(fmt.Sprintf("%s, account %d", place, j+1), k); err != nil {
					return nil, err
				}
			}
		case hasPrefixFold(line, "otpauth:"):
			k, err := otp.ParseURI(line)
			if err != nil {
				return nil, interop.AtPlace(place, err)
			}
			if err := add(place, k); err != nil {
				return nil, err
			}
		default:
			return nil, interop.Recordf(place, "neither an otpauth-migration:// nor an otpauth:// URI")
		}
	}
	for id, got := range batches {
		if len(got) < sizes[id] {
			im.Note("a Google Authenticator export of %d QR codes: %d read; scan the others to import their accounts too", sizes[id], len(got))
		}
	}
	if len(im.Entries) == 0 {
		return nil, fmt.Errorf("%w: no one-time codes", interop.ErrEmpty)
	}
	opts.Progress.Report(len(im.Entries), len(im.Entries))
	return im, nil
}

// ReadImage reads a PNG or JPEG image of a QR code holding an
// otpauth-migration:// or otpauth:// URI (see otp/qr for its limits).
func ReadImage(r io.Reader, opts interop.Options) (*interop.Import, error) {
	text, err := qr.Decode(r)
	if err != nil {
		return nil, fmt.Errorf("read QR code: %w", err)
	}
	im, err := Read([]byte(text), opts)
	if err != nil {
		return nil, err
	}
	for i := range im.Entries {
		im.Entries[i].Place = strings.Replace(im.Entries[i].Place, "line 1", "QR code", 1)
	}
	return im, nil
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
