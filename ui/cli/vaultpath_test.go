// Tests of where the vault lives: --vault, $PASSTEA_VAULT, $XDG_DATA_HOME,
// $HOME/.local/share.

package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestVaultPath(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		flag string
		vars map[string]string
		want string
	}{
		{"flag first", "/flag/v.passtea", map[string]string{"PASSTEA_VAULT": "/env/v.passtea", "XDG_DATA_HOME": "/data", "HOME": "/home/u"}, "/flag/v.passtea"},
		{"relative flag kept", "v.passtea", map[string]string{"HOME": "/home/u"}, "v.passtea"},
		{"PASSTEA_VAULT", "", map[string]string{"PASSTEA_VAULT": "/env/v.passtea", "XDG_DATA_HOME": "/data", "HOME": "/home/u"}, "/env/v.passtea"},
		{"XDG_DATA_HOME", "", map[string]string{"XDG_DATA_HOME": "/data", "HOME": "/home/u"}, "/data/passtea/vault.passtea"},
		{"relative XDG_DATA_HOME ignored", "", map[string]string{"XDG_DATA_HOME": "data", "HOME": "/home/u"}, "/home/u/.local/share/passtea/vault.passtea"},
		{"HOME", "", map[string]string{"HOME": "/home/u"}, "/home/u/.local/share/passtea/vault.passtea"},
		{"empty PASSTEA_VAULT ignored", "", map[string]string{"PASSTEA_VAULT": "", "HOME": "/home/u"}, "/home/u/.local/share/passtea/vault.passtea"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := &env{getenv: func(k string) string { return tc.vars[k] }}
			got, err := vaultPath(e, &globals{vaultPath: tc.flag})
			if err != nil {
				t.Fatal(err)
			}
			if got != filepath.FromSlash(tc.want) {
				t.Errorf("vaultPath = %q, want %q", got, tc.want)
			}
		})
	}
}

// Without $HOME in the env, vaultPath falls back to os.UserHomeDir, which
// reads the process's real environment.
func TestVaultPathWithoutHome(t *testing.T) {
	e := &env{getenv: func(string) string { return "" }}
	t.Setenv("HOME", "")
	if _, err := vaultPath(e, &globals{}); err == nil || !strings.Contains(err.Error(), "set $HOME, $PASSTEA_VAULT or --vault") {
		t.Errorf("error %v, want one naming $HOME, $PASSTEA_VAULT and --vault", err)
	}
	t.Setenv("HOME", "/process/home")
	got, err := vaultPath(e, &globals{})
	if err != nil || got != "/process/home/.local/share/passtea/vault.passtea" {
		t.Errorf("vaultPath = %q, %v", got, err)
	}
}

// The variables reach the commands: a vault made through $PASSTEA_VAULT or
// $XDG_DATA_HOME is found again without --vault.
func TestVaultPathThroughCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pwFile := writeTestFile(t, dir, "master.txt", testMaster+"\n")
	for _, tc := range []struct {
		name string
		vars map[string]string
		want string
	}{
		{"PASSTEA_VAULT", map[string]string{"PASSTEA_VAULT": filepath.Join(dir, "env.passtea")}, filepath.Join(dir, "env.passtea")},
		{"XDG_DATA_HOME", map[string]string{"XDG_DATA_HOME": filepath.Join(dir, "data")}, filepath.Join(dir, "data", "passtea", "vault.passtea")},
		{"HOME", map[string]string{"HOME": filepath.Join(dir, "home"), "XDG_DATA_HOME": "relative"}, filepath.Join(dir, "home", ".local", "share", "passtea", "vault.passtea")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, cliEnv{vars: tc.vars}, append([]string{"--password-file", pwFile, "init"}, cheapKDF...)...)
			wantCode(t, r, 0)
			wantStderr(t, r, "created "+tc.want+" (")
			r = runCLI(t, cliEnv{vars: tc.vars}, "--password-file", pwFile, "info")
			wantCode(t, r, 0)
			if !strings.Contains(r.stdout, "path:            "+tc.want+"\n") {
				t.Errorf("info:\n%s", r.stdout)
			}
		})
	}
}
