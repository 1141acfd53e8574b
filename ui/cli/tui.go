package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// runTUI starts the interactive app. (Wired up by the TUI work; issue 4.)
func runTUI(cmd *cobra.Command, e *env, g *globals) error {
	return errors.New("the interactive app is not built yet: see passtea --help for the commands")
}
