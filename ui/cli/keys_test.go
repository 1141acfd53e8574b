// Tests of what opens a vault: key files (keyfile new, init/passwd
// --key-file, the remembered path, passtea config), recovery codes (init,
// recover, recovery-code), and the messages of a refused unlock.

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/passtea/passtea/vault"
)

// recoveryCodeOf returns the recovery code a command printed on stdout.
func recoveryCodeOf(t *testing.T, r cliResult) string {
	t.Helper()
	if !recoveryCodeLine.MatchString(r.stdout) {
		t.Fatalf("stdout %q is not a recovery code", r.stdout)
	}
	return strings.TrimSpace(r.stdout)
}

func TestKeyFileNew(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "k.keyx")
	r := runCLI(t, cliEnv{}, "keyfile", "new", path)
	wantCode(t, r, 0)
	wantStderr(t, r, "wrote the key file "+path)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", fi.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `<Version>2.0</Version>`) {
		t.Errorf("not an XML 2.0 key file:\n%s", b)
	}
	r = runCLI(t, cliEnv{}, "keyfile", "new", path)
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "already exists")
	if after, _ := os.ReadFile(path); string(after) != string(b) {
		t.Error("keyfile new replaced an existing file")
	}
	// A symbolic link is not followed to a file elsewhere.
	link := filepath.Join(dir, "link.keyx")
	if err := os.Symlink(filepath.Join(dir, "elsewhere"), link); err != nil {
		t.Fatal(err)
	}
	r = runCLI(t, cliEnv{}, "keyfile", "new", link)
	wantOneLineError(t, r, 1)
	if _, err := os.Stat(filepath.Join(dir, "elsewhere")); !os.IsNotExist(err) {
		t.Errorf("keyfile new followed a symbolic link: %v", err)
	}
}

// A vault with a key file opens with the password and the file, the file
// remembered by init; forgetting it, or the wrong file, is refused with a
// message that says what to do.
func TestKeyFileUnlock(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	v := &testVault{t: t, dir: dir, path: filepath.Join(dir, "vault.passtea"), pwFile: writeTestFile(t, dir, "master.txt", testMaster+"\n"), secrets: []string{testMaster}}
	key := filepath.Join(dir, "k.keyx")
	wantCode(t, runCLI(t, cliEnv{}, "keyfile", "new", key), 0)
	r := v.run("", append([]string{"init", "--key-file", key}, cheapKDF...)...)
	wantCode(t, r, 0)
	wantStderr(t, r, "remembered "+key+" as this vault's key file")
	v.add("a", "a-Secret-1")
	if got := v.get("a", "password"); got != "a-Secret-1" {
		t.Fatalf("get with the remembered key file: %q", got)
	}
	r = v.ok("", "info")
	if !strings.Contains(r.stdout, "key file:        needed with the master password") {
		t.Errorf("info:\n%s", r.stdout)
	}
	r = v.ok("", "config")
	if r.stdout != "key-file = "+key+"\n" {
		t.Errorf("config: %q", r.stdout)
	}

	other := writeTestFile(t, dir, "other.txt", "not the key file\n")
	r = v.run("", "--key-file", other, "get", "a")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "passtea: wrong master password or key file\n")

	r = v.ok("", "config", "--unset", "key-file")
	wantStderr(t, r, "forgot the key file of this vault")
	r = v.run("", "get", "a")
	wantOneLineError(t, r, 1)
	if r.stderr != wrongMaster {
		t.Errorf("without the key file: %q", r.stderr)
	}
	if got := strings.TrimSpace(v.ok("", "--key-file", key, "get", "a").stdout); got != "a-Secret-1" {
		t.Errorf("get --key-file: %q", got)
	}
	r = v.run("", "config", "key-file")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "no key-file remembered")

	// A remembered path that went away says how to forget it.
	v.ok("", "config", "key-file", key)
	moved := key + ".moved"
	if err := os.Rename(key, moved); err != nil {
		t.Fatal(err)
	}
	r = v.run("", "get", "a")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "the key file remembered for this vault, "+key+": no such file", "passtea config --unset key-file")

	// passwd --no-key-file: the password alone opens it from now on.
	r = v.ok("", "passwd", "--keep-password", "--no-key-file", "--current-key-file", moved)
	wantStderr(t, r, "removed the key file", "forgot the key file of this vault")
	if got := v.get("a", "password"); got != "a-Secret-1" {
		t.Errorf("after --no-key-file: %q", got)
	}
	if r := v.ok("", "info"); !strings.Contains(r.stdout, "key file:        none") {
		t.Errorf("info after --no-key-file:\n%s", r.stdout)
	}

	// A KeePassXC key file (made by keepassxc-cli; see crypto/keyfile's
	// testdata) and any other file serve as well.
	kxc := filepath.Join("..", "..", "crypto", "keyfile", "testdata", "keepassxc.keyx")
	r = v.ok("", "passwd", "--keep-password", "--key-file", kxc)
	wantStderr(t, r, "set the key file")
	if got := v.get("a", "password"); got != "a-Secret-1" {
		t.Errorf("with the KeePassXC key file: %q", got)
	}
	r = v.ok("", "passwd", "--keep-password", "--key-file", other)
	wantStderr(t, r, "changed the key file", "its SHA-256 is the key")
	if got := v.get("a", "password"); got != "a-Secret-1" {
		t.Errorf("with a hashed key file: %q", got)
	}
	r = v.run("", "--key-file", kxc, "get", "a")
	wantOneLineError(t, r, 1)

	// Usage mistakes.
	wantOneLineError(t, v.run("", "passwd", "--keep-password", "--key-file", kxc, "--no-key-file"), 2)
	wantOneLineError(t, v.run("", "config", "colour", "blue"), 2)
	wantOneLineError(t, v.run("", "config", "--unset"), 2)
	r = v.run("", "config", "key-file", filepath.Join(dir, "missing"))
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "no such file")
}

// The settings file is read with line numbers in its errors, and a broken
// one does not stop --key-file.
func TestConfigFileErrors(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	cfg := filepath.Join(v.dir, "config", "passtea", "config")
	if err := os.MkdirAll(filepath.Dir(cfg), 0o700); err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, filepath.Dir(cfg), "config", "[vault \"x\"]\nkey-file\n")
	r := v.run("", "ls")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "settings file "+cfg+": line 2: a setting is KEY = VALUE: fix it or remove it")
	// A FIFO is refused, not waited on.
	if err := os.Remove(cfg); err != nil {
		t.Fatal(err)
	}
	if err := mkfifo(cfg); err != nil {
		t.Skip(err)
	}
	r = v.run("", "ls")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "is not a regular file")
}

func TestRecoveryCode(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("a", "a-Secret-1")
	newFile := v.masterFile("new.txt", testMasterNew)

	// newTestVault's init printed a code; make a fresh one to know it.
	r := v.ok("", "recovery-code", "--new")
	code := recoveryCodeOf(t, r)
	v.secret(code)
	wantStderr(t, r, "made a new recovery code", "shown this once")
	if r := v.ok("", "info"); !strings.Contains(r.stdout, "recovery code:   yes") {
		t.Errorf("info:\n%s", r.stdout)
	}

	// Case, spaces and dashes do not matter.
	typed := strings.ToLower(strings.ReplaceAll(code, "-", " "))
	r = v.runEnv(cliEnv{stdin: typed + "\n"}, "recover", "--new-password-file", newFile)
	wantCode(t, r, 0)
	next := recoveryCodeOf(t, r)
	v.secret(next)
	wantStderr(t, r, "set the new master password", "the recovery code you typed no longer works")
	if next == code {
		t.Fatal("recover printed the code it used")
	}
	if got := strings.TrimSpace(v.runWith(newFile, "", "get", "a").stdout); got != "a-Secret-1" {
		t.Errorf("the new master password: %q", got)
	}
	wantCode(t, v.run("", "get", "a"), 1)

	// The used code works no more; a malformed one is a usage error.
	r = v.runEnv(cliEnv{stdin: code + "\n"}, "recover", "--new-password-file", v.pwFile)
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "wrong recovery code")
	r = v.runEnv(cliEnv{stdin: "not a code\n"}, "recover", "--new-password-file", v.pwFile)
	wantOneLineError(t, r, 2)
	wantStderr(t, r, "a recovery code is 32 letters and digits")

	// --remove: only the password opens it.
	r = v.runWith(newFile, "", "recovery-code", "--remove")
	wantCode(t, r, 0)
	wantStderr(t, r, "removed the recovery code")
	if r := v.runWith(newFile, "", "info"); !strings.Contains(r.stdout, "recovery code:   none") {
		t.Errorf("info after --remove:\n%s", r.stdout)
	}
	wantOneLineError(t, v.runWith(newFile, "", "recovery-code"), 2)
}

func TestInitWithoutRecoveryCode(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "vault.passtea")
	pw := writeTestFile(t, dir, "m.txt", testMaster+"\n")
	r := runCLI(t, cliEnv{}, append([]string{"--vault", path, "--password-file", pw, "init", "--no-recovery-code"}, cheapKDF...)...)
	wantCode(t, r, 0)
	if r.stdout != "" || strings.Contains(r.stderr, "recovery code") {
		t.Errorf("init --no-recovery-code printed %q / %q", r.stdout, r.stderr)
	}
	w, err := vault.Open(path, []byte(testMaster), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Lock()
	if w.HasRecoveryCode() {
		t.Error("the vault has a recovery code")
	}
	// On a terminal the code stands out, indented between blank lines.
	path2 := filepath.Join(dir, "v2.passtea")
	r = runCLI(t, cliEnv{stdoutTerminal: true}, append([]string{"--vault", path2, "--password-file", pw, "init"}, cheapKDF...)...)
	wantCode(t, r, 0)
	if !strings.HasPrefix(r.stdout, "\n    ") || !strings.HasSuffix(r.stdout, "\n\n") || !recoveryCodeLine.MatchString(strings.TrimSpace(r.stdout)+"\n") {
		t.Errorf("on a terminal init printed %q", r.stdout)
	}
}

// A rotated vault key comes with a new recovery code, printed once.
func TestRotateKeyPrintsRecoveryCode(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	r := v.ok("", "passwd", "--keep-password", "--rotate-key")
	code := recoveryCodeOf(t, r)
	v.secret(code)
	wantStderr(t, r, "comes with a new recovery code")
	r = v.runEnv(cliEnv{stdin: code + "\n"}, "recover", "--new-password-file", v.masterFile("n.txt", testMasterNew))
	wantCode(t, r, 0)
	v.secret(recoveryCodeOf(t, r))
}

// Missing vault with a backup: every command says how to restore it, and
// init refuses to make a new vault over it unless --force, before asking
// anything.
func TestBackupWithoutVault(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("a", "a-Secret-1")
	if err := os.Rename(v.path, v.path+".bak"); err != nil {
		t.Fatal(err)
	}
	r := v.run("", "ls")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "the vault file is missing, but its backup "+v.path+".bak exists: restore it with `mv "+v.path+".bak "+v.path+"`")
	term := typing()
	r = v.runEnv(cliEnv{terminal: term}, append([]string{"init"}, cheapKDF...)...)
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "or create a new vault anyway with --force")
	if len(term.prompts) != 0 {
		t.Errorf("init asked %q before refusing", term.prompts)
	}
	r = v.ok("", append([]string{"init", "--force", "--no-recovery-code"}, cheapKDF...)...)
	wantStderr(t, r, "the backup "+v.path+".bak of an earlier vault was moved to "+v.path+".bak.")
	matches, _ := filepath.Glob(v.path + ".bak.*")
	if len(matches) != 1 {
		t.Fatalf("moved backups: %q", matches)
	}
	old, err := vault.Open(matches[0], []byte(testMaster), nil)
	if err != nil {
		t.Fatalf("the moved backup does not open: %v", err)
	}
	defer old.Lock()
	if _, err := old.Get("a"); err != nil {
		t.Errorf("the moved backup lost its entry: %v", err)
	}
}

// Wrong tries: the third in a row starts a wait that the next command
// reports, without checking what was typed.
func TestBackoffMessage(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	bad := v.masterFile("bad.txt", testMasterBad)
	for range 3 {
		wantCode(t, v.runWith(bad, "", "ls"), 1)
	}
	r := v.run("", "ls")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "3 wrong tries in a row: wait ", " s before the next (this one was not checked)")
}

// A vault in a directory others can write to is refused unless
// --insecure-dir.
func TestInsecureDir(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("a", "a-Secret-1")
	if err := os.Chmod(v.dir, 0o777); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(v.dir, 0o700) })
	for _, args := range [][]string{{"ls"}, {"get", "a"}, {"passwd", "--keep-password", "--rotate-key"}} {
		r := v.run("", args...)
		wantOneLineError(t, r, 1)
		wantStderr(t, r, "can be written by other users", "chmod go-w "+v.dir, "--insecure-dir")
	}
	r := v.runEnv(cliEnv{}, "--password-file", v.masterFile("m2.txt", testMaster), "--vault", filepath.Join(v.dir, "new.passtea"), "init")
	wantOneLineError(t, r, 1)
	if got := strings.TrimSpace(v.ok("", "--insecure-dir", "get", "a").stdout); got != "a-Secret-1" {
		t.Errorf("--insecure-dir: %q", got)
	}
}

// TestInsecureDirAgent: handing the vault to the agent is refused in a
// directory others can write to as opening it here is, by unlock and by
// a command that starts the agent, unless --insecure-dir.
func TestInsecureDirAgent(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("a", "a-Secret-1")
	if err := os.Chmod(v.dir, 0o777); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(v.dir, 0o700) })
	ta := newTestAgent(t)
	r := v.agentRun(ta, nil, "", "unlock", "--password-file", v.pwFile)
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "can be written by other users", "--insecure-dir")
	term := typing(testMaster)
	r = v.agentRun(ta, term, "", "get", "a")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "can be written by other users")
	if ta.holds(v.path) || len(term.prompts) != 0 {
		t.Fatalf("the agent holds the vault, or the password was asked (%q)", term.prompts)
	}
	v.agentOK(ta, "", "--insecure-dir", "unlock", "--password-file", v.pwFile)
	if !ta.holds(v.path) {
		t.Fatal("--insecure-dir unlock: the agent does not hold the vault")
	}
	// The vault the agent holds is refused without the flag, as it is
	// without the agent, and served with it.
	r = v.agentRun(ta, nil, "", "get", "a")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "can be written by other users", "--insecure-dir")
	if r := v.agentOK(ta, "", "--insecure-dir", "get", "a"); r.stdout != "a-Secret-1\n" {
		t.Fatalf("--insecure-dir get through the agent: %q", r.stdout)
	}
}
