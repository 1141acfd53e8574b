package gitsync

import (
	"context"
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/passtea/passtea/vault"
)

// TestTwoMachines walks through the life of a vault on two machines: the
// first sets the remote up, the second takes the vault from it, each
// changes things (the same field of the same entry too), and syncs in
// both orders bring them to the same entries, with the conflict marked,
// and then to the same bytes: syncing again makes no commit.
func TestTwoMachines(t *testing.T) {
	t.Parallel()
	needGit(t)
	remote := bareRemote(t)
	a, b := newMachine(t, "a", false), newMachine(t, "b", false)
	a.create()
	a.set("mail", "pw-0")
	res := a.init(remote)
	if !res.Created || !res.Committed || !res.RemoteAdded || len(res.Written) != 2 {
		t.Errorf("a's init: %+v", res)
	}
	if r := a.sync(); !r.PushedNew || r.Committed {
		t.Errorf("a's first sync: %+v", r)
	}
	res = b.init(remote)
	if !res.CheckedOut || res.Committed || len(res.Written) != 0 {
		t.Errorf("b's init: %+v", res)
	}
	if got := b.entries(); !slices.Equal(got, []string{"mail=pw-0"}) {
		t.Fatalf("b after init: %v", got)
	}
	if r := b.sync(); r.Pushed || r.Committed || r.FastForwarded || r.Merged != nil || r.DriverRegistered {
		t.Errorf("b's sync with nothing to do: %+v", r)
	}

	// Only b changes: b pushes, a fast-forwards.
	b.set("bank", "pw-1")
	if r := b.sync(); !r.Committed || !r.Pushed {
		t.Errorf("b pushes: %+v", r)
	}
	if r := a.sync(); !r.FastForwarded || r.Pushed {
		t.Errorf("a takes b's change: %+v", r)
	}
	if a.head() != b.head() {
		t.Error("a fast-forward left a on another commit than b")
	}

	// Both change, the same field of the same entry among it.
	a.set("mail", "pw-a")
	a.set("shop", "pw-2")
	b.set("mail", "pw-b")
	b.set("post", "pw-3")
	a.sync()
	r := b.sync()
	if r.Merged == nil || !slices.Equal(r.Merged.Added, []string{"shop"}) || !slices.Equal(r.Merged.Conflicts, []string{"mail"}) || !r.Pushed {
		t.Fatalf("b merges a's changes: %+v (%+v)", r, r.Merged)
	}
	if r := a.sync(); !r.FastForwarded {
		t.Errorf("a takes the merge: %+v", r)
	}
	want := []string{"bank=pw-1", "mail=pw-b!", "post=pw-3", "shop=pw-2"} // b's change is the later one
	for _, m := range []*machine{a, b} {
		if got := m.entries(); !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", m.name, got, want)
		}
	}
	parents := strings.Fields(b.git("log", "-1", "--format=%P"))
	if len(parents) != 2 {
		t.Errorf("the merge commit has parents %v", parents)
	}

	// In step: no more commits, whoever syncs.
	head := a.head()
	for range 2 {
		for _, m := range []*machine{a, b} {
			if r := m.sync(); r.Committed || r.Pushed || r.FastForwarded || r.Merged != nil {
				t.Errorf("%s in step: %+v", m.name, r)
			}
		}
	}
	if a.head() != head || b.head() != head {
		t.Error("syncs in step made commits")
	}
	if st := a.git("status", "--porcelain"); st != "" {
		t.Errorf("a's work tree after the syncs: %q", st)
	}
}

// TestThreeMachinesAnyOrder: three machines change entries between syncs
// in random orders; once each synced twice in a row, all hold the same
// entries and every change survives (as a current value or, for the same
// field changed twice, in history).
func TestThreeMachinesAnyOrder(t *testing.T) {
	t.Parallel()
	needGit(t)
	remote := bareRemote(t)
	ms := []*machine{newMachine(t, "a", false), newMachine(t, "b", false), newMachine(t, "c", true)}
	ms[0].create()
	ms[0].set("shared", "pw-0")
	ms[0].init(remote)
	ms[0].sync()
	for _, m := range ms[1:] {
		m.init(remote)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	names := map[string]bool{"shared": true}
	for round := range 4 {
		for i, m := range ms {
			name := "m" + string(rune('a'+i)) + "-" + string(rune('0'+round))
			m.set(name, "pw-"+name)
			names[name] = true
			if rng.IntN(2) == 0 {
				m.set("shared", "pw-"+name)
			}
		}
		for _, i := range rng.Perm(len(ms)) {
			ms[i].sync()
		}
	}
	for range 2 {
		for _, m := range ms {
			m.sync()
		}
	}
	first := ms[0].entries()
	if len(first) != len(names) {
		t.Errorf("%d entries, want %d: %v", len(first), len(names), first)
	}
	for _, m := range ms[1:] {
		if got := m.entries(); !slices.Equal(got, first) {
			t.Errorf("%s: %v, %s: %v", ms[0].name, first, m.name, got)
		}
	}
	if author := ms[2].git("log", "-1", "--format=%an", "--author=passtea"); author == "" {
		t.Error("the machine without a git identity made no commit as passtea")
	}
}

// TestUnrelatedHistories: a second machine that already had a copy of the
// vault sets up its own repository with the same remote; the two
// histories share no commit and still merge.
func TestUnrelatedHistories(t *testing.T) {
	t.Parallel()
	needGit(t)
	remote := bareRemote(t)
	a, b := newMachine(t, "a", false), newMachine(t, "b", false)
	a.create()
	a.set("mail", "pw-0")
	b.copyFrom(a)
	a.set("shop", "pw-a")
	b.set("post", "pw-b")
	a.init(remote)
	a.sync()
	b.init(remote)
	if r := b.sync(); r.Merged == nil || !slices.Equal(r.Merged.Added, []string{"shop"}) {
		t.Fatalf("b's first sync: %+v", r)
	}
	a.sync()
	want := []string{"mail=pw-0", "post=pw-b", "shop=pw-a"}
	for _, m := range []*machine{a, b} {
		if got := m.entries(); !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", m.name, got, want)
		}
	}
}

// TestOtherVaultRefused: a remote that holds another vault is not merged.
func TestOtherVaultRefused(t *testing.T) {
	t.Parallel()
	needGit(t)
	remote := bareRemote(t)
	a, b := newMachine(t, "a", false), newMachine(t, "b", false)
	a.create()
	a.init(remote)
	a.sync()
	b.create()
	b.init(remote)
	head := b.head()
	_, err := b.repo().Sync(context.Background(), Options{Merge: b.merge})
	// Without its password another vault cannot be told from a copy
	// whose key was rotated.
	if !errors.Is(err, vault.ErrWrongPassword) {
		t.Fatalf("another vault: %v", err)
	}
	if b.head() != head || b.git("status", "--porcelain") != "" {
		t.Error("a refused merge left changes")
	}
}

// TestNeedKey: a sync that must merge but has no way to get the key
// changes nothing and says so; a later sync with the key merges.
func TestNeedKey(t *testing.T) {
	t.Parallel()
	needGit(t)
	remote := bareRemote(t)
	a, b := newMachine(t, "a", false), newMachine(t, "b", false)
	a.create()
	a.init(remote)
	a.sync()
	b.init(remote)
	a.set("mail", "pw-a")
	a.sync()
	b.set("post", "pw-b")
	before, err := os.ReadFile(b.vault)
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.repo().Sync(context.Background(), Options{})
	if !errors.Is(err, ErrNeedKey) {
		t.Fatalf("without the key: %v, want ErrNeedKey", err)
	}
	if after, _ := os.ReadFile(b.vault); string(after) != string(before) {
		t.Error("the vault changed")
	}
	if _, err := os.Stat(filepath.Join(b.repo().GitDir, "MERGE_HEAD")); err == nil {
		t.Error("a merge was left in progress")
	}
	b.sync()
	if got := b.entries(); !slices.Equal(got, []string{"mail=pw-a", "post=pw-b"}) {
		t.Errorf("after a sync with the key: %v", got)
	}
}

// TestFinishGitMerge: a git pull whose merge driver could not run leaves
// the vault conflicted; the next sync merges it and commits the merge.
func TestFinishGitMerge(t *testing.T) {
	t.Parallel()
	needGit(t)
	remote := bareRemote(t)
	a, b := newMachine(t, "a", false), newMachine(t, "b", false)
	a.create()
	a.init(remote)
	a.sync()
	b.init(remote)
	a.set("mail", "pw-a")
	a.sync()
	b.set("post", "pw-b")
	b.git("commit", "-qam", "b")
	// The driver fails, as one without an agent or a terminal does.
	if _, err := (git{dir: filepath.Dir(b.vault), env: b.env}).run(context.Background(),
		"-c", "merge.passtea.driver=false", "pull", "-q", "--no-rebase"); err == nil {
		t.Fatal("the pull did not stop on the vault")
	}
	r := b.sync()
	if r.Merged == nil || !slices.Equal(r.Merged.Added, []string{"mail"}) || !r.Pushed {
		t.Fatalf("the sync after the pull: %+v", r)
	}
	if got := b.entries(); !slices.Equal(got, []string{"mail=pw-a", "post=pw-b"}) {
		t.Errorf("b: %v", got)
	}
	if parents := strings.Fields(b.git("log", "-1", "--format=%P")); len(parents) != 2 {
		t.Errorf("the finished merge has parents %v", parents)
	}
}

// TestOtherFileConflict: a conflict in another file of the repository is
// the user's to resolve: the sync stops, changes nothing, and says so.
func TestOtherFileConflict(t *testing.T) {
	t.Parallel()
	needGit(t)
	remote := bareRemote(t)
	a, b := newMachine(t, "a", false), newMachine(t, "b", false)
	a.create()
	a.init(remote)
	a.sync()
	b.init(remote)
	for i, m := range []*machine{a, b} {
		if err := os.WriteFile(filepath.Join(filepath.Dir(m.vault), "notes.txt"), []byte("from "+m.name+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		m.git("add", "notes.txt")
		m.git("commit", "-qm", "notes")
		m.set("e"+string(rune('0'+i)), "pw")
	}
	a.sync()
	_, err := b.repo().Sync(context.Background(), Options{Merge: b.merge})
	if err == nil || !strings.Contains(err.Error(), "notes.txt") {
		t.Fatalf("a conflict in notes.txt: %v", err)
	}
	if parents := strings.Fields(b.git("log", "-1", "--format=%P")); len(parents) != 1 {
		t.Error("the sync committed a merge")
	}
	if got := b.entries(); !slices.Equal(got, []string{"e1=pw"}) {
		t.Errorf("b's vault after the refused merge: %v", got)
	}
	if _, err := os.Stat(filepath.Join(b.repo().GitDir, "MERGE_HEAD")); err == nil {
		t.Error("a merge was left in progress")
	}
}

// TestFastForwardKeepsSave: a save that lands between a sync's commit and
// its fast-forward is not overwritten: the vault is then merged instead.
func TestFastForwardKeepsSave(t *testing.T) {
	t.Parallel()
	needGit(t)
	remote := bareRemote(t)
	a, b := newMachine(t, "a", false), newMachine(t, "b", false)
	a.create()
	a.init(remote)
	a.sync()
	b.init(remote)
	a.set("mail", "pw-a")
	a.sync()
	r := b.repo()
	ctx := context.Background()
	gitIn(t, r.Top, b.env, "fetch", "-q", "origin")
	b.set("late", "pw-late") // after the commit the sync would make
	if err := r.fastForward(ctx, "refs/remotes/origin/main"); !errors.Is(err, errRaced) {
		t.Fatalf("fast-forward over a save: %v, want errRaced", err)
	}
	if got := b.entries(); !slices.Equal(got, []string{"late=pw-late"}) {
		t.Fatalf("the save was overwritten: %v", got)
	}
	b.sync()
	if got := b.entries(); !slices.Equal(got, []string{"late=pw-late", "mail=pw-a"}) {
		t.Errorf("after the sync: %v", got)
	}
}

// TestBesideFiles: git ignores the files passtea keeps beside the vault,
// not the vault, and merges the vault with the driver, whatever its name.
func TestBesideFiles(t *testing.T) {
	t.Parallel()
	needGit(t)
	for _, name := range []string{"vault.passtea", "my vault [1].passtea"} {
		m := newMachine(t, "a", false)
		m.vault = filepath.Join(filepath.Dir(m.vault), name)
		m.create()
		m.init("")
		dir := filepath.Dir(m.vault)
		ignored := []string{name + ".bak", name + ".lock", name + ".tries", name + ".sync.log", "." + name + ".tmp-123", "." + name + ".sync-9", "conflicts/x.passtea"}
		for _, f := range ignored {
			if _, err := (git{dir: dir, env: m.env}).run(context.Background(), "check-ignore", "-q", "--", f); err != nil {
				t.Errorf("%s: %s is not ignored", name, f)
			}
		}
		if _, err := (git{dir: dir, env: m.env}).run(context.Background(), "check-ignore", "-q", "--", name); err == nil {
			t.Errorf("%s is ignored", name)
		}
		if attr := m.git("check-attr", "merge", "--", name); !strings.HasSuffix(strings.TrimSpace(attr), "merge: passtea") {
			t.Errorf("%s: %q", name, attr)
		}
		if ok, err := m.repo().DriverRegistered(context.Background()); !ok || err != nil {
			t.Errorf("%s: driver registered %v, %v", name, ok, err)
		}
		// A second init adds nothing.
		if res := m.init(""); len(res.Written) != 0 || res.Committed || res.Created {
			t.Errorf("%s: second init: %+v", name, res)
		}
	}
}

// TestFreshCloneRegistersDriver: a plain git clone lacks the driver's
// configuration; the first sync adds it.
func TestFreshCloneRegistersDriver(t *testing.T) {
	t.Parallel()
	needGit(t)
	remote := bareRemote(t)
	a, b := newMachine(t, "a", false), newMachine(t, "b", false)
	a.create()
	a.init(remote)
	a.sync()
	gitIn(t, "", b.env, "clone", "-q", remote, filepath.Dir(b.vault))
	if r := b.sync(); !r.DriverRegistered {
		t.Errorf("first sync of a clone: %+v", r)
	}
	if got := strings.TrimSpace(b.git("config", "merge.passtea.driver")); got != DriverCommand {
		t.Errorf("driver %q", got)
	}
	if r := b.sync(); r.DriverRegistered {
		t.Error("registered again")
	}
}

// TestNotRepo: a vault outside any repository is told to run init.
func TestNotRepo(t *testing.T) {
	t.Parallel()
	needGit(t)
	m := newMachine(t, "a", false)
	m.create()
	if _, err := Find(context.Background(), m.vault, m.env); !errors.Is(err, ErrNotRepo) {
		t.Errorf("Find: %v, want ErrNotRepo", err)
	}
}

func TestLastLines(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"fatal: unable to access 'https://user:tok3n@example.com/v.git/': 403\n": "fatal: unable to access 'https://***@example.com/v.git/': 403",
		"a\nb\n\nc\nd\n":                   "b; c; d",
		"remote: \x1b[31mred\x1b[0m\u202e": "remote: ?[31mred?[0m?",
	} {
		if got := lastLines(in, 3); got != want {
			t.Errorf("lastLines(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestInitRefusesOptionRemote: a remote that starts with '-' is not
// handed to git (which would read it as an option), and nothing is made.
func TestInitRefusesOptionRemote(t *testing.T) {
	t.Parallel()
	needGit(t)
	m := newMachine(t, "a", false)
	m.create()
	_, err := Init(context.Background(), m.vault, InitOptions{Remote: "--mirror=fetch", Env: m.env})
	if err == nil || !strings.Contains(err.Error(), "starts with '-'") {
		t.Fatalf("Init: %v, want a refusal of the remote", err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(m.vault), ".git")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a repository was made: %v", err)
	}
}

// TestInitUnreachableRemote: a remote that cannot be reached is not left
// behind, so that init can be run again with the right one; the error
// does not show the credentials in its URL.
func TestInitUnreachableRemote(t *testing.T) {
	t.Parallel()
	needGit(t)
	m := newMachine(t, "a", false)
	m.create()
	bad := "file://user:s3cret-token@" + filepath.Join(t.TempDir(), "missing.git")
	_, err := Init(context.Background(), m.vault, InitOptions{Remote: bad, Env: m.env})
	if err == nil {
		t.Fatal("Init with a missing remote succeeded")
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("the error shows the credentials: %v", err)
	}
	if got := m.git("remote"); got != "" {
		t.Errorf("remotes after a failed init: %q", got)
	}
	remote := bareRemote(t)
	if res := m.init(remote); !res.RemoteAdded {
		t.Errorf("init again with the right remote: %+v", res)
	}
}

// TestGitErrorScrubsArgs: a failed git's message blanks the credentials
// of a URL among its arguments.
func TestGitErrorScrubsArgs(t *testing.T) {
	t.Parallel()
	e := &GitError{Args: []string{"remote", "add", "--", "origin", "https://user:tok3n@example.com/v.git"}, Status: 3}
	if got := e.Error(); strings.Contains(got, "tok3n") || !strings.Contains(got, "https://***@example.com") {
		t.Errorf("Error() = %q", got)
	}
}
