// Setting a repository up for the vault: passtea sync init.

package gitsync

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// RemoteName is the name init gives the remote it adds.
const RemoteName = "origin"

// InitOptions say how to set up the repository.
type InitOptions struct {
	// Remote is the URL (or path) of the remote to sync with; "" adds
	// none (sync then only commits).
	Remote string
	// Env is the environment git runs with; nil is this process's.
	Env []string
}

// InitResult says what Init did.
type InitResult struct {
	Repo *Repo
	// Created: the vault's directory became a new repository.
	Created bool
	// Written are the files beside the vault that got passtea's lines
	// (.gitattributes, .gitignore).
	Written []string
	// RemoteAdded: the remote was added as RemoteName.
	RemoteAdded bool
	// CheckedOut: there was no vault here, and the remote's was checked
	// out (a second machine).
	CheckedOut bool
	// Committed: the vault and the files beside it were committed.
	Committed bool
}

// Init makes the vault's directory a git repository, or uses the one it
// is in, and sets it up for passtea sync: the merge driver registered,
// .gitattributes and .gitignore written beside the vault, the remote
// added and the branch's upstream set to the remote's default branch,
// and a first commit. Where there is no vault yet and the remote holds
// one, it is checked out. The caller syncs next.
func Init(ctx context.Context, vaultPath string, o InitOptions) (InitResult, error) {
	var res InitResult
	if strings.HasPrefix(o.Remote, "-") {
		// git would read it as an option.
		return res, fmt.Errorf("the remote %s starts with '-', which git reads as an option: give its URL, or ./%s for a directory here", scrub(o.Remote), scrub(o.Remote))
	}
	abs, err := filepath.Abs(vaultPath)
	if err != nil {
		return res, fmt.Errorf("vault path: %w", err)
	}
	dir := filepath.Dir(abs)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return res, err
	}
	r, err := Find(ctx, abs, o.Env)
	if errors.Is(err, ErrNotRepo) {
		if _, err := (git{dir: dir, env: envOr(o.Env)}).run(ctx, "init", "-q", "."); err != nil {
			return res, err
		}
		res.Created = true
		r, err = Find(ctx, abs, o.Env)
	}
	if err != nil {
		return res, err
	}
	res.Repo = r
	g := r.git()
	if _, err := g.run(ctx, "check-ignore", "-q", "--", r.Rel); err == nil {
		return res, fmt.Errorf("the repository %s ignores %s (a .gitignore): make the vault's directory a repository of its own (git init %s) or stop ignoring it", r.Top, r.Rel, dir)
	}
	if err := r.RegisterDriver(ctx); err != nil {
		return res, err
	}
	st, err := r.state(ctx)
	if err != nil {
		return res, err
	}
	if o.Remote != "" {
		if res.RemoteAdded, err = r.addRemote(ctx, o.Remote, st); err != nil {
			if res.RemoteAdded {
				// Not reached, or not usable: take it out again, so that
				// init can be run again with the right address.
				g.run(ctx, "remote", "remove", RemoteName)
				res.RemoteAdded = false
			}
			return res, err
		}
		if st, err = r.state(ctx); err != nil {
			return res, err
		}
	}
	if _, err := os.Stat(abs); errors.Is(err, os.ErrNotExist) {
		if err := r.checkOut(ctx, st); err != nil {
			return res, err
		}
		res.CheckedOut = true
	}
	if res.Written, err = r.writeBeside(); err != nil {
		return res, err
	}
	paths := []string{r.Rel, r.relTo(filepath.Join(dir, ".gitattributes")), r.relTo(filepath.Join(dir, ".gitignore"))}
	if _, err := g.run(ctx, append([]string{"add", "--"}, paths...)...); err != nil {
		return res, err
	}
	if _, err := g.run(ctx, append([]string{"diff", "--cached", "--quiet", "--"}, paths...)...); err != nil {
		args := append(r.identity(ctx), "commit", "-q", "--no-verify", "-m", "passtea sync init", "--")
		if _, err := g.run(ctx, append(args, paths...)...); err != nil {
			return res, fmt.Errorf("commit the vault: %w", err)
		}
		res.Committed = true
	}
	return res, nil
}

// envOr is env, else this process's environment.
func envOr(env []string) []string {
	if env != nil {
		return env
	}
	return os.Environ()
}

// addRemote adds the remote as RemoteName, unless the repository already
// has it, and makes the current branch follow the remote's default branch
// (its own name when the remote is empty). It reports whether it added.
func (r *Repo) addRemote(ctx context.Context, url string, st state) (bool, error) {
	g := r.git()
	added := false
	cur, err := g.line(ctx, "remote", "get-url", RemoteName)
	switch {
	case err == nil && cur != url:
		return false, fmt.Errorf("the repository already has a remote %s (%s): sync with it (passtea sync), or remove it first (git remote remove %s)", RemoteName, lastLines(cur, 1), RemoteName)
	case err != nil:
		if _, err := g.run(ctx, "remote", "add", "--", RemoteName, url); err != nil {
			return false, err
		}
		added = true
	}
	branch := st.branch
	out, err := g.run(ctx, "ls-remote", "--symref", RemoteName, "HEAD")
	if err != nil {
		return added, fmt.Errorf("reach the remote: %w", err)
	}
	if ref, ok := strings.CutPrefix(string(out), "ref: refs/heads/"); ok {
		b, _, _ := strings.Cut(ref, "\t")
		if st.unborn && b != st.branch {
			if _, err := g.run(ctx, "symbolic-ref", "HEAD", "refs/heads/"+b); err != nil {
				return added, err
			}
			branch = b
		}
		if !st.unborn && b != st.branch {
			// Keep the local branch, and sync it with the remote's.
			branch = st.branch
			r.setUpstream(ctx, branch, RemoteName, "refs/heads/"+b)
			return added, nil
		}
	}
	if branch == "" {
		return added, fmt.Errorf("%s is not on a branch (detached HEAD): check one out first", r.Top)
	}
	r.setUpstream(ctx, branch, RemoteName, "refs/heads/"+branch)
	return added, nil
}

// checkOut fills a repository that has no vault yet from its remote (a
// second machine's first sync).
func (r *Repo) checkOut(ctx context.Context, st state) error {
	missing := fmt.Errorf("there is no vault at %s: create one with passtea init, or give the remote that holds it", r.Vault)
	if !st.unborn {
		return missing
	}
	g := r.git()
	cfg, err := r.config(ctx)
	if err != nil {
		return err
	}
	remote, ref, err := r.upstream(ctx, st, cfg)
	if err != nil || remote == "" {
		return errOr(err, "%v", missing)
	}
	tracking := "refs/remotes/" + remote + "/" + strings.TrimPrefix(ref, "refs/heads/")
	if _, err := g.run(ctx, "fetch", "-q", "--no-tags", remote, "+"+ref+":"+tracking); err != nil {
		if r.remoteLacks(ctx, remote, ref) {
			return fmt.Errorf("there is no vault at %s, and the remote is empty: create one with passtea init first", r.Vault)
		}
		return err
	}
	if _, err := g.run(ctx, "checkout", "-q", "-B", st.branch, tracking); err != nil {
		return fmt.Errorf("check out the remote's files: %w", err)
	}
	if _, err := os.Stat(r.Vault); err != nil {
		return fmt.Errorf("the remote has no %s (is the vault called otherwise there?): %w", r.Rel, err)
	}
	return nil
}
