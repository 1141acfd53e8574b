// This file holds helpers shared by the vault tests: cheap KDF settings, a
// settable clock, a fast open that skips the KDF, and entry helpers.

package vault

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
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
