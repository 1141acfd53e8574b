// Tests of several writers on one file, taking turns through the lock:
// vaults in one goroutine, goroutines, child processes (see child_test.go)
// and a long-lived vault that refreshes, as the app does.

package vault

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestTwoWritersQuick: two vaults on one file add and edit in turns; each
// save merges the other's, so both end with everything.
func TestTwoWritersQuick(t *testing.T) {
	t.Parallel()
	clock := newTestClock()
	opts := &Options{Now: clock.Now}
	v, path := newTestVault(t, opts)
	shared := mustAdd(t, v, "shared", "pw-0")
	a := mustOpenKey(t, path, v.key, opts)
	b := mustOpenKey(t, path, v.key, opts)
	for i := range 3 {
		clock.Advance(time.Second)
		mustAdd(t, a, fmt.Sprint("a", i), "pw")
		clock.Advance(time.Second)
		mustAdd(t, b, fmt.Sprint("b", i), "pw")
	}
	user, notes := "from-a", "from-b"
	if _, err := a.Edit(shared.ID, Change{Username: &user}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Edit(shared.ID, Change{Notes: &notes}); err != nil {
		t.Fatal(err)
	}
	if err := a.Refresh(); err != nil {
		t.Fatal(err)
	}
	for _, w := range []*Vault{a, b, mustOpenKey(t, path, v.key, nil)} {
		if n := mustLen(t, w); n != 7 {
			t.Fatalf("%d entries", n)
		}
		e, _ := w.Get("shared")
		if e.Username != "from-a" {
			t.Fatalf("username %q", e.Username)
		}
		checkSecret(t, w, shared.ID, Secret{Password: "pw-0", Notes: "from-b"})
		if e.Conflict {
			t.Fatal("a conflict where the two changed different fields")
		}
	}
}

// TestConcurrentAdds: goroutines, each with its own vault on one file, add
// entries at once; every entry survives.
func TestConcurrentAdds(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	const writers, each = 4, 5
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		x := mustOpenKey(t, path, v.key, nil)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				if _, err := x.Add(NewEntry{Name: fmt.Sprintf("w%d-%d", w, i)}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n := mustLen(t, mustOpenKey(t, path, v.key, nil)); n != writers*each {
		t.Fatalf("%d entries, want %d", n, writers*each)
	}
}

// checkWriters opens path with password and checks that it holds what
// writeSteps did for each prefix, n steps each: every entry, the last
// value of each setting, and every password of "shared" (the current one
// the last written, the others in its history, without a conflict: each
// writer saw the others' changes before it made its own).
func checkWriters(t *testing.T, v *Vault, prefixes []string, n int) {
	t.Helper()
	if got := mustLen(t, v); got != len(prefixes)*n+1 {
		t.Errorf("%d entries, want %d", got, len(prefixes)*n+1)
	}
	written := map[string]bool{"pw-0": true}
	for _, p := range prefixes {
		for i := range n {
			name := fmt.Sprintf("%s/e%d", p, i)
			e, err := v.Get(name)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			checkSecret(t, v, e.ID, Secret{Password: "pw-" + name})
			written[fmt.Sprintf("%s-%d", p, i)] = true
		}
		if got, _ := v.Setting(p); got != strconv.Itoa(n-1) {
			t.Errorf("setting %s = %q, want %d", p, got, n-1)
		}
	}
	shared, err := v.Get("shared")
	if err != nil {
		t.Fatal(err)
	}
	s, err := v.Secret(shared.ID)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{s.Password: true}
	for _, h := range s.PasswordHistory() {
		have[h.Value] = true
	}
	if !maps.Equal(have, written) || shared.Conflict || !strings.HasSuffix(s.Password, fmt.Sprint("-", n-1)) {
		t.Errorf("shared: password %q, conflict %v, %d values of %d written", s.Password, shared.Conflict, len(have), len(written))
	}
}

// TestConcurrentWriters: goroutines, each with its own Vault on one file
// (as separate processes would have), add entries, change one shared
// entry and settings at once, while one changes the master password and a
// long-lived vault (the app) refreshes and edits in a loop. Nothing is
// lost, the new password holds, and everything converges.
func TestConcurrentWriters(t *testing.T) {
	t.Parallel()
	writers, steps := 4, 6
	if raceEnabled {
		writers, steps = 3, 4
	}
	v, path := newTestVault(t, nil)
	mustAdd(t, v, "shared", "pw-0")
	app := mustOpenKey(t, path, v.key, nil)
	appEntry := mustAdd(t, app, "app", "pw")
	var wg sync.WaitGroup
	var prefixes []string
	errs := make(chan error, writers+2)
	for w := range writers {
		prefix := fmt.Sprint("g", w)
		prefixes = append(prefixes, prefix)
		x := mustOpenKey(t, path, v.key, nil)
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					errs <- fmt.Errorf("%s: %v", prefix, r)
				}
			}()
			writeSteps(panicT{t}, x, prefix, steps)
		})
	}
	newPW := []byte("changed while they write")
	wg.Go(func() {
		if err := v.Rewrap(Credentials{Password: newPW}, testKDF); err != nil {
			errs <- fmt.Errorf("rewrap: %w", err)
		}
	})
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	edits := 0
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
		}
		if err := app.Refresh(); err != nil {
			t.Fatal(err)
		}
		if _, err := app.Entries(); err != nil {
			t.Fatal(err)
		}
		edits++
		notes := fmt.Sprint("app edit ", edits)
		if _, err := app.Edit(appEntry.ID, Change{Notes: &notes}); err != nil {
			t.Fatal(err)
		}
		// A pause, as between a user's keystrokes: the lock is polled, so
		// a loop that takes it again at once can starve the others.
		time.Sleep(10 * time.Millisecond)
	}
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if err := app.Refresh(); err != nil {
		t.Fatal(err)
	}
	w, err := Open(path, newPW, nil)
	if err != nil {
		t.Fatalf("the new password: %v", err)
	}
	for _, x := range []*Vault{w, app} {
		if n := mustLen(t, x); n != writers*steps+2 {
			t.Fatalf("%d entries", n)
		}
		checkSecret(t, x, appEntry.ID, Secret{Password: "pw", Notes: fmt.Sprint("app edit ", edits)})
		if got, want := canonical(t, x), canonical(t, w); got != want {
			t.Fatal("the app's vault and the file differ")
		}
	}
	if err := w.Delete(appEntry.ID); err != nil { // checkWriters counts "shared" only
		t.Fatal(err)
	}
	checkWriters(t, w, prefixes, steps)
	if _, err := Open(path, testPassword, nil); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("the old password: %v", err)
	}
}

// panicT turns the Fatal of a helper running in a goroutine into a panic
// that the goroutine reports.
type panicT struct{ testing.TB }

func (p panicT) Fatal(args ...any)                 { panic(fmt.Sprint(args...)) }
func (p panicT) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }

// TestMultiProcess: child processes add entries, change one shared entry
// and their settings at once, while this process changes the master
// password: nothing is lost, and the children's saves keep the new
// password.
func TestMultiProcess(t *testing.T) {
	t.Parallel()
	children, steps := 3, 5
	if raceEnabled {
		steps = 3
	}
	v, path := newTestVault(t, nil)
	mustAdd(t, v, "shared", "pw-0")
	var prefixes []string
	cmds := make([]*exec.Cmd, children)
	outs, errs := make([]bytes.Buffer, children), make([]bytes.Buffer, children)
	copied := make(chan struct{}, children)
	for i := range cmds {
		prefix := fmt.Sprint("p", i)
		prefixes = append(prefixes, prefix)
		cmds[i] = childCommand(t, "writer", "PASSTEA_TEST_PATH="+path, "PASSTEA_TEST_PREFIX="+prefix, "PASSTEA_TEST_N="+strconv.Itoa(steps))
		cmds[i].Stderr = &errs[i]
		stdout, err := cmds[i].StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
		r := bufio.NewReader(stdout)
		if line, err := r.ReadString('\n'); line != "ready\n" {
			t.Fatalf("child %d: %q, %v", i, line, err)
		}
		go func() { io.Copy(&outs[i], r); copied <- struct{}{} }()
	}
	// Every child unlocked the vault with the old password; they write as
	// it changes.
	newPW := []byte("changed while they write")
	if err := v.Rewrap(Credentials{Password: newPW}, testKDF); err != nil {
		t.Fatal(err)
	}
	for range cmds {
		<-copied
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("child %d: %v\n%s%s", i, err, outs[i].String(), errs[i].String())
		}
	}
	w, err := Open(path, newPW, nil)
	if err != nil {
		t.Fatalf("the new password after the children's saves: %v", err)
	}
	checkWriters(t, w, prefixes, steps)
}

// TestTwoWritersDelete: a deletion is not undone by a writer that still
// had the entry, and that writer cannot edit it any more.
func TestTwoWritersDelete(t *testing.T) {
	t.Parallel()
	clock := newTestClock()
	opts := &Options{Now: clock.Now}
	v, path := newTestVault(t, opts)
	shared := mustAdd(t, v, "shared", "pw")
	other := mustAdd(t, v, "other", "pw")
	a, b := mustOpenKey(t, path, v.key, opts), mustOpenKey(t, path, v.key, opts)
	clock.Advance(time.Second)
	if err := a.Delete(shared.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := b.ByID(shared.ID); err != nil {
		t.Fatal("b should not have seen the deletion yet")
	}
	clock.Advance(time.Hour)
	notes := "later"
	if _, err := b.Edit(other.ID, Change{Notes: &notes}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Edit(shared.ID, Change{Notes: &notes}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("edit a deleted entry: got %v, want ErrNotFound", err)
	}
	for _, w := range []*Vault{b, mustOpenKey(t, path, v.key, nil)} {
		if _, err := w.ByID(shared.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("deleted entry: got %v, want ErrNotFound", err)
		}
		if trash, _ := w.Trash(); len(trash) != 1 || trash[0].ID != shared.ID {
			t.Fatalf("trash %+v", trash)
		}
	}
}

// TestTwoWritersRotateKey: after one writer rotates the key, the other
// cannot read the file any more: its saves and refreshes fail with
// ErrConflict and leave the file alone; unlocked again, it goes on.
func TestTwoWritersRotateKey(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	mustAdd(t, v, "shared", "pw")
	a, b := mustOpenKey(t, path, v.key, nil), mustOpenKey(t, path, v.key, nil)
	mustAdd(t, b, "before", "pw-b")
	newPW := []byte("new password")
	if _, err := a.RotateKey(Credentials{Password: newPW}, testKDF); err != nil {
		t.Fatal(err)
	}
	raw := mustRead(t, path)
	if _, err := b.Add(NewEntry{Name: "lost"}); !errors.Is(err, ErrConflict) {
		t.Fatalf("Add: got %v, want ErrConflict", err)
	}
	if err := b.Refresh(); !errors.Is(err, ErrConflict) {
		t.Fatalf("Refresh: got %v, want ErrConflict", err)
	}
	if !bytes.Equal(raw, mustRead(t, path)) {
		t.Fatal("a refused save changed the file")
	}
	w, err := Open(path, newPW, nil)
	if err != nil {
		t.Fatal(err)
	}
	mustAdd(t, w, "after", "pw")
	if n := mustLen(t, w); n != 3 {
		t.Fatalf("%d entries", n)
	}
}

// TestClockStepBack: the wall clock steps back between two edits of one
// entry by two processes. A later, unrelated save by the process that made
// the first edit must not bring its value back over the second: stamps
// follow what a writer has seen, not only its clock.
func TestClockStepBack(t *testing.T) {
	t.Parallel()
	clock := newTestClock()
	opts := &Options{Now: clock.Now}
	v, path := newTestVault(t, opts)
	shared := mustAdd(t, v, "shared", "pw")
	a, b := mustOpenKey(t, path, v.key, opts), mustOpenKey(t, path, v.key, opts)
	clock.Advance(time.Hour)
	user := "from-b"
	if _, err := b.Edit(shared.ID, Change{Username: &user}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(-50 * time.Minute) // the clock steps back
	user = "from-a"
	if _, err := a.Edit(shared.ID, Change{Username: &user}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	mustAdd(t, b, "unrelated", "pw")
	w := mustOpenKey(t, path, v.key, nil)
	if e, _ := w.ByID(shared.ID); e.Username != "from-a" || e.Conflict {
		t.Fatalf("shared = %+v: a's later edit lost to b's older one", e)
	}
}

// TestTwoWritersSameName: the second writer to add a name is told it is
// taken (every save reads the other's changes first), and a rename onto
// the other's new name too.
func TestTwoWritersSameName(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	mine := mustAdd(t, v, "mine", "pw")
	a, b := mustOpenKey(t, path, v.key, nil), mustOpenKey(t, path, v.key, nil)
	mustAdd(t, a, "github", "pw-a")
	if _, err := b.Add(NewEntry{Name: "github"}); !errors.Is(err, ErrNameTaken) {
		t.Fatalf("second add: got %v, want ErrNameTaken", err)
	}
	name := "github"
	if _, err := b.Edit(mine.ID, Change{Name: &name}); !errors.Is(err, ErrNameTaken) {
		t.Fatalf("rename onto it: got %v, want ErrNameTaken", err)
	}
	if n := mustLen(t, mustOpenKey(t, path, v.key, nil)); n != 2 {
		t.Fatalf("%d entries", n)
	}
}
