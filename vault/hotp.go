package vault

// This file hands out the codes of counter-based (HOTP) one-time codes
// through the normal commit path, for every front end.

import (
	"errors"
	"fmt"

	"github.com/passtea/passtea/otp"
)

// HOTPStore is what [NextHOTP] needs of a vault: *Vault has it, and so
// does the unlock agent's handle on a vault it holds.
type HOTPStore interface {
	ByID(id ID) (Entry, error)
	Secret(id ID) (Secret, error)
	Edit(id ID, c Change) (Entry, error)
}

// hotpTries bounds how often NextHOTP starts again when other processes
// keep moving the counter on.
const hotpTries = 20

// NextHOTP hands out the next code of the entry's HOTP key: it moves the
// counter on and saves the key with [Change.IfRevision], so that the save
// fails if another process changed the entry (issued a code) since it was
// read; then it reads the entry again and tries the next counter. The code
// is returned, with the counter it is for and the entry as saved, only
// once the save that consumed its counter succeeded, so that no code is
// ever issued twice. An entry without a one-time code is [ErrNoOTP].
func NextHOTP(v HOTPStore, id ID) (code string, counter uint64, saved Entry, err error) {
	for range hotpTries {
		e, err := v.ByID(id)
		if err != nil {
			return "", 0, Entry{}, err
		}
		k, err := hotpKey(v, e)
		if err != nil {
			return "", 0, Entry{}, err
		}
		counter = k.Counter
		if code, err = k.Next(); err != nil {
			return "", 0, Entry{}, fmt.Errorf("one-time code of %q: %w", e.Name, err)
		}
		uri, err := k.URI()
		if err != nil {
			return "", 0, Entry{}, fmt.Errorf("one-time code of %q: %w", e.Name, err)
		}
		saved, err = v.Edit(id, Change{OTP: &uri, IfRevision: e.Revision})
		if errors.Is(err, ErrChanged) {
			continue // another process issued a code: read the counter again
		}
		if err != nil {
			return "", 0, Entry{}, fmt.Errorf("save the HOTP counter (no code was issued): %w", err)
		}
		return code, counter, saved, nil
	}
	return "", 0, Entry{}, errors.New("the HOTP counter kept changing under other processes: no code was issued; try again")
}

// hotpKey reads the HOTP key of e.
func hotpKey(v HOTPStore, e Entry) (otp.Key, error) {
	if !e.HasOTP {
		return otp.Key{}, fmt.Errorf("%q: %w", e.Name, ErrNoOTP)
	}
	s, err := v.Secret(e.ID)
	if err != nil {
		return otp.Key{}, err
	}
	if s.OTP == "" {
		return otp.Key{}, fmt.Errorf("%q: %w", e.Name, ErrNoOTP)
	}
	k, err := otp.ParseURI(s.OTP)
	if err != nil {
		return otp.Key{}, fmt.Errorf("the one-time code of %q: %w", e.Name, err)
	}
	if k.Type != otp.HOTP {
		return otp.Key{}, fmt.Errorf("the one-time code of %q is time-based now (changed meanwhile?): ask again", e.Name)
	}
	return k, nil
}
