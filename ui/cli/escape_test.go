// Stored text from a hostile vault (testdata/hostile-v1.passtea: escape
// sequences in a password, its history, a username and a name) reaches a
// terminal escaped, and a pipe byte for byte.

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hostileMaster opens testdata/hostile-v1.passtea.
const hostileMaster = "correct horse battery staple"

// hostileVault copies the hostile fixture to a private directory and
// returns the arguments that open it.
func hostileVault(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "hostile-v1.passtea"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := writeTestFile(t, dir, "vault.passtea", string(b))
	return []string{"--vault", path, "--password-file", writeTestFile(t, dir, "m.txt", hostileMaster+"\n")}
}

// raw reports whether s holds a byte a terminal acts on (ESC, BEL, other
// C0 but line feed, DEL).
func raw(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) }) >= 0
}

func TestStoredEscapesOnATerminal(t *testing.T) {
	t.Parallel()
	open := hostileVault(t)
	tty := cliEnv{stdoutTerminal: true}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"get", "work/github"}, `pw-\x1b]2;pwned\x07-\x1b]52;c;cHduZWQ=\x07-end` + "\n"},
		{[]string{"get", "work/github", "--field", "username"}, `\x1b]2;ls\x07` + "\n"},
		{[]string{"history", "work/github"}, `old-\x1b]8;;https://evil.example\x07link\x1b]8;;\x07` + "\n"},
		{[]string{"ls"}, "m\\x1b[m      me@example.org\n"},
		{[]string{"info"}, "entries:"},
	} {
		r := runCLI(t, tty, append(open, tc.args...)...)
		wantCode(t, r, 0)
		if raw(r.stdout) || raw(r.stderr) {
			t.Errorf("%v on a terminal printed raw escapes: %q / %q", tc.args, r.stdout, r.stderr)
		}
		if !strings.Contains(r.stdout, tc.want) {
			t.Errorf("%v printed %q, want it to hold %q", tc.args, r.stdout, tc.want)
		}
	}
	// Messages that name a hostile entry are escaped, wherever stderr goes.
	r := runCLI(t, cliEnv{}, append(open, "get", "m\x1b[m", "--field", "nope")...)
	wantOneLineError(t, r, 1)
	if raw(r.stderr) || !strings.Contains(r.stderr, `m\x1b[m has no field "nope"`) {
		t.Errorf("error naming a hostile entry: %q", r.stderr)
	}
	r = runCLI(t, cliEnv{}, append(open, "get", "mail")...)
	if raw(r.stderr) {
		t.Errorf("suggestion of a hostile name: %q", r.stderr)
	}
}

// To a pipe, get prints the exact bytes: a script gets the value stored.
func TestStoredBytesToAPipe(t *testing.T) {
	t.Parallel()
	open := hostileVault(t)
	r := runCLI(t, cliEnv{}, append(open, "get", "work/github")...)
	wantCode(t, r, 0)
	if want := "pw-\x1b]2;pwned\x07-\x1b]52;c;cHduZWQ=\x07-end\n"; r.stdout != want {
		t.Errorf("get to a pipe: %q, want %q", r.stdout, want)
	}
	r = runCLI(t, cliEnv{}, append(open, "ls", "--json")...)
	wantCode(t, r, 0)
	if raw(r.stdout) || !strings.Contains(r.stdout, `"m\u001b[m"`) {
		t.Errorf("ls --json: %q", r.stdout)
	}
}
