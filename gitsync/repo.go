// The repository a vault lives in: finding it, its branch and upstream,
// and the files passtea keeps beside the vault (.gitattributes,
// .gitignore, the merge driver's registration).

package gitsync

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ErrNotRepo means the vault's directory is not in a git repository.
var ErrNotRepo = errors.New("the vault is not in a git repository")

// The merge driver git runs for the vault file (see the package doc).
const (
	// DriverName is the driver's name in .gitattributes (merge=passtea)
	// and in the repository's configuration (merge.passtea.*).
	DriverName = "passtea"
	// DriverCommand is merge.passtea.driver: git replaces %O, %A, %B and
	// %P by the base, ours (where the result goes), theirs and the path.
	DriverCommand = "passtea git-merge-driver %O %A %B %P"
	// DriverDescription is merge.passtea.name.
	DriverDescription = "passtea vault merge"
)

// Repo is the git repository a vault file is kept in.
type Repo struct {
	// Top is the work tree's top directory; Vault the vault file's
	// absolute path; Rel its path from Top as git names it; GitDir the
	// repository's .git directory.
	Top, Vault, Rel, GitDir string
	// Env is the environment git runs with; nil is this process's.
	Env []string
}

func (r *Repo) git() git { return git{dir: r.Top, env: r.env()} }

func (r *Repo) env() []string {
	if r.Env != nil {
		return r.Env
	}
	return os.Environ()
}

// Find returns the repository the vault file at vaultPath is in, or
// ErrNotRepo.
func Find(ctx context.Context, vaultPath string, env []string) (*Repo, error) {
	abs, err := filepath.Abs(vaultPath)
	if err != nil {
		return nil, fmt.Errorf("vault path: %w", err)
	}
	if real, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		abs = filepath.Join(real, filepath.Base(abs))
	}
	r := &Repo{Vault: abs, Env: env}
	g := git{dir: filepath.Dir(abs), env: r.env()}
	out, err := g.run(ctx, "rev-parse", "--show-toplevel", "--absolute-git-dir")
	if err != nil {
		if exitStatus(err) > 0 {
			return nil, fmt.Errorf("%s: %w", filepath.Dir(abs), ErrNotRepo)
		}
		return nil, err
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 {
		return nil, fmt.Errorf("git rev-parse said %q", out)
	}
	top := lines[0]
	r.GitDir = lines[1]
	if real, err := filepath.EvalSymlinks(top); err == nil {
		top = real
	}
	rel, err := filepath.Rel(top, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return nil, fmt.Errorf("the vault %s is outside the repository %s", abs, top)
	}
	r.Top, r.Rel = top, filepath.ToSlash(rel)
	return r, nil
}

// state is what `git status` says of the branch and the vault file.
type state struct {
	unborn   bool   // no commit yet
	branch   string // "" when HEAD is detached
	upstream string // e.g. "origin/main"; "" when none is set
	dirty    bool   // the vault differs from HEAD's, or is untracked
	merging  bool   // a merge is in progress
}

// state reads the branch and the vault file's status in one git run.
func (r *Repo) state(ctx context.Context) (state, error) {
	out, err := r.git().run(ctx, "status", "--porcelain=v2", "--branch", "--untracked-files=all", "--", r.Rel)
	if err != nil {
		return state{}, err
	}
	var s state
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		l := sc.Text()
		switch {
		case l == "# branch.oid (initial)":
			s.unborn = true
		case strings.HasPrefix(l, "# branch.head "):
			if h := strings.TrimPrefix(l, "# branch.head "); h != "(detached)" {
				s.branch = h
			}
		case strings.HasPrefix(l, "# branch.upstream "):
			s.upstream = strings.TrimPrefix(l, "# branch.upstream ")
		case strings.HasPrefix(l, "u "):
			s.merging, s.dirty = true, true
		case l != "" && l[0] != '#':
			s.dirty = true
		}
	}
	if _, err := os.Stat(filepath.Join(r.GitDir, "MERGE_HEAD")); err == nil {
		s.merging = true
	}
	return s, nil
}

// DriverRegistered reports whether this clone's configuration names the
// merge driver (it lives in .git/config, which a clone does not copy).
func (r *Repo) DriverRegistered(ctx context.Context) (bool, error) {
	cfg, err := r.config(ctx)
	return cfg[driverKey] != "", err
}

// driverKey is the configuration key of the driver's command.
const driverKey = "merge." + DriverName + ".driver"

// config reads what a sync needs of the repository's configuration in
// one git run: the driver's command and every branch's remote and merge
// ref, by key ("branch.main.remote").
func (r *Repo) config(ctx context.Context) (map[string]string, error) {
	out, err := r.git().run(ctx, "config", "-z", "--get-regexp", `^(merge\.`+DriverName+`\.driver|branch\..*\.(remote|merge))$`)
	if exitStatus(err) == 1 {
		return map[string]string{}, nil // none set
	}
	if err != nil {
		return nil, err
	}
	cfg := map[string]string{}
	for _, rec := range strings.Split(string(out), "\x00") {
		if k, v, ok := strings.Cut(rec, "\n"); ok {
			cfg[k] = v
		}
	}
	return cfg, nil
}

// RegisterDriver registers the merge driver in this clone's
// configuration.
func (r *Repo) RegisterDriver(ctx context.Context) error {
	for _, kv := range [][2]string{{"name", DriverDescription}, {"driver", DriverCommand}} {
		if _, err := r.git().run(ctx, "config", "merge."+DriverName+"."+kv[0], kv[1]); err != nil {
			return fmt.Errorf("register the merge driver: %w", err)
		}
	}
	return nil
}

// besideFiles are the lines passtea keeps in the .gitattributes and
// .gitignore of the vault's directory, for the vault file called name:
// the vault merges with the driver; the files its writers keep beside it
// (backup, lock, unlock backoff, temporary files of saves and syncs, the
// background sync's log) and the folder of merged conflict copies stay
// out of git.
func besideFiles(name string) (attributes, ignore []string) {
	n := "/" + gitPattern(name)
	hidden := "/." + gitPattern(name)
	attr := n
	if strings.ContainsAny(name, " \t\"") {
		// A space ends a pattern in .gitattributes unless it is quoted.
		attr = `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(n) + `"`
	}
	attributes = []string{attr + " merge=" + DriverName + " -diff -text"}
	ignore = []string{n + ".bak", n + ".bak.tmp", n + ".lock", n + ".tries", n + ".tries.tmp", n + ".sync.log",
		hidden + ".tmp-*", hidden + ".bak.tmp-*", hidden + ".sync-*", "/conflicts/"}
	return attributes, ignore
}

// gitPattern escapes the characters git's patterns treat as wildcards.
func gitPattern(name string) string {
	var b strings.Builder
	for _, r := range name {
		if strings.ContainsRune(`\*?[`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// writeBeside adds the lines that are missing to the .gitattributes and
// .gitignore beside the vault, and returns the files it changed.
func (r *Repo) writeBeside() ([]string, error) {
	attrs, ignore := besideFiles(filepath.Base(r.Vault))
	var changed []string
	for _, f := range []struct {
		name  string
		lines []string
	}{{".gitattributes", attrs}, {".gitignore", ignore}} {
		path := filepath.Join(filepath.Dir(r.Vault), f.name)
		ok, err := appendMissing(path, f.lines)
		if err != nil {
			return nil, err
		}
		if ok {
			changed = append(changed, path)
		}
	}
	return changed, nil
}

// appendMissing appends to the file at path the lines it lacks (under a
// comment), creating it; it reports whether it wrote.
func appendMissing(path string, lines []string) (bool, error) {
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return false, err
	}
	have := map[string]bool{}
	for _, l := range strings.Split(string(old), "\n") {
		have[strings.TrimSpace(l)] = true
	}
	var add []string
	for _, l := range lines {
		if !have[l] {
			add = append(add, l)
		}
	}
	if len(add) == 0 {
		return false, nil
	}
	var b bytes.Buffer
	b.Write(old)
	if len(old) > 0 && !bytes.HasSuffix(old, []byte("\n")) {
		b.WriteByte('\n')
	}
	b.WriteString("# passtea sync\n" + strings.Join(add, "\n") + "\n")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return false, err
	}
	return true, nil
}

// relTo returns path relative to the work tree's top, as git names it.
func (r *Repo) relTo(path string) string {
	rel, err := filepath.Rel(r.Top, path)
	if err != nil {
		return path
	}
	return filepath.ToSlash(rel)
}
