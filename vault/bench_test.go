package vault

import (
	"fmt"
	"path/filepath"
	"testing"
)

// makeBig creates a vault with n entries in one save.
func makeBig(b testing.TB, n int) (*Vault, string) {
	b.Helper()
	path := filepath.Join(b.TempDir(), "vault.passtea")
	v, err := Create(path, testPassword, testKDF, nil)
	if err != nil {
		b.Fatal(err)
	}
	items := make([]NewEntry, n)
	for i := range items {
		items[i] = NewEntry{
			Fields: Fields{Name: fmt.Sprintf("group%02d/site-%05d.example.com", i%50, i), Username: fmt.Sprintf("user%05d@example.com", i), URL: fmt.Sprintf("https://site-%05d.example.com/login", i), Tags: []string{"tag" + fmt.Sprint(i%7)}},
			Secret: Secret{Password: fmt.Sprintf("Pa55-%020d", i), Notes: "a short note"},
		}
	}
	if err := v.AddMany(items); err != nil {
		b.Fatal(err)
	}
	return v, path
}

// BenchmarkOpen10k measures opening a 10,000-entry vault without the KDF:
// read, checksum, open the index, check the records.
func BenchmarkOpen10k(b *testing.B) {
	v, path := makeBig(b, 10000)
	key := append([]byte(nil), v.key...)
	b.ResetTimer()
	for b.Loop() {
		f, err := ReadFile(path, nil)
		if err != nil {
			b.Fatal(err)
		}
		w, err := openWithKey(f, append([]byte(nil), key...))
		if err != nil || w.Len() != 10000 {
			b.Fatal(err)
		}
		w.Entries()
	}
}

// BenchmarkSave10k measures saving a 10,000-entry vault after one change,
// fsync included.
func BenchmarkSave10k(b *testing.B) {
	v, _ := makeBig(b, 10000)
	id := v.Entries()[0].ID
	b.ResetTimer()
	i := 0
	for b.Loop() {
		i++
		notes := fmt.Sprint("note ", i)
		if _, err := v.Edit(id, Change{Notes: &notes}); err != nil {
			b.Fatal(err)
		}
	}
}
