// Tests of several writers on one file: two vaults in one goroutine taking
// turns, goroutines, and child processes (this test binary run again).

package vault

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// twoWriters creates a vault holding one entry, "shared", and opens it
// twice, as two processes would. Both use clock.
func twoWriters(t *testing.T) (a, b *Vault, path string, shared Entry, clock *testClock) {
	t.Helper()
	clock = newTestClock()
	opts := &Options{Now: clock.Now}
	v, path := newTestVault(t, opts)
	shared = mustAdd(t, v, "shared", "pw-0")
	var err error
	if a, err = Open(path, testPassword, opts); err != nil {
		t.Fatal(err)
	}
	if b, err = Open(path, testPassword, opts); err != nil {
		t.Fatal(err)
	}
	return a, b, path, shared, clock
}

func names(v *Vault) []string {
	var out []string
	for _, e := range v.Entries() {
		out = append(out, e.Name)
	}
	return out
}

// TestTwoWriters: two vaults take turns adding entries and editing the
// same one; each save folds in the other's changes, so nothing is lost.
func TestTwoWriters(t *testing.T) {
	t.Parallel()
	a, b, path, shared, clock := twoWriters(t)
	for i := range 3 {
		for _, w := range []struct {
			v    *Vault
			name string
		}{{a, "a"}, {b, "b"}} {
			clock.Advance(time.Second)
			mustAdd(t, w.v, fmt.Sprintf("%s%d", w.name, i), "pw")
		}
	}
	clock.Advance(time.Second)
	user := "from-a"
	if _, err := a.Edit(shared.ID, Change{Username: &user}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Second)
	notes := "from-b"
	if _, err := b.Edit(shared.ID, Change{Notes: &notes}); err != nil {
		t.Fatal(err)
	}
	if err := a.SetSetting("from-a", "1"); err != nil {
		t.Fatal(err)
	}
	if err := b.SetSetting("from-b", "2"); err != nil {
		t.Fatal(err)
	}
	replaced := clock.Advance(time.Second)
	pw := "pw-1"
	if _, err := a.Edit(shared.ID, Change{Password: &pw}); err != nil {
		t.Fatal(err)
	}
	if err := b.Refresh(); err != nil {
		t.Fatal(err)
	}
	want := "[a0 a1 a2 b0 b1 b2 shared]"
	for _, w := range []*Vault{a, b, mustOpenKey(t, path, a.key, nil)} {
		if got := fmt.Sprint(names(w)); got != want {
			t.Fatalf("entries %s, want %s", got, want)
		}
		e, _ := w.ByID(shared.ID)
		if e.Username != "from-a" || e.Revision != 4 {
			t.Fatalf("shared = %+v", e)
		}
		checkSecret(t, w, shared.ID, Secret{Password: "pw-1", Notes: "from-b", History: []OldPassword{{"pw-0", replaced}}})
		sa, oka := w.Setting("from-a")
		sb, okb := w.Setting("from-b")
		if sa != "1" || sb != "2" || !oka || !okb {
			t.Fatalf("settings %q %v, %q %v", sa, oka, sb, okb)
		}
	}
}

// TestTwoWritersDelete: a deletion is not undone by a writer that still
// had the entry.
func TestTwoWritersDelete(t *testing.T) {
	t.Parallel()
	a, b, path, shared, clock := twoWriters(t)
	other := mustAdd(t, a, "other", "pw")
	if err := b.Refresh(); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Second)
	if err := a.Delete(shared.ID); err != nil {
		t.Fatal(err)
	}
	// b still lists it, edits another entry later, and saves.
	if _, err := b.ByID(shared.ID); err != nil {
		t.Fatal("b should not have seen the deletion yet")
	}
	clock.Advance(time.Hour)
	notes := "later"
	if _, err := b.Edit(other.ID, Change{Notes: &notes}); err != nil {
		t.Fatal(err)
	}
	for _, w := range []*Vault{b, mustOpenKey(t, path, a.key, nil)} {
		if _, err := w.ByID(shared.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("deleted entry: got %v, want ErrNotFound", err)
		}
		if got := fmt.Sprint(names(w)); got != "[other]" {
			t.Fatalf("entries %s", got)
		}
	}
	if _, err := b.Edit(shared.ID, Change{Notes: &notes}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("edit a deleted entry: got %v, want ErrNotFound", err)
	}
}

// TestTwoWritersEditDeleted: a writer that has not seen a deletion and
// edits the entry gets ErrNotFound, and the tombstone stays.
func TestTwoWritersEditDeleted(t *testing.T) {
	t.Parallel()
	a, b, path, shared, clock := twoWriters(t)
	if err := a.Delete(shared.ID); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Hour)
	notes := "resurrect?"
	if _, err := b.Edit(shared.ID, Change{Notes: &notes}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("got %v, want ErrNotFound", err)
	}
	if w := mustOpenKey(t, path, a.key, nil); w.Len() != 0 {
		t.Fatalf("entries %v", names(w))
	}
}

// TestTwoWritersSameName: the second writer to add a name is told it is
// taken, since every save first reads the other's changes. Two entries
// with one name arise only when a file loses entries (an older copy put
// back); the fold then renames the one created later "name (2)".
func TestTwoWritersSameName(t *testing.T) {
	t.Parallel()
	a, b, path, _, clock := twoWriters(t)
	first := mustAdd(t, a, "github", "pw-a")
	clock.Advance(time.Second)
	if _, err := b.Add(Fields{Name: "github"}, Secret{Password: "pw-b"}); !errors.Is(err, ErrNameTaken) {
		t.Fatalf("second add: got %v, want ErrNameTaken", err)
	}

	// The user puts back the file as it was before a's add, and another
	// process opens it and adds "github" again.
	mustWrite(t, path, mustRead(t, path+".bak"))
	c := mustOpenKey(t, path, a.key, &Options{Now: clock.Now})
	clock.Advance(time.Second)
	second, err := c.Add(Fields{Name: "github"}, Secret{Password: "pw-c"})
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Second)
	mustAdd(t, a, "other", "pw") // a still has its github: the fold keeps both
	w := mustOpenKey(t, path, a.key, nil)
	if got := fmt.Sprint(names(w)); got != "[github github (2) other shared]" {
		t.Fatalf("entries %s", got)
	}
	g, _ := w.Get("github")
	g2, _ := w.Get("github (2)")
	if g.ID != first.ID || g2.ID != second.ID || g2.Revision != second.Revision+1 {
		t.Fatalf("github = %+v, github (2) = %+v", g, g2)
	}
	checkSecret(t, w, first.ID, Secret{Password: "pw-a", Notes: "notes of github"})
	checkSecret(t, w, second.ID, Secret{Password: "pw-c"})
}

// TestTwoWritersRewrap: a password change by one writer is adopted by the
// other, whose next save keeps the new password.
func TestTwoWritersRewrap(t *testing.T) {
	t.Parallel()
	a, b, path, _, _ := twoWriters(t)
	newPassword := []byte("new password")
	stronger := testKDF
	stronger.Params.Iterations = 2
	if err := a.Rewrap(newPassword, stronger); err != nil {
		t.Fatal(err)
	}
	mustAdd(t, b, "after", "pw")
	if b.Params() != stronger.Params {
		t.Fatalf("b's params %v, want %v", b.Params(), stronger.Params)
	}
	if _, err := Open(path, testPassword, nil); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("old password: got %v, want ErrWrongPassword", err)
	}
	w, err := Open(path, newPassword, nil)
	if err != nil {
		t.Fatalf("new password: %v", err)
	}
	if got := fmt.Sprint(names(w)); got != "[after shared]" {
		t.Fatalf("entries %s", got)
	}
}

// TestTwoWritersRotateKey: after one writer rotates the key, the other
// cannot read the file any more: its saves fail with ErrConflict and leave
// the file alone.
func TestTwoWritersRotateKey(t *testing.T) {
	t.Parallel()
	a, b, path, _, _ := twoWriters(t)
	mustAdd(t, b, "before", "pw-b")
	newPassword := []byte("new password")
	if err := a.RotateKey(newPassword, testKDF); err != nil {
		t.Fatal(err)
	}
	raw := mustRead(t, path)
	if _, err := b.Add(Fields{Name: "lost"}, Secret{}); !errors.Is(err, ErrConflict) {
		t.Fatalf("Add: got %v, want ErrConflict", err)
	}
	notes := "x"
	if _, err := b.Edit(b.Entries()[0].ID, Change{Notes: &notes}); !errors.Is(err, ErrConflict) {
		t.Fatalf("Edit: got %v, want ErrConflict", err)
	}
	if err := b.Refresh(); !errors.Is(err, ErrConflict) {
		t.Fatalf("Refresh: got %v, want ErrConflict", err)
	}
	if !bytes.Equal(raw, mustRead(t, path)) {
		t.Fatal("a refused save changed the file")
	}
	w, err := Open(path, newPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(names(w)); got != "[before shared]" {
		t.Fatalf("entries %s", got)
	}
}

// TestFoldClockStepBack: the wall clock steps back (NTP, a manual change,
// a resumed virtual machine) between two edits of one entry by two
// processes. A later, unrelated save by the process that made the first
// edit must not bring its copy back over the second edit: it never
// changed the entry again, it only still holds the older copy.
func TestFoldClockStepBack(t *testing.T) {
	t.Parallel()
	a, b, path, shared, clock := twoWriters(t)
	clock.Advance(time.Hour)
	user := "from-b"
	if _, err := b.Edit(shared.ID, Change{Username: &user}); err != nil { // revision 2
		t.Fatal(err)
	}
	clock.Advance(-50 * time.Minute) // the clock steps back
	user = "from-a"
	if _, err := a.Edit(shared.ID, Change{Username: &user}); err != nil { // revision 3, on top of b's
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	mustAdd(t, b, "unrelated", "pw")
	w := mustOpenKey(t, path, a.key, nil)
	if e, _ := w.ByID(shared.ID); e.Username != "from-a" {
		t.Fatalf("shared = %+v: a's later edit was lost to b's older copy", e)
	}
}

// TestParallelWriters: goroutines, each with its own Vault on one file,
// add entries at once; the lock serializes the saves and the fold keeps
// every entry.
func TestParallelWriters(t *testing.T) {
	t.Parallel()
	const writers, each = 4, 6
	_, path := newTestVault(t, nil)
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	start := make(chan struct{})
	for g := range writers {
		wg.Go(func() {
			v, err := Open(path, testPassword, nil)
			if err != nil {
				errs <- err
				return
			}
			<-start
			for i := range each {
				name := fmt.Sprintf("g%d/e%d", g, i)
				if _, err := v.Add(Fields{Name: name}, Secret{Password: "pw-" + name}); err != nil {
					errs <- fmt.Errorf("%s: %w", name, err)
					return
				}
			}
		})
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	checkAllAdded(t, path, writers, each, "g%d/e%d")
}

// checkAllAdded opens path and checks it holds exactly the entries
// fmt.Sprintf(pattern, writer, i), each with its password.
func checkAllAdded(t *testing.T, path string, writers, each int, pattern string) {
	t.Helper()
	w, err := Open(path, testPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	if w.Len() != writers*each {
		t.Errorf("%d entries, want %d: %v", w.Len(), writers*each, names(w))
	}
	for g := range writers {
		for i := range each {
			name := fmt.Sprintf(pattern, g, i)
			e, err := w.Get(name)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			if s, err := w.Secret(e.ID); err != nil || s.Password != "pw-"+name {
				t.Errorf("%s: secret %q, %v", name, s.Password, err)
			}
		}
	}
}

// TestMultiProcess: child processes add entries to one vault at once.
func TestMultiProcess(t *testing.T) {
	t.Parallel()
	const children, each = 3, 8
	_, path := newTestVault(t, nil)
	cmds := make([]*exec.Cmd, children)
	outs := make([]bytes.Buffer, children)
	for i := range cmds {
		cmds[i] = childCommand(t, "add", "PASSTEA_TEST_PATH="+path, "PASSTEA_TEST_PREFIX="+fmt.Sprintf("p%d", i), "PASSTEA_TEST_N="+strconv.Itoa(each))
		cmds[i].Stdout, cmds[i].Stderr = &outs[i], &outs[i]
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("child %d: %v\n%s", i, err, outs[i].String())
		}
	}
	checkAllAdded(t, path, children, each, "p%d/e%d")
}

// childCommand runs this test binary again as a child process of the
// given mode (see TestHelperProcess).
func childCommand(t *testing.T, mode string, env ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Skipf("cannot run child processes: %v", err)
	}
	cmd := exec.Command(exe, "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(append(os.Environ(), "PASSTEA_TEST_CHILD="+mode), env...)
	return cmd
}

// TestHelperProcess is the child process of TestMultiProcess and
// TestCrashDuringSave; run directly, it does nothing.
func TestHelperProcess(t *testing.T) {
	mode := os.Getenv("PASSTEA_TEST_CHILD")
	if mode == "" {
		return
	}
	path := os.Getenv("PASSTEA_TEST_PATH")
	switch mode {
	case "add":
		n, _ := strconv.Atoi(os.Getenv("PASSTEA_TEST_N"))
		prefix := os.Getenv("PASSTEA_TEST_PREFIX")
		v, err := Open(path, testPassword, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := range n {
			name := fmt.Sprintf("%s/e%d", prefix, i)
			if _, err := v.Add(Fields{Name: name}, Secret{Password: "pw-" + name}); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
	case "saveloop":
		saveLoop(t, path, os.Getenv("PASSTEA_TEST_NAME"))
	default:
		t.Fatalf("unknown child mode %q", mode)
	}
}

// TestFoldRenameLongName: the "name (2)" given to a clashing entry whose
// name is near the length limit is cut to fit; it must still be valid
// UTF-8 (the index refuses anything else, so the vault would no longer
// open) and a valid name.
func TestFoldRenameLongName(t *testing.T) {
	t.Parallel()
	a, _, path, _, clock := twoWriters(t)
	long := "x" + strings.Repeat("é", (MaxNameLen-1)/2) // 255 bytes; byte 244 is inside an é
	first := mustAdd(t, a, long, "pw-a")
	// As in TestTwoWritersSameName: an older file is put back and another
	// process adds the same name.
	mustWrite(t, path, mustRead(t, path+".bak"))
	c := mustOpenKey(t, path, a.key, &Options{Now: clock.Now})
	clock.Advance(time.Second)
	second, err := c.Add(Fields{Name: long}, Secret{Password: "pw-c"})
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Second)
	mustAdd(t, a, "other", "pw")
	w, err := openKey(path, a.key, nil)
	if err != nil {
		t.Fatalf("the vault no longer opens: %v", err)
	}
	if g, _ := w.Get(long); g.ID != first.ID {
		t.Fatalf("%q is %+v", long, g)
	}
	renamed, err := w.ByID(second.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := ValidateName(renamed.Name); err != nil || !strings.HasSuffix(renamed.Name, " (2)") {
		t.Fatalf("renamed to %q: %v", renamed.Name, err)
	}
}
