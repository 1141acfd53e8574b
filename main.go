// Command passtea is a terminal password manager and password generator.
//
// With no command it opens the interactive app; see README.md and
// `passtea --help` for the scriptable commands.
package main

import (
	"os"

	"github.com/passtea/passtea/ui/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:]))
}
