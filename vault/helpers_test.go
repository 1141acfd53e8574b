// This file holds helpers shared by the vault tests: a settable clock, a
// fast open that skips the KDF, the file layout for tampering, directory
// snapshots, and file systems that inject faults or serve bytes from memory.

package vault

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/passtea/passtea/crypto"
)

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

// openKey reads path and opens it with the vault key, skipping the key
// derivation, which takes tens of milliseconds under the race detector.
// Unlock is derive + unwrap + openWithKey; the derivation is the only step
// left out, so use Open where the password itself is under test.
func openKey(path string, key []byte, opts *Options) (*Vault, error) {
	f, err := ReadFile(path, opts)
	if err != nil {
		return nil, err
	}
	return openWithKey(f, bytes.Clone(key))
}

func mustOpenKey(t testing.TB, path string, key []byte, opts *Options) *Vault {
	t.Helper()
	v, err := openKey(path, key, opts)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	return v
}

// unlockKEK is File.Unlock with the key-encryption key given instead of
// derived: unwrap under the file's header, then open the index.
func unlockKEK(f *File, kek []byte) (*Vault, error) {
	h := f.f.header
	key, err := crypto.UnwrapKey(kek, h.wrapped[:], h.wrapAAD())
	if err != nil {
		return nil, ErrWrongPassword
	}
	return openWithKey(f, key)
}

// testKEK derives the key-encryption key of the vault file raw.
func testKEK(t testing.TB, raw []byte, password []byte) []byte {
	t.Helper()
	sf, err := parseFile(raw)
	if err != nil {
		t.Fatal(err)
	}
	kek, err := crypto.DeriveKey(password, sf.header.salt[:], sf.header.params)
	if err != nil {
		t.Fatal(err)
	}
	return kek
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustWrite(t testing.TB, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func mustParse(t testing.TB, raw []byte) *sealedFile {
	t.Helper()
	sf, err := parseFile(raw)
	if err != nil {
		t.Fatal(err)
	}
	return sf
}

// fixTrailer returns a copy of b with the SHA-256 trailer recomputed, as a
// deliberate tamperer would.
func fixTrailer(b []byte) []byte {
	b = bytes.Clone(b)
	if len(b) < trailerSize {
		return b
	}
	sum := sha256.Sum256(b[:len(b)-trailerSize])
	copy(b[len(b)-trailerSize:], sum[:])
	return b
}

// Offsets of the header fields (see header.marshal).
const (
	offVersion = len(magic)
	offFlags   = offVersion + 2
	offVaultID = offFlags + 2
	offKDF     = offVaultID + 16
	offLanes   = offKDF + 1
	offMemory  = offLanes + 1
	offIters   = offMemory + 4
	offSalt    = offIters + 4
	offWrapped = offSalt + crypto.SaltSize
)

// layout is where the parts of a vault file lie, found by walking it
// independently of parseFile.
type layout struct {
	index   [2]int   // the sealed index, without its length
	records int      // the record count
	record  [][2]int // each record, head included
	trailer int
}

func layoutOf(t testing.TB, raw []byte) layout {
	t.Helper()
	if offWrapped != wrapAADOffset {
		t.Fatalf("header offsets: wrapped key at %d, want %d", offWrapped, wrapAADOffset)
	}
	var l layout
	p := headerSize
	n := int(binary.BigEndian.Uint32(raw[p:]))
	l.index = [2]int{p + 4, p + 4 + n}
	p = l.index[1]
	l.records = p
	count := int(binary.BigEndian.Uint32(raw[p:]))
	p += 4
	for range count {
		size := int(binary.BigEndian.Uint32(raw[p+24:]))
		l.record = append(l.record, [2]int{p, p + recordHead + size})
		p += recordHead + size
	}
	l.trailer = p
	if p+trailerSize != len(raw) {
		t.Fatalf("layout: trailer at %d, file is %d bytes", p, len(raw))
	}
	return l
}

// recordsByID returns the records of a vault file by entry id.
func recordsByID(t testing.TB, raw []byte) map[ID]record {
	t.Helper()
	m := make(map[ID]record)
	for _, r := range mustParse(t, raw).records {
		m[r.id] = r
	}
	return m
}

// snapshot returns every file in dir with its mode and contents.
func snapshot(t testing.TB, dir string) map[string]string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := make(map[string]string, len(des))
	for _, de := range des {
		fi, err := de.Info()
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, de.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[de.Name()] = fmt.Sprintf("%v %x", fi.Mode(), sha256.Sum256(b))
	}
	return m
}

func sameSnapshot(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// tempFiles lists the temporary files a save leaves if it is interrupted:
// ".vault.tmp-*" and "vault.bak.tmp".
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
// closes the file anyway; the others fail without effect.
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
	return memInfo{name: filepath.Base(name), size: int64(len(b))}, nil
}

// memInfo describes a file of memFS: the vault asks whether it exists and
// how large it is.
type memInfo struct {
	name string
	size int64
}

func (i memInfo) Name() string       { return i.name }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) Mode() fs.FileMode  { return 0o600 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }

func (m *memFS) Tail(name string, n int) ([]byte, error) {
	b, err := m.ReadFile(name)
	return b[max(len(b)-n, 0):], err
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
