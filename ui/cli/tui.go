package cli

import (
	"context"
	"errors"
	"io"

	"github.com/passtea/passtea/ui/breachlist"
	"github.com/passtea/passtea/ui/tui"
	"github.com/passtea/passtea/vault"
)

// runTUI starts the interactive app on the vault (creating one if there is
// none yet), with the key file given or remembered for it. The app says in
// its status line what remembering a key file did.
func runTUI(ctx context.Context, e *env, g *globals) error {
	if !e.stdinIsTerminal() {
		return errors.New("the interactive app needs a terminal: see passtea --help for the scriptable commands")
	}
	path, err := vaultPath(e, g)
	if err != nil {
		return err
	}
	if err := checkVaultDir(g, path); err != nil {
		return err
	}
	keyPath, _, err := keyFilePath(e, g, path)
	if err != nil {
		return err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	longLivedGC()
	cfg := tui.Config{
		VaultPath: path,
		KeyFile:   keyPath,
		RememberKeyFile: func(keyPath string) error {
			return rememberKeyFile(&env{getenv: e.getenv, stderr: io.Discard}, path, keyPath)
		},
		Copier:          e.clipboardCopier(),
		CalibrateTarget: vault.DefaultKDFTarget,
		BreachList:      func() (string, error) { return breachlist.Remembered(e.getenv) },
	}
	if cfg.Agent, err = appAgentFor(e, g); err != nil {
		return err
	}
	return tui.Run(ctx, cfg)
}
