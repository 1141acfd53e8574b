package vault

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// bigEntries returns n realistic entries.
func bigEntries(n int) []NewEntry {
	items := make([]NewEntry, n)
	for i := range items {
		items[i] = NewEntry{
			Name: fmt.Sprintf("group%02d/site-%06d.example.com", i%50, i), Username: fmt.Sprintf("user%06d@example.com", i),
			URLs: []string{fmt.Sprintf("https://site-%06d.example.com/login", i)}, Tags: []string{"tag" + fmt.Sprint(i%7)},
			Secret: Secret{Password: fmt.Sprintf("Pa55-%020d", i), Notes: "a short note"},
		}
	}
	return items
}

// makeBig creates a vault with n entries in one save.
func makeBig(b testing.TB, n int) (*Vault, string) {
	b.Helper()
	path := filepath.Join(b.TempDir(), "vault.passtea")
	v, _, err := Create(path, NewVault{Credentials: testCreds, KDF: testKDF}, nil)
	if err != nil {
		b.Fatal(err)
	}
	if err := v.AddMany(bigEntries(n)); err != nil {
		b.Fatal(err)
	}
	return v, path
}

// BenchmarkOpen10k measures opening a 10,000-entry vault without the KDF
// and listing every entry: header, root, every index page.
func BenchmarkOpen10k(b *testing.B) {
	v, path := makeBig(b, 10000)
	fi, _ := os.Stat(path)
	b.ReportMetric(float64(fi.Size())/10000, "file-B/entry")
	b.ResetTimer()
	for b.Loop() {
		w, err := openKey(path, v.key, nil)
		if err != nil {
			b.Fatal(err)
		}
		if n := mustLen(b, w); n != 10000 {
			b.Fatal(n)
		}
		w.Lock()
	}
}

// BenchmarkGet100k measures finding one entry of 100,000 and opening its
// secret, from a fresh open (no KDF).
func BenchmarkGet100k(b *testing.B) {
	v, path := makeBig(b, 100000)
	b.ResetTimer()
	for b.Loop() {
		w, err := openKey(path, v.key, nil)
		if err != nil {
			b.Fatal(err)
		}
		e, err := w.Get("group07/site-054357.example.com")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := w.Secret(e.ID); err != nil {
			b.Fatal(err)
		}
		w.Lock()
	}
}

// BenchmarkSave10k measures saving a 10,000-entry vault after one change,
// fsync included.
func BenchmarkSave10k(b *testing.B) {
	benchSave(b, 10000)
}

// BenchmarkSave100k is BenchmarkSave10k at 100,000 entries.
func BenchmarkSave100k(b *testing.B) {
	benchSave(b, 100000)
}

func benchSave(b *testing.B, n int) {
	v, _ := makeBig(b, n)
	e, err := v.Get("group00/site-000000.example.com")
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		i++
		notes := fmt.Sprint("note ", i)
		if _, err := v.Edit(e.ID, Change{Notes: &notes}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAdd100kFresh measures what `passtea add` does on a 100,000-entry
// vault after the KDF: open, add one entry, save.
func BenchmarkAdd100kFresh(b *testing.B) {
	v, path := makeBig(b, 100000)
	b.ResetTimer()
	i := 0
	for b.Loop() {
		i++
		w, err := openKey(path, v.key, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := w.Add(NewEntry{Name: fmt.Sprintf("new/%d", i), Secret: Secret{Password: "x"}}); err != nil {
			b.Fatal(err)
		}
		w.Lock()
	}
}
