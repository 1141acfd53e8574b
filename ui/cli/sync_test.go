// End-to-end tests of passtea sync and the git merge driver: passtea runs
// as real processes (this test binary, see subprocess_test.go) on clones
// of a bare repository in a temporary directory, each with its own home,
// git configuration and vault directory, through the system's git.

package cli

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/passtea/passtea/ui/agent"
	"github.com/passtea/passtea/vault"
)

// gitClone is one machine: a home with a git identity, a vault directory,
// and the environment passtea and git run with there.
type gitClone struct {
	t      *testing.T
	name   string
	vault  string
	pwFile string
	env    []string
	bin    string
}

// newGitClone makes a machine; the vault is created or fetched by the
// test. runtime is the XDG_RUNTIME_DIR (where the agent listens).
func newGitClone(t *testing.T, name, bin, pwFile, runtime string) *gitClone {
	t.Helper()
	root := t.TempDir()
	home := filepath.Join(root, "home")
	if err := os.MkdirAll(home, 0o700); err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, home, ".gitconfig", "[user]\n\tname = "+name+"\n\temail = "+name+"@example.com\n[init]\n\tdefaultBranch = main\n")
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case k == "HOME" || k == "XDG_CONFIG_HOME" || k == "XDG_RUNTIME_DIR" || k == "PATH" || k == "NO_COLOR":
		case strings.HasPrefix(k, "GIT_") || strings.HasPrefix(k, "PASSTEA_"):
		default:
			env = append(env, kv)
		}
	}
	env = append(env, "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"), "GIT_CONFIG_NOSYSTEM=1",
		"XDG_RUNTIME_DIR="+runtime, "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
	return &gitClone{t: t, name: name, vault: filepath.Join(root, "data", "vault.passtea"), pwFile: pwFile, env: env, bin: bin}
}

// run runs passtea on the clone's vault with its password file.
func (c *gitClone) run(stdin string, args ...string) cliResult {
	c.t.Helper()
	cmd := exec.Command(c.bin, append([]string{"--vault", c.vault, "--password-file", c.pwFile}, args...)...)
	cmd.Env = c.env
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		c.t.Fatal(err)
	}
	r := cliResult{code: code, stdout: stdout.String(), stderr: stderr.String()}
	noSecretsIn(c.t, c.name+": stderr of passtea "+strings.Join(args, " "), r.stderr, testMaster)
	return r
}

// ok runs passtea and fails the test unless it succeeds.
func (c *gitClone) ok(stdin string, args ...string) cliResult {
	c.t.Helper()
	r := c.run(stdin, args...)
	if r.code != 0 {
		c.t.Fatalf("%s: passtea %s: exit %d\nstdout: %s\nstderr: %s", c.name, strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r
}

// git runs git in the clone's vault directory.
func (c *gitClone) git(args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = filepath.Dir(c.vault)
	cmd.Env = c.env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// entries returns "name=password" of every entry, sorted, "!" marking a
// conflict.
func (c *gitClone) entries() []string {
	c.t.Helper()
	v, err := vault.Open(c.vault, []byte(testMaster), nil)
	if err != nil {
		c.t.Fatalf("%s: %v", c.name, err)
	}
	defer v.Lock()
	es, err := v.Entries()
	if err != nil {
		c.t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		s, err := v.Secret(e.ID)
		if err != nil {
			c.t.Fatal(err)
		}
		mark := ""
		if e.Conflict {
			mark = "!"
		}
		out = append(out, e.Name+"="+s.Password+mark)
	}
	slices.Sort(out)
	return out
}

// syncSetup makes a bare remote and n clones; the first creates the vault
// with an entry and runs sync init, the others sync init with no vault.
func syncSetup(t *testing.T, n int, runtime string) []*gitClone {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not found")
	}
	bin := passteaBin(t)
	dir := t.TempDir()
	pwFile := writeTestFile(t, dir, "master.txt", testMaster+"\n")
	remote := filepath.Join(dir, "remote.git")
	if out, err := exec.Command("git", "init", "-q", "--bare", "-b", "main", remote).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v: %s", err, out)
	}
	var cs []*gitClone
	for i := range n {
		cs = append(cs, newGitClone(t, string(rune('a'+i)), bin, pwFile, runtime))
	}
	a := cs[0]
	a.ok("", append([]string{"init"}, cheapKDF...)...)
	a.ok("mail-Password-0\n", "add", "mail")
	r := a.ok("", "sync", "init", remote)
	want := []string{"made " + filepath.Dir(a.vault) + " a git repository", "wrote " + filepath.Join(filepath.Dir(a.vault), ".gitattributes"),
		"added the remote origin", "committed the vault", "pushed to origin/main (new there)"}
	for _, w := range want {
		if !strings.Contains(r.stderr, w+"\n") {
			t.Errorf("a: sync init: %q lacks %q", r.stderr, w)
		}
	}
	for _, c := range cs[1:] {
		r := c.ok("", "sync", "init", remote)
		if !strings.Contains(r.stderr, "took the vault from the remote") || !strings.Contains(r.stderr, "in step with origin/main") {
			t.Errorf("%s: sync init: %q", c.name, r.stderr)
		}
	}
	return cs
}

// TestSyncThreeClones: three machines change the vault between syncs (the
// same field of one entry on two of them), sync in different orders, and
// end with the same entries, the conflict marked on all.
func TestSyncThreeClones(t *testing.T) {
	t.Parallel()
	cs := syncSetup(t, 3, t.TempDir())
	a, b, c := cs[0], cs[1], cs[2]
	a.ok("mail-Password-a\n", "edit", "mail", "--password-stdin")
	b.ok("mail-Password-b\n", "edit", "mail", "--password-stdin")
	b.ok("bank-Password-b\n", "add", "bank")
	c.ok("", "edit", "mail", "--username", "me@example.com")
	c.ok("post-Password-c\n", "add", "post")

	a.ok("", "sync")
	r := b.ok("", "sync")
	if !strings.Contains(r.stderr, `conflict  "mail"`) || !strings.Contains(r.stderr, "pushed to origin/main") {
		t.Errorf("b's sync: %q", r.stderr)
	}
	c.ok("", "sync")
	a.ok("shop-Password-a\n", "add", "shop")
	for _, x := range []*gitClone{a, c, b, a, c} {
		x.ok("", "sync")
	}
	want := []string{"bank=bank-Password-b", "mail=mail-Password-b!", "post=post-Password-c", "shop=shop-Password-a"}
	for _, x := range cs {
		if got := x.entries(); !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", x.name, got, want)
		}
		if r := x.ok("", "sync"); r.stderr != "in step with origin/main\n" {
			t.Errorf("%s: a sync in step: %q", x.name, r.stderr)
		}
	}
	var listed []struct{ Name string }
	if r := c.ok("", "ls", "--json"); json.Unmarshal([]byte(r.stdout), &listed) != nil || len(listed) != 4 {
		t.Errorf("c: ls --json: %q", r.stdout)
	}
	if r := c.ok("", "get", "mail", "--field", "username"); r.stdout != "me@example.com\n" {
		t.Errorf("c: the username changed on c alone: %q", r.stdout)
	}
}

// TestGitMergeDriver: a plain git pull that must merge the vault runs
// passtea's merge driver, which gets the key from a password file, from
// the agent, or (with neither) fails and leaves the conflict that passtea
// sync then merges.
func TestGitMergeDriver(t *testing.T) {
	t.Parallel()
	runtime := t.TempDir()
	cs := syncSetup(t, 2, runtime)
	a, b := cs[0], cs[1]
	step := 0
	diverge := func() {
		t.Helper()
		step++
		n := string(rune('0' + step))
		a.ok("a-Password-"+n+"\n", "add", "from-a-"+n)
		a.ok("", "sync")
		b.ok("b-Password-"+n+"\n", "add", "from-b-"+n)
		if out, err := b.git("commit", "-qam", "b "+n); err != nil {
			t.Fatalf("git commit: %v: %s", err, out)
		}
	}
	has := func(names ...string) {
		t.Helper()
		got := strings.Join(b.entries(), " ")
		for _, n := range names {
			if !strings.Contains(got, n+"=") {
				t.Errorf("b lacks %s: %s", n, got)
			}
		}
	}

	// A password file, named in the driver's command.
	diverge()
	if out, err := b.git("-c", "merge.passtea.driver=passtea --password-file "+b.pwFile+" git-merge-driver %O %A %B %P", "pull", "--no-rebase", "-q"); err != nil {
		t.Fatalf("git pull: %v: %s", err, out)
	} else if !strings.Contains(out, `passtea merged vault.passtea: 1 added`) {
		t.Errorf("git pull said %q", out)
	}
	has("from-a-1", "from-b-1")

	// The agent, holding the vault: the driver as registered.
	diverge()
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- agent.Serve(ctx, agent.Config{Dir: filepath.Join(runtime, "passtea")}) }()
	t.Cleanup(func() { cancel(); <-served })
	var cl *agent.Client
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		var err error
		if cl, err = agent.Dial(filepath.Join(runtime, "passtea")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the agent did not start: %v", err)
		}
	}
	defer cl.Close()
	if _, err := cl.Unlock(b.vault, vault.Credentials{Password: []byte(testMaster)}, agent.UnlockOptions{}); err != nil {
		t.Fatal(err)
	}
	if out, err := b.git("pull", "--no-rebase", "-q"); err != nil {
		t.Fatalf("git pull with the agent: %v: %s", err, out)
	}
	has("from-a-2", "from-b-2")
	if _, err := cl.Lock(b.vault); err != nil {
		t.Fatal(err)
	}

	// Neither: the pull stops on the vault, and passtea sync finishes it.
	diverge()
	out, err := b.git("pull", "--no-rebase", "-q")
	if err == nil || !strings.Contains(out, "no agent holds the vault and there is no terminal") || !strings.Contains(out, "passtea sync merges it") {
		t.Fatalf("git pull without a key: %v: %s", err, out)
	}
	r := b.ok("", "sync")
	if !strings.Contains(r.stderr, "merged origin/main: 1 added") || !strings.Contains(r.stderr, "pushed to origin/main") {
		t.Errorf("sync after the stopped pull: %q", r.stderr)
	}
	has("from-a-3", "from-b-3")
	a.ok("", "sync")
	if got, want := a.entries(), b.entries(); !slices.Equal(got, want) {
		t.Errorf("a %v, b %v", got, want)
	}
}

// TestSyncBackground: with sync auto on, a change reaches the remote by
// itself; a background sync that needs the key says so at the next change.
func TestSyncBackground(t *testing.T) {
	t.Parallel()
	cs := syncSetup(t, 2, t.TempDir())
	a, b := cs[0], cs[1]
	// Runs before the temporary directories are removed.
	t.Cleanup(func() { waitBackgroundSyncs(t, a.vault, b.vault) })
	if r := a.ok("", "sync", "auto"); r.stdout != "off\n" {
		t.Errorf("sync auto: %q", r.stdout)
	}
	a.ok("", "sync", "auto", "on")
	waitLog := func(c *gitClone, what string) string {
		t.Helper()
		var log []byte
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			log, _ = os.ReadFile(c.vault + ".sync.log")
			if strings.Contains(string(log), what) {
				return string(log)
			}
		}
		t.Fatalf("%s: the background sync did not log %q: %q", c.name, what, log)
		return ""
	}
	waitLog(a, "pushed")
	os.Remove(a.vault + ".sync.log")
	a.ok("auto-Password-1\n", "add", "auto")
	waitLog(a, "pushed to origin/main")
	if r := b.ok("", "sync"); !strings.Contains(r.stderr, "took the changes from origin/main") {
		t.Errorf("b: %q", r.stderr)
	}
	if got := b.entries(); !slices.Contains(got, "auto=auto-Password-1") {
		t.Errorf("b: %v", got)
	}

	// b's setting came with the vault; b pushes a change, a changes too:
	// a's background sync must merge, which it cannot without the agent.
	b.ok("", "sync", "auto", "off")
	b.ok("b-Password-2\n", "add", "from-b")
	b.ok("", "sync")
	os.Remove(a.vault + ".sync.log")
	a.ok("a-Password-2\n", "add", "from-a")
	waitLog(a, "failed: ")
	r := a.ok("", "edit", "from-a", "--username", "x")
	if !strings.Contains(r.stderr, "the last background sync failed") || !strings.Contains(r.stderr, "run passtea sync") {
		t.Errorf("a's next change: %q", r.stderr)
	}
	waitLog(a, "failed: ")
	a.ok("", "sync")
	if got := a.entries(); !slices.Contains(got, "from-b=b-Password-2") {
		t.Errorf("a after the sync: %v", got)
	}
}

// waitBackgroundSyncs waits until no background sync of these vaults runs
// (a process whose command line names one of them and --background), so
// that none is left writing in a directory the test removes. Where there
// is no /proc it returns at once.
func waitBackgroundSyncs(t *testing.T, vaults ...string) {
	t.Helper()
	running := func() bool {
		cmdlines, _ := filepath.Glob("/proc/[0-9]*/cmdline")
		for _, f := range cmdlines {
			b, err := os.ReadFile(f)
			if err != nil || !strings.Contains(string(b), "\x00--background") {
				continue
			}
			for _, v := range vaults {
				abs, _ := filepath.Abs(v)
				if strings.Contains(string(b), "\x00"+abs+"\x00") {
					return true
				}
			}
		}
		return false
	}
	for deadline := time.Now().Add(60 * time.Second); running(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Errorf("a background sync of %q still runs after a minute", vaults)
			return
		}
	}
}

// TestSyncNotSetUp: sync outside a repository says how to set one up.
func TestSyncNotSetUp(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not found")
	}
	v := newTestVault(t)
	r := v.run("", "sync")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "not in a git repository", "passtea sync init")
	wantOneLineError(t, v.run("", "sync", "auto", "maybe"), 2)
}
