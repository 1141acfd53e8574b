package otp

import (
	"fmt"
	"strings"
)

// Describe says what kind of code k makes, for people, without its
// secret: "TOTP, SHA1, 6 digits, every 30 s, for "GitHub:alice"".
func (k Key) Describe() string {
	var b strings.Builder
	switch k.Type {
	case Steam:
		b.WriteString("Steam Guard, 5 characters, every 30 s")
	case HOTP:
		fmt.Fprintf(&b, "HOTP, %s, %d digits, next counter %d", k.Algorithm, k.Digits, k.Counter)
	default:
		fmt.Fprintf(&b, "TOTP, %s, %d digits, every %d s", k.Algorithm, k.Digits, k.Period)
	}
	if k.Issuer != "" || k.Account != "" {
		fmt.Fprintf(&b, ", for %q", strings.TrimPrefix(k.Issuer+":"+k.Account, ":"))
	}
	return b.String()
}
