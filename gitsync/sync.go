// One sync: commit the vault, fetch, fast-forward or merge, push.

package gitsync

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/passtea/passtea/vault"
)

// ErrNeedKey means the remote's vault has changes this copy lacks, and
// this copy has changes the remote lacks: merging them needs the vault
// key, which the sync was not given (a background sync without the agent).
var ErrNeedKey = errors.New("the remote has changes to merge with this copy's, which needs the vault key: run passtea sync")

// MergeFunc merges the copy of the vault at path (the remote's version,
// in a temporary file beside the vault) into the vault file, as
// vault.Vault.Merge does, and says what changed.
type MergeFunc func(path string) (vault.MergeReport, error)

// Options adjust a sync.
type Options struct {
	// Merge merges a diverged remote version in; nil makes a sync that
	// needs a merge fail with ErrNeedKey.
	Merge MergeFunc
	// Message is the subject of the commits made; "" is "passtea sync".
	Message string
}

// Result says what a sync did.
type Result struct {
	// DriverRegistered: this clone had no merge driver in its
	// configuration, and now has (a fresh clone).
	DriverRegistered bool
	// Committed: the vault had changes, now committed.
	Committed bool
	// Remote and Branch are where the sync went ("" when the repository
	// has no remote: the sync only committed).
	Remote, Branch string
	// FastForwarded: the remote had commits this clone lacked, and none
	// the other way: the vault was replaced by the remote's.
	FastForwarded bool
	// Merged is what merging a diverged remote version changed in the
	// vault; nil when there was no merge.
	Merged *vault.MergeReport
	// Pushed: the remote lacked commits of this clone, and now has them
	// (PushedNew: it had no such branch yet).
	Pushed, PushedNew bool
}

// syncLockWait bounds the wait for another passtea sync of the same
// repository (a background sync after a save) to finish.
const syncLockWait = 2 * time.Minute

// maxRounds bounds how often a sync starts again when the vault or the
// remote moves during it (another process's save, another machine's push).
const maxRounds = 3

// errRaced starts a round again.
var errRaced = errors.New("changed during the sync")

// Sync brings the vault and the remote in step: it registers the merge
// driver if this clone lacks it, commits the vault if it changed, fetches
// the branch's upstream, fast-forwards to it or merges it (see the
// package doc), and pushes what the remote lacks.
func (r *Repo) Sync(ctx context.Context, o Options) (Result, error) {
	var res Result
	unlock, err := lockSync(filepath.Join(r.GitDir, "passtea-sync.lock"), syncLockWait)
	if err != nil {
		return res, err
	}
	defer unlock()
	for range maxRounds {
		err := r.round(ctx, o, &res)
		if !errors.Is(err, errRaced) {
			return res, err
		}
	}
	return res, fmt.Errorf("the vault or the remote kept changing during the sync: run it again")
}

// round is one attempt at a sync.
func (r *Repo) round(ctx context.Context, o Options, res *Result) error {
	st, err := r.state(ctx)
	if err != nil {
		return err
	}
	cfg, err := r.config(ctx)
	if err != nil {
		return err
	}
	if cfg[driverKey] == "" {
		if err := r.RegisterDriver(ctx); err != nil {
			return err
		}
		res.DriverRegistered = true
	}
	switch {
	case st.merging:
		rep, err := r.finishMerge(ctx, o)
		if err != nil {
			return err
		}
		res.Merged = &rep
		return errRaced // and now the sync itself
	case st.branch == "":
		return fmt.Errorf("%s is not on a branch (detached HEAD): check one out, then sync again", r.Top)
	}
	if _, err := os.Stat(r.Vault); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("there is no vault at %s: nothing was synced (if git has it, git checkout -- %s brings it back)", r.Vault, r.Rel)
	}
	if st.dirty || st.unborn {
		if err := r.commitVault(ctx, o.Message); err != nil {
			return err
		}
		res.Committed = true
	}
	remote, ref, err := r.upstream(ctx, st, cfg)
	if err != nil || remote == "" {
		return err
	}
	res.Remote, res.Branch = remote, strings.TrimPrefix(ref, "refs/heads/")
	g := r.git()
	// Fetched into the remote-tracking ref git itself uses, whatever the
	// remote's refspecs say, so that git status stays right.
	tracking := "refs/remotes/" + remote + "/" + res.Branch
	if _, err := g.run(ctx, "fetch", "-q", "--no-tags", remote, "+"+ref+":"+tracking); err != nil {
		if !r.remoteLacks(ctx, remote, ref) {
			return err
		}
		if _, err := g.run(ctx, "push", "-q", "--set-upstream", remote, "HEAD:"+ref); err != nil {
			return err
		}
		res.Pushed, res.PushedNew = true, true
		return nil
	}
	ahead, behind, err := r.counts(ctx, tracking)
	if err != nil {
		return err
	}
	switch {
	case behind > 0 && ahead == 0:
		if err := r.fastForward(ctx, tracking); err != nil {
			return err
		}
		res.FastForwarded = true
	case behind > 0:
		if o.Merge == nil {
			return ErrNeedKey
		}
		rep, err := r.merge(ctx, o, tracking, remote, res.Branch)
		if err != nil {
			return err
		}
		res.Merged = &rep
		ahead = 1
	}
	if ahead == 0 {
		return nil
	}
	if _, err := g.run(ctx, "push", "-q", remote, "HEAD:"+ref); err != nil {
		// Another machine pushed since the fetch: fetch and merge again.
		if _, ferr := g.run(ctx, "fetch", "-q", "--no-tags", remote, "+"+ref+":"+tracking); ferr == nil {
			if _, behind, cerr := r.counts(ctx, tracking); cerr == nil && behind > 0 {
				return errRaced
			}
		}
		return err
	}
	res.Pushed = true
	if st.upstream == "" {
		r.setUpstream(ctx, st.branch, remote, ref)
	}
	return nil
}

// upstream returns the remote and branch ref the current branch syncs
// with: its upstream, else the only remote's branch of the same name.
// remote is "" when the repository has no remote.
func (r *Repo) upstream(ctx context.Context, st state, cfg map[string]string) (remote, ref string, err error) {
	remote, ref = cfg["branch."+st.branch+".remote"], cfg["branch."+st.branch+".merge"]
	if remote != "" && ref != "" && remote != "." {
		return remote, ref, nil
	}
	out, err := r.git().run(ctx, "remote")
	if err != nil {
		return "", "", err
	}
	remotes := strings.Fields(string(out))
	switch len(remotes) {
	case 0:
		return "", "", nil
	case 1:
		return remotes[0], "refs/heads/" + st.branch, nil
	}
	return "", "", fmt.Errorf("the branch %s has no upstream and the repository has %d remotes: choose one with git branch --set-upstream-to REMOTE/BRANCH", st.branch, len(remotes))
}

// setUpstream records the upstream of a branch pushed for the first time.
func (r *Repo) setUpstream(ctx context.Context, branch, remote, ref string) {
	g := r.git()
	g.run(ctx, "config", "branch."+branch+".remote", remote)
	g.run(ctx, "config", "branch."+branch+".merge", ref)
}

// remoteLacks reports whether the remote answers but has no ref (an empty
// repository, or one without the branch).
func (r *Repo) remoteLacks(ctx context.Context, remote, ref string) bool {
	_, err := r.git().run(ctx, "ls-remote", "--exit-code", remote, ref)
	return exitStatus(err) == 2
}

// counts returns how many commits HEAD has that tracking lacks, and the
// other way.
func (r *Repo) counts(ctx context.Context, tracking string) (ahead, behind int, err error) {
	s, err := r.git().line(ctx, "rev-list", "--left-right", "--count", "HEAD..."+tracking)
	if err != nil {
		return 0, 0, err
	}
	f := strings.Fields(s)
	if len(f) != 2 {
		return 0, 0, fmt.Errorf("git rev-list said %q", s)
	}
	ahead, err1 := strconv.Atoi(f[0])
	behind, err2 := strconv.Atoi(f[1])
	if err := errors.Join(err1, err2); err != nil {
		return 0, 0, fmt.Errorf("git rev-list said %q", s)
	}
	return ahead, behind, nil
}

// commitVault commits the vault file (and nothing else the index holds).
func (r *Repo) commitVault(ctx context.Context, msg string) error {
	g := r.git()
	if _, err := g.run(ctx, "add", "--", r.Rel); err != nil {
		return fmt.Errorf("add the vault to git: %w", err)
	}
	if _, err := g.run(ctx, "diff", "--cached", "--quiet", "--", r.Rel); err == nil {
		return nil // the file changed and changed back
	}
	args := append(r.identity(ctx), "commit", "-q", "--no-verify", "-m", subject(msg), "--", r.Rel)
	if _, err := g.run(ctx, args...); err != nil {
		return fmt.Errorf("commit the vault: %w", err)
	}
	return nil
}

// subject is the commit message: msg, else "passtea sync".
func subject(msg string) string {
	if msg == "" {
		return "passtea sync"
	}
	return msg
}

// identity returns the -c options that give commits an author when the
// user configured none (a fresh server): "passtea <passtea@HOST>".
func (r *Repo) identity(ctx context.Context) []string {
	if _, err := r.git().run(ctx, "var", "GIT_COMMITTER_IDENT"); err == nil {
		return nil
	}
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "localhost"
	}
	return []string{"-c", "user.name=passtea", "-c", "user.email=passtea@" + host}
}

// blob returns the vault file as the commit rev has it; ok is false when
// it has none.
func (r *Repo) blob(ctx context.Context, rev string) (b []byte, ok bool, err error) {
	b, err = r.git().run(ctx, "cat-file", "blob", rev+":"+r.Rel)
	if exitStatus(err) > 0 {
		return nil, false, nil
	}
	return b, err == nil, err
}

// fastForward moves the branch to tracking, which holds every commit of
// HEAD. The vault file is not written by git: it is replaced under the
// vault's lock (vault.ReplaceFile), only if it still holds HEAD's version,
// so that a save made meanwhile is never overwritten; git then finds the
// file already as the target has it and leaves it alone.
func (r *Repo) fastForward(ctx context.Context, tracking string) error {
	ours, ok, err := r.blob(ctx, "HEAD")
	if err != nil || !ok {
		return errOr(err, "HEAD has no %s", r.Rel)
	}
	theirs, ok, err := r.blob(ctx, tracking)
	if err != nil || !ok {
		return errOr(err, "the remote's branch has no %s: nothing was changed", r.Rel)
	}
	if !bytes.Equal(ours, theirs) {
		replaced, err := vault.ReplaceFile(r.Vault, ours, theirs, nil)
		if err != nil {
			return fmt.Errorf("take the remote's vault: %w", err)
		}
		if !replaced {
			return errRaced // saved meanwhile: commit, then merge
		}
		if _, err := r.git().run(ctx, "add", "--", r.Rel); err != nil {
			return err
		}
	}
	if _, err := r.git().run(ctx, "merge", "-q", "--ff-only", tracking); err != nil {
		return fmt.Errorf("fast-forward (the vault holds the remote's version, to be committed at the next sync): %w", err)
	}
	return nil
}

// errOr is err, else an error made of format and args.
func errOr(err error, format string, args ...any) error {
	if err != nil {
		return err
	}
	return fmt.Errorf(format, args...)
}

// finishMerge completes a git merge or pull that stopped on the vault
// alone (its merge driver could not get the key): the version being
// merged in is merged into the vault, and the merge committed.
func (r *Repo) finishMerge(ctx context.Context, o Options) (vault.MergeReport, error) {
	var rep vault.MergeReport
	g := r.git()
	stuck := fmt.Errorf("a git merge is in progress in %s: finish it (git commit) or abort it (git merge --abort), then sync again", r.Top)
	out, err := g.run(ctx, "diff", "--name-only", "--diff-filter=U")
	if err != nil {
		return rep, err
	}
	if strings.TrimSpace(string(out)) != r.Rel {
		return rep, stuck
	}
	theirs, ok, err := r.blob(ctx, "MERGE_HEAD")
	if err != nil || !ok {
		return rep, errOr(err, "%v", stuck)
	}
	if o.Merge == nil {
		return rep, ErrNeedKey
	}
	if rep, err = r.mergeBlob(o, theirs); err != nil {
		return rep, err
	}
	if _, err := g.run(ctx, "add", "--", r.Rel); err != nil {
		return rep, err
	}
	if _, err := g.run(ctx, append(r.identity(ctx), "commit", "-q", "--no-verify", "--no-edit")...); err != nil {
		return rep, fmt.Errorf("commit the merge: %w", err)
	}
	return rep, nil
}

// mergeBlob merges theirs, a version of the vault file, into the vault
// (o.Merge) through a temporary file beside it.
func (r *Repo) mergeBlob(o Options, theirs []byte) (vault.MergeReport, error) {
	tmp, err := os.CreateTemp(filepath.Dir(r.Vault), "."+filepath.Base(r.Vault)+".sync-*")
	if err != nil {
		return vault.MergeReport{}, fmt.Errorf("a temporary file beside the vault: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, werr := tmp.Write(theirs)
	if err := errors.Join(werr, tmp.Close()); err != nil {
		return vault.MergeReport{}, fmt.Errorf("write the remote's vault: %w", err)
	}
	return o.Merge(tmp.Name())
}

// merge joins the diverged histories: git merges every other file, with
// the vault's driver replaced by one that keeps this clone's version, so
// that git never writes the vault file; then the remote's version of the
// vault, read into a temporary file beside it, is merged into the vault
// by o.Merge, and the merge commit records both parents.
func (r *Repo) merge(ctx context.Context, o Options, tracking, remote, branch string) (vault.MergeReport, error) {
	var rep vault.MergeReport
	g := r.git()
	theirs, ok, err := r.blob(ctx, tracking)
	if err != nil || !ok {
		return rep, errOr(err, "the remote's branch has no %s: nothing was changed", r.Rel)
	}
	msg := subject(o.Message) + ": merge " + remote + "/" + branch
	args := append(r.identity(ctx), "-c", "merge."+DriverName+".driver=true",
		"merge", "-q", "--no-ff", "--no-commit", "--allow-unrelated-histories", "-m", msg, tracking)
	if _, err := g.run(ctx, args...); err != nil {
		// Without .gitattributes the vault conflicts as a binary file:
		// that one is resolved below. Any other file is the user's.
		out, _ := g.run(ctx, "diff", "--name-only", "--diff-filter=U")
		others := strings.Fields(strings.ReplaceAll(string(out), r.Rel, ""))
		if len(others) > 0 || len(out) == 0 {
			g.run(ctx, "merge", "--abort")
			return rep, fmt.Errorf("git cannot merge other files of the repository (%s): merge %s yourself (the vault merges itself), then sync again: %w",
				strings.Join(others, ", "), tracking, err)
		}
	}
	abort := func(err error) (vault.MergeReport, error) {
		g.run(ctx, "merge", "--abort")
		return rep, err
	}
	// Once the vault holds the merge, the merge is never aborted (that
	// would put HEAD's vault back, and with it lose a save made during
	// the sync): git forgets the merge and the next sync commits the file.
	quit := func(err error) (vault.MergeReport, error) {
		g.run(ctx, "merge", "--quit")
		return rep, err
	}
	if rep, err = r.mergeBlob(o, theirs); err != nil {
		return abort(err)
	}
	if _, err := g.run(ctx, "add", "--", r.Rel); err != nil {
		return quit(err)
	}
	if _, err := g.run(ctx, append(r.identity(ctx), "commit", "-q", "--no-verify", "--no-edit")...); err != nil {
		return quit(fmt.Errorf("commit the merge (the vault holds it, to be committed at the next sync): %w", err))
	}
	return rep, nil
}
