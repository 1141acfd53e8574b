package cli

// Tests of what a new user hit on the command line (issue 8): prompts that
// ctrl+d aborts, rm's order of checks, numeric flags with our own message,
// --charset "", info on a new vault, --version, ls by display width, the
// calibration floor.

import (
	"errors"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Prompts come from the env's terminal: init and a confirmation, typed.
func TestPromptsThroughTheTerminal(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "vault.passtea")
	term := typing(testMaster, testMaster)
	r := runCLI(t, cliEnv{terminal: term}, append([]string{"--vault", path, "init"}, cheapKDF...)...)
	wantCode(t, r, 0)
	if strings.Join(term.prompts, "|") != "New master password: |Repeat to confirm: " {
		t.Errorf("prompts %q", term.prompts)
	}
	r = runCLI(t, cliEnv{stdin: "pw-Secret-1\n", terminal: typing(testMaster)}, "--vault", path, "add", "forum")
	wantCode(t, r, 0)
	r = runCLI(t, cliEnv{terminal: typing(testMaster, "n")}, "--vault", path, "rm", "forum")
	wantCode(t, r, 0)
	if r.stderr != "nothing removed\n" {
		t.Errorf("rm answered n: %q", r.stderr)
	}
	term = typing(testMaster, "yes")
	r = runCLI(t, cliEnv{terminal: term}, "--vault", path, "rm", "forum")
	wantCode(t, r, 0)
	if r.stderr != "moved forum to the trash; passtea restore forum brings it back, passtea rm --purge forum erases it\n" || term.prompts[1] != "Move forum to the trash? [y/N] " {
		t.Errorf("rm answered yes: %q, prompts %q", r.stderr, term.prompts)
	}
}

// ctrl+d at a password prompt aborts: nothing typed after it becomes the
// password, and nothing changes.
func TestCtrlDAborts(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	before := v.bytes()
	for _, tc := range []struct {
		name string
		args []string
		term *fakeTerminal
	}{
		{"master password", []string{"--vault", v.path, "ls"}, typing("\x04", testMaster)},
		{"master password after text", []string{"--vault", v.path, "ls"}, typing("Plum\x04", testMaster)},
		{"new master password", []string{"--vault", filepath.Join(v.dir, "new.passtea"), "init"}, typing("\x04", testMaster)},
		{"confirmation", []string{"--vault", filepath.Join(v.dir, "new.passtea"), "init"}, typing(testMaster, "\x04", testMaster)},
	} {
		r := runCLI(t, cliEnv{terminal: tc.term}, tc.args...)
		wantOneLineError(t, r, 1)
		if r.stderr != "passtea: aborted (ctrl+d): nothing was changed\n" {
			t.Errorf("%s: %q", tc.name, r.stderr)
		}
		if len(tc.term.answers) != 1 {
			t.Errorf("%s: the prompt went on after ctrl+d", tc.name)
		}
	}
	v.unchanged(before)
	if _, err := os.Stat(filepath.Join(v.dir, "new.passtea")); !os.IsNotExist(err) {
		t.Errorf("an aborted init made a vault: %v", err)
	}
}

// Without a terminal, rm says a name does not exist before it asks for
// --yes.
func TestRmNoTerminalChecksTheNameFirst(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("forum", "forum-Secret-1")
	before := v.bytes()
	r := v.run("", "rm", "forun")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, `no entry named "forun"; did you mean "forum"?`)
	r = v.run("", "rm", "forum")
	wantOneLineError(t, r, 2)
	wantStderr(t, r, `add --yes to remove "forum"`)
	v.unchanged(before)
}

// Every numeric and duration flag of every command answers a malformed
// value with our message: the flag, what it wants, exit 2; never Go's
// strconv text, never the value (it may be a password typed in the wrong
// place).
func TestNumericFlagsOwnMessage(t *testing.T) {
	t.Parallel()
	root := newRootCmd(&env{})
	var checked int
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.Flags().VisitAll(func(f *pflag.Flag) {
			switch f.Value.Type() {
			case "int", "uint8", "uint32", "duration":
			default:
				return
			}
			checked++
			args := append(strings.Fields(c.CommandPath())[1:], "--"+f.Name, "Zq-wrong-7")
			r := runCLI(t, cliEnv{}, args...)
			wantOneLineError(t, r, 2)
			if strings.Contains(r.stderr, "strconv") || strings.Contains(r.stderr, "Zq-wrong-7") || strings.Contains(r.stderr, "invalid argument") ||
				!strings.HasPrefix(r.stderr, "passtea: --"+f.Name+" wants ") {
				t.Errorf("%v: %q", args, r.stderr)
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	if checked < 10 {
		t.Fatalf("only %d numeric flags found", checked)
	}
	r := runCLI(t, cliEnv{}, "init", "--kdf-parallelism", "300")
	wantOneLineError(t, r, 2)
	if r.stderr != "passtea: --kdf-parallelism is out of range (see passtea init --help)\n" {
		t.Errorf("out of range: %q", r.stderr)
	}
}

func TestGenEmptyCharset(t *testing.T) {
	t.Parallel()
	r := runCLI(t, cliEnv{}, "gen", "--charset", "")
	wantOneLineError(t, r, 2)
	wantStderr(t, r, "--charset needs at least one character")
	r = runCLI(t, cliEnv{}, "gen", "--no-lower", "--no-upper", "--no-digits", "--no-symbols")
	wantOneLineError(t, r, 2)
	wantStderr(t, r, "no character class is enabled: drop one of --no-lower")
}

// info says precisely where the parameters of a new vault come from.
func TestInfoOnANewVault(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "vault.passtea")
	pw := writeTestFile(t, dir, "pw", testMaster+"\n")
	// Default parameters (not explicit), cheap enough for a test: the
	// vault package's tests cover calibration.
	r := runCLI(t, cliEnv{}, "--vault", path, "--password-file", pw, "init", "--kdf-memory", "8", "--kdf-iterations", "1")
	wantCode(t, r, 0)
	r = runCLI(t, cliEnv{}, "--vault", path, "--password-file", pw, "info")
	wantCode(t, r, 0)
	if strings.Contains(r.stdout, "(defaults (upgraded automatically))") || strings.Contains(r.stdout, "upgraded automatically") {
		t.Errorf("info:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, "parameters:      chosen explicitly; passtea never changes them\n") {
		t.Errorf("info:\n%s", r.stdout)
	}
	if got := kdfOrigin(false); got != "passtea's defaults; raised to newer defaults by the next command that writes, or the app" {
		t.Errorf("default parameters: %q", got)
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	r := runCLI(t, cliEnv{}, "--version")
	wantCode(t, r, 0)
	if !strings.HasPrefix(r.stdout, "passtea ") || strings.Count(r.stdout, "\n") != 1 {
		t.Errorf("--version printed %q", r.stdout)
	}
	for _, tc := range []struct {
		bi   debug.BuildInfo
		want string
	}{
		{debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "v1.2.3"},
		{debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "devel"},
		{debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "3f2a9c1e5b7d8a9b0c1d2e3f4a5b6c7d8e9f0a1b"},
			{Key: "vcs.time", Value: "2026-03-14T15:09:26Z"},
			{Key: "vcs.modified", Value: "true"},
		}}, "devel 3f2a9c1e5b7d 2026-03-14T15:09:26Z, modified"},
	} {
		if got := formatVersion(&tc.bi); got != tc.want {
			t.Errorf("formatVersion = %q, want %q", got, tc.want)
		}
	}
}

// ls pads by the width the terminal gives each name: wide CJK and emoji
// take two cells, a combining accent none.
func TestLsDisplayWidth(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	for i, n := range []string{"日本郵便", "🍵 tea", "cafe\u0301", "plain"} {
		v.add(n, "pw-"+n+"-Secret", "--username", "user-"+string(rune('a'+i)))
	}
	r := v.ok("", "ls")
	col := map[int]bool{}
	for _, l := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
		i := strings.Index(l, "user-")
		col[ansi.StringWidth(l[:i])] = true
	}
	if len(col) != 1 {
		t.Errorf("usernames start in %d columns (by display width):\n%s", len(col), r.stdout)
	}
}

// The fewest passes passtea uses may already take longer than asked: init
// says so.
func TestCalibrationFloorNote(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pw := writeTestFile(t, dir, "pw", testMaster+"\n")
	r := runCLI(t, cliEnv{}, "--vault", filepath.Join(dir, "v"), "--password-file", pw, "init", "--kdf-memory", "64", "--kdf-time", "10ms")
	wantCode(t, r, 0)
	wantStderr(t, r, "passtea: note: 3 passes, the fewest passtea uses, take ", "more than the 10ms asked")
}

// Two spellings of one name (a precomposed "é", and "e" with a combining
// accent) are one name, on add, edit and import.
func TestNamesInNFC(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("cafe\u0301", "cafe-Secret-1")
	if got := v.get("café", "password"); got != "cafe-Secret-1" {
		t.Errorf("get in NFC: %q", got)
	}
	r := v.run("x-Secret-2\n", "add", "café")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "already exists")
	v.ok("", "edit", "café", "--name", "the cafe\u0301")
	csv := writeTestFile(t, v.dir, "in.csv", "name,password\nthe cafe\u0301,c-Secret-3\n")
	v.secret("c-Secret-3")
	r = v.ok("", "import", csv)
	wantStderr(t, r, `"the café" is taken: imported as "the café (2)"`)
}

// A copy that cannot be recorded as passtea's last says so.
func TestCopyNotRecordedWarns(t *testing.T) {
	t.Parallel()
	cp, mem := testCopier(t)
	cp.LastErr = errors.New("/tmp/passtea-1000 belongs to another user")
	r := runCLI(t, cliEnv{copier: cp}, "gen", "--copy")
	wantCode(t, r, 0)
	wantStderr(t, r, "passtea: warning: the copy was not recorded as passtea's last (/tmp/passtea-1000 belongs to another user)",
		"copied to the system clipboard; clears in 20 s")
	if pw, _ := mem.Read(); len(pw) != 20 {
		t.Errorf("clipboard %q", pw)
	}
}
