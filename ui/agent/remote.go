// This file holds Vault, a vault the agent holds, used as a *vault.Vault.

package agent

import (
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/passtea/passtea/vault"
)

// Vault is a vault the agent holds, with the methods of *vault.Vault that
// the commands use, with the same signatures and errors (errors.Is and
// errors.As see the vault's sentinels and typed errors), so that one
// interface covers both. Each call is a request to the agent, which
// first merges in what other processes saved. Methods differ where a
// remote vault must:
//
//   - [Vault.Lock] ends this handle, not the agent's hold: later calls
//     report [vault.ErrLocked]. [Client.Lock] locks the vault in the agent.
//   - [Vault.Setting], whose signature has no error, reports an unset
//     setting when the agent cannot be asked.
//   - [Vault.Interrupt] closes the connection it shares with its
//     [Client]; a call it cuts short reports [vault.ErrInterrupted] (the
//     agent stops a save still waiting for another process's lock).
//
// Like *vault.Vault it may be used from several goroutines only in turns
// (its Client serialises requests); Interrupt works from any goroutine.
type Vault struct {
	cl          *Client
	path        string
	closed      atomic.Bool
	interrupted atomic.Bool
	mu          sync.Mutex
	notices     []string
}

// Path is the vault file, with symbolic links followed.
func (v *Vault) Path() string { return v.path }

// Locked reports whether [Vault.Lock] was called.
func (v *Vault) Locked() bool { return v.closed.Load() }

// Lock ends the use of this handle; the agent keeps the vault unlocked
// until [Client.Lock], [Stop] or its idle timeout.
func (v *Vault) Lock() { v.closed.Store(true) }

// Interrupt makes the call in flight give up with [vault.ErrInterrupted],
// and later ones until [Vault.Resume]. Safe from any goroutine.
func (v *Vault) Interrupt() {
	v.interrupted.Store(true)
	v.cl.interrupt()
}

// Resume undoes [Vault.Interrupt]: the next call dials the agent again.
func (v *Vault) Resume() { v.interrupted.Store(false) }

// Notices returns what the vault did on its own (merges) since the last
// call, as the agent reported it with each answer, and forgets them.
func (v *Vault) Notices() []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	n := v.notices
	v.notices = nil
	return n
}

// do sends a request on this vault.
func (v *Vault) do(req *request) (*response, [][]byte, error) {
	if v.closed.Load() {
		return nil, nil, vault.ErrLocked
	}
	if v.interrupted.Load() {
		return nil, nil, vault.ErrInterrupted
	}
	req.Path = []byte(v.path)
	var frames [][]byte
	if req.Op == opAddMany {
		var err error
		if frames, err = addManyFrames(req); err != nil {
			return nil, nil, err
		}
	} else {
		frames = [][]byte{mustFrame(req)}
	}
	resp, tables, err := v.cl.call(frames...)
	for _, f := range frames {
		clear(f) // they may hold passwords
	}
	if resp != nil && len(resp.Notices) > 0 {
		v.mu.Lock()
		v.notices = append(v.notices, resp.Notices...)
		v.mu.Unlock()
	}
	if err != nil && resp == nil && v.interrupted.Load() {
		return nil, nil, fmt.Errorf("%w (%v)", vault.ErrInterrupted, err)
	}
	return resp, tables, err
}

// list is do for a request answered with entries.
func (v *Vault) list(req *request) ([]vault.Entry, error) {
	resp, tables, err := v.do(req)
	if err != nil {
		return nil, err
	}
	out := make([]vault.Entry, 0, min(resp.Count, tableBytes(tables)/minEntry))
	for _, t := range tables {
		if out, err = readEntries(t, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// one is do for a request answered with one entry.
func (v *Vault) one(req *request) (vault.Entry, error) {
	es, err := v.list(req)
	if err != nil {
		return vault.Entry{}, err
	}
	if len(es) != 1 {
		return vault.Entry{}, fmt.Errorf("%w: %d entries where one was due", ErrProtocol, len(es))
	}
	return es[0], nil
}

// Entries returns the live entries sorted by name.
func (v *Vault) Entries() ([]vault.Entry, error) { return v.list(&request{Op: opEntries}) }

// Trash returns the entries in the trash, sorted by name.
func (v *Vault) Trash() ([]vault.Entry, error) { return v.list(&request{Op: opTrash}) }

// Get returns the live entry named name, or [vault.ErrNotFound].
func (v *Vault) Get(name string) (vault.Entry, error) {
	if !validText(name) && !v.closed.Load() {
		return vault.Entry{}, vault.ErrNotFound // no entry has such a name
	}
	return v.one(&request{Op: opGet, Name: name})
}

// ByID returns the live entry with id, or [vault.ErrNotFound].
func (v *Vault) ByID(id vault.ID) (vault.Entry, error) {
	return v.one(&request{Op: opByID, ID: id.String()})
}

// Secret opens the sealed fields and history of the entry id.
func (v *Vault) Secret(id vault.ID) (vault.Secret, error) {
	resp, _, err := v.do(&request{Op: opSecret, ID: id.String()})
	if err != nil {
		return vault.Secret{}, err
	}
	if resp.Secret == nil {
		return vault.Secret{}, fmt.Errorf("%w: a secret response without a secret", ErrProtocol)
	}
	return resp.Secret.secret(), nil
}

// Add adds an entry; the agent saves the vault.
func (v *Vault) Add(it vault.NewEntry) (vault.Entry, error) {
	if err := checkNewEntry(it); err != nil && !v.closed.Load() {
		return vault.Entry{}, err
	}
	w := newEntryToWire(it)
	return v.one(&request{Op: opAdd, Entry: &w})
}

// AddMany adds several entries in one save: all of them or none. Large
// imports travel in several frames (see the package doc).
func (v *Vault) AddMany(items []vault.NewEntry) error { return v.Apply(vault.Batch{Add: items}) }

// Apply makes the changes of b in one save: all of them or none (as
// vault.Vault.Apply). Large imports travel in several frames.
func (v *Vault) Apply(b vault.Batch) error {
	if !v.closed.Load() {
		for i, it := range b.Add {
			if err := checkNewEntry(it); err != nil {
				return fmt.Errorf("entry %d: %w", i+1, err)
			}
		}
		for i, ed := range b.Edit {
			if err := checkChange(ed.Change); err != nil {
				return fmt.Errorf("edit %d: %w", i+1, err)
			}
		}
	}
	req := &request{Op: opAddMany, Trash: make([]string, len(b.Trash)), Entries: make([]newEntryJSON, len(b.Add)),
		Edits: make([]batchEditJSON, len(b.Edit))}
	for i, id := range b.Trash {
		req.Trash[i] = id.String()
	}
	for i, it := range b.Add {
		req.Entries[i] = newEntryToWire(it)
	}
	for i, ed := range b.Edit {
		req.Edits[i] = batchEditJSON{ID: ed.ID.String(), Change: *changeToWire(ed.Change)}
	}
	_, _, err := v.do(req)
	return err
}

// Edit changes the entry id; the agent saves the vault.
func (v *Vault) Edit(id vault.ID, c vault.Change) (vault.Entry, error) {
	if err := checkChange(c); err != nil && !v.closed.Load() {
		return vault.Entry{}, err
	}
	return v.one(&request{Op: opEdit, ID: id.String(), Change: changeToWire(c)})
}

// Delete moves the entry id to the trash.
func (v *Vault) Delete(id vault.ID) error {
	_, _, err := v.do(&request{Op: opDelete, ID: id.String()})
	return err
}

// Restore brings the entry id back from the trash.
func (v *Vault) Restore(id vault.ID) (vault.Entry, error) {
	return v.one(&request{Op: opRestore, ID: id.String()})
}

// Purge erases the entry id for good.
func (v *Vault) Purge(id vault.ID) error {
	_, _, err := v.do(&request{Op: opPurge, ID: id.String()})
	return err
}

// EmptyTrash purges every entry in the trash and returns how many.
func (v *Vault) EmptyTrash() (int, error) {
	resp, _, err := v.do(&request{Op: opEmptyTrash})
	if err != nil {
		return 0, err
	}
	return resp.Count, nil
}

// Copy adds a new entry called name with the current values of the entry
// id, and returns it.
func (v *Vault) Copy(id vault.ID, name string) (vault.Entry, error) {
	if !validText(name) && !v.closed.Load() {
		return vault.Entry{}, vault.ValidateName(vault.NormalizeName(name))
	}
	return v.one(&request{Op: opCopy, ID: id.String(), Name: name})
}

// Resolve marks the entry's merge conflicts as seen.
func (v *Vault) Resolve(id vault.ID) error {
	_, _, err := v.do(&request{Op: opResolve, ID: id.String()})
	return err
}

// Setting returns the value of a vault-wide setting, and whether it is
// set; when the agent cannot be asked, it reports the setting unset.
func (v *Vault) Setting(key string) (string, bool) {
	if !validText(key) {
		return "", false
	}
	resp, _, err := v.do(&request{Op: opSetting, Key: key})
	if err != nil {
		return "", false
	}
	return resp.Value, resp.Set
}

// SetSetting sets a vault-wide setting; the agent saves the vault.
func (v *Vault) SetSetting(key, value string) error {
	if !v.closed.Load() {
		switch {
		case !validText(key):
			return &vault.InvalidError{Field: "setting", Reason: "the setting name is empty, too long or contains a control character"}
		case !validText(value):
			return &vault.InvalidError{Field: "setting", Reason: "the setting is not valid UTF-8"}
		}
	}
	_, _, err := v.do(&request{Op: opSetSetting, Key: key, Value: value})
	return err
}

// Info describes the vault.
func (v *Vault) Info() (vault.Info, error) {
	resp, _, err := v.do(&request{Op: opInfo})
	if err != nil {
		return vault.Info{}, err
	}
	if resp.Info == nil {
		return vault.Info{}, fmt.Errorf("%w: an info response without info", ErrProtocol)
	}
	return resp.Info.info(), nil
}

// Refresh has the agent merge in what other processes saved. Every other
// call does so first anyway.
func (v *Vault) Refresh() error {
	_, _, err := v.do(&request{Op: opRefresh})
	return err
}

// addChunk is the size at which an add_many request starts a new frame.
const addChunk = 16 << 20

// addManyFrame is an add_many request frame, with its entries encoded
// already.
type addManyFrame struct {
	Op      string            `json:"op"`
	Path    []byte            `json:"path"`
	Trash   []string          `json:"trash,omitempty"`
	Edits   []batchEditJSON   `json:"edits,omitempty"`
	Entries []json.RawMessage `json:"entries"`
	More    bool              `json:"more,omitempty"`
}

// addManyFrames cuts an add_many request into frames of about addChunk
// bytes; all but the last say more.
func addManyFrames(req *request) ([][]byte, error) {
	var frames [][]byte
	// The first frame carries the ids to trash and the edits.
	cur := addManyFrame{Op: opAddMany, Path: req.Path, Trash: req.Trash, Edits: req.Edits}
	head, err := json.Marshal(struct {
		T []string        `json:"trash"`
		E []batchEditJSON `json:"edits"`
	}{req.Trash, req.Edits})
	if err != nil {
		return nil, fmt.Errorf("encode the changes: %w", err)
	}
	if len(head) > MaxFrame/2 {
		return nil, fmt.Errorf("%w: too many entries to replace or edit at once to send to the agent", vault.ErrTooLarge)
	}
	size := len(head)
	clear(head) // an edit may hold a one-time code's secret
	flush := func(more bool) {
		cur.More = more
		b, err := json.Marshal(&cur)
		if err != nil {
			panic(fmt.Sprintf("encode a request: %v", err))
		}
		frames = append(frames, b)
		for _, e := range cur.Entries {
			clear(e)
		}
		cur.Entries, cur.Trash, cur.Edits, size = nil, nil, nil, 0
	}
	for i := range req.Entries {
		e, err := json.Marshal(&req.Entries[i])
		if err != nil {
			return nil, fmt.Errorf("encode entry %d: %w", i+1, err)
		}
		if len(e) > MaxFrame-len(req.Path)*2-1024 {
			return nil, fmt.Errorf("entry %d: %w: it is too large to send to the agent", i+1, vault.ErrTooLarge)
		}
		if size+len(e) > addChunk && len(cur.Entries) > 0 {
			flush(true)
		}
		cur.Entries = append(cur.Entries, e)
		size += len(e) + 1
	}
	flush(false)
	return frames, nil
}

// MergeCopy merges the copy of the vault at other (a file from another
// machine, a git merge's side) into the held vault or, when into is not
// "", into the copy at into, and says what changed there: the agent opens
// both with the held vault's key, so no password is asked. A copy made
// with another vault key (a key rotation) fails with
// vault.ErrWrongPassword, one of another vault with vault.ErrOtherVault:
// merge those in the caller's process, with their password.
func (v *Vault) MergeCopy(into, other string) (vault.MergeReport, error) {
	req := &request{Op: opMerge}
	var err error
	if req.Other, err = absPath(other); err != nil {
		return vault.MergeReport{}, err
	}
	if into != "" {
		if req.Into, err = absPath(into); err != nil {
			return vault.MergeReport{}, err
		}
	}
	resp, _, err := v.do(req)
	if err != nil {
		return vault.MergeReport{}, err
	}
	if resp.Merge == nil {
		return vault.MergeReport{}, nil
	}
	m := resp.Merge
	return vault.MergeReport{Added: m.Added, Updated: m.Updated, Deleted: m.Deleted, Conflicts: m.Conflicts}, nil
}
