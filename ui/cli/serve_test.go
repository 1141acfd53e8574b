package cli

import (
	"path/filepath"
	"testing"
)

// What serve refuses to start with is a usage error (exit 2) that names the
// flags; nothing listens.
func TestServeConfigErrors(t *testing.T) {
	token := filepath.Join(t.TempDir(), "token")
	for _, args := range [][]string{
		{"serve", "--listen", "0.0.0.0:0", "--token-file", token},
		{"serve", "--listen", "192.0.2.1:8787", "--no-auth"},
		{"serve", "--listen", "127.0.0.1:0", "--socket", filepath.Join(t.TempDir(), "s")},
		{"serve", "--tls-cert", "cert.pem"},
		{"serve", "--rate", "lots", "--token-file", token},
		{"serve", "--cors-origin", "not an origin", "--token-file", token},
		{"serve", "extra"},
	} {
		wantOneLineError(t, runCLI(t, cliEnv{}, args...), 2)
	}
	// A list that is not one fails before anything listens.
	notAList := writeTestFile(t, t.TempDir(), "list.txt", "not a list\n")
	wantOneLineError(t, runCLI(t, cliEnv{}, "serve", "--hibp", notAList, "--token-file", token), 1)
}
