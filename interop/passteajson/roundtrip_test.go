package passteajson

import (
	"bytes"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/passtea/passtea/crypto"
	"github.com/passtea/passtea/interop"
	"github.com/passtea/passtea/vault"
)

var testKDF = vault.KDFSettings{Params: crypto.KDFParams{MemoryKiB: crypto.MinMemoryKiB, Iterations: 1, Parallelism: 1}, Explicit: true}

// newVault creates a vault in a temporary directory whose clock moves a
// second (and a few nanoseconds) per reading.
func newVault(t testing.TB, start time.Time) *vault.Vault {
	t.Helper()
	now := start
	opts := &vault.Options{Now: func() time.Time { now = now.Add(time.Second + 7); return now }}
	v, _, err := vault.Create(filepath.Join(t.TempDir(), "vault.passtea"),
		vault.NewVault{Credentials: vault.Credentials{Password: []byte("pw")}, KDF: testKDF}, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(v.Lock)
	return v
}

const totpURI = "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example"

// fillVault adds entries and edits them the ways users do: every field
// kind, custom fields added, changed, concealed and removed, renames,
// cleared values, and an entry with a long history.
func fillVault(t *testing.T, v *vault.Vault) {
	t.Helper()
	must := func(e vault.Entry, err error) vault.Entry {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	str := func(s string) *string { return &s }
	gh := must(v.Add(vault.NewEntry{Name: "work/github", Username: "alice", URLs: []string{"https://github.com", "https://gist.github.com"},
		Tags: []string{"dev", "work"}, Secret: vault.Secret{Password: "pw-1", Notes: "line 1\nline 2\ttab", OTP: totpURI,
			Fields: []vault.Field{{Name: "PIN", Value: "1234", Concealed: true}, {Name: "recovery", Value: "a\nb"}}}}))
	must(v.Edit(gh.ID, vault.Change{Password: str("pw-2")}))
	must(v.Edit(gh.ID, vault.Change{Fields: &[]vault.Field{{Name: "recovery", Value: "c"}, {Name: "new", Value: "x"}}}))
	must(v.Edit(gh.ID, vault.Change{Password: str("pw-3"), Name: str("work/code/github")}))
	must(v.Edit(gh.ID, vault.Change{URLs: &[]string{"https://github.com/login"}, Tags: &[]string{"code"}}))

	cleared := must(v.Add(vault.NewEntry{Name: "cleared", Username: "bob", Secret: vault.Secret{Password: "p", Notes: "n", OTP: totpURI}}))
	must(v.Edit(cleared.ID, vault.Change{Notes: str(""), OTP: str(""), Username: str("")}))

	must(v.Add(vault.NewEntry{Name: "plain", Secret: vault.Secret{Password: "  spaces kept  "}, Accepted: []string{"weak", "reused"}}))
	must(v.Add(vault.NewEntry{Name: "名前/ünïcode & <html>", Username: "u", Secret: vault.Secret{Notes: "\"quotes\" and \\ backslash"}}))
	long := must(v.Add(vault.NewEntry{Name: "long history", Secret: vault.Secret{Password: "v0"}}))
	for i := 1; i <= 20; i++ {
		must(v.Edit(long.ID, vault.Change{Password: str(strings.Repeat("v", i))}))
	}
}

// snapshot is what a vault shows of its entries: everything but ids and
// revisions.
type snapshot struct {
	Entry  vault.Entry
	Secret vault.Secret
}

func snap(t *testing.T, v *vault.Vault) []snapshot {
	t.Helper()
	entries, err := v.Entries()
	if err != nil {
		t.Fatal(err)
	}
	var out []snapshot
	for _, e := range entries {
		s, err := v.Secret(e.ID)
		if err != nil {
			t.Fatal(err)
		}
		e.ID, e.Revision = vault.ID{}, 0
		out = append(out, snapshot{e, s})
	}
	return out
}

func TestRoundTripThroughVaults(t *testing.T) {
	a := newVault(t, time.Date(2025, 1, 2, 3, 4, 5, 6, time.UTC))
	fillVault(t, a)
	var buf bytes.Buffer
	rep, err := Write(&buf, a, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Entries != 5 || len(rep.Omitted) != 0 {
		t.Fatalf("report %+v", rep)
	}
	im, err := Read(buf.Bytes(), interop.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// A later start: the import must not take its times from the clock.
	b := newVault(t, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	if err := b.AddMany(im.NewEntries()); err != nil {
		t.Fatal(err)
	}
	want, got := snap(t, a), snap(t, b)
	if len(want) != len(got) {
		t.Fatalf("%d entries, want %d", len(got), len(want))
	}
	for i := range want {
		w, g := want[i], got[i]
		if !reflect.DeepEqual(w, g) {
			t.Errorf("entry %q differs after the round trip:\n got %+v\nwant %+v", w.Entry.Name, g, w)
		}
	}
	// A second export of the imported vault is byte for byte the first.
	var again bytes.Buffer
	if _, err := Write(&again, b, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), nil); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), buf.Bytes()) {
		t.Errorf("second export differs from the first:\n%s\n%s", again.Bytes(), buf.Bytes())
	}
}
