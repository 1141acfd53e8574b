package vault

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/passtea/passtea/crypto"
)

// testKDF is cheap enough for tests; explicit, so no upgrade runs.
var testKDF = KDFSettings{Params: crypto.KDFParams{MemoryKiB: crypto.MinMemoryKiB, Iterations: 1, Parallelism: 1}, Explicit: true}

var testPassword = []byte("correct horse battery staple")

// fakeClock returns a clock that moves one second per call.
func fakeClock() func() time.Time {
	t := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	return func() time.Time { t = t.Add(time.Second); return t }
}

func newTestVault(t testing.TB, opts *Options) (*Vault, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "v", "vault.passtea")
	if opts == nil {
		opts = &Options{Now: fakeClock()}
	}
	v, err := Create(path, testPassword, testKDF, opts)
	if err != nil {
		t.Fatal(err)
	}
	return v, path
}

func mustAdd(t testing.TB, v *Vault, name, password string) Entry {
	t.Helper()
	e, err := v.Add(Fields{Name: name, Username: "user-" + name, URL: "https://" + name + ".example", Tags: []string{"b", "a"}}, Secret{Password: password, Notes: "notes of " + name})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestCreateAddReopen(t *testing.T) {
	v, path := newTestVault(t, nil)
	mustAdd(t, v, "work/github", "pw1")
	mustAdd(t, v, "bank", "pw2")
	if _, err := v.Add(Fields{Name: "bank"}, Secret{}); !errors.Is(err, ErrNameTaken) {
		t.Fatalf("duplicate name: got %v, want ErrNameTaken", err)
	}
	w, err := Open(path, testPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := w.Entries()
	if len(got) != 2 || got[0].Name != "bank" || got[1].Name != "work/github" {
		t.Fatalf("entries = %+v", got)
	}
	if got[0].Username != "user-bank" || got[0].URL != "https://bank.example" || fmt.Sprint(got[0].Tags) != "[a b]" {
		t.Fatalf("fields = %+v", got[0])
	}
	s, err := w.Secret(got[1].ID)
	if err != nil || s.Password != "pw1" || s.Notes != "notes of work/github" {
		t.Fatalf("secret = %+v, %v", s, err)
	}
	for _, name := range []string{path, filepath.Dir(path)} {
		fi, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		want := os.FileMode(0o600)
		if fi.IsDir() {
			want = 0o700
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", name, fi.Mode().Perm(), want)
		}
	}
	raw, _ := os.ReadFile(path)
	for _, plain := range []string{"pw1", "work/github", "user-bank", "bank.example", "notes of"} {
		if bytes.Contains(raw, []byte(plain)) {
			t.Errorf("file contains %q in plaintext", plain)
		}
	}
}

func TestWrongPassword(t *testing.T) {
	_, path := newTestVault(t, nil)
	if _, err := Open(path, []byte("wrong"), nil); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("got %v, want ErrWrongPassword", err)
	}
}

func TestCreateRefusesExisting(t *testing.T) {
	_, path := newTestVault(t, nil)
	before, _ := os.ReadFile(path)
	if _, err := Create(path, testPassword, testKDF, nil); !errors.Is(err, ErrExists) {
		t.Fatalf("got %v, want ErrExists", err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Fatal("file changed")
	}
}
