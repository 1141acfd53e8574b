package otp

import (
	"errors"
	"fmt"
)

// Errors callers tell apart. Match them with errors.Is.
var (
	// ErrInvalid is wrapped by every error about a malformed URI, secret,
	// export or key. The text after it says what is wrong; it never
	// contains the secret.
	ErrInvalid = errors.New("invalid one-time code")
	// ErrCounterBased means a time-based code was asked of an HOTP key:
	// HOTP codes come from [Key.Next].
	ErrCounterBased = errors.New("an HOTP key has no time-based code: use its next counter value")
	// ErrTimeBased means [Key.Next] was called on a time-based key.
	ErrTimeBased = errors.New("a time-based key has no counter")
	// ErrTimeRange means the moment asked for lies before 1970, where
	// RFC 6238 defines no time step.
	ErrTimeRange = errors.New("time is before 1970-01-01")
	// ErrCounterExhausted means an HOTP counter reached its largest value.
	ErrCounterExhausted = errors.New("the HOTP counter is exhausted")
)

// invalidf builds an error wrapping [ErrInvalid]. Never pass it a secret or
// the input it was found in.
func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}
