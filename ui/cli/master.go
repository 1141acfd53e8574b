package cli

import (
	"fmt"
	"path/filepath"

	"github.com/passtea/passtea/generator/strength"
)

// checkMasterPassword applies the policy for new master passwords: bytes
// every front end can type (no override), then at least 12 characters, a
// zxcvbn score of 3, not in the remembered list of breached passwords and
// not built from the vault's name or the user's (NIST SP 800-63B), unless
// the user insists with --allow-weak. The error says why and what to do;
// it never holds pw.
func checkMasterPassword(e *env, pw []byte, vaultPath string, allowWeak bool) error {
	if err := strength.CheckMasterBytes(pw); err != nil {
		return err
	}
	if allowWeak {
		return nil
	}
	breached, done := masterBreachList(e)
	defer done()
	if err := strength.CheckMaster(string(pw), breached, filepath.Base(vaultPath), e.getenv("USER")); err != nil {
		return fmt.Errorf("%w; choose a stronger one, or add --allow-weak to insist", err)
	}
	return nil
}
