package cli

import (
	"strings"
	"testing"
)

func TestTrash(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("old/forum", "forum-Secret-1", "--username", "me")
	v.add("keep", "keep-Secret-2")
	r := v.ok("", "trash")
	if r.stdout != "" || r.stderr != "the trash is empty\n" {
		t.Errorf("empty trash: %q / %q", r.stdout, r.stderr)
	}
	v.ok("", "rm", "old/forum", "--yes")
	r = v.ok("", "trash")
	if !strings.HasPrefix(r.stdout, "old/forum  me  deleted ") || strings.Count(r.stdout, "\n") != 1 {
		t.Errorf("trash: %q", r.stdout)
	}
	if r := v.ok("", "info"); !strings.Contains(r.stdout, "in the trash:    1 (passtea trash lists them)") {
		t.Errorf("info:\n%s", r.stdout)
	}

	// Restore brings it back whole; a live entry with the name blocks it.
	v.ok("", "restore", "old/forum")
	if got := v.get("old/forum", "password"); got != "forum-Secret-1" {
		t.Errorf("restored password %q", got)
	}
	v.ok("", "rm", "old/forum", "--yes")
	v.add("old/forum", "forum-Secret-3")
	r = v.run("", "restore", "old/forum")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, `an entry named "old/forum" exists: rename it first (passtea edit old/forum --name NEW), then restore`)
	r = v.run("", "restore", "nothing")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, `no entry named "nothing" in the trash`)

	// --purge: a live entry is erased at once, and one in the trash too.
	r = v.ok("", "rm", "old/forum", "--purge", "--yes")
	if r.stderr != "erased old/forum for good\n" {
		t.Errorf("rm --purge: %q", r.stderr)
	}
	if r := v.ok("", "trash"); strings.Count(r.stdout, "old/forum") != 1 {
		t.Errorf("the purged live entry went to the trash: %q", r.stdout)
	}
	v.ok("", "rm", "old/forum", "--purge", "--yes")
	if r := v.ok("", "trash"); r.stdout != "" {
		t.Errorf("trash after purging: %q", r.stdout)
	}

	// --empty asks on a terminal, needs --yes without one.
	v.ok("", "rm", "keep", "--yes")
	wantOneLineError(t, v.run("", "trash", "--empty"), 2)
	wantOneLineError(t, v.run("", "trash", "--yes"), 2)
	r = v.runEnv(cliEnv{terminal: typing(testMaster, "n")}, "trash", "--empty")
	wantCode(t, r, 0)
	wantStderr(t, r, "nothing erased")
	r = v.runEnv(cliEnv{terminal: typing(testMaster, "y")}, "trash", "--empty")
	wantCode(t, r, 0)
	wantStderr(t, r, "erased 1 entry for good")
	wantOneLineError(t, v.run("", "restore", "keep"), 1)
}
