package cli

import (
	"fmt"

	"github.com/passtea/passtea/generator"
)

// checkMasterPassword applies the policy for new master passwords (at least
// 12 characters and a zxcvbn score of 3) unless the user insists with
// --allow-weak. The error says why and what to do; it never holds pw.
func checkMasterPassword(pw []byte, allowWeak bool) error {
	if allowWeak {
		return nil
	}
	if err := generator.CheckMasterPassword(string(pw)); err != nil {
		return fmt.Errorf("%w; choose a stronger one, or add --allow-weak to insist", err)
	}
	return nil
}
