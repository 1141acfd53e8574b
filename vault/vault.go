package vault

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/passtea/passtea/crypto"
)

// Options adjust how a vault is read and written. The zero value (or nil)
// means the real clock and file system.
type Options struct {
	// Now is the clock for times and stamps.
	Now func() time.Time
	// LockTimeout bounds the wait for another process's save (default
	// 10 s); see [Vault.Interrupt] to give up sooner.
	LockTimeout time.Duration

	fs         fileSystem        // tests inject faults here
	upgradeTo  *crypto.KDFParams // tests lower the upgrade target here
	maxFile    int64             // tests lower the limits writers check here
	maxEntries int
	noBackoff  bool // tests that make thousands of wrong tries turn the backoff off
}

// fileLimit is the largest file a save may write.
func (o *Options) fileLimit() int64 {
	if o != nil && o.maxFile > 0 {
		return o.maxFile
	}
	return maxFileSize
}

// entryLimit is the most entries a save may write.
func (o *Options) entryLimit() int {
	if o != nil && o.maxEntries > 0 {
		return o.maxEntries
	}
	return MaxEntries
}

// defaults are the parameters implicit vaults are upgraded to.
func (o *Options) defaults() crypto.KDFParams {
	if o != nil && o.upgradeTo != nil {
		return *o.upgradeTo
	}
	return crypto.Default
}

func (o *Options) now() time.Time {
	if o != nil && o.Now != nil {
		return o.Now().UTC()
	}
	return time.Now().UTC()
}

func (o *Options) fsys() fileSystem {
	if o != nil && o.fs != nil {
		return o.fs
	}
	return osFS{}
}

func (o *Options) lockTimeout() time.Duration {
	if o != nil && o.LockTimeout > 0 {
		return o.LockTimeout
	}
	return 10 * time.Second
}

// KDFSettings choose the key derivation of a new or rewrapped vault.
type KDFSettings struct {
	Params crypto.KDFParams
	// Explicit records that the user chose Params. A vault with implicit
	// (default) parameters is upgraded to newer defaults by
	// [Vault.UpgradeKDF]; explicit ones are kept.
	Explicit bool
}

// File is a vault file that was opened and checked but not unlocked: its
// header is known, its contents are sealed. Only the header is read before
// the unlock.
type File struct {
	path    string
	opts    *Options
	src     readFile
	size    int64
	version int
	hdr     header      // version 2
	v1      *sealedFile // version 1: the parsed file
	head    [32]byte    // SHA-256 of the first 256 bytes (version 2)
}

// ReadFile opens the vault at path and checks its header without a
// password. It reports [ErrNoVault] if there is none (saying so when a
// backup exists), [ErrNotVault], [ErrNewerVersion] or a [*DamagedError]
// (errors.Is ErrDamaged).
func ReadFile(path string, opts *Options) (*File, error) {
	// Saves replace the file at the path: follow a symbolic link first, so
	// that they replace its target rather than the link.
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	fsys := opts.fsys()
	src, err := fsys.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, noVault(fsys, path)
	}
	if err != nil {
		return nil, fmt.Errorf("read vault: %w", err)
	}
	f, err := readHeader(path, src, opts)
	if err != nil {
		src.Close()
		return nil, withPath(fsys, path, err)
	}
	return f, nil
}

// noVault is ErrNoVault for path, pointing at a backup if there is one.
func noVault(fsys fileSystem, path string) error {
	if _, err := fsys.Stat(path + ".bak"); err == nil {
		return &NoVaultError{Path: path, Backup: path + ".bak"}
	}
	return &NoVaultError{Path: path}
}

// readHeader checks the size and header of an opened vault file.
func readHeader(path string, src readFile, opts *Options) (*File, error) {
	fi, err := src.Stat()
	if err != nil {
		return nil, fmt.Errorf("read vault: %w", err)
	}
	size := fi.Size()
	if size > maxFileSize {
		return nil, damaged("%d bytes is too large for a vault (the limit is %d)", size, int64(maxFileSize))
	}
	head := make([]byte, min(size, headerSize))
	// A ReaderAt may say io.EOF along with all it was asked for.
	if n, err := src.ReadAt(head, 0); n < len(head) {
		return nil, fmt.Errorf("read vault: %w", err)
	}
	version, err := checkVersion(head)
	if err != nil {
		return nil, err
	}
	f := &File{path: path, opts: opts, src: src, size: size, version: version}
	if version == 1 {
		raw := make([]byte, size)
		if _, err := src.ReadAt(raw, 0); err != nil {
			return nil, fmt.Errorf("read vault: %w", err)
		}
		if f.v1, err = parseFile(raw); err != nil {
			return nil, err
		}
		return f, nil
	}
	if size < minFileSize {
		return nil, damaged("truncated to %d bytes", size)
	}
	if f.hdr, err = parseHeader(head); err != nil {
		return nil, err
	}
	f.head = sha256.Sum256(head)
	return f, nil
}

// checkVersion looks at the first bytes only: is this a vault, and one we
// can read?
func checkVersion(b []byte) (int, error) {
	if len(b) < len(magic)+2 {
		if n := min(len(b), len(magic)); string(b[:n]) == magic[:n] {
			return 0, damaged("truncated to %d bytes", len(b))
		}
		return 0, ErrNotVault
	}
	if string(b[:len(magic)]) != magic {
		return 0, ErrNotVault
	}
	switch v := int(b[len(magic)])<<8 | int(b[len(magic)+1]); {
	case v > formatVersion:
		return 0, ErrNewerVersion
	case v == 0:
		return 0, damaged("format version 0")
	default:
		return v, nil
	}
}

// withPath fills in the path and backup of a DamagedError.
func withPath(fsys fileSystem, path string, err error) error {
	var d *DamagedError
	if errors.As(err, &d) {
		d.Path = path
		_, statErr := fsys.Stat(path + ".bak")
		d.HasBackup = statErr == nil
		return d
	}
	if errors.Is(err, ErrNotVault) || errors.Is(err, ErrNewerVersion) || errors.Is(err, errNotRegular) {
		return fmt.Errorf("%s: %w", path, err)
	}
	return err
}

// Path is where the file was read from.
func (f *File) Path() string { return f.path }

// Params are the file's key-derivation parameters.
func (f *File) Params() crypto.KDFParams {
	if f.v1 != nil {
		return f.v1.params
	}
	return f.hdr.params
}

// Size is the file's size in bytes.
func (f *File) Size() int64 { return f.size }

// FormatVersion is the file's format version.
func (f *File) FormatVersion() int { return f.version }

// Close releases the file. Unlock takes it over; Close after a successful
// Unlock does nothing.
func (f *File) Close() error {
	if f.src == nil {
		return nil
	}
	err := f.src.Close()
	f.src = nil
	return err
}

// Vault is an unlocked vault. It keeps entries' plain fields in memory, and
// their secrets sealed in the file it last read or wrote; every change is
// saved at once.
//
// A Vault is not safe for concurrent use by several goroutines, except for
// [Vault.Interrupt]; several processes may use one vault file at once (see
// [Vault.Add]).
type Vault struct {
	path  string
	opts  *Options
	hdr   header
	key   []byte // the vault key; nil once locked
	r     *root
	clock clock
	// head is SHA-256 of the first 256 bytes of the file on disk as last
	// read or written; version is that file's format version.
	head    [32]byte
	version int
	kdfTime time.Duration

	// loc finds the group of every entry whose group is loaded.
	loc       map[ID]*group
	clashes   map[string]*entry // display names that differ from stored names
	sorted    []Entry           // live entries by name; nil when stale
	notices   []string
	stop      stopFlag
	recovered bool // opened with the recovery code: a new password is due
	// pages, while a merge runs, keeps the secret pages it opened (see
	// secretPages).
	pages *secretPages
}

// Open reads and unlocks the vault at path with a password (and no key
// file).
func Open(path string, password []byte, opts *Options) (*Vault, error) {
	f, err := ReadFile(path, opts)
	if err != nil {
		return nil, err
	}
	v, err := f.Unlock(Credentials{Password: password})
	if err != nil {
		f.Close()
	}
	return v, err
}

// Unlock derives the key from the credentials and opens the vault. It
// returns [ErrWrongPassword] if they do not open it (and can then be called
// again); once it opened the vault, the File is spent. Unlocking never
// writes the file: see [Vault.UpgradeKDF]. A version 1 file is opened as
// the version 2 file its first save will write.
func (f *File) Unlock(c Credentials) (*Vault, error) {
	if f.src == nil {
		return nil, errSpent
	}
	return f.withBackoff(func() (*Vault, error) { return f.unlock(c) })
}

// unlock is Unlock without the backoff.
func (f *File) unlock(c Credentials) (*Vault, error) {
	start := time.Now()
	v := f.newVault()
	if f.v1 != nil {
		if err := v.openV1(f, c); err != nil {
			crypto.Wipe(v.key)
			return nil, withPath(f.opts.fsys(), f.path, err)
		}
		v.kdfTime = time.Since(start)
		f.Close()
		return v, nil
	}
	kek, err := passwordKEK(c, f.hdr.salt[:], f.hdr.params)
	if err != nil {
		return nil, fmt.Errorf("unlock: %w", err)
	}
	key, err := crypto.UnwrapKey(kek, f.hdr.pwSlot[:], f.hdr.pwSlotAAD())
	crypto.Wipe(kek)
	if err != nil {
		return nil, ErrWrongPassword
	}
	v.kdfTime = time.Since(start)
	if err := v.openRoot(f, key); err != nil {
		crypto.Wipe(key)
		return nil, withPath(f.opts.fsys(), f.path, err)
	}
	return v, nil
}

// Recover opens the vault with its recovery code. The vault it returns
// must be given a new master password with [Vault.Reset], which also
// replaces the recovery code: a code works once.
func (f *File) Recover(code string) (*Vault, error) {
	if f.src == nil {
		return nil, errSpent
	}
	if f.v1 != nil {
		return nil, fmt.Errorf("%w: this vault was written by an older passtea, before recovery codes", ErrWrongPassword)
	}
	return f.withBackoff(func() (*Vault, error) { return f.recover(code) })
}

// recover is Recover without the backoff.
func (f *File) recover(code string) (*Vault, error) {
	raw, err := parseRecoveryCode(code)
	if err != nil {
		return nil, err
	}
	defer crypto.Wipe(raw)
	kek, err := recoveryKEK(raw, f.hdr.recSalt[:])
	if err != nil {
		return nil, err
	}
	key, err := crypto.UnwrapKey(kek, f.hdr.recSlot[:], f.hdr.recSlotAAD())
	crypto.Wipe(kek)
	if err != nil {
		return nil, ErrWrongPassword
	}
	v := f.newVault()
	if err := v.openRoot(f, key); err != nil {
		crypto.Wipe(key)
		return nil, withPath(f.opts.fsys(), f.path, err)
	}
	v.recovered = true
	return v, nil
}

// newVault is the vault f will open.
func (f *File) newVault() *Vault {
	v := &Vault{path: f.path, opts: f.opts, version: f.version, loc: map[ID]*group{}}
	v.clock.now = f.opts.now
	return v
}

// openRoot opens the root of a version 2 file f with the vault key, and
// takes the file over.
func (v *Vault) openRoot(f *File, key []byte) error {
	r, err := openRoot(f.src, f.size, &f.hdr, key)
	if err != nil {
		return err
	}
	v.key, v.hdr, v.r, v.head = key, f.hdr, r, f.head
	v.clock.see(r.clock)
	f.src = nil // the vault reads its pages from it now
	if r.flags&rootNameClash != 0 {
		return v.loadAll()
	}
	return nil
}

// openRoot opens the locator and root of a version 2 file read through src.
func openRoot(src readFile, size int64, h *header, key []byte) (*root, error) {
	rl, err := h.openLocator(key)
	if err != nil {
		return nil, err
	}
	if rl < minPadded+crypto.Overhead || rl > maxRoot || int64(headerSize+rl) > size {
		return nil, damaged("the root's length %d is out of range", rl)
	}
	sealed := make([]byte, rl)
	if _, err := src.ReadAt(sealed, headerSize); err != nil {
		return nil, fmt.Errorf("read vault: %w", err)
	}
	plain, err := crypto.OpenInPlace(key, h.rootAAD(), sealed)
	if err != nil {
		return nil, damaged("the root does not authenticate")
	}
	r, err := decodeRoot(plain, size, int64(headerSize+rl))
	if err != nil {
		return nil, err
	}
	for _, g := range r.groups {
		g.src = src
	}
	return r, nil
}

// Path is the vault file.
func (v *Vault) Path() string { return v.path }

// FormatVersion is the format version of the vault file on disk: 1 until
// the first save of a vault written by an older passtea.
func (v *Vault) FormatVersion() int { return v.version }

// Params are the vault's current key-derivation parameters.
func (v *Vault) Params() crypto.KDFParams { return v.hdr.params }

// Explicit reports whether the user chose the parameters.
func (v *Vault) Explicit() bool { return v.r.flags&rootExplicitKDF != 0 }

// HasKeyFile reports whether the master password needs a key file too.
func (v *Vault) HasKeyFile() bool { return v.r.flags&rootKeyFile != 0 }

// HasRecoveryCode reports whether a recovery code opens the vault.
func (v *Vault) HasRecoveryCode() bool { return v.r.flags&rootRecovery != 0 }

// Recovered reports whether the vault was opened with its recovery code and
// still needs a new master password ([Vault.Reset]).
func (v *Vault) Recovered() bool { return v.recovered }

// KDFTime is how long the key derivation took when this vault was unlocked
// (zero for a vault made by [Create]).
func (v *Vault) KDFTime() time.Duration { return v.kdfTime }

// Created is when the vault was made.
func (v *Vault) Created() time.Time { return nanosTime(v.r.created) }

// Modified is when the vault was last saved.
func (v *Vault) Modified() time.Time { return nanosTime(v.r.modified) }

// Generation counts the saves of the vault.
func (v *Vault) Generation() uint64 { return v.r.generation }

// ID is the vault's id: copies of one vault share it.
func (v *Vault) ID() [16]byte { return v.r.vaultID }

// Len is the number of live entries.
func (v *Vault) Len() (int, error) {
	if err := v.loadAll(); err != nil {
		return 0, err
	}
	return len(v.liveSorted()), nil
}

// Locked reports whether [Vault.Lock] was called.
func (v *Vault) Locked() bool { return v.key == nil }

// Notices returns what the vault did on its own since the last call (a
// merged older copy, a merged conflict copy), and forgets them. Front ends
// show them after each operation.
func (v *Vault) Notices() []string {
	n := v.notices
	v.notices = nil
	return n
}

func (v *Vault) notice(format string, args ...any) {
	v.notices = append(v.notices, fmt.Sprintf(format, args...))
}

// Entries returns the live entries sorted by name. The slice is shared:
// callers must not change it.
func (v *Vault) Entries() ([]Entry, error) {
	if v.key == nil {
		return nil, ErrLocked
	}
	if err := v.loadAll(); err != nil {
		return nil, err
	}
	return v.liveSorted(), nil
}

// Trash returns the entries in the trash, sorted by name.
func (v *Vault) Trash() ([]Entry, error) {
	if v.key == nil {
		return nil, ErrLocked
	}
	if err := v.loadAll(); err != nil {
		return nil, err
	}
	var out []Entry
	for _, g := range v.r.groups {
		for _, e := range g.entries {
			if !e.live() && len(e.index) > 0 {
				out = append(out, e.view())
			}
		}
	}
	return out, nil
}

// liveSorted builds (once) the live entries in display-name order.
func (v *Vault) liveSorted() []Entry {
	if v.sorted == nil {
		v.sorted = make([]Entry, 0, v.r.entryCount())
		var slab []string
		for _, g := range v.r.groups {
			for _, e := range g.entries {
				if e.live() {
					v.sorted = append(v.sorted, e.viewInto(&slab))
				}
			}
		}
		if len(v.clashes) > 0 {
			slices.SortFunc(v.sorted, func(a, b Entry) int { return CompareNames(a.Name, b.Name) })
		}
	}
	return v.sorted
}

// Get returns the live entry named name, or [ErrNotFound].
func (v *Vault) Get(name string) (Entry, error) {
	e, err := v.find(NormalizeName(name))
	if err != nil {
		return Entry{}, err
	}
	return e.view(), nil
}

// find returns the live entry whose display name is name.
func (v *Vault) find(name string) (*entry, error) {
	if v.key == nil {
		return nil, ErrLocked
	}
	if e, ok := v.clashes[name]; ok {
		return e, nil
	}
	groups := v.r.groups
	// The groups that can hold name: from the last one starting before it
	// to the last one starting with it (equal names span groups).
	lo, _ := slices.BinarySearchFunc(groups, name, func(g *group, n string) int {
		if CompareNames(g.first, n) < 0 {
			return -1
		}
		return 1
	})
	for i := max(lo-1, 0); i < len(groups); i++ {
		g := groups[i]
		if i >= lo && CompareNames(g.first, name) > 0 {
			break
		}
		if err := v.load(g); err != nil {
			return nil, err
		}
		for _, e := range g.entries {
			if e.live() && e.display == name {
				return e, nil
			}
		}
	}
	return nil, ErrNotFound
}

// ByID returns the live entry with id, or [ErrNotFound].
func (v *Vault) ByID(id ID) (Entry, error) {
	e, err := v.byID(id)
	if err != nil {
		return Entry{}, err
	}
	if !e.live() {
		return Entry{}, ErrNotFound
	}
	return e.view(), nil
}

// byID returns the entry with id, live or not.
func (v *Vault) byID(id ID) (*entry, error) {
	if v.key == nil {
		return nil, ErrLocked
	}
	if _, ok := v.loc[id]; !ok {
		if err := v.loadAll(); err != nil {
			return nil, err
		}
	}
	g, ok := v.loc[id]
	if !ok {
		return nil, ErrNotFound
	}
	for _, e := range g.entries {
		if e.id == id {
			return e, nil
		}
	}
	panic("internal error: an entry's group does not hold it")
}

// Secret opens the sealed fields and history of the entry id (live or in
// the trash).
func (v *Vault) Secret(id ID) (Secret, error) {
	e, err := v.byID(id)
	if err != nil {
		return Secret{}, err
	}
	ws, err := v.writesOf(e)
	if err != nil {
		return Secret{}, err
	}
	return secretView(ws), nil
}

// writesOf returns all of e's writes, sorted.
func (v *Vault) writesOf(e *entry) ([]write, error) {
	plain, wipe, err := v.secretOf(e)
	if err != nil {
		return nil, err
	}
	defer wipe()
	ws, err := decodeSecret(plain)
	if err != nil {
		return nil, withPath(v.opts.fsys(), v.path, damaged("entry %s: %v", e.id, err))
	}
	// The decoded values must outlive the page buffer, which is wiped.
	for i := range ws {
		ws[i].value = string(bytes.Clone([]byte(ws[i].value)))
		ws[i].name = string(bytes.Clone([]byte(ws[i].name)))
	}
	ws = append(ws, e.index...)
	return sortWrites(ws), nil
}

// secretOf returns e's encoded secret and a function that wipes it.
func (v *Vault) secretOf(e *entry) ([]byte, func(), error) {
	if e.plain != nil {
		return e.plain, func() {}, nil
	}
	if e.home == nil {
		panic("internal error: an entry with neither a secret nor a page")
	}
	if secrets, ok := v.pages.get(e.home); ok {
		return secrets[e.pos], func() {}, nil
	}
	page, err := v.openSecretPage(e.home)
	if err != nil {
		return nil, nil, err
	}
	secrets, err := splitSecretPage(page, e.home.count)
	if err != nil {
		crypto.Wipe(page)
		return nil, nil, withPath(v.opts.fsys(), v.path, err)
	}
	if v.pages.keep(e.home, page, secrets) {
		return secrets[e.pos], func() {}, nil
	}
	return secrets[e.pos], func() { crypto.Wipe(page) }, nil
}

// Setting returns the value of a vault-wide setting, and whether it is set.
// Settings are sealed in the root like entry names.
func (v *Vault) Setting(key string) (string, bool) {
	s, ok := v.r.settings[key]
	return s.value, ok
}

// Lock zeroes the vault key and drops the decrypted entries. Every later
// call that needs them returns [ErrLocked]. Best effort: Go may have copied
// the key elsewhere (see the crypto package).
func (v *Vault) Lock() {
	dropKey(v.key)
	v.key = nil
	for _, g := range v.r.groups {
		if g.src != nil {
			g.src.Close()
		}
	}
	v.r = &root{settings: map[string]setting{}}
	v.loc, v.clashes, v.sorted = map[ID]*group{}, nil, nil
}

// holdKey keeps a vault's key out of swap where the system lets this
// process lock memory (best effort: see crypto.Mlock); every Vault holds
// one lock on the key it uses.
func holdKey(key []byte) { crypto.Mlock(key) }

// dropKey undoes holdKey and zeroes the key.
func dropKey(key []byte) {
	crypto.Munlock(key)
	crypto.Wipe(key)
}

// errSpent is returned by a second successful unlock of one [File].
var errSpent = errors.New("this vault file was unlocked already: read it again")

// Each calls fn for every live entry in name order with its secret,
// opening each secret page once (an export or an audit of the whole vault
// costs one decryption per page, not per entry). It stops at fn's first
// error and returns it.
func (v *Vault) Each(fn func(Entry, Secret) error) error {
	if v.key == nil {
		return ErrLocked
	}
	if err := v.loadAll(); err != nil {
		return err
	}
	if len(v.clashes) > 0 {
		// Display order differs from file order: go by the sorted list.
		for _, e := range v.liveSorted() {
			s, err := v.Secret(e.ID)
			if err != nil {
				return err
			}
			if err := fn(e, s); err != nil {
				return err
			}
		}
		return nil
	}
	// The entries' lists are cut from one slab (a slab for each entry
	// was 4 KB: 41 MB of garbage for 10,000 entries with a URL).
	var slab []string
	for _, g := range v.r.groups {
		if err := v.eachIn(g, &slab, fn); err != nil {
			return err
		}
	}
	return nil
}

// eachIn is Each for the live entries of one group: it opens each secret
// page they live in once, and wipes them after. The entries' lists are
// cut from slab.
func (v *Vault) eachIn(g *group, slab *[]string, fn func(Entry, Secret) error) error {
	pages := map[*group][][]byte{}
	var opened [][]byte
	defer func() {
		for _, p := range opened {
			crypto.Wipe(p)
		}
	}()
	for _, e := range g.entries {
		if !e.live() {
			continue
		}
		plain := e.plain
		if plain == nil {
			page, ok := pages[e.home]
			if !ok {
				p, err := v.openSecretPage(e.home)
				if err != nil {
					return err
				}
				opened = append(opened, p)
				if page, err = splitSecretPage(p, e.home.count); err != nil {
					return withPath(v.opts.fsys(), v.path, err)
				}
				pages[e.home] = page
			}
			plain = page[e.pos]
		}
		ws, err := decodeSecret(plain)
		if err != nil {
			return withPath(v.opts.fsys(), v.path, damaged("entry %s: %v", e.id, err))
		}
		for i := range ws {
			ws[i].value = strings.Clone(ws[i].value)
			ws[i].name = strings.Clone(ws[i].name)
		}
		if err := fn(e.viewInto(slab), secretView(sortWrites(append(ws, e.index...)))); err != nil {
			return err
		}
	}
	return nil
}
