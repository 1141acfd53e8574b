// TestCrashDuringSave kills a child process in the middle of its saves.

package vault

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// saveLoop is the child of TestCrashDuringSave: it opens the vault, says
// "ready" and edits the notes of the entry name, a counter, until killed,
// saying "saved" after each save.
func saveLoop(t *testing.T, path, name string) {
	v, err := Open(path, testPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	e, err := v.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	s, err := v.Secret(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(s.Notes)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("ready")
	for {
		n++
		notes := strconv.Itoa(n)
		if _, err := v.Edit(e.ID, Change{Notes: &notes}); err != nil {
			t.Fatal(err)
		}
		fmt.Println("saved")
	}
}

// TestCrashDuringSave: a child process saves a 2,000-entry vault in a
// loop (each save takes milliseconds) and is killed with SIGKILL at random
// moments. After every kill the vault opens with the password, whole, and
// holds every save the child reported (and at most one more, made but not
// yet reported). Temporary files a killed save leaves
// are reported, not failed on (see the log).
func TestCrashDuringSave(t *testing.T) {
	t.Parallel()
	if runtime.GOOS != "linux" {
		t.Skip("SIGKILL timing test runs on Linux only")
	}
	const entries = 2000
	kills, slow := 20, 1
	if raceEnabled {
		// Each child takes a few hundred milliseconds to start, and each
		// save is about four times slower.
		kills, slow = 8, 3
	}
	v, path := makeBig(t, entries)
	dir := filepath.Dir(path)
	target := v.Entries()[0]
	zero := "0"
	if _, err := v.Edit(target.ID, Change{Notes: &zero}); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	last, killedWithTemp := 0, 0
	seenTemp := map[string]bool{}
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
		if w.Len() != entries {
			t.Fatalf("after kill %d: %d entries", i, w.Len())
		}
		s, err := w.Secret(target.ID)
		if err != nil {
			t.Fatalf("after kill %d: %v", i, err)
		}
		n, err := strconv.Atoi(s.Notes)
		if err != nil || n < last+acked || n > last+acked+1 {
			// At most one save can have landed without being reported.
			t.Fatalf("after kill %d: counter %q, was %d with %d saves reported since", i, s.Notes, last, acked)
		}
		last = n
		if _, err := openKey(path+".bak", w.key, nil); err != nil {
			t.Fatalf("after kill %d: the backup: %v", i, err)
		}
		for _, name := range tempFiles(t, dir) {
			if !seenTemp[name] {
				seenTemp[name] = true
				killedWithTemp++
			}
		}
	}
	if last == 0 {
		t.Fatal("no save completed")
	}
	w, err := Open(path, testPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range w.Entries() {
		if _, err := w.Secret(e.ID); err != nil {
			t.Fatalf("%s: %v", e.Name, err)
		}
	}
	t.Logf("%d kills, %d saves completed; kills left %d temporary files: %v", kills, last, killedWithTemp, slices.Sorted(maps.Keys(seenTemp)))
	// Does the next successful save clean them up?
	notes := "after"
	if _, err := w.Edit(target.ID, Change{Notes: &notes}); err != nil {
		t.Fatal(err)
	}
	t.Logf("temporary files left after a successful save: %v", tempFiles(t, dir))
	if _, err := os.Stat(path + ".bak.tmp"); err == nil {
		t.Errorf("%s.bak.tmp survived a successful save", path)
	}
}
