// Shared helpers for the command tests: a fake env that runs passtea through
// run, a temporary vault with cheap key derivation, and a check that no
// secret ever reaches stderr.

package cli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/passtea/passtea/ui/clipboard"
	"github.com/passtea/passtea/vault"
)

// Master passwords strong enough for generator.CheckMasterPassword.
const (
	testMaster    = "Plum-Teapot-93-Orbit-Ginger"
	testMasterNew = "Violet-Harbour-71-Quill-Saffron"
	testMasterBad = "Wrong-Lantern-58-Mosaic"
)

// cheapKDF are the init flags of every test vault: 8 MiB, 1 pass, 1 lane
// (a derivation takes ~10–30 ms). Explicit parameters are never upgraded.
var cheapKDF = []string{"--kdf-memory", "8", "--kdf-iterations", "1", "--kdf-parallelism", "1"}

// wrongMaster is what a wrong master password for a vault without a key
// file prints.
const wrongMaster = "passtea: wrong master password (or the vault needs its key file: give it with --key-file FILE)\n"

// recoveryCodeLine is a recovery code as init prints it to a pipe: eight
// groups of four of Crockford's base32, alone on its line.
var recoveryCodeLine = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){7}\n$`)

// cheapKDFString is how passtea prints cheapKDF.
const cheapKDFString = "argon2id, 8 MiB, 1 pass, 1 lane"

// cliResult is what one run of passtea did.
type cliResult struct {
	code           int
	stdout, stderr string
}

// cliEnv is the outside world of one run. Unset variables read as empty,
// except HOME, which defaults to an empty temporary directory so that a test
// that forgets --vault never touches the real home.
type cliEnv struct {
	stdin         string
	vars          map[string]string
	stdinTerminal bool
	// stdoutTerminal says standard output is a terminal.
	stdoutTerminal bool
	// terminal, when not nil, is a terminal on which the user types these
	// answers to the prompts, in order ("\x04" alone is ctrl+d).
	terminal *fakeTerminal
	// copier copies (nil: a fake clipboard, see testCopier).
	copier *clipboard.Copier
	// agent reaches an agent (zero: none; see agenttest_test.go).
	agent agentEnv
}

// fakeTerminal is a terminal whose user types answers from a script.
type fakeTerminal struct {
	answers []string
	prompts []string // what was asked, in order
}

func typing(answers ...string) *fakeTerminal { return &fakeTerminal{answers: answers} }

func (f *fakeTerminal) next(prompt string) (string, error) {
	f.prompts = append(f.prompts, prompt)
	if len(f.answers) == 0 {
		return "", errors.New("the test typed nothing more")
	}
	a := f.answers[0]
	f.answers = f.answers[1:]
	if strings.HasSuffix(a, "\x04") {
		return "", errAborted
	}
	return a, nil
}

func (f *fakeTerminal) secret(prompt string) ([]byte, error) {
	a, err := f.next(prompt)
	return []byte(a), err
}

func (f *fakeTerminal) line(prompt string) (string, error) { return f.next(prompt) }
func (f *fakeTerminal) Close() error                       { return nil }

// testCopier is a Copier with an in-memory clipboard on an X11 desktop, and
// a clearer that is not started.
func testCopier(t *testing.T) (*clipboard.Copier, *clipboard.Memory) {
	mem := &clipboard.Memory{}
	return &clipboard.Copier{
		Env: clipboard.Env{GOOS: "linux", Getenv: func(k string) string { return map[string]string{"DISPLAY": ":0"}[k] },
			LookPath: func(name string) (string, error) { return "/usr/bin/" + name, nil }},
		System:         mem,
		OpenTerminal:   func() (*os.File, error) { return nil, errors.New("no terminal") },
		DetectTerminal: func() clipboard.Terminal { return clipboard.Terminal{} },
		Last:           clipboard.LastCopy{Path: filepath.Join(t.TempDir(), "passtea", "last-copy")},
		StartClearer:   func(clipboard.Ticket, *os.File) (*os.Process, error) { return nil, nil },
		Now:            time.Now,
	}, mem
}

// runCLI runs passtea with args in ce and returns what it did. It fails the
// test if a test master password appears on stderr.
func runCLI(t *testing.T, ce cliEnv, args ...string) cliResult {
	t.Helper()
	home := t.TempDir()
	var stdout, stderr bytes.Buffer
	e := &env{
		stdin:  strings.NewReader(ce.stdin),
		stdout: &stdout,
		stderr: &stderr,
		getenv: func(k string) string {
			if v, ok := ce.vars[k]; ok {
				return v
			}
			if k == "HOME" {
				return home
			}
			return ""
		},
		stdinIsTerminal:  func() bool { return ce.stdinTerminal },
		stdoutIsTerminal: func() bool { return ce.stdoutTerminal },
		environ:          os.Environ,
		copier:           ce.copier,
		agent:            ce.agent,
	}
	if ce.terminal != nil {
		e.terminal = func() (prompter, error) { return ce.terminal, nil }
	}
	if e.copier == nil {
		e.copier, _ = testCopier(t)
	}
	code := run(e, args)
	noSecretsIn(t, "stderr of passtea "+strings.Join(args, " "), stderr.String(), testMaster, testMasterNew, testMasterBad)
	return cliResult{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// wantCode fails the test unless r exited with code.
func wantCode(t *testing.T, r cliResult, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit status %d, want %d\nstdout: %q\nstderr: %q", r.code, code, r.stdout, r.stderr)
	}
}

// wantStderr fails the test unless r's stderr contains every one of subs.
func wantStderr(t *testing.T, r cliResult, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(r.stderr, s) {
			t.Errorf("stderr %q does not contain %q", r.stderr, s)
		}
	}
}

// wantOneLineError fails the test unless r failed with code and printed
// exactly one line on stderr, "passtea: ..." (no usage dump), and nothing on
// stdout.
func wantOneLineError(t *testing.T, r cliResult, code int) {
	t.Helper()
	wantCode(t, r, code)
	if !strings.HasPrefix(r.stderr, "passtea: ") || strings.Count(r.stderr, "\n") != 1 || !strings.HasSuffix(r.stderr, "\n") {
		t.Errorf("stderr is not one line \"passtea: ...\": %q", r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("stdout of a failed command: %q", r.stdout)
	}
}

// noSecretsIn fails the test if out holds any of secrets.
func noSecretsIn(t *testing.T, what, out string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if s != "" && strings.Contains(out, s) {
			t.Errorf("%s holds the secret %q: %q", what, s, out)
		}
	}
}

// writeTestFile writes content to name in dir (mode 0600) and returns its path.
func writeTestFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// testVault is a vault in a temporary directory, opened with testMaster
// from a password file. It remembers every secret it was given, and every
// run checks that none of them appears on stderr.
type testVault struct {
	t       *testing.T
	dir     string
	path    string
	pwFile  string
	secrets []string
}

// newTestVault creates an empty vault with cheapKDF. It checks what init
// prints: the warning about weak parameters and the "created" line.
func newTestVault(t *testing.T) *testVault {
	t.Helper()
	dir := t.TempDir()
	v := &testVault{
		t:       t,
		dir:     dir,
		path:    filepath.Join(dir, "vault.passtea"),
		pwFile:  writeTestFile(t, dir, "master.txt", testMaster+"\n"),
		secrets: []string{testMaster, testMasterNew, testMasterBad},
	}
	r := v.run("", append([]string{"init"}, cheapKDF...)...)
	wantCode(t, r, 0)
	wantStderr(t, r, "warning: "+cheapKDFString+" is below RFC 9106", "created "+v.path)
	return v
}

// secret records more values that must never reach stderr.
func (v *testVault) secret(s ...string) { v.secrets = append(v.secrets, s...) }

// run runs passtea on the vault with the master password file and stdin.
func (v *testVault) run(stdin string, args ...string) cliResult {
	v.t.Helper()
	return v.runWith(v.pwFile, stdin, args...)
}

// runWith is run with another master password file.
func (v *testVault) runWith(pwFile, stdin string, args ...string) cliResult {
	v.t.Helper()
	return v.runEnv(cliEnv{stdin: stdin}, append([]string{"--password-file", pwFile}, args...)...)
}

// runEnv runs passtea on the vault in ce, with the vault's own settings
// file (passtea config), without a master password file unless args give
// one.
func (v *testVault) runEnv(ce cliEnv, args ...string) cliResult {
	v.t.Helper()
	if ce.vars == nil {
		ce.vars = map[string]string{}
	}
	ce.vars["XDG_CONFIG_HOME"] = filepath.Join(v.dir, "config")
	r := runCLI(v.t, ce, append([]string{"--vault", v.path}, args...)...)
	noSecretsIn(v.t, "stderr of passtea "+strings.Join(args, " "), r.stderr, v.secrets...)
	return r
}

// ok runs passtea and fails the test unless it succeeds.
func (v *testVault) ok(stdin string, args ...string) cliResult {
	v.t.Helper()
	r := v.run(stdin, args...)
	wantCode(v.t, r, 0)
	return r
}

// add adds an entry with password (from stdin) and flags.
func (v *testVault) add(name, password string, flags ...string) {
	v.t.Helper()
	v.secret(password)
	r := v.ok(password+"\n", append([]string{"add", name}, flags...)...)
	if want := "added " + vault.NormalizeName(name) + "\n"; r.stderr != want {
		v.t.Errorf("add %s: stderr %q, want %q", name, r.stderr, want)
	}
}

// get returns the field of an entry as get prints it, without the newline.
func (v *testVault) get(name string, field string) string {
	v.t.Helper()
	r := v.ok("", "get", name, "--field", field)
	if !strings.HasSuffix(r.stdout, "\n") {
		v.t.Errorf("get %s --field %s: output %q does not end in a newline", name, field, r.stdout)
	}
	return strings.TrimSuffix(r.stdout, "\n")
}

// bytes returns the vault file's contents.
func (v *testVault) bytes() []byte {
	v.t.Helper()
	b, err := os.ReadFile(v.path)
	if err != nil {
		v.t.Fatal(err)
	}
	return b
}

// unchanged fails the test unless the vault file still holds before.
func (v *testVault) unchanged(before []byte) {
	v.t.Helper()
	if !bytes.Equal(v.bytes(), before) {
		v.t.Errorf("the vault file changed")
	}
}

// masterFile writes a master password file holding pw and returns its path.
func (v *testVault) masterFile(name, pw string) string {
	v.t.Helper()
	return writeTestFile(v.t, v.dir, name, pw+"\n")
}

// vaultItem is an entry with its secret.
type vaultItem struct {
	vault.Entry
	vault.Secret
}

// contents opens the vault in this process with master and returns every
// entry by name: one key derivation to check many fields, where one get
// per field would cost one each.
func (v *testVault) contents(master string) map[string]vaultItem {
	v.t.Helper()
	vt, err := vault.Open(v.path, []byte(master), nil)
	if err != nil {
		v.t.Fatalf("open the vault: %v", err)
	}
	defer vt.Lock()
	out := map[string]vaultItem{}
	all, err := vt.Entries()
	if err != nil {
		v.t.Fatal(err)
	}
	for _, e := range all {
		s, err := vt.Secret(e.ID)
		if err != nil {
			v.t.Fatalf("open %s: %v", e.Name, err)
		}
		out[e.Name] = vaultItem{e, s}
	}
	return out
}
