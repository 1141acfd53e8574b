package vault

import (
	"crypto/rand"
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
	// Now is the clock for created and modified times.
	Now func() time.Time

	fs        fileSystem        // tests inject faults here
	upgradeTo *crypto.KDFParams // tests lower the upgrade target here
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

// KDFSettings choose the key derivation of a new or rewrapped vault.
type KDFSettings struct {
	Params crypto.KDFParams
	// Explicit records that the user chose Params. A vault with implicit
	// (default) parameters is upgraded to newer defaults after an unlock;
	// explicit ones are kept.
	Explicit bool
}

// File is a vault file that was read and checked but not unlocked: its
// header is known, its contents are sealed.
type File struct {
	path string
	opts *Options
	raw  []byte
	f    *sealedFile
}

// ReadFile reads and checks the structure of the vault at path without a
// password. It reports [ErrNoVault] if there is none, [ErrNotVault],
// [ErrNewerVersion] or a [*DamagedError] (errors.Is ErrDamaged).
func ReadFile(path string, opts *Options) (*File, error) {
	// Saves replace the file at the path: follow a symbolic link first, so
	// that they replace its target rather than the link.
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	fsys := opts.fsys()
	if err := checkSize(fsys, path); err != nil {
		return nil, withPath(fsys, path, err)
	}
	raw, err := fsys.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w at %s: create one with passtea init", ErrNoVault, path)
	}
	if err != nil {
		return nil, fmt.Errorf("read vault: %w", err)
	}
	sf, err := parseFile(raw)
	if err != nil {
		return nil, withPath(fsys, path, err)
	}
	return &File{path: path, opts: opts, raw: raw, f: sf}, nil
}

// maxFileSize bounds the file passtea reads: a sealed index and records at
// their limits fit well within it, and a hostile file cannot make a reader
// load gigabytes.
const maxFileSize = 1 << 30

// checkSize refuses a file too large to be a vault before reading it.
func checkSize(fsys fileSystem, path string) error {
	fi, err := fsys.Stat(path)
	if err == nil && fi.Size() > maxFileSize {
		return damaged("%d bytes is too large for a vault", fi.Size())
	}
	return nil
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
	if errors.Is(err, ErrNotVault) || errors.Is(err, ErrNewerVersion) {
		return fmt.Errorf("%s: %w", path, err)
	}
	return err
}

// Path is where the file was read from.
func (f *File) Path() string { return f.path }

// Params are the file's key-derivation parameters.
func (f *File) Params() crypto.KDFParams { return f.f.header.params }

// Explicit reports whether the user chose the parameters (see [KDFSettings]).
func (f *File) Explicit() bool { return f.f.header.explicit() }

// Size is the file's size in bytes.
func (f *File) Size() int { return len(f.raw) }

// FormatVersion is the file's format version.
func (f *File) FormatVersion() int { return formatVersion }

// Vault is an unlocked vault. It keeps entries' plain fields in memory and
// their secrets sealed; every change is saved at once.
//
// A Vault is not safe for concurrent use by several goroutines; several
// processes may use one vault file at once (see [Vault.Add]).
type Vault struct {
	path string
	opts *Options
	hdr  header
	key  []byte // the vault key; nil once locked
	ix   *index
	sum  [32]byte // checksum of the file as last read or written

	lookup
	sorted []Entry // live entries by name; nil when stale

	kdfTime time.Duration
}

// Upgrade describes a strengthening of the key-derivation parameters made by
// [Vault.UpgradeKDF].
type Upgrade struct {
	From, To crypto.KDFParams
}

// errSpent is returned by a second successful unlock of one [File].
var errSpent = errors.New("this vault file was unlocked already: read it again")

// Open reads and unlocks the vault at path.
func Open(path string, password []byte, opts *Options) (*Vault, error) {
	f, err := ReadFile(path, opts)
	if err != nil {
		return nil, err
	}
	return f.Unlock(password)
}

// Unlock derives the key from password and opens the vault. It returns
// [ErrWrongPassword] if the password does not open it (and can then be
// called again); once it opened the vault, the File is spent. Unlocking
// never writes the file: see [Vault.UpgradeKDF].
func (f *File) Unlock(password []byte) (*Vault, error) {
	start := time.Now()
	h := f.f.header
	kek, err := crypto.DeriveKey(password, h.salt[:], h.params)
	if err != nil {
		return nil, fmt.Errorf("unlock: %w", err)
	}
	kdfTime := time.Since(start)
	key, err := crypto.UnwrapKey(kek, h.wrapped[:], h.wrapAAD())
	crypto.Wipe(kek)
	if err != nil {
		return nil, ErrWrongPassword
	}
	v, err := openWithKey(f, key)
	if err != nil {
		crypto.Wipe(key)
		return nil, err
	}
	v.kdfTime = kdfTime
	return v, nil
}

// UpgradeKDF strengthens the key derivation of a vault whose parameters
// follow the defaults (see [KDFSettings]) and are weaker than the current
// defaults in any field: it rewraps the vault key with password and
// max(current, defaults) field by field, so no parameter ever goes down.
// Parameters the user chose are never changed. It returns nil and no error
// when there is nothing to do, and the upgrade made otherwise.
//
// Reading never writes: front ends call UpgradeKDF after an unlock when
// they are about to change the vault anyway (the commands that write) or
// start a session (the app); see FORMAT.md, "Writing". It costs a key
// derivation with the new parameters.
func (v *Vault) UpgradeKDF(password []byte) (*Upgrade, error) {
	if v.key == nil {
		return nil, ErrLocked
	}
	from := v.hdr.params
	want := from.Max(v.opts.defaults())
	if v.hdr.explicit() || want == from {
		return nil, nil
	}
	if err := v.Rewrap(password, KDFSettings{Params: want}); err != nil {
		return nil, fmt.Errorf("strengthen the key derivation: %w", err)
	}
	return &Upgrade{From: from, To: want}, nil
}

// openWithKey opens the index of f with the vault key.
func openWithKey(f *File, key []byte) (*Vault, error) {
	ix, l, err := openIndex(f.f, key)
	if err != nil {
		return nil, withPath(f.opts.fsys(), f.path, err)
	}
	return &Vault{path: f.path, opts: f.opts, hdr: f.f.header, key: key, ix: ix, sum: f.f.sum, lookup: l}, nil
}

// openIndex opens and parses the index of f, decrypting it in place: f's
// sealed index is spent afterwards (an allocation the size of the index
// costs more than decrypting it, on a fresh process).
func openIndex(f *sealedFile, key []byte) (*index, lookup, error) {
	if f.index == nil {
		return nil, lookup{}, errSpent
	}
	sealed := f.index
	f.index = nil
	plain, err := crypto.OpenInPlace(key, indexAAD(f.header.marshal()), sealed)
	if err != nil {
		return nil, lookup{}, damaged("the index does not authenticate")
	}
	return parseIndex(plain, f)
}

// Create makes a new vault at path with a fresh random vault key wrapped by
// a key derived from password. It refuses to replace an existing file
// ([ErrExists]) and creates the directory (mode 0700) if needed.
func Create(path string, password []byte, kdf KDFSettings, opts *Options) (*Vault, error) {
	if err := kdf.Params.Validate(); err != nil {
		return nil, fmt.Errorf("create vault: %w", err)
	}
	fsys := opts.fsys()
	if _, err := fsys.Stat(path); err == nil {
		return nil, fmt.Errorf("%w: %s", ErrExists, path)
	}
	if err := fsys.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create vault: %w", err)
	}
	v := &Vault{path: path, opts: opts}
	if _, err := rand.Read(v.hdr.vaultID[:]); err != nil {
		return nil, fmt.Errorf("create vault: %w", err)
	}
	key, err := crypto.NewKey()
	if err != nil {
		return nil, fmt.Errorf("create vault: %w", err)
	}
	hdr, err := wrapHeader(v.hdr, key, password, kdf)
	if err != nil {
		return nil, fmt.Errorf("create vault: %w", err)
	}
	now := opts.now()
	v.hdr, v.key = hdr, key
	v.ix = &index{created: now, modified: now, settings: map[string]string{}}
	raw, sum, err := v.encode(v.hdr, v.key, v.ix)
	if err != nil {
		return nil, fmt.Errorf("create vault: %w", err)
	}
	if err := writeNew(fsys, path, raw); err != nil {
		return nil, fmt.Errorf("create vault: %w", err)
	}
	v.sum = sum
	v.reindex()
	return v, nil
}

// wrapHeader returns h with new KDF settings, a new salt and key wrapped
// under a key derived from password.
func wrapHeader(h header, key, password []byte, kdf KDFSettings) (header, error) {
	if err := kdf.Params.Validate(); err != nil {
		return h, err
	}
	h.params = kdf.Params
	h.flags &^= flagExplicitKDF
	if kdf.Explicit {
		h.flags |= flagExplicitKDF
	}
	if _, err := rand.Read(h.salt[:]); err != nil {
		return h, err
	}
	kek, err := crypto.DeriveKey(password, h.salt[:], h.params)
	if err != nil {
		return h, err
	}
	defer crypto.Wipe(kek)
	wrapped, err := crypto.WrapKey(kek, key, h.wrapAAD())
	if err != nil {
		return h, err
	}
	copy(h.wrapped[:], wrapped)
	return h, nil
}

// reindex rebuilds the lookup maps after the index changed.
// Changes keep ids and names unique, so the error cannot happen here.
func (v *Vault) reindex() {
	v.lookup, _ = newLookup(v.ix.entries)
	v.sorted = nil
}

// Path is the vault file.
func (v *Vault) Path() string { return v.path }

// FormatVersion is the version of the vault file format.
func (v *Vault) FormatVersion() int { return formatVersion }

// Params are the vault's current key-derivation parameters.
func (v *Vault) Params() crypto.KDFParams { return v.hdr.params }

// Explicit reports whether the user chose the parameters.
func (v *Vault) Explicit() bool { return v.hdr.explicit() }

// KDFTime is how long the key derivation took when this vault was unlocked
// (zero for a vault made by [Create]).
func (v *Vault) KDFTime() time.Duration { return v.kdfTime }

// Created is when the vault was made; Modified when it last changed.
func (v *Vault) Created() time.Time { return v.ix.created }

// Modified is when the vault last changed.
func (v *Vault) Modified() time.Time { return v.ix.modified }

// Len is the number of entries.
func (v *Vault) Len() int { return v.nLive }

// Locked reports whether [Vault.Lock] was called.
func (v *Vault) Locked() bool { return v.key == nil }

// Entries returns the entries sorted by name. The slice is shared: callers
// must not change it.
func (v *Vault) Entries() []Entry {
	if v.sorted == nil {
		v.sorted = make([]Entry, 0, v.nLive)
		for _, e := range v.ix.entries {
			if !e.deleted {
				v.sorted = append(v.sorted, e.Entry)
			}
		}
		// Saves write entries in name order, so this is usually a check.
		if !slices.IsSortedFunc(v.sorted, byName) {
			slices.SortFunc(v.sorted, byName)
		}
	}
	return v.sorted
}

// Get returns the entry named name, or [ErrNotFound].
func (v *Vault) Get(name string) (Entry, error) {
	if v.key == nil {
		return Entry{}, ErrLocked
	}
	if e, ok := v.findName(NormalizeName(name)); ok {
		return e.Entry, nil
	}
	return Entry{}, ErrNotFound
}

// ByID returns the entry with id, or [ErrNotFound].
func (v *Vault) ByID(id ID) (Entry, error) {
	if v.key == nil {
		return Entry{}, ErrLocked
	}
	if e, ok := v.byID[id]; ok && !e.deleted {
		return e.Entry, nil
	}
	return Entry{}, ErrNotFound
}

// Secret opens the sealed password, notes and history of the entry id.
func (v *Vault) Secret(id ID) (Secret, error) {
	if v.key == nil {
		return Secret{}, ErrLocked
	}
	e, ok := v.byID[id]
	if !ok || e.deleted {
		return Secret{}, ErrNotFound
	}
	return v.openSecret(v.hdr.vaultID, v.key, e)
}

func (v *Vault) openSecret(vaultID [16]byte, key []byte, e *entry) (Secret, error) {
	plain, err := crypto.Open(key, secretAAD(vaultID, e.ID, e.Revision), e.sealed)
	if err != nil {
		return Secret{}, withPath(v.opts.fsys(), v.path, damaged("entry %s does not authenticate", e.ID))
	}
	s, err := parseSecret(plain)
	crypto.Wipe(plain)
	if err != nil {
		return Secret{}, withPath(v.opts.fsys(), v.path, err)
	}
	return s, nil
}

// Setting returns the value of a vault-wide setting, and whether it is set.
// Settings are sealed in the index like entry names.
func (v *Vault) Setting(key string) (string, bool) {
	s, ok := v.ix.settings[key]
	return s, ok
}

// Lock zeroes the vault key and drops the decrypted index. Every later call
// that needs them returns [ErrLocked]. Best effort: Go may have copied the
// key elsewhere (see the crypto package).
func (v *Vault) Lock() {
	crypto.Wipe(v.key)
	v.key = nil
	v.ix = &index{settings: map[string]string{}}
	v.reindex()
}

func byName(a, b Entry) int { return CompareNames(a.Name, b.Name) }

// CompareNames orders entry names as people expect: ASCII letters without
// regard to case ("alpha" before "Bank"), then byte order to break ties.
func CompareNames(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		ca, cb := lowerASCII(a[i]), lowerASCII(b[i])
		if ca != cb {
			return int(ca) - int(cb)
		}
	}
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
