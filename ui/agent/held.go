// This file holds the vaults the agent holds: who may use one when, and
// when each is locked.

package agent

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/passtea/passtea/vault"
)

// held is an unlocked vault. Its sem serialises the requests on it: a
// vault.Vault is not safe for concurrent use.
type held struct {
	path    string
	v       *vault.Vault
	sem     chan struct{}
	timeout time.Duration
	// listed and named are the last listings of the entries and of their
	// names (listing.go); guarded by sem.
	listed, named listing

	// Guarded by server.mu.
	last  time.Time // the last request on it
	users int       // requests between acquire and release
	gone  bool      // dropped from the set: it is, or is about to be, locked
}

// notHeld is the error for a vault the agent does not hold.
func notHeld(path string) error {
	return fmt.Errorf("%w: the agent does not hold %s", vault.ErrLocked, path)
}

// resolve turns a request's path into the key of the set: absolute, with
// symbolic links followed as vault.ReadFile follows them.
func resolve(p []byte) (string, error) {
	path := string(p)
	if !filepath.IsAbs(path) {
		return "", fmt.Errorf("%w: the vault path must be absolute", ErrProtocol)
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		return real, nil
	}
	return filepath.Clean(path), nil
}

// acquire waits for the vault at path and takes it; wait < 0 waits for as
// long as it takes, else at most wait ([ErrBusy]).
func (s *server) acquire(path string, wait time.Duration) (*held, error) {
	s.mu.Lock()
	h := s.vaults[path]
	if h != nil {
		h.users++
		h.last = time.Now()
	}
	s.mu.Unlock()
	if h == nil {
		return nil, notHeld(path)
	}
	if wait < 0 {
		h.sem <- struct{}{}
	} else {
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case h.sem <- struct{}{}:
		case <-t.C:
			s.done(h)
			return nil, fmt.Errorf("%w: %s is busy", ErrBusy, path)
		}
	}
	s.mu.Lock()
	gone := h.gone
	s.mu.Unlock()
	if gone {
		s.release(h)
		return nil, notHeld(path)
	}
	return h, nil
}

// release gives the vault back.
func (s *server) release(h *held) {
	<-h.sem
	s.done(h)
}

// done ends a request's use of h: its idle time starts again.
func (s *server) done(h *held) {
	s.mu.Lock()
	h.users--
	h.last = time.Now()
	s.mu.Unlock()
	s.poke()
}

// drop locks h, which the caller has acquired, and forgets it.
func (s *server) drop(h *held, why string) {
	s.mu.Lock()
	s.forget(h)
	s.mu.Unlock()
	h.v.Lock()
	s.locked(h, why)
}

// forget removes h from the set; requests that wait for it will find it
// gone. The caller holds s.mu.
func (s *server) forget(h *held) {
	if !h.gone {
		h.gone = true
		delete(s.vaults, h.path)
	}
}

// lockHeld locks h, which was forgotten, once the request on it (if any)
// ends; a save waiting for another process gives up at once.
func (s *server) lockHeld(h *held, why string) {
	h.v.Interrupt()
	h.sem <- struct{}{}
	h.v.Lock()
	<-h.sem
	s.locked(h, why)
}

// locked logs that h was locked; the loop stops the agent if it was the
// last.
func (s *server) locked(h *held, why string) {
	s.logf("locked %s (%s)", h.path, why)
	s.poke()
}

// lockPath locks the vault at path; it reports whether the agent held it.
func (s *server) lockPath(path, why string) bool {
	s.mu.Lock()
	h := s.vaults[path]
	if h != nil {
		s.forget(h)
	}
	s.mu.Unlock()
	if h != nil {
		s.lockHeld(h, why)
	}
	return h != nil
}

// lockAll locks every vault and reports how many.
func (s *server) lockAll(why string) int {
	n := 0
	for _, p := range s.paths() {
		if s.lockPath(p, why) {
			n++
		}
	}
	return n
}

// paths lists the held vaults, sorted.
func (s *server) paths() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.vaults))
	for p := range s.vaults {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// add holds a newly unlocked vault. It refuses when the agent stops, or
// when another request held the same file meanwhile (already).
func (s *server) add(v *vault.Vault, timeout time.Duration) (already bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.quit:
		return false, errStopping
	default:
	}
	if _, ok := s.vaults[v.Path()]; ok {
		return true, nil
	}
	s.vaults[v.Path()] = &held{path: v.Path(), v: v, sem: make(chan struct{}, 1), timeout: timeout, last: time.Now()}
	s.everHeld = true
	s.poke()
	return false, nil
}

// loop waits for the next deadline and locks what timed out, until the
// agent stops.
func (s *server) loop(ctx context.Context) {
	t := time.NewTimer(time.Hour)
	defer t.Stop()
	for {
		next, run := s.next()
		if !run {
			return
		}
		t.Reset(time.Until(next))
		select {
		case <-ctx.Done():
			return
		case <-s.quit:
			return
		case <-s.wake:
		case <-t.C:
			s.expire()
			s.settle()
		}
	}
}

// settleAfter is the quiet time after which the agent gives the memory of
// its last requests back to the system (a listing of 100,000 entries
// leaves some 100 MiB of garbage behind).
const settleAfter = 2 * time.Second

// settle returns unused memory to the system once requests stopped,
// kept listings included.
func (s *server) settle() {
	s.mu.Lock()
	due := s.unsettled && time.Since(s.last) >= settleAfter
	var idle []*held
	if due {
		s.unsettled = false
		for _, h := range s.vaults {
			idle = append(idle, h)
		}
	}
	s.mu.Unlock()
	if !due {
		return
	}
	for _, h := range idle {
		select {
		case h.sem <- struct{}{}:
			h.listed, h.named = listing{}, listing{}
			<-h.sem
		default: // busy: it will settle next time
		}
	}
	debug.FreeOSMemory()
}

// next is the next deadline: the first vault to time out or, when none is
// held, the end of the wait for a first unlock. run is false when the
// agent should stop: it held vaults and holds none any more (and none is
// being unlocked).
func (s *server) next() (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	later := time.Now().Add(time.Hour) // the unlock or release pokes first
	if len(s.vaults) == 0 {
		switch {
		case s.pending > 0:
			return later, true
		case s.everHeld || time.Since(s.last) >= s.cfg.Timeout:
			return time.Time{}, false
		}
		return s.last.Add(s.cfg.Timeout), true
	}
	next := later
	if s.unsettled {
		next = s.last.Add(settleAfter)
	}
	for _, h := range s.vaults {
		if d := h.last.Add(h.timeout); h.users == 0 && d.Before(next) {
			next = d
		}
	}
	return next, true
}

// expire locks the vaults that timed out.
func (s *server) expire() {
	var idle []*held
	s.mu.Lock()
	for _, h := range s.vaults {
		if h.users == 0 && time.Since(h.last) >= h.timeout {
			s.forget(h)
			idle = append(idle, h)
		}
	}
	s.mu.Unlock()
	for _, h := range idle {
		s.lockHeld(h, "idle")
	}
}

// status describes the held vaults.
func (s *server) status() []heldJSON {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]heldJSON, 0, len(s.vaults))
	for p, h := range s.vaults {
		left := h.timeout
		if h.users == 0 {
			left = max(h.timeout-time.Since(h.last), 0)
		}
		out = append(out, heldJSON{Path: []byte(p), TimeoutMS: h.timeout.Milliseconds(), LeftMS: left.Milliseconds()})
	}
	slices.SortFunc(out, func(a, b heldJSON) int { return strings.Compare(string(a.Path), string(b.Path)) })
	return out
}
