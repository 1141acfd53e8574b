// Helpers of the sync tests: machines, each with its own home, git
// configuration and vault directory, syncing with a bare repository in a
// temporary directory through the system's git.

package gitsync

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/passtea/passtea/vault"
)

var (
	testPassword = []byte("correct horse battery staple")
	testKDF      = vault.KDFSettings{Params: vault.KDFParams{MemoryKiB: 8 << 10, Iterations: 1, Parallelism: 1}, Explicit: true}
)

// needGit skips the test where git is missing.
func needGit(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not found")
	}
}

// testEnv is this process's environment without what would make git
// read the user's configuration or another repository.
func testEnv(home string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if k == "HOME" || k == "XDG_CONFIG_HOME" || strings.HasPrefix(k, "GIT_") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"), "GIT_CONFIG_NOSYSTEM=1")
}

// machine is one computer of the user's.
type machine struct {
	t     *testing.T
	name  string
	home  string
	vault string // the vault file
	env   []string
}

// newMachine makes a machine whose git knows who commits (unless
// anonymous) and whose vault lives in its own directory.
func newMachine(t *testing.T, name string, anonymous bool) *machine {
	t.Helper()
	root := t.TempDir()
	home := filepath.Join(root, "home")
	if err := os.MkdirAll(home, 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := "[init]\n\tdefaultBranch = main\n"
	if !anonymous {
		cfg += "[user]\n\tname = " + name + "\n\temail = " + name + "@example.com\n"
	}
	if err := os.WriteFile(filepath.Join(home, ".gitconfig"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return &machine{t: t, name: name, home: home, vault: filepath.Join(root, "data", "passtea", "vault.passtea"), env: testEnv(home)}
}

// bareRemote makes an empty bare repository and returns its path.
func bareRemote(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "remote.git")
	gitIn(t, "", testEnv(t.TempDir()), "init", "-q", "--bare", "-b", "main", dir)
	return dir
}

// gitIn runs git in dir and returns its output; it fails the test on an
// error.
func gitIn(t testing.TB, dir string, env []string, args ...string) string {
	t.Helper()
	out, err := (git{dir: dir, env: env}).run(context.Background(), args...)
	if err != nil {
		t.Fatalf("git %v: %v", args, err)
	}
	return string(out)
}

// git runs git in the machine's vault directory.
func (m *machine) git(args ...string) string {
	m.t.Helper()
	return gitIn(m.t, filepath.Dir(m.vault), m.env, args...)
}

// create makes a new vault on the machine.
func (m *machine) create() {
	m.t.Helper()
	v, _, err := vault.Create(m.vault, vault.NewVault{Credentials: vault.Credentials{Password: testPassword}, KDF: testKDF}, nil)
	if err != nil {
		m.t.Fatal(err)
	}
	v.Lock()
}

// copyFrom gives the machine a copy of another machine's vault file.
func (m *machine) copyFrom(o *machine) {
	m.t.Helper()
	b, err := os.ReadFile(o.vault)
	if err != nil {
		m.t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(m.vault), 0o700); err != nil {
		m.t.Fatal(err)
	}
	if err := os.WriteFile(m.vault, b, 0o600); err != nil {
		m.t.Fatal(err)
	}
}

// open unlocks the machine's vault.
func (m *machine) open() *vault.Vault {
	m.t.Helper()
	v, err := vault.Open(m.vault, testPassword, nil)
	if err != nil {
		m.t.Fatal(err)
	}
	return v
}

// set sets the password of the entry name, adding it if it is new.
func (m *machine) set(name, password string) {
	m.t.Helper()
	v := m.open()
	defer v.Lock()
	e, err := v.Get(name)
	if err != nil {
		if _, err := v.Add(vault.NewEntry{Name: name, Secret: vault.Secret{Password: password}}); err != nil {
			m.t.Fatal(err)
		}
		return
	}
	if _, err := v.Edit(e.ID, vault.Change{Password: &password}); err != nil {
		m.t.Fatal(err)
	}
}

// entries returns "name=password" for every entry, sorted, with a "!"
// after entries marked as conflicts.
func (m *machine) entries() []string {
	m.t.Helper()
	v := m.open()
	defer v.Lock()
	es, err := v.Entries()
	if err != nil {
		m.t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		s, err := v.Secret(e.ID)
		if err != nil {
			m.t.Fatal(err)
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

// merge is the Options.Merge of the machine: the copy merged in here.
func (m *machine) merge(path string) (vault.MergeReport, error) {
	v := m.open()
	defer v.Lock()
	o, err := v.OpenCopy(path, nil)
	if err != nil {
		return vault.MergeReport{}, err
	}
	defer o.Lock()
	return v.Merge(o)
}

// repo finds the machine's repository.
func (m *machine) repo() *Repo {
	m.t.Helper()
	r, err := Find(context.Background(), m.vault, m.env)
	if err != nil {
		m.t.Fatal(err)
	}
	return r
}

// init runs Init with the remote.
func (m *machine) init(remote string) InitResult {
	m.t.Helper()
	res, err := Init(context.Background(), m.vault, InitOptions{Remote: remote, Env: m.env})
	if err != nil {
		m.t.Fatalf("%s: init: %v", m.name, err)
	}
	return res
}

// sync syncs the machine, merging with its key.
func (m *machine) sync() Result {
	m.t.Helper()
	res, err := m.repo().Sync(context.Background(), Options{Merge: m.merge})
	if err != nil {
		m.t.Fatalf("%s: sync: %v", m.name, err)
	}
	return res
}

// head returns the machine's HEAD commit.
func (m *machine) head() string {
	m.t.Helper()
	return strings.TrimSpace(m.git("rev-parse", "HEAD"))
}
