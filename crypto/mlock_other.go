//go:build !unix

package crypto

import "errors"

// Mlock does nothing on this system: it reports [errors.ErrUnsupported].
// See the unix version for what it does elsewhere.
func Mlock(b []byte) error { return errors.ErrUnsupported }

// Munlock does nothing on this system.
func Munlock(b []byte) {}
