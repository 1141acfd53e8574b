//go:build !windows

// TestCrashDuringSave kills a child process in the middle of its saves.

package vault

import (
	"bufio"
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// TestCrashDuringSave: a child process (this test binary, see
// TestHelperProcess) saves a 2,000-entry vault in a loop, each save taking
// milliseconds, and is killed with SIGKILL at random moments. After every
// kill the vault opens with the password, whole, and holds every save the
// child reported (and at most one more, made but not yet reported); the
// backup opens too. Temporary files a kill leaves are removed by the next
// save once they are a minute old (FORMAT.md, "Writing").
func TestCrashDuringSave(t *testing.T) {
	t.Parallel()
	const entries = 2000
	kills, slow := 20, 1
	if testing.Short() {
		kills = 6
	}
	if raceEnabled {
		// Each child takes a few hundred milliseconds to start, and each
		// save is several times slower.
		kills, slow = 6, 3
	}
	v, path := newTestVault(t, nil)
	items := siteEntries(entries)
	items[0].Notes = "0"
	if err := v.AddMany(items); err != nil {
		t.Fatal(err)
	}
	target, _ := v.Get(items[0].Name)
	dir := filepath.Dir(path)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	last, sawTemp := 0, map[string]bool{}
	for i := range kills {
		cmd := childCommand(t, "saveloop", "PASSTEA_TEST_PATH="+path, "PASSTEA_TEST_NAME="+target.Name)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		r := bufio.NewReader(stdout)
		line, err := r.ReadString('\n')
		want, acked := "ready\n", 0
		if err == nil && i == kills-1 {
			// Make sure at least one save completes.
			line, err = r.ReadString('\n')
			want, acked = "saved\n", 1
		}
		if err != nil || line != want {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("child %d: %q, %v\n%s", i, line, err, stderr.String())
		}
		time.Sleep(time.Duration(slow*(1+rng.IntN(30))) * time.Millisecond)
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		// Every save the child reported before it died must be on disk.
		for {
			line, err := r.ReadString('\n')
			if line == "saved\n" {
				acked++
			}
			if err != nil {
				break
			}
		}
		err = cmd.Wait()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("child %d did not die of SIGKILL: %v\n%s", i, err, stderr.String())
		}
		w, err := Open(path, testPassword, nil)
		if err != nil {
			t.Fatalf("after kill %d: %v", i, err)
		}
		if n := mustLen(t, w); n != entries {
			t.Fatalf("after kill %d: %d entries", i, n)
		}
		s, err := w.Secret(target.ID)
		if err != nil {
			t.Fatalf("after kill %d: %v", i, err)
		}
		n, err := strconv.Atoi(s.Notes)
		if err != nil || n < last+acked || n > last+acked+1 {
			t.Fatalf("after kill %d: counter %q, was %d with %d saves reported since", i, s.Notes, last, acked)
		}
		last = n
		if _, err := openKey(path+".bak", w.key, nil); err != nil {
			t.Fatalf("after kill %d: the backup: %v", i, err)
		}
		for _, name := range tempFiles(t, dir) {
			sawTemp[name] = true
		}
	}
	if last == 0 {
		t.Fatal("no save completed")
	}
	w, err := Open(path, testPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range mustEntries(t, w) {
		if _, err := w.Secret(e.ID); err != nil {
			t.Fatalf("%s: %v", e.Name, err)
		}
	}
	// A minute later, the next save removes what the kills left.
	left := tempFiles(t, dir)
	past := time.Now().Add(-2 * time.Minute)
	for _, name := range left {
		if err := os.Chtimes(filepath.Join(dir, name), past, past); err != nil {
			t.Fatal(err)
		}
	}
	notes := "after"
	if _, err := w.Edit(target.ID, Change{Notes: &notes}); err != nil {
		t.Fatal(err)
	}
	if tmp := tempFiles(t, dir); len(tmp) > 0 {
		t.Errorf("temporary files left after a save: %v", tmp)
	}
	t.Logf("%d kills, %d saves; the kills left %d temporary files (%d at the end)", kills, last, len(sawTemp), len(left))
}
