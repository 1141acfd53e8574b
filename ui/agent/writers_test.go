package agent

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/passtea/passtea/vault"
)

// TestConcurrentWriters changes one vault file through the agent and
// directly (as the app does) at the same time: every change survives.
func TestConcurrentWriters(t *testing.T) {
	path := newVaultFile(t, 1)
	_, _, rv := unlocked(t, path, Config{})
	dv, err := vault.Open(path, testCreds.Password, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer dv.Lock()
	shared, err := dv.Get("work/site-00000.example")
	if err != nil {
		t.Fatal(err)
	}
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for side, s := range map[string]store{"agent": rv, "direct": dv} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range n {
				if _, err := s.Add(vault.NewEntry{Name: fmt.Sprintf("%s/%02d", side, i), Secret: vault.Secret{Password: side}}); err != nil {
					errs <- fmt.Errorf("%s add %d: %w", side, i, err)
					return
				}
			}
			// Both change the same entry, different fields.
			c := vault.Change{}
			val := "by " + side
			if side == "agent" {
				c.Username = &val
			} else {
				c.Notes = &val
			}
			if _, err := s.Edit(shared.ID, c); err != nil {
				errs <- fmt.Errorf("%s edit: %w", side, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	check := func(who string, s store) {
		if err := s.Refresh(); err != nil {
			t.Fatal(err)
		}
		es, err := s.Entries()
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range es {
			names = append(names, e.Name)
		}
		for _, side := range []string{"agent", "direct"} {
			for i := range n {
				if !slices.Contains(names, fmt.Sprintf("%s/%02d", side, i)) {
					t.Fatalf("%s: %s/%02d is missing", who, side, i)
				}
			}
		}
		e, err := s.Get(shared.Name)
		if err != nil {
			t.Fatal(err)
		}
		sec, err := s.Secret(e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if e.Username != "by agent" || sec.Notes != "by direct" {
			t.Fatalf("%s: the shared entry has username %q and notes %q", who, e.Username, sec.Notes)
		}
	}
	check("agent", rv)
	check("direct", dv)
	fresh, err := vault.Open(path, testCreds.Password, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Lock()
	check("the file", fresh)
}

// TestConflictLocks rotates the vault key behind the agent's back: the
// agent can no longer merge the file, so it locks the vault (and, as it
// was its last, exits).
func TestConflictLocks(t *testing.T) {
	path := newVaultFile(t, 2)
	s, _, rv := unlocked(t, path, Config{})
	dv, err := vault.Open(path, testCreds.Password, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer dv.Lock()
	if _, err := dv.RotateKey(testCreds, testKDF); err != nil {
		t.Fatal(err)
	}
	if _, err := rv.Entries(); !errors.Is(err, vault.ErrConflict) {
		t.Fatalf("entries after the key changed: %v", err)
	}
	s.stopped(t, 5*time.Second)
}

// TestChangesSeen checks that the agent answers with what another process
// saved since.
func TestChangesSeen(t *testing.T) {
	path := newVaultFile(t, 2)
	_, cl, rv := unlocked(t, path, Config{})
	dv, err := vault.Open(path, testCreds.Password, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer dv.Lock()
	if _, err := dv.Add(vault.NewEntry{Name: "from the app"}); err != nil {
		t.Fatal(err)
	}
	if _, err := rv.Get("from the app"); err != nil {
		t.Fatalf("get: %v", err)
	}
	// Listings (which the agent keeps while the vault does not change).
	listed := func() []string {
		es, err := rv.Entries()
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range es {
			names = append(names, e.Name)
		}
		return names
	}
	first := listed()
	if !slices.Equal(listed(), first) || len(first) != 3 {
		t.Fatalf("listings %v", first)
	}
	if _, err := dv.Add(vault.NewEntry{Name: "listed"}); err != nil {
		t.Fatal(err)
	}
	if got := listed(); !slices.Contains(got, "listed") {
		t.Fatalf("a listing after another process added an entry: %v", got)
	}
	if _, err := rv.Add(vault.NewEntry{Name: "listed too"}); err != nil {
		t.Fatal(err)
	}
	if got := listed(); !slices.Contains(got, "listed too") {
		t.Fatalf("a listing after an add through the agent: %v", got)
	}
	if _, err := dv.Add(vault.NewEntry{Name: "again"}); err != nil {
		t.Fatal(err)
	}
	names, err := cl.Names(path, "")
	if err != nil || !slices.Contains(names, "again") || len(names) != 6 {
		t.Fatalf("names %v %v", names, err)
	}
	// Names, which the agent keeps too.
	if again, err := cl.Names(path, ""); err != nil || !slices.Equal(again, names) {
		t.Fatalf("names again %v %v", again, err)
	}
	if _, err := dv.Add(vault.NewEntry{Name: "named"}); err != nil {
		t.Fatal(err)
	}
	if got, err := cl.Names(path, ""); err != nil || !slices.Contains(got, "named") || len(got) != 7 {
		t.Fatalf("names after another process added an entry: %v %v", got, err)
	}
	if _, err := rv.Add(vault.NewEntry{Name: "named too"}); err != nil {
		t.Fatal(err)
	}
	if got, err := cl.Names(path, ""); err != nil || !slices.Contains(got, "named too") || len(got) != 8 {
		t.Fatalf("names after an add through the agent: %v %v", got, err)
	}
	fields, err := cl.Names(path, "work/site-00001.example")
	if err != nil || !slices.Equal(fields, []string{"pin"}) {
		t.Fatalf("field names %v %v", fields, err)
	}
	if _, err := cl.Names(path, "none"); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("field names of a missing entry: %v", err)
	}
}

// TestInterrupt interrupts a save that waits for another process's lock.
func TestInterrupt(t *testing.T) {
	path := newVaultFile(t, 1)
	_, _, rv := unlocked(t, path, Config{Options: &vault.Options{LockTimeout: 5 * time.Second}})
	release := holdLock(t, path+".lock")
	done := make(chan error, 1)
	go func() {
		_, err := rv.Add(vault.NewEntry{Name: "late"})
		done <- err
	}()
	time.Sleep(100 * time.Millisecond)
	start := time.Now()
	rv.Interrupt()
	select {
	case err := <-done:
		if !errors.Is(err, vault.ErrInterrupted) {
			t.Fatalf("the interrupted add: %v", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Interrupt did not stop the add")
	}
	if _, err := rv.Entries(); !errors.Is(err, vault.ErrInterrupted) {
		t.Fatalf("a call after Interrupt: %v", err)
	}
	rv.Resume()
	// The agent gave up its save too: once the lock is free, there is no
	// "late".
	waitFor(t, func() bool { return time.Since(start) > 200*time.Millisecond })
	release()
	if _, err := rv.Get("late"); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("the interrupted entry: %v", err)
	}
	// Interrupted between calls, the handle works again after Resume.
	rv.Interrupt()
	rv.Resume()
	if _, err := rv.Entries(); err != nil {
		t.Fatalf("after an idle Interrupt and Resume: %v", err)
	}
}
