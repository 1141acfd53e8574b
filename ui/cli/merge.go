package cli

// `passtea merge OTHER`: fold another copy of the vault into this one (the
// vault's merge: FORMAT.md, "Merging"), and the report every merge prints
// (merge, sync, the git merge driver).

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/vault"
)

// mergeOptions are what `passtea merge` was asked to do.
type mergeOptions struct {
	other             string
	base              string
	dryRun            bool
	otherPasswordFile string
}

func newMergeCmd(e *env, g *globals) *cobra.Command {
	var o mergeOptions
	cmd := &cobra.Command{
		Use:   "merge OTHER",
		Short: "Merge another copy of the vault into this one",
		Long: `Fold OTHER, another copy of this vault (from another machine, a backup, a
file-sync conflict copy), into the vault, and say what changed: entries
added, updated and deleted, and conflicts (a field both copies changed: the
later change wins, the other value stays in the entry's history).

A copy whose vault key was rotated (passwd --rotate-key on another machine)
needs its own master password once: asked on the terminal, or read from
--other-password-file; the merged vault then uses the newer key. A file
that is another vault is refused.

--base names the copy both came from, as git passes it. The merge does not
need it: every change carries a stamp (a hybrid logical clock), so the two
copies alone say which change is later and which were deleted, and a
three-way merge gives the same result as this two-way one. The base is only
checked to be a copy of this vault.`,
		Example: `  passtea merge /media/usb/vault.passtea
  passtea merge vault.sync-conflict-20260102-030405-ABCDEFG.passtea --dry-run
  passtea merge laptop.passtea --other-password-file /dev/fd/3 3<laptop-master.txt`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(_ *cobra.Command, args []string) error {
			o.other = args[0]
			return runMerge(e, g, o)
		},
	}
	fl := cmd.Flags()
	fl.BoolVarP(&o.dryRun, "dry-run", "n", false, "say what the merge would change, and change nothing")
	fl.StringVar(&o.base, "base", "", "the common ancestor `BASE` (checked, not needed: see above)")
	fl.StringVar(&o.otherPasswordFile, "other-password-file", "", "read OTHER's master password from the first line of `FILE`, if it has another vault key")
	return cmd
}

func runMerge(e *env, g *globals, o mergeOptions) error {
	if _, err := os.Stat(o.other); err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	s, err := openVault(e, g)
	if err != nil {
		return err
	}
	defer s.close()
	if sameFile(o.other, s.v.Path()) {
		return usagef("%s is the vault itself", o.other)
	}
	other, otherCreds, err := openOtherCopy(e, s.v, o.other, o.otherPasswordFile)
	if err != nil {
		return err
	}
	defer other.Lock()
	if otherCreds != nil {
		defer clear(otherCreds.Password)
	}
	if o.base != "" {
		if err := checkBase(e, s.v, o.base, otherCreds, &s.creds); err != nil {
			return err
		}
	}
	if o.dryRun {
		rep, err := s.v.MergePreview(other)
		if err != nil {
			return err
		}
		printMergeReport(e.stdout, rep, "would merge "+o.other+" into "+s.v.Path())
		fmt.Fprintln(e.stdout, "(a dry run: nothing was written)")
		return nil
	}
	rep, err := s.v.Merge(other)
	if err != nil {
		return err
	}
	printMergeReport(e.stdout, rep, "merged "+o.other+" into "+s.v.Path())
	for _, n := range s.v.Notices() {
		fmt.Fprintf(e.stderr, "passtea: %s\n", n)
	}
	if otherCreds != nil {
		// The newer of the two keys won, and with it that copy's
		// password: say which one opens the vault from now on.
		if f, err := vault.ReadFile(s.v.Path(), nil); err == nil {
			if w, err := f.Unlock(s.creds); err == nil {
				w.Lock()
			} else if errors.Is(err, vault.ErrWrongPassword) {
				fmt.Fprintf(e.stderr, "passtea: %s had the newer vault key: the vault now opens with its master password\n", o.other)
			}
		}
	}
	return nil
}

// sameFile reports whether two paths name one file.
func sameFile(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}

// openOtherCopy opens another copy of v's vault for a merge: with v's key,
// else (a copy whose key was rotated) with its own master password, from
// passwordFile or asked on the terminal. It returns those credentials when
// it needed them.
func openOtherCopy(e *env, v *vault.Vault, path, passwordFile string) (*vault.Vault, *vault.Credentials, error) {
	o, err := v.OpenCopy(path, nil)
	if err == nil {
		return o, nil, nil
	}
	if !errors.Is(err, vault.ErrWrongPassword) {
		return nil, nil, describeCopyError(path, err)
	}
	var pw []byte
	if passwordFile != "" {
		pw, err = readSecretFile(passwordFile)
	} else {
		pw, err = askTwice(e, fmt.Sprintf("%s has another vault key (a key rotation, or another vault).\nIts master password: ", path), false)
		if errors.Is(err, errNoTerminal) {
			err = fmt.Errorf("%s has another vault key (a key rotation, or another vault): give its master password with --other-password-file", path)
		}
	}
	if err != nil {
		return nil, nil, err
	}
	c := &vault.Credentials{Password: pw}
	o, err = v.OpenCopy(path, c)
	if err != nil {
		clear(pw)
		if errors.Is(err, vault.ErrWrongPassword) {
			return nil, nil, fmt.Errorf("%s: wrong master password for this copy: nothing was merged", path)
		}
		return nil, nil, describeCopyError(path, err)
	}
	return o, c, nil
}

// describeCopyError says why a copy could not be opened for a merge.
func describeCopyError(path string, err error) error {
	switch {
	case errors.Is(err, vault.ErrOtherVault):
		return fmt.Errorf("%s is another vault, not a copy of this one: nothing was merged", path)
	case errors.Is(err, vault.ErrNotVault):
		return fmt.Errorf("%s is not a passtea vault: nothing was merged", path)
	}
	return fmt.Errorf("%w: nothing was merged", err)
}

// checkBase checks that base (a common ancestor, which the merge does not
// need) is a copy of v's vault: opened with v's key, else with one of
// creds (the other copy's password, this one's: a base older than a key
// rotation). One that opens with none of them cannot be checked: it is let
// through with a warning, since it changes nothing.
func checkBase(e *env, v *vault.Vault, base string, creds ...*vault.Credentials) error {
	b, err := v.OpenCopy(base, nil)
	for _, c := range creds {
		if c == nil || !errors.Is(err, vault.ErrWrongPassword) {
			continue
		}
		b, err = v.OpenCopy(base, c)
	}
	switch {
	case err == nil:
		b.Lock()
		return nil
	case errors.Is(err, vault.ErrWrongPassword):
		fmt.Fprintf(e.stderr, "passtea: warning: the base %s opens with neither copy's key, so it was not checked (the merge does not use it)\n", base)
		return nil
	case errors.Is(err, vault.ErrOtherVault):
		return fmt.Errorf("the base %s is another vault, not a copy of this one: nothing was merged", base)
	}
	return fmt.Errorf("the base: %w: nothing was merged", err)
}

// printMergeReport writes what a merge changed: a summary after head, then
// the names under each heading. Names are quoted: they come from another
// copy of the vault.
func printMergeReport(w io.Writer, rep vault.MergeReport, head string) {
	if !rep.Changed() && len(rep.Conflicts) == 0 {
		fmt.Fprintf(w, "%s: nothing new\n", head)
		return
	}
	conflicts := fmt.Sprintf("%d conflicts", len(rep.Conflicts))
	if len(rep.Conflicts) == 1 {
		conflicts = "1 conflict"
	}
	fmt.Fprintf(w, "%s: %d added, %d updated, %d deleted, %s\n", head,
		len(rep.Added), len(rep.Updated), len(rep.Deleted), conflicts)
	for _, l := range []struct {
		what  string
		names []string
	}{{"added", rep.Added}, {"updated", rep.Updated}, {"deleted", rep.Deleted}, {"conflict", rep.Conflicts}} {
		for _, n := range l.names {
			fmt.Fprintf(w, "  %-9s %q\n", l.what, n)
		}
	}
	if len(rep.Conflicts) > 0 {
		fmt.Fprintln(w, "A conflict is a field both copies changed: the later change won, the other value is in the entry's history (passtea history NAME).")
	}
}
