// Running passtea as a real process in tests: this test binary becomes
// passtea when passteaMainEnv is set, and passteaBin puts a `passtea`
// that runs it where git (the merge driver) and other processes find it.

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// passteaMainEnv makes this test binary run passtea instead of the tests.
const passteaMainEnv = "PASSTEA_CLI_TEST_MAIN"

func init() {
	if os.Getenv(passteaMainEnv) == "1" {
		os.Exit(Main(os.Args[1:]))
	}
}

// passteaBin writes a `passtea` script that runs this test binary as
// passtea into a new directory, and returns the script's path.
func passteaBin(t testing.TB) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsRune(exe, '\'') {
		t.Skip("the test binary's path holds a quote")
	}
	path := filepath.Join(t.TempDir(), "passtea")
	// A program built with the race detector sleeps a second as it exits
	// unless told not to.
	script := "#!/bin/sh\n" + passteaMainEnv + "=1 GORACE=\"${GORACE:+$GORACE }atexit_sleep_ms=0\" exec '" + exe + "' \"$@\"\n"
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}
