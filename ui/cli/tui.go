package cli

import (
	"context"
	"errors"

	"github.com/passtea/passtea/ui/tui"
	"github.com/passtea/passtea/vault"
)

// runTUI starts the interactive app on the vault (creating one if there is
// none yet).
func runTUI(ctx context.Context, e *env, g *globals) error {
	if !e.stdinIsTerminal() {
		return errors.New("the interactive app needs a terminal: see passtea --help for the scriptable commands")
	}
	path, err := vaultPath(e, g)
	if err != nil {
		return err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	longLivedGC()
	cfg := tui.Config{VaultPath: path, Copier: e.clipboardCopier(), CalibrateTarget: vault.DefaultKDFTarget}
	if cfg.Agent, err = appAgentFor(e, g); err != nil {
		return err
	}
	return tui.Run(ctx, cfg)
}
