package keyfile

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// KeePassXC accepts New's file as a current-format key file: keepassxc-cli
// creates and opens a database with it and prints no legacy-format warning.
func TestNewAcceptedByKeePassXC(t *testing.T) {
	cli, err := exec.LookPath("keepassxc-cli")
	if err != nil {
		t.Skip("keepassxc-cli not installed")
	}
	dir := t.TempDir()
	keyPath := filepath.Join(dir, "passtea.keyx")
	if err := os.WriteFile(keyPath, New(), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "db.kdbx")
	run := func(args ...string) string {
		cmd := exec.Command(cli, args...)
		cmd.Stdin = strings.NewReader("")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("keepassxc-cli %s: %v\n%s", args[0], err, out)
		}
		return string(out)
	}
	run("db-create", "-q", "--set-key-file", keyPath, db)
	out := run("db-info", "-q", "--no-password", "-k", keyPath, db)
	if strings.Contains(out, "old key file format") {
		t.Fatalf("KeePassXC calls New's file a legacy format:\n%s", out)
	}
	// A different key file of the same format must not open it: the key
	// really comes from the file's data.
	other := filepath.Join(dir, "other.keyx")
	if err := os.WriteFile(other, New(), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(cli, "db-info", "-q", "--no-password", "-k", other, db)
	cmd.Stdin = strings.NewReader("")
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Fatalf("another key file opened the database:\n%s", out)
	}
}
