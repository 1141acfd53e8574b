// This file holds the JSON messages of the protocol and their conversion
// from and to the vault's types. Field names are the protocol's (see the
// package doc), not Go's, so that renaming a vault field cannot change it.

package agent

import (
	"time"

	"github.com/passtea/passtea/vault"
)

// Operations.
const (
	opHello      = "hello"
	opUnlock     = "unlock"
	opLock       = "lock"
	opStatus     = "status"
	opOpen       = "open"
	opNames      = "names"
	opRefresh    = "refresh"
	opEntries    = "entries"
	opTrash      = "trash"
	opGet        = "get"
	opByID       = "by_id"
	opSecret     = "secret"
	opAdd        = "add"
	opAddMany    = "add_many"
	opEdit       = "edit"
	opDelete     = "delete"
	opRestore    = "restore"
	opPurge      = "purge"
	opEmptyTrash = "empty_trash"
	opCopy       = "copy"
	opResolve    = "resolve"
	opSetting    = "setting"
	opSetSetting = "set_setting"
	opInfo       = "info"
	opMerge      = "merge"
)

// request is every request: op says which fields matter.
type request struct {
	Op      string `json:"op"`
	Version int    `json:"version,omitempty"` // hello
	// Path is the vault file's absolute path, as bytes (base64): file
	// names need not be UTF-8.
	Path      []byte          `json:"path,omitempty"`
	Password  []byte          `json:"password,omitempty"`   // unlock
	KeyFile   []byte          `json:"key_file,omitempty"`   // unlock
	TimeoutMS int64           `json:"timeout_ms,omitempty"` // unlock
	Upgrade   bool            `json:"upgrade,omitempty"`    // unlock
	Name      string          `json:"name,omitempty"`       // get, copy, names
	ID        string          `json:"id,omitempty"`         // by_id, secret, edit, delete, restore, purge, copy, resolve
	Entry     *newEntryJSON   `json:"entry,omitempty"`      // add
	Entries   []newEntryJSON  `json:"entries,omitempty"`    // add_many
	More      bool            `json:"more,omitempty"`       // add_many: another frame follows
	Trash     []string        `json:"trash,omitempty"`      // add_many: ids to move to the trash first (the first frame)
	Edits     []batchEditJSON `json:"edits,omitempty"`      // add_many: changes made after adding (the first frame)
	Change    *changeJSON     `json:"change,omitempty"`     // edit
	Key       string          `json:"key,omitempty"`        // setting, set_setting
	Value     string          `json:"value,omitempty"`      // set_setting
	Other     []byte          `json:"other,omitempty"`      // merge: the copy to merge in
	Into      []byte          `json:"into,omitempty"`       // merge: the copy to merge into (absent: the held vault)
}

// response is every response. An error has ok false and error set;
// tables says how many table frames follow the response.
type response struct {
	OK      bool         `json:"ok"`
	Error   *wireError   `json:"error,omitempty"`
	Version int          `json:"version,omitempty"` // hello
	PID     int          `json:"pid,omitempty"`     // hello, status
	Path    []byte       `json:"path,omitempty"`    // open, unlock: the resolved path
	Already bool         `json:"already,omitempty"` // unlock
	Upgrade *upgradeJSON `json:"upgrade,omitempty"` // unlock
	Warning string       `json:"warning,omitempty"` // unlock: the upgrade failed
	Tables  int          `json:"tables,omitempty"`
	Count   int          `json:"count,omitempty"` // records in the tables; lock: vaults locked; empty_trash: entries purged
	Secret  *secretJSON  `json:"secret,omitempty"`
	Info    *infoJSON    `json:"info,omitempty"`
	Value   string       `json:"value,omitempty"` // setting
	Set     bool         `json:"set,omitempty"`   // setting
	Vaults  []heldJSON   `json:"vaults,omitempty"`
	Notices []string     `json:"notices,omitempty"`
	Merge   *mergeJSON   `json:"merge,omitempty"`
}

// mergeJSON is a vault.MergeReport: display names.
type mergeJSON struct {
	Added     []string `json:"added,omitempty"`
	Updated   []string `json:"updated,omitempty"`
	Deleted   []string `json:"deleted,omitempty"`
	Conflicts []string `json:"conflicts,omitempty"`
}

type heldJSON struct {
	Path      []byte `json:"path"`
	TimeoutMS int64  `json:"timeout_ms"`
	LeftMS    int64  `json:"left_ms"`
}

type fieldJSON struct {
	Name      string `json:"name"`
	Value     string `json:"value"`
	Concealed bool   `json:"concealed,omitempty"`
}

type oldValueJSON struct {
	Kind      uint8  `json:"kind"`
	Field     string `json:"field,omitempty"`
	Value     string `json:"value"`
	Concealed bool   `json:"concealed,omitempty"`
	Removed   bool   `json:"removed,omitempty"`
	Set       int64  `json:"set,omitempty"`      // Unix nanoseconds
	Replaced  int64  `json:"replaced,omitempty"` // Unix nanoseconds
}

type secretJSON struct {
	Password string         `json:"password,omitempty"`
	Notes    string         `json:"notes,omitempty"`
	OTP      string         `json:"otp,omitempty"`
	Fields   []fieldJSON    `json:"fields,omitempty"`
	History  []oldValueJSON `json:"history,omitempty"`
}

type newEntryJSON struct {
	Name     string   `json:"name"`
	Username string   `json:"username,omitempty"`
	URLs     []string `json:"urls,omitempty"`
	Tags     []string `json:"tags,omitempty"`
	secretJSON
	Created  int64 `json:"created,omitempty"`  // Unix nanoseconds
	Modified int64 `json:"modified,omitempty"` // Unix nanoseconds
}

// changeJSON is a vault.Change: an absent field stays as it is; a present
// list, even empty, replaces the list.
type changeJSON struct {
	Name     *string      `json:"name,omitempty"`
	Username *string      `json:"username,omitempty"`
	URLs     *[]string    `json:"urls,omitempty"`
	Tags     *[]string    `json:"tags,omitempty"`
	Password *string      `json:"password,omitempty"`
	Notes    *string      `json:"notes,omitempty"`
	OTP      *string      `json:"otp,omitempty"`
	Fields   *[]fieldJSON `json:"fields,omitempty"`
	Accepted *[]string    `json:"accepted,omitempty"`
	// IfRevision is vault.Change.IfRevision: 0 (absent) edits whatever
	// the revision.
	IfRevision uint64 `json:"if_revision,omitempty"`
}

// batchEditJSON is a vault.BatchEdit.
type batchEditJSON struct {
	ID     string     `json:"id"`
	Change changeJSON `json:"change"`
}

type kdfJSON struct {
	MemoryKiB   uint32 `json:"memory_kib"`
	Iterations  uint32 `json:"iterations"`
	Parallelism uint8  `json:"parallelism"`
}

type upgradeJSON struct {
	From kdfJSON `json:"from"`
	To   kdfJSON `json:"to"`
}

type infoJSON struct {
	Path          []byte  `json:"path"`
	FormatVersion int     `json:"format_version"`
	KDF           kdfJSON `json:"kdf"`
	Explicit      bool    `json:"explicit,omitempty"`
	KeyFile       bool    `json:"key_file,omitempty"`
	RecoveryCode  bool    `json:"recovery_code,omitempty"`
	KDFTimeNS     int64   `json:"kdf_time_ns,omitempty"`
	Created       int64   `json:"created,omitempty"`
	Modified      int64   `json:"modified,omitempty"`
	Generation    uint64  `json:"generation"`
	Entries       int     `json:"entries"`
	Trash         int     `json:"trash"`
	Size          int64   `json:"size"`
}

func fieldsToWire(fs []vault.Field) []fieldJSON {
	if fs == nil {
		return nil
	}
	out := make([]fieldJSON, len(fs))
	for i, f := range fs {
		out[i] = fieldJSON(f)
	}
	return out
}

func fieldsFromWire(fs []fieldJSON) []vault.Field {
	if fs == nil {
		return nil
	}
	out := make([]vault.Field, len(fs))
	for i, f := range fs {
		out[i] = vault.Field(f)
	}
	return out
}

func secretToWire(s vault.Secret) secretJSON {
	w := secretJSON{Password: s.Password, Notes: s.Notes, OTP: s.OTP, Fields: fieldsToWire(s.Fields)}
	for _, h := range s.History {
		w.History = append(w.History, oldValueJSON{Kind: uint8(h.Kind), Field: h.Field, Value: h.Value,
			Concealed: h.Concealed, Removed: h.Removed, Set: unixNanos(h.Set), Replaced: unixNanos(h.Replaced)})
	}
	return w
}

func (w secretJSON) secret() vault.Secret {
	s := vault.Secret{Password: w.Password, Notes: w.Notes, OTP: w.OTP, Fields: fieldsFromWire(w.Fields)}
	for _, h := range w.History {
		s.History = append(s.History, vault.OldValue{Kind: vault.FieldKind(h.Kind), Field: h.Field, Value: h.Value,
			Concealed: h.Concealed, Removed: h.Removed, Set: nanosTime(h.Set), Replaced: nanosTime(h.Replaced)})
	}
	return s
}

func newEntryToWire(e vault.NewEntry) newEntryJSON {
	return newEntryJSON{Name: e.Name, Username: e.Username, URLs: e.URLs, Tags: e.Tags,
		secretJSON: secretToWire(e.Secret), Created: unixNanos(e.Created), Modified: unixNanos(e.Modified)}
}

func (w newEntryJSON) newEntry() vault.NewEntry {
	return vault.NewEntry{Name: w.Name, Username: w.Username, URLs: w.URLs, Tags: w.Tags,
		Secret: w.secret(), Created: nanosTime(w.Created), Modified: nanosTime(w.Modified)}
}

// present makes a set list non-nil, so that it is sent as [] (replace
// with nothing) rather than null (which would read as absent).
func present[T any](p *[]T) *[]T {
	if p == nil || *p != nil {
		return p
	}
	empty := []T{}
	return &empty
}

func changeToWire(c vault.Change) *changeJSON {
	w := &changeJSON{Name: c.Name, Username: c.Username, URLs: present(c.URLs), Tags: present(c.Tags),
		Password: c.Password, Notes: c.Notes, OTP: c.OTP, Accepted: present(c.Accepted), IfRevision: c.IfRevision}
	if c.Fields != nil {
		fs := fieldsToWire(*c.Fields)
		if fs == nil {
			fs = []fieldJSON{}
		}
		w.Fields = &fs
	}
	return w
}

func (w *changeJSON) change() vault.Change {
	c := vault.Change{Name: w.Name, Username: w.Username, URLs: w.URLs, Tags: w.Tags,
		Password: w.Password, Notes: w.Notes, OTP: w.OTP, Accepted: w.Accepted, IfRevision: w.IfRevision}
	if w.Fields != nil {
		fs := fieldsFromWire(*w.Fields)
		if fs == nil {
			fs = []vault.Field{}
		}
		c.Fields = &fs
	}
	return c
}

func kdfToWire(p vault.KDFParams) kdfJSON {
	return kdfJSON{MemoryKiB: p.MemoryKiB, Iterations: p.Iterations, Parallelism: p.Parallelism}
}

func (w kdfJSON) params() vault.KDFParams {
	return vault.KDFParams{MemoryKiB: w.MemoryKiB, Iterations: w.Iterations, Parallelism: w.Parallelism}
}

func infoToWire(in vault.Info) *infoJSON {
	return &infoJSON{Path: []byte(in.Path), FormatVersion: in.FormatVersion, KDF: kdfToWire(in.Params),
		Explicit: in.Explicit, KeyFile: in.KeyFile, RecoveryCode: in.RecoveryCode, KDFTimeNS: int64(in.KDFTime),
		Created: unixNanos(in.Created), Modified: unixNanos(in.Modified), Generation: in.Generation,
		Entries: in.Entries, Trash: in.Trash, Size: in.Size}
}

func (w *infoJSON) info() vault.Info {
	return vault.Info{Path: string(w.Path), FormatVersion: w.FormatVersion, Params: w.KDF.params(),
		Explicit: w.Explicit, KeyFile: w.KeyFile, RecoveryCode: w.RecoveryCode, KDFTime: time.Duration(w.KDFTimeNS),
		Created: nanosTime(w.Created), Modified: nanosTime(w.Modified), Generation: w.Generation,
		Entries: w.Entries, Trash: w.Trash, Size: w.Size}
}
