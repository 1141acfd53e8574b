// Tests of several writers on one file, taking turns through the lock.

package vault

import (
	"fmt"
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
