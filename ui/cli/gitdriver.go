package cli

// The hidden `passtea git-merge-driver BASE OURS THEIRS PATH`, which git
// runs for the vault file in a plain git merge or git pull (passtea sync
// merges in-process and never needs it); see package gitsync.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/gitsync"
	"github.com/passtea/passtea/vault"
)

func newGitMergeDriverCmd(e *env, g *globals) *cobra.Command {
	return &cobra.Command{
		Use:    "git-merge-driver BASE OURS THEIRS PATH",
		Short:  "Merge two versions of the vault for git (registered by passtea sync init)",
		Hidden: true,
		Long: `git runs this for the vault file when a merge needs it (merge.` + gitsync.DriverName + `.driver
in the repository's configuration: "` + gitsync.DriverCommand + `"). It merges THEIRS into
OURS, where git takes the result. The vault key comes from the agent if it
holds the vault, else the master password is asked on the terminal (or read
from --password-file); without either it fails and git leaves the conflict
(passtea sync merges it). BASE is not needed (see passtea merge --help).`,
		Args: usageArgs(cobra.ExactArgs(4)),
		RunE: func(_ *cobra.Command, args []string) error {
			return runGitMergeDriver(e, g, args[0], args[1], args[2], args[3])
		},
	}
}

func runGitMergeDriver(e *env, g *globals, base, ours, theirs, path string) error {
	// git runs the driver at the top of the work tree: path names the
	// vault there, which the agent knows it by.
	vaultAbs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	// The merge works on a copy in a private directory: a save writes a
	// lock and a backup beside the file, which must not land in the work
	// tree, and OURS must hold the result only once it is whole.
	dir, err := os.MkdirTemp("", "passtea-merge-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	data, err := os.ReadFile(ours)
	if err != nil {
		return err
	}
	work := filepath.Join(dir, filepath.Base(path))
	if err := os.WriteFile(work, data, 0o600); err != nil {
		return err
	}
	rep, err := driverMerge(e, g, vaultAbs, work, base, theirs)
	if err != nil {
		return fmt.Errorf("merge %s: %w; git leaves the conflict: passtea sync merges it", path, err)
	}
	merged, err := os.ReadFile(work)
	if err != nil {
		return err
	}
	if err := os.WriteFile(ours, merged, 0o600); err != nil {
		return fmt.Errorf("write the merged vault for git: %w", err)
	}
	printMergeReport(e.stderr, rep, "passtea merged "+path)
	return nil
}

// driverMerge merges theirs into the copy at work: through the agent if
// it holds the vault, else unlocked here with the master password.
func driverMerge(e *env, g *globals, vaultAbs, work, base, theirs string) (vault.MergeReport, error) {
	if rep, ok, err := mergeThroughAgent(e, vaultAbs, work, theirs); ok {
		return rep, err
	}
	f, err := vault.ReadFile(work, nil)
	if err != nil {
		return vault.MergeReport{}, err
	}
	pw, err := masterPassword(e, g, fmt.Sprintf("Master password of %s (to merge it): ", filepath.Base(vaultAbs)), false)
	if errors.Is(err, errNoTerminal) {
		err = errors.New("no agent holds the vault and there is no terminal to ask for its master password")
	}
	if err != nil {
		f.Close()
		return vault.MergeReport{}, err
	}
	creds := vault.Credentials{Password: pw}
	defer clear(pw)
	v, err := f.Unlock(creds)
	if err != nil {
		f.Close()
		return vault.MergeReport{}, err
	}
	defer v.Lock()
	other, otherCreds, err := openOtherCopy(e, v, theirs, "")
	if err != nil {
		return vault.MergeReport{}, err
	}
	defer other.Lock()
	if otherCreds != nil {
		defer clear(otherCreds.Password)
	}
	// git passes an empty base when the two histories share no commit.
	if fi, err := os.Stat(base); err == nil && fi.Size() > 0 {
		if err := checkBase(e, v, base, otherCreds, &creds); err != nil {
			return vault.MergeReport{}, err
		}
	}
	return v.Merge(other)
}
