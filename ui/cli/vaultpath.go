package cli

import (
	"errors"
	"os"
	"path/filepath"
)

// vaultPath resolves where the vault lives: --vault, else $PASSTEA_VAULT,
// else $XDG_DATA_HOME/passtea/vault.passtea (~/.local/share when unset).
func vaultPath(e *env, g *globals) (string, error) {
	if g.vaultPath != "" {
		return g.vaultPath, nil
	}
	if p := e.getenv("PASSTEA_VAULT"); p != "" {
		return p, nil
	}
	data := e.getenv("XDG_DATA_HOME")
	if data == "" || !filepath.IsAbs(data) {
		home := e.getenv("HOME")
		if home == "" {
			h, err := os.UserHomeDir()
			if err != nil {
				return "", errors.New("cannot tell where the vault lives: set $HOME, $PASSTEA_VAULT or --vault")
			}
			home = h
		}
		data = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(data, "passtea", "vault.passtea"), nil
}
