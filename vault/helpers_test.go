// This file holds helpers shared by the vault tests: cheap KDF settings, a
// settable clock, a fast open that skips the KDF, entry helpers, directory
// snapshots, and file systems that inject faults or serve bytes from memory.

package vault

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/passtea/passtea/crypto"
)

// testKDF is cheap enough for tests; explicit, so no upgrade runs.
var testKDF = KDFSettings{Params: crypto.KDFParams{MemoryKiB: crypto.MinMemoryKiB, Iterations: 1, Parallelism: 1}, Explicit: true}

var testPassword = []byte("correct horse battery staple")

var testCreds = Credentials{Password: testPassword}

// testClock is a clock the test moves; safe for concurrent use.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newTestClock() *testClock {
	return &testClock{t: time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock by d and returns the new time.
func (c *testClock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	return c.t
}

// fakeClock returns a clock that moves one second per call.
func fakeClock() func() time.Time {
	c := newTestClock()
	return func() time.Time { return c.Advance(time.Second) }
}

func newTestVault(t testing.TB, opts *Options) (*Vault, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "v", "vault.passtea")
	if opts == nil {
		opts = &Options{Now: fakeClock()}
	}
	v, _, err := Create(path, NewVault{Credentials: testCreds, KDF: testKDF}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return v, path
}

// testEntry is the entry mustAdd adds.
func testEntry(name, password string) NewEntry {
	return NewEntry{Name: name, Username: "user-" + name, URLs: []string{"https://" + name + ".example"}, Tags: []string{"b", "a"},
		Secret: Secret{Password: password, Notes: "notes of " + name}}
}

func mustAdd(t testing.TB, v *Vault, name, password string) Entry {
	t.Helper()
	e, err := v.Add(testEntry(name, password))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// openKey reads path and opens it with the vault key, skipping the key
// derivation, which takes tens of milliseconds under the race detector.
func openKey(path string, key []byte, opts *Options) (*Vault, error) {
	f, err := ReadFile(path, opts)
	if err != nil {
		return nil, err
	}
	v := f.newVault()
	if err := v.openRoot(f, bytes.Clone(key)); err != nil {
		f.Close()
		return nil, err
	}
	return v, nil
}

func mustOpenKey(t testing.TB, path string, key []byte, opts *Options) *Vault {
	t.Helper()
	v, err := openKey(path, key, opts)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	return v
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustEntries(t testing.TB, v *Vault) []Entry {
	t.Helper()
	es, err := v.Entries()
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func mustLen(t testing.TB, v *Vault) int {
	t.Helper()
	n, err := v.Len()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// checkSecret checks the current values of an entry's secret (not its
// history).
func checkSecret(t testing.TB, v *Vault, id ID, want Secret) {
	t.Helper()
	got, err := v.Secret(id)
	if err != nil {
		t.Fatalf("secret of %s: %v", id, err)
	}
	got.History = nil
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("secret = %+v, want %+v", got, want)
	}
}

func mustWrite(t testing.TB, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// unlockKEK is File.Unlock with the key-encryption key given instead of
// derived from the password: unwrap the password slot under the file's
// header, then open the root. The derivation is the only step it leaves
// out, so a test that tampers with the salt or the KDF parameters still
// sees the unwrap fail (they are its associated data).
func unlockKEK(f *File, kek []byte) (*Vault, error) {
	key, err := crypto.UnwrapKey(kek, f.hdr.pwSlot[:], f.hdr.pwSlotAAD())
	if err != nil {
		return nil, ErrWrongPassword
	}
	v := f.newVault()
	if err := v.openRoot(f, key); err != nil {
		return nil, withPath(f.opts.fsys(), f.path, err)
	}
	return v, nil
}

// testKEK derives the password slot's key-encryption key of the version 2
// file raw.
func testKEK(t testing.TB, raw []byte, c Credentials) []byte {
	t.Helper()
	h, err := parseHeader(raw)
	if err != nil {
		t.Fatal(err)
	}
	kek, err := passwordKEK(c, h.salt[:], h.params)
	if err != nil {
		t.Fatal(err)
	}
	return kek
}

// describe reads everything an unlocked vault holds (every page, every
// secret) and describes it, or returns the first error: two vaults with
// the same description hold the same content.
func describe(v *Vault) (string, error) {
	if err := v.loadAll(); err != nil {
		return "", err
	}
	var b strings.Builder
	r := v.r
	fmt.Fprintf(&b, "vault %x gen %d flags %d created %d modified %d clock %d stamps %d %d %d floor %v\n",
		r.vaultID, r.generation, r.flags, r.created, r.modified, r.clock, r.keyStamp, r.pwStamp, r.recStamp, r.floor)
	for _, k := range slices.Sorted(maps.Keys(r.settings)) {
		fmt.Fprintf(&b, "setting %q=%q@%d\n", k, r.settings[k].value, r.settings[k].stamp)
	}
	for _, g := range r.groups {
		for _, e := range g.entries {
			ws, err := v.writesOf(e)
			if err != nil {
				return "", err
			}
			fmt.Fprintf(&b, "%s %q c%d l%d d%d p%d r%d f%d\n", e.id, e.display, e.created, e.latest, e.deleted, e.purged, e.resolved, e.flags)
			for _, w := range ws {
				fmt.Fprintf(&b, "  %d %q %d %d %d %q\n", w.kind, w.name, w.stamp, w.parent, w.flags, w.value)
			}
		}
	}
	live, err := v.Entries()
	if err != nil {
		return "", err
	}
	for _, e := range live {
		fmt.Fprintf(&b, "live %s %s\n", e.Name, e.ID)
	}
	return b.String(), nil
}

// snapshot returns every file in dir with its mode and contents (or the
// target of a link).
func snapshot(t testing.TB, dir string) map[string]string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := make(map[string]string, len(des))
	for _, de := range des {
		if strings.HasSuffix(de.Name(), ".tries") {
			continue // the unlock backoff's record of wrong tries, written by design
		}
		fi, err := de.Info()
		if err != nil {
			t.Fatal(err)
		}
		if !fi.Mode().IsRegular() { // a FIFO would block, a link is its target
			target, _ := os.Readlink(filepath.Join(dir, de.Name()))
			m[de.Name()] = fmt.Sprintf("%v %s", fi.Mode(), target)
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, de.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[de.Name()] = fmt.Sprintf("%v %x", fi.Mode(), sha256.Sum256(b))
	}
	return m
}

// tempFiles lists the temporary files a save leaves if it is interrupted:
// ".vault.passtea.tmp-*", "vault.passtea.bak.tmp" and
// ".vault.passtea.bak.tmp-*".
func tempFiles(t testing.TB, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, de := range des {
		if strings.Contains(de.Name(), ".tmp") {
			out = append(out, de.Name())
		}
	}
	return out
}

// errInjected is the error faultFS returns.
var errInjected = errors.New("injected fault")

// faultFS is the real file system with the Nth counted operation failing:
// CreateTemp, Write, Sync, Close, Rename, Link and SyncDir are counted. A
// failing Write writes half its bytes first (a full disk); a failing Close
// closes the file anyway; the others fail without effect. It is safe for
// one goroutine at a time.
type faultFS struct {
	osFS
	failAt int      // the counted operation that fails, from 1; 0 for none
	ops    []string // the counted operations so far
	failed string   // the operation that failed, "" if none
	// noLinks makes every Link fail with errors.ErrUnsupported, as on file
	// systems without hard links; those calls are not counted.
	noLinks bool
}

// reset starts counting again, failing the nth operation.
func (f *faultFS) reset(n int) {
	f.failAt, f.ops, f.failed = n, nil, ""
}

func (f *faultFS) hit(op string) error {
	f.ops = append(f.ops, op)
	if len(f.ops) == f.failAt {
		f.failed = op
		return fmt.Errorf("%s: %w", op, errInjected)
	}
	return nil
}

func (f *faultFS) CreateTemp(dir, pattern string) (tempFile, error) {
	if err := f.hit("CreateTemp"); err != nil {
		return nil, err
	}
	tf, err := f.osFS.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	return &faultFile{tempFile: tf, fs: f}, nil
}

func (f *faultFS) Rename(oldpath, newpath string) error {
	if err := f.hit("Rename"); err != nil {
		return err
	}
	return f.osFS.Rename(oldpath, newpath)
}

func (f *faultFS) Link(oldpath, newpath string) error {
	if f.noLinks {
		return &os.LinkError{Op: "link", Old: oldpath, New: newpath, Err: errors.ErrUnsupported}
	}
	if err := f.hit("Link"); err != nil {
		return err
	}
	return f.osFS.Link(oldpath, newpath)
}

func (f *faultFS) SyncDir(dir string) error {
	if err := f.hit("SyncDir"); err != nil {
		return err
	}
	return f.osFS.SyncDir(dir)
}

type faultFile struct {
	tempFile
	fs *faultFS
}

func (f *faultFile) Write(p []byte) (int, error) {
	if err := f.fs.hit("Write"); err != nil {
		n, _ := f.tempFile.Write(p[:len(p)/2])
		return n, err
	}
	return f.tempFile.Write(p)
}

func (f *faultFile) Sync() error {
	if err := f.fs.hit("Sync"); err != nil {
		return err
	}
	return f.tempFile.Sync()
}

func (f *faultFile) Close() error {
	if err := f.fs.hit("Close"); err != nil {
		f.tempFile.Close()
		return err
	}
	return f.tempFile.Close()
}

// memFS serves files from memory and refuses every change, counting the
// attempts: for reading many tampered files quickly, and for fuzzing.
type memFS struct {
	files   map[string][]byte
	changes int // attempted changes
}

func newMemFS(path string, b []byte) *memFS {
	return &memFS{files: map[string][]byte{path: b}}
}

var errReadOnly = errors.New("memFS is read-only")

func (m *memFS) Open(name string) (readFile, error) {
	b, ok := m.files[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &memFile{b}, nil
}

func (m *memFS) ReadFile(name string) ([]byte, error) {
	b, ok := m.files[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return bytes.Clone(b), nil
}

func (m *memFS) Stat(name string) (fs.FileInfo, error) {
	b, ok := m.files[name]
	if !ok {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	return memInfo(len(b)), nil
}

func (m *memFS) change() error { m.changes++; return errReadOnly }

func (m *memFS) CreateTemp(dir, pattern string) (tempFile, error) { return nil, m.change() }
func (m *memFS) Rename(oldpath, newpath string) error             { return m.change() }
func (m *memFS) Link(oldpath, newpath string) error               { return m.change() }
func (m *memFS) Remove(name string) error                         { return m.change() }
func (m *memFS) MkdirAll(path string, perm fs.FileMode) error     { return m.change() }
func (m *memFS) SyncDir(dir string) error                         { return m.change() }

var (
	_ fileSystem = (*faultFS)(nil)
	_ fileSystem = (*memFS)(nil)
)
