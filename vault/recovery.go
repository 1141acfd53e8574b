// This file holds recovery codes: 160 random bits shown once, in groups
// that are easy to write down (FORMAT.md, "Slots").

package vault

import (
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
)

// recoveryCodeLen is the recovery code's size in bytes (160 bits).
const recoveryCodeLen = 20

// crockford is Crockford's base32 alphabet: no I, L, O or U.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// ErrRecoveryCode means a typed recovery code is malformed (not a wrong
// code: that is [ErrWrongPassword]).
var ErrRecoveryCode = errors.New("a recovery code is 32 letters and digits, in groups of four")

// newRecoveryCode returns 20 random bytes.
func newRecoveryCode() ([]byte, error) {
	code := make([]byte, recoveryCodeLen)
	if _, err := rand.Read(code); err != nil {
		return nil, fmt.Errorf("new recovery code: %w", err)
	}
	return code, nil
}

// FormatRecoveryCode writes a recovery code as eight groups of four
// characters joined by "-".
func formatRecoveryCode(code []byte) string {
	var b strings.Builder
	var acc uint64
	bits := 0
	n := 0
	for _, c := range code {
		acc = acc<<8 | uint64(c)
		bits += 8
		for bits >= 5 {
			bits -= 5
			if n > 0 && n%4 == 0 {
				b.WriteByte('-')
			}
			b.WriteByte(crockford[acc>>bits&31])
			n++
		}
	}
	return b.String()
}

// parseRecoveryCode reads a typed recovery code: case, spaces and "-" do
// not matter, O reads as 0, I and L as 1.
func parseRecoveryCode(s string) ([]byte, error) {
	var acc uint64
	bits := 0
	out := make([]byte, 0, recoveryCodeLen)
	digits := 0
	for _, r := range strings.ToUpper(s) {
		switch r {
		case ' ', '-', '\t':
			continue
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		}
		i := strings.IndexRune(crockford, r)
		if i < 0 {
			return nil, ErrRecoveryCode
		}
		digits++
		acc = acc<<5 | uint64(i)
		bits += 5
		if bits >= 8 {
			bits -= 8
			out = append(out, byte(acc>>bits))
		}
	}
	if digits != recoveryCodeLen*8/5 {
		return nil, ErrRecoveryCode
	}
	return out, nil
}
