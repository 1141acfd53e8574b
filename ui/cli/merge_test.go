// Tests of passtea merge (reports, keys, refusals, --dry-run, --base) and
// of the file-sync conflict copies merged when a command writes.

package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// copyOf copies v's vault file to name in v's directory and returns a
// testVault for the copy (same master password, same recorded secrets).
func (v *testVault) copyOf(name string) *testVault {
	v.t.Helper()
	c := *v
	c.path = writeTestFile(v.t, v.dir, name, string(v.bytes()))
	return &c
}

// TestMergeReport: entries added, updated, deleted on the other copy and
// a field changed on both are reported, then merged; merging again finds
// nothing new.
func TestMergeReport(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("mail", "mail-Password-0")
	v.add("old", "old-Password-0")
	other := v.copyOf("laptop.passtea")
	v.secret("mail-Password-mine", "mail-Password-theirs")
	v.ok("mail-Password-mine\n", "edit", "mail", "--password-stdin")
	other.add("bank", "bank-Password-1")
	other.ok("mail-Password-theirs\n", "edit", "mail", "--password-stdin")
	other.ok("", "rm", "old", "--yes")

	before := v.bytes()
	r := v.ok("", "merge", other.path, "--dry-run")
	want := "would merge " + other.path + " into " + v.path + `: 1 added, 1 updated, 1 deleted, 1 conflict
  added     "bank"
  updated   "mail"
  deleted   "old"
  conflict  "mail"
A conflict is a field both copies changed: the later change won, the other value is in the entry's history (passtea history NAME).
(a dry run: nothing was written)
`
	if r.stdout != want {
		t.Errorf("--dry-run:\n%s\nwant:\n%s", r.stdout, want)
	}
	v.unchanged(before)

	r = v.ok("", "merge", other.path)
	if want := strings.Replace(strings.TrimSuffix(want, "(a dry run: nothing was written)\n"), "would merge", "merged", 1); r.stdout != want {
		t.Errorf("merge:\n%s\nwant:\n%s", r.stdout, want)
	}
	got := v.contents(testMaster)
	if _, ok := got["old"]; ok || got["bank"].Password != "bank-Password-1" || got["mail"].Password != "mail-Password-theirs" || !got["mail"].Conflict {
		t.Errorf("merged entries: %+v", got)
	}
	if r := v.ok("", "merge", other.path); r.stdout != "merged "+other.path+" into "+v.path+": nothing new\n" {
		t.Errorf("again: %q", r.stdout)
	}
}

// TestMergeRotatedKey: a copy whose vault key was rotated needs its own
// password, from a file or the terminal; the newer key wins, and the
// vault then opens with that copy's password.
func TestMergeRotatedKey(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("mail", "mail-Password-0")
	other := v.copyOf("rotated.passtea")
	newPW := v.masterFile("new.txt", testMasterNew)
	other.ok("", "passwd", "--rotate-key", "--new-password-file", newPW)
	other = &testVault{t: t, dir: other.dir, path: other.path, pwFile: newPW, secrets: other.secrets}
	other.add("bank", "bank-Password-1")
	v.add("shop", "shop-Password-2")

	before := v.bytes()
	r := v.run("", "merge", other.path)
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "has another vault key", "--other-password-file")
	r = v.run("", "merge", other.path, "--other-password-file", v.pwFile)
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "wrong master password for this copy: nothing was merged")
	v.unchanged(before)

	// On a terminal the copy's password is asked.
	term := typing(testMasterNew)
	full := []string{"--vault", v.path, "--password-file", v.pwFile, "merge", other.path}
	r = runCLI(t, cliEnv{terminal: term}, full...)
	wantCode(t, r, 0)
	if !strings.Contains(r.stdout, `added     "bank"`) || len(term.prompts) != 1 || !strings.Contains(term.prompts[0], "Its master password") {
		t.Errorf("stdout %q, prompts %q", r.stdout, term.prompts)
	}
	wantStderr(t, r, "had the newer vault key: the vault now opens with its master password")
	got := v.contents(testMasterNew)
	if len(got) != 3 {
		t.Errorf("entries after the merge: %v", got)
	}
}

// TestMergeRefusals: another vault, a file that is not a vault, the vault
// itself and a missing file are refused, and nothing changes.
func TestMergeRefusals(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("mail", "mail-Password-0")
	stranger := newTestVault(t)
	junk := writeTestFile(t, v.dir, "junk.passtea", strings.Repeat("not a vault\n", 400))
	before := v.bytes()
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"merge", stranger.path, "--other-password-file", v.pwFile}, 1, "is another vault, not a copy of this one: nothing was merged"},
		{[]string{"merge", junk}, 1, "is not a passtea vault: nothing was merged"},
		{[]string{"merge", v.path}, 2, "is the vault itself"},
		{[]string{"merge", filepath.Join(v.dir, "none.passtea")}, 1, "no such file"},
		{[]string{"merge", v.copyOf("same.passtea").path, "--base", stranger.path}, 1, "the base " + stranger.path + " is another vault"},
	} {
		r := v.run("", c.args...)
		wantOneLineError(t, r, c.code)
		wantStderr(t, r, c.want)
	}
	v.unchanged(before)
	// A base of the same vault is accepted (and changes nothing).
	base := v.copyOf("base.passtea")
	other := v.copyOf("other.passtea")
	other.add("bank", "bank-Password-1")
	if r := v.ok("", "merge", other.path, "--base", base.path); !strings.Contains(r.stdout, `added     "bank"`) {
		t.Errorf("with --base: %q", r.stdout)
	}
}

// TestConflictCopyMergedOnWrite: a Syncthing conflict copy beside the
// vault is merged by the next command that writes, and moved into
// conflicts/; a command that only reads leaves it.
func TestConflictCopyMergedOnWrite(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("mail", "mail-Password-0")
	copyName := "vault.sync-conflict-20260102-030405-ABCDEFG.passtea"
	other := v.copyOf(copyName)
	other.add("bank", "bank-Password-1")
	v.ok("", "ls")
	if _, err := os.Stat(other.path); err != nil {
		t.Fatalf("a read moved the copy: %v", err)
	}
	r := v.ok("shop-Password-2\n", "add", "shop")
	wantStderr(t, r, "merged the conflict copy "+copyName+" (1 added, 0 updated, 0 deleted) and moved it to "+filepath.Join(v.dir, "conflicts", copyName))
	if _, err := os.Stat(filepath.Join(v.dir, "conflicts", copyName)); err != nil {
		t.Errorf("the copy is not in conflicts/: %v", err)
	}
	if got := v.contents(testMaster); len(got) != 3 {
		t.Errorf("entries: %v", got)
	}
}

// TestHistoryOfMerge: a value a merge set aside was never replaced: history
// shows when it was set and says a merge set it aside.
func TestHistoryOfMerge(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("mail", "mail-Password-0")
	other := v.copyOf("laptop.passtea")
	v.secret("mail-Password-mine", "mail-Password-theirs")
	v.ok("mail-Password-mine\n", "edit", "mail", "--password-stdin")
	other.ok("mail-Password-theirs\n", "edit", "mail", "--password-stdin")
	v.ok("", "merge", other.path)

	r := v.ok("", "history", "mail")
	when := `(\d{4}-\d\d-\d\d \d\d:\d\d)`
	want := regexp.MustCompile(`^set ` + when + `, set aside by a merge  mail-Password-mine\n` + when + ` {28}mail-Password-0\n$`)
	m := want.FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("history:\n%s\nwant it to match %s", r.stdout, want)
	}
	for _, s := range m[1:] {
		if at, err := time.ParseInLocation("2006-01-02 15:04", s, time.Local); err != nil || time.Since(at) > time.Hour || time.Until(at) > time.Minute {
			t.Errorf("history shows %s, not the time of the edits (%v)", s, err)
		}
	}
}
