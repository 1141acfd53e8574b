// This file holds what each request does.

package agent

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	"github.com/passtea/passtea/vault"
)

// errStopping refuses an unlock that finishes while the agent stops.
var errStopping = errors.New("the agent is stopping")

// errInternal replaces a panic: the vault it happened on is locked.
var errInternal = errors.New("internal error in the agent: the vault was locked; unlock it again")

// Waits of the names request, which shell completion makes on every tab:
// it must answer at once or not at all.
const (
	namesWait    = 100 * time.Millisecond // for another request on the vault
	namesRefresh = 200 * time.Millisecond // for another process's save
)

// dispatch runs a request; keep is false when the connection must close
// after the reply.
func (s *server) dispatch(c *net.UnixConn, req *request) (r reply, keep bool) {
	switch req.Op {
	case opHello:
		if req.Version != Version {
			return failed(&VersionError{Agent: Version, Client: req.Version}), false
		}
		r = ok()
		r.resp.Version, r.resp.PID = Version, os.Getpid()
		return r, true
	case opUnlock:
		return s.unlock(req), true
	case opLock:
		return s.lock(req), true
	case opStatus:
		r = ok()
		r.resp.PID, r.resp.Vaults = os.Getpid(), s.status()
		return r, true
	}
	op, found := vaultOps()[req.Op]
	if !found {
		return failed(fmt.Errorf("%w: unknown operation %q", ErrProtocol, req.Op)), true
	}
	return s.onVault(c, req, op)
}

// unlock reads and unlocks a vault, and holds it.
func (s *server) unlock(req *request) reply {
	path, err := resolve(req.Path)
	if err != nil {
		return failed(err)
	}
	timeout := time.Duration(req.TimeoutMS) * time.Millisecond
	if timeout < 0 || timeout > MaxTimeout {
		return failed(fmt.Errorf("%w: the timeout must be at most %s", ErrProtocol, MaxTimeout))
	}
	if r, ok := s.already(path, timeout); ok {
		return r
	}
	s.mu.Lock()
	s.pending++
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.pending--
		s.mu.Unlock()
		s.poke()
	}()
	s.unlocking.Lock()
	defer s.unlocking.Unlock()
	if r, ok := s.already(path, timeout); ok {
		return r
	}
	if timeout == 0 {
		timeout = s.cfg.Timeout
	}
	f, err := vault.ReadFile(path, s.cfg.Options)
	if err != nil {
		return failed(err)
	}
	creds := vault.Credentials{Password: req.Password, KeyFile: req.KeyFile}
	v, err := f.Unlock(creds)
	if err != nil {
		f.Close()
		return failed(err)
	}
	r := ok()
	r.resp.Path = []byte(v.Path())
	if req.Upgrade {
		switch u, err := v.UpgradeKDF(creds); {
		case err != nil:
			r.resp.Warning = err.Error()
		case u != nil:
			r.resp.Upgrade = &upgradeJSON{From: kdfToWire(u.From), To: kdfToWire(u.To)}
		}
	}
	// The key derivation's memory (256 MiB by default) goes back to the
	// system now rather than when the runtime gets to it.
	debug.FreeOSMemory()
	already, err := s.add(v, timeout)
	if err != nil || already {
		v.Lock()
		if err != nil {
			return failed(err)
		}
		r.resp.Already = true
		return r
	}
	s.logf("unlocked %s (locks after %s idle)", v.Path(), timeout)
	return r
}

// already answers an unlock of a vault the agent holds: a timeout given
// replaces its timeout.
func (s *server) already(path string, timeout time.Duration) (reply, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h := s.vaults[path]
	if h == nil {
		return reply{}, false
	}
	if timeout > 0 {
		h.timeout = timeout
	}
	h.last = time.Now()
	r := ok()
	r.resp.Path, r.resp.Already = []byte(path), true
	return r, true
}

// lock locks one vault or, without a path, all of them and stops.
func (s *server) lock(req *request) reply {
	r := ok()
	if len(req.Path) == 0 {
		r.resp.Count = s.lockAll("lock request")
		s.stop()
		return r
	}
	path, err := resolve(req.Path)
	if err != nil {
		return failed(err)
	}
	if s.lockPath(path, "lock request") {
		r.resp.Count = 1
	}
	return r
}

// refresh says how a request brings the vault up to date first.
type refresh int

const (
	noRefresh    refresh = iota // a change: the save merges under the lock anyway
	fullRefresh                 // a read: merge in what others saved
	briefRefresh                // names: merge unless another process is saving
)

// vaultOp is a request on a held vault.
type vaultOp struct {
	refresh refresh
	wait    time.Duration // for the vault; < 0 is as long as it takes
	run     func(v *vault.Vault, req *request) (reply, error)
	// runHeld, if set, replaces run, for a request that keeps state in h.
	runHeld func(h *held, req *request) (reply, error)
}

// vaultOps are the requests on a held vault, made on first use.
var vaultOps = sync.OnceValue(func() map[string]vaultOp {
	return map[string]vaultOp{
		opOpen:    {refresh: noRefresh, wait: -1, run: func(v *vault.Vault, _ *request) (reply, error) { return pathReply(v), nil }},
		opRefresh: {refresh: fullRefresh, wait: -1, run: func(*vault.Vault, *request) (reply, error) { return ok(), nil }},
		opNames:   {refresh: briefRefresh, wait: namesWait, runHeld: names},
		opEntries: {refresh: fullRefresh, wait: -1, runHeld: listEntries},
		opTrash:   {refresh: fullRefresh, wait: -1, run: func(v *vault.Vault, _ *request) (reply, error) { return entries(v.Trash()) }},
		opGet: {refresh: fullRefresh, wait: -1, run: func(v *vault.Vault, req *request) (reply, error) {
			return entry(v.Get(req.Name))
		}},
		opByID: {refresh: fullRefresh, wait: -1, run: func(v *vault.Vault, req *request) (reply, error) {
			return withID(req, func(id vault.ID) (reply, error) { return entry(v.ByID(id)) })
		}},
		opSecret: {refresh: fullRefresh, wait: -1, run: func(v *vault.Vault, req *request) (reply, error) {
			return withID(req, func(id vault.ID) (reply, error) {
				sec, err := v.Secret(id)
				if err != nil {
					return reply{}, err
				}
				r := ok()
				w := secretToWire(sec)
				r.resp.Secret = &w
				return r, nil
			})
		}},
		opAdd: {refresh: noRefresh, wait: -1, run: func(v *vault.Vault, req *request) (reply, error) {
			if req.Entry == nil {
				return reply{}, fmt.Errorf("%w: add without an entry", ErrProtocol)
			}
			return entry(v.Add(req.Entry.newEntry()))
		}},
		opAddMany: {refresh: noRefresh, wait: -1, run: func(v *vault.Vault, req *request) (reply, error) {
			b := vault.Batch{Trash: make([]vault.ID, len(req.Trash)), Add: make([]vault.NewEntry, len(req.Entries)),
				Edit: make([]vault.BatchEdit, len(req.Edits))}
			for i, s := range req.Trash {
				id, err := vault.ParseID(s)
				if err != nil {
					return reply{}, fmt.Errorf("%w: add_many: %v", ErrProtocol, err)
				}
				b.Trash[i] = id
			}
			for i, e := range req.Entries {
				b.Add[i] = e.newEntry()
			}
			for i, ed := range req.Edits {
				id, err := vault.ParseID(ed.ID)
				if err != nil {
					return reply{}, fmt.Errorf("%w: add_many: %v", ErrProtocol, err)
				}
				b.Edit[i] = vault.BatchEdit{ID: id, Change: ed.Change.change()}
			}
			return ok(), v.Apply(b)
		}},
		opEdit: {refresh: noRefresh, wait: -1, run: func(v *vault.Vault, req *request) (reply, error) {
			if req.Change == nil {
				return reply{}, fmt.Errorf("%w: edit without a change", ErrProtocol)
			}
			return withID(req, func(id vault.ID) (reply, error) { return entry(v.Edit(id, req.Change.change())) })
		}},
		opDelete: {refresh: noRefresh, wait: -1, run: func(v *vault.Vault, req *request) (reply, error) {
			return withID(req, func(id vault.ID) (reply, error) { return ok(), v.Delete(id) })
		}},
		opRestore: {refresh: noRefresh, wait: -1, run: func(v *vault.Vault, req *request) (reply, error) {
			return withID(req, func(id vault.ID) (reply, error) { return entry(v.Restore(id)) })
		}},
		opPurge: {refresh: noRefresh, wait: -1, run: func(v *vault.Vault, req *request) (reply, error) {
			return withID(req, func(id vault.ID) (reply, error) { return ok(), v.Purge(id) })
		}},
		opEmptyTrash: {refresh: fullRefresh, wait: -1, run: func(v *vault.Vault, _ *request) (reply, error) {
			n, err := v.EmptyTrash()
			r := ok()
			r.resp.Count = n
			return r, err
		}},
		opCopy: {refresh: noRefresh, wait: -1, run: func(v *vault.Vault, req *request) (reply, error) {
			return withID(req, func(id vault.ID) (reply, error) { return entry(v.Copy(id, req.Name)) })
		}},
		opResolve: {refresh: noRefresh, wait: -1, run: func(v *vault.Vault, req *request) (reply, error) {
			return withID(req, func(id vault.ID) (reply, error) { return ok(), v.Resolve(id) })
		}},
		opSetting: {refresh: fullRefresh, wait: -1, run: func(v *vault.Vault, req *request) (reply, error) {
			r := ok()
			r.resp.Value, r.resp.Set = v.Setting(req.Key)
			return r, nil
		}},
		opSetSetting: {refresh: noRefresh, wait: -1, run: func(v *vault.Vault, req *request) (reply, error) {
			return ok(), v.SetSetting(req.Key, req.Value)
		}},
		opInfo: {refresh: fullRefresh, wait: -1, run: func(v *vault.Vault, _ *request) (reply, error) {
			in, err := v.Info()
			if err != nil {
				return reply{}, err
			}
			r := ok()
			r.resp.Info = infoToWire(in)
			return r, nil
		}},
		opMerge: {refresh: noRefresh, wait: -1, run: mergeCopy},
	}
})

// onVault runs a request on a held vault: one at a time per vault, after
// bringing it up to date. A vault whose file was replaced by one it cannot
// merge is locked. keep is false when the client went away or sent bytes
// during the request.
func (s *server) onVault(c *net.UnixConn, req *request, op vaultOp) (r reply, keep bool) {
	path, err := resolve(req.Path)
	if err != nil {
		return failed(err), true
	}
	h, err := s.acquire(path, op.wait)
	if err != nil {
		return failed(err), true
	}
	stopWatch := watch(c, h.v)
	defer func() {
		gone := stopWatch()
		if p := recover(); p != nil {
			s.logf("internal error on %s: %v", h.path, p)
			s.drop(h, "internal error")
			r, gone = failed(errInternal), true
		}
		s.release(h)
		keep = !gone
	}()
	switch op.refresh {
	case fullRefresh:
		err = h.v.Refresh()
	case briefRefresh:
		err = refreshBriefly(h.v)
	}
	switch {
	case err != nil:
	case op.runHeld != nil:
		r, err = op.runHeld(h, req)
	default:
		r, err = op.run(h.v, req)
	}
	if err != nil {
		if errors.Is(err, vault.ErrConflict) {
			s.drop(h, "its file was replaced by one it cannot merge")
		}
		r = failed(err)
	}
	r.resp.Notices = h.v.Notices()
	return r, true
}

// refreshBriefly merges in other processes' saves unless one is saving
// right now: completion then answers from what the agent has.
func refreshBriefly(v *vault.Vault) error {
	t := time.AfterFunc(namesRefresh, v.Interrupt)
	err := v.Refresh()
	t.Stop()
	v.Resume()
	if errors.Is(err, vault.ErrInterrupted) || errors.Is(err, vault.ErrLockTimeout) {
		return nil
	}
	return err
}

// watch interrupts the vault's save when the client goes away (or breaks
// the protocol by sending during a request), so that a client that gave
// up does not leave a save waiting for another process's lock. The
// function it returns stops watching and reports whether that happened.
func watch(c *net.UnixConn, v *vault.Vault) func() bool {
	done := make(chan bool, 1)
	go func() {
		var b [1]byte
		_, err := c.Read(b[:])
		gone := err == nil || !errors.Is(err, os.ErrDeadlineExceeded)
		if gone {
			v.Interrupt()
		}
		done <- gone
	}()
	stopped := false
	var gone bool
	return func() bool {
		if !stopped {
			stopped = true
			c.SetReadDeadline(time.Unix(1, 0))
			gone = <-done
			c.SetReadDeadline(time.Time{})
			v.Resume()
		}
		return gone
	}
}

// mergeCopy merges the copy of the vault at req.Other into the held vault
// or, given req.Into, into the copy there (a git merge driver's file):
// both must open with the held vault's key.
func mergeCopy(v *vault.Vault, req *request) (reply, error) {
	paths := [][]byte{req.Other, req.Into}
	for i, p := range paths {
		if (i == 0 || len(p) > 0) && !filepath.IsAbs(string(p)) {
			return reply{}, fmt.Errorf("%w: merge needs absolute paths", ErrProtocol)
		}
	}
	o, err := v.OpenCopy(string(req.Other), nil)
	if err != nil {
		return reply{}, err
	}
	defer o.Lock()
	into := v
	if len(req.Into) > 0 {
		c, err := v.OpenCopy(string(req.Into), nil)
		if err != nil {
			return reply{}, err
		}
		defer c.Lock()
		into = c
	}
	rep, err := into.Merge(o)
	if err != nil {
		return reply{}, err
	}
	r := ok()
	r.resp.Merge = &mergeJSON{Added: rep.Added, Updated: rep.Updated, Deleted: rep.Deleted, Conflicts: rep.Conflicts}
	return r, nil
}

func pathReply(v *vault.Vault) reply {
	r := ok()
	r.resp.Path = []byte(v.Path())
	return r
}

func entries(es []vault.Entry, err error) (reply, error) {
	if err != nil {
		return reply{}, err
	}
	tw := tableWriter{hint: len(es) * entrySize}
	for _, e := range es {
		tw.entry(e)
	}
	return tableReply(&tw), nil
}

func entry(e vault.Entry, err error) (reply, error) {
	if err != nil {
		return reply{}, err
	}
	var tw tableWriter
	tw.entry(e)
	return tableReply(&tw), nil
}

// Typical sizes of records, for tableWriter.hint.
const (
	entrySize = 160
	nameSize  = 32
)

func tableReply(tw *tableWriter) reply {
	r := ok()
	r.tables = tw.finish()
	r.resp.Count = tw.total
	return r
}

// withID runs fn with the request's entry id.
func withID(req *request, fn func(vault.ID) (reply, error)) (reply, error) {
	id, err := vault.ParseID(req.ID)
	if err != nil {
		return reply{}, fmt.Errorf("%w: %v", ErrProtocol, err)
	}
	return fn(id)
}
