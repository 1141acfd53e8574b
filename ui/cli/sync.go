package cli

// `passtea sync`: the vault through git (package gitsync does the git
// work); `sync init`, `sync auto`, and the background sync after saves.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/gitsync"
	"github.com/passtea/passtea/ui/agent"
	"github.com/passtea/passtea/vault"
)

// syncOptions are what `passtea sync` was asked to do.
type syncOptions struct {
	background        bool
	otherPasswordFile string
}

func newSyncCmd(e *env, g *globals) *cobra.Command {
	var o syncOptions
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Sync the vault with a git remote: commit, merge what others pushed, push",
		Long: `Commit the vault if it changed, fetch the branch's remote, take its changes
and push this copy's. When both sides changed, the remote's vault is merged
into this one entry by entry (as passtea merge does: nothing is lost, the
later change of a field wins), and the merge is committed with both
parents. That merge needs the vault key: from the agent if it holds the
vault, else the master password is asked (or read from --password-file).
Nothing to merge needs no password.

Set a repository up with "passtea sync init [REMOTE]"; "passtea sync auto on"
makes every change sync in the background. Plain git merge and git pull
merge the vault too, through the merge driver passtea registers.`,
		Example: `  passtea sync init git@github.com:me/vault.git   # once on each machine
  passtea sync
  passtea sync auto on`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error {
			return runSync(e, g, o)
		},
	}
	cmd.PersistentFlags().StringVar(&o.otherPasswordFile, "other-password-file", "", "the master password of the remote's vault if its key was rotated (`FILE`'s first line)")
	fl := cmd.Flags()
	fl.BoolVar(&o.background, "background", false, "run as the background sync after a save (no prompts; the outcome goes to VAULT.sync.log)")
	fl.MarkHidden("background")
	cmd.AddCommand(newSyncInitCmd(e, g, &o), newSyncAutoCmd(e, g))
	return cmd
}

func runSync(e *env, g *globals, o syncOptions) error {
	path, err := vaultPath(e, g)
	if err != nil {
		return err
	}
	ctx := context.Background()
	r, err := gitsync.Find(ctx, path, nil)
	if errors.Is(err, gitsync.ErrNotRepo) {
		err = fmt.Errorf("%w: set it up with passtea sync init [REMOTE]", err)
	}
	if err != nil {
		if o.background {
			gitsync.RecordOutcome(path, "", err)
		}
		return err
	}
	return syncRepo(ctx, e, g, o, r)
}

// syncRepo syncs r and says what happened: on stderr, or for a background
// sync in the log beside the vault.
func syncRepo(ctx context.Context, e *env, g *globals, o syncOptions, r *gitsync.Repo) error {
	m := &syncMerger{e: e, g: g, o: o, path: r.Vault}
	defer m.close()
	res, err := r.Sync(ctx, gitsync.Options{Merge: m.merge, Message: syncMessage()})
	var out strings.Builder
	describeSync(&out, res)
	if o.background {
		did := strings.ReplaceAll(strings.TrimSpace(out.String()), "\n", "; ")
		if rerr := gitsync.RecordOutcome(r.Vault, did, err); rerr != nil && err == nil {
			err = rerr
		}
		return err
	}
	fmt.Fprint(e.stderr, out.String())
	return err
}

// syncMessage is the subject of sync's commits: which machine made them.
func syncMessage() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		return "passtea sync"
	}
	return "passtea sync from " + host
}

// describeSync writes what a sync did, a line for each step.
func describeSync(w io.Writer, res gitsync.Result) {
	upstream := res.Remote + "/" + res.Branch
	if res.DriverRegistered {
		fmt.Fprintln(w, "registered passtea's merge driver in this clone (for plain git merge and git pull)")
	}
	if res.Committed {
		fmt.Fprintln(w, "committed the vault")
	}
	switch {
	case res.Remote == "":
		fmt.Fprintln(w, "no remote to sync with (add one with passtea sync init REMOTE)")
		return
	case res.FastForwarded:
		fmt.Fprintf(w, "took the changes from %s\n", upstream)
	case res.Merged != nil:
		printMergeReport(w, *res.Merged, "merged "+upstream)
	}
	switch {
	case res.PushedNew:
		fmt.Fprintf(w, "pushed to %s (new there)\n", upstream)
	case res.Pushed:
		fmt.Fprintf(w, "pushed to %s\n", upstream)
	case !res.FastForwarded && res.Merged == nil:
		fmt.Fprintf(w, "in step with %s\n", upstream)
	}
}

// syncMerger merges the remote's vault into this one for a sync: through
// the agent if it holds the vault (no password), else in this process,
// unlocked on first need.
type syncMerger struct {
	e    *env
	g    *globals
	o    syncOptions
	path string
	s    *session
}

func (m *syncMerger) merge(copyPath string) (vault.MergeReport, error) {
	if rep, ok, err := mergeThroughAgent(m.e, m.path, "", copyPath); ok {
		return rep, err
	}
	if m.o.background {
		return vault.MergeReport{}, gitsync.ErrNeedKey
	}
	if m.s == nil {
		s, err := openVault(m.e, m.g)
		if err != nil {
			return vault.MergeReport{}, err
		}
		m.s = s
	}
	other, creds, err := openOtherCopy(m.e, m.s.v, copyPath, m.o.otherPasswordFile)
	if err != nil {
		return vault.MergeReport{}, err
	}
	defer other.Lock()
	if creds != nil {
		defer clear(creds.Password)
	}
	return m.s.v.Merge(other)
}

func (m *syncMerger) close() {
	if m.s != nil {
		m.s.close()
	}
}

// mergeThroughAgent merges the copy at other into the copy at into (""
// the vault itself) through the agent, if it runs and holds the vault at
// vaultPath and the copies open with its key; ok is false when it cannot
// (then merge in this process, with the password).
func mergeThroughAgent(e *env, vaultPath, into, other string) (rep vault.MergeReport, ok bool, err error) {
	cl, err := agent.Dial(agent.DefaultDir(e.getenv))
	if err != nil {
		return rep, false, nil
	}
	defer cl.Close()
	v, err := cl.Open(vaultPath)
	if err != nil {
		return rep, false, nil
	}
	rep, err = v.MergeCopy(into, other)
	if errors.Is(err, vault.ErrWrongPassword) {
		return rep, false, nil // another key: its password is needed
	}
	return rep, true, err
}

func newSyncInitCmd(e *env, g *globals, o *syncOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "init [REMOTE]",
		Short: "Keep the vault in a git repository and sync it with REMOTE",
		Long: `Make the vault's directory a git repository (or use the repository it is
in), write .gitattributes (the vault merges with passtea's merge driver) and
.gitignore (backups, locks and temporary files stay out) beside it, register
the merge driver, commit the vault, add REMOTE as origin and sync.

On another machine, the same command with the same REMOTE and no vault yet
fetches the vault from the remote; with a copy of the vault already there,
the two are merged.`,
		Example: `  passtea sync init git@github.com:me/vault.git
  passtea sync init /mnt/backup/vault.git
  passtea sync init              # a local repository only, for history`,
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(_ *cobra.Command, args []string) error {
			remote := ""
			if len(args) == 1 {
				remote = args[0]
			}
			return runSyncInit(e, g, *o, remote)
		},
	}
}

func runSyncInit(e *env, g *globals, o syncOptions, remote string) error {
	path, err := vaultPath(e, g)
	if err != nil {
		return err
	}
	ctx := context.Background()
	res, err := gitsync.Init(ctx, path, gitsync.InitOptions{Remote: remote})
	if res.Repo != nil {
		if res.Created {
			fmt.Fprintf(e.stderr, "made %s a git repository\n", res.Repo.Top)
		} else {
			fmt.Fprintf(e.stderr, "using the git repository %s\n", res.Repo.Top)
		}
	}
	for _, f := range res.Written {
		fmt.Fprintf(e.stderr, "wrote %s\n", f)
	}
	if res.RemoteAdded {
		fmt.Fprintf(e.stderr, "added the remote %s\n", gitsync.RemoteName)
	}
	if res.CheckedOut {
		fmt.Fprintf(e.stderr, "took the vault from the remote: %s\n", res.Repo.Vault)
	}
	if res.Committed {
		fmt.Fprintln(e.stderr, "committed the vault")
	}
	if err != nil {
		return err
	}
	return syncRepo(ctx, e, g, o, res.Repo)
}

func newSyncAutoCmd(e *env, g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "auto [on|off]",
		Short: "Sync in the background after every change (a setting of the vault)",
		Long: `With "on", every command that changes the vault starts "passtea sync" in the
background once it saved: it commits, takes the remote's changes and
pushes, without making the command wait. A background sync has no
terminal: it merges diverged changes only through the agent; otherwise it
leaves them for the next "passtea sync", and the next command says so. The
setting is kept in the vault, so it follows it to every machine. Without an
argument, say whether it is on.`,
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return withVault(e, g, false, func(v store) error {
					val, _ := v.Setting(gitsync.AutoSetting)
					state := "off"
					if gitsync.Auto(val) {
						state = "on"
					}
					_, err := fmt.Fprintln(e.stdout, state)
					return err
				})
			}
			switch args[0] {
			case "on", "off":
			default:
				return usagef("passtea sync auto takes on or off")
			}
			return withVault(e, g, true, func(v store) error {
				if err := v.SetSetting(gitsync.AutoSetting, args[0]); err != nil {
					return err
				}
				fmt.Fprintf(e.stderr, "background sync after changes: %s\n", args[0])
				if args[0] == "on" {
					if _, err := gitsync.Find(context.Background(), v.Path(), nil); err != nil {
						fmt.Fprintf(e.stderr, "passtea: warning: %v: set it up with passtea sync init REMOTE\n", err)
					}
				}
				return nil
			})
		},
	}
}

// syncAfterSaves returns what a command calls before it closes the vault
// v: if the vault file was replaced meanwhile (a save) and the vault's
// AutoSetting is on, it starts a background sync, first saying if the
// last one failed.
func syncAfterSaves(e *env, v store) func() {
	path := v.Path()
	before, err := os.Stat(path)
	if err != nil {
		return func() {}
	}
	return func() {
		after, err := os.Stat(path)
		if err != nil || os.SameFile(before, after) && before.ModTime().Equal(after.ModTime()) {
			return
		}
		if val, _ := v.Setting(gitsync.AutoSetting); !gitsync.Auto(val) {
			return
		}
		if why := gitsync.LastFailure(path); why != "" {
			fmt.Fprintf(e.stderr, "passtea: warning: the last background sync failed (%s): run passtea sync\n", why)
		}
		exe, err := os.Executable()
		if err == nil {
			abs, _ := filepath.Abs(path)
			err = gitsync.StartBackground(exe, []string{"--vault", abs, "sync", "--background"}, abs)
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "passtea: warning: %v\n", err)
		}
	}
}

// mergeConflictCopies merges the file-sync conflict copies of the vault
// (Syncthing, Dropbox, Nextcloud) after an unlock that writes; the vault
// says what it did in its notices.
func mergeConflictCopies(e *env, v *vault.Vault) {
	if _, err := v.MergeConflictCopies(); err != nil {
		fmt.Fprintf(e.stderr, "passtea: warning: merging the conflict copies of the vault: %v\n", err)
	}
}
