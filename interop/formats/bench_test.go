package formats

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/passtea/passtea/crypto"
	"github.com/passtea/passtea/interop"
	"github.com/passtea/passtea/vault"
)

// memSource is a Source of generated entries.
type memSource struct {
	entries []vault.Entry
	secrets map[vault.ID]vault.Secret
}

func (m memSource) Entries() ([]vault.Entry, error)          { return m.entries, nil }
func (m memSource) Secret(id vault.ID) (vault.Secret, error) { return m.secrets[id], nil }

// generated returns n entries shaped like a real vault's: groups, a URL,
// a 20-character password, notes, a tag, a custom field, two earlier
// passwords.
func generated(n int) memSource {
	t0 := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	m := memSource{secrets: make(map[vault.ID]vault.Secret, n)}
	for i := range n {
		var id vault.ID
		id[0], id[1], id[2] = byte(i), byte(i>>8), byte(i>>16)
		m.entries = append(m.entries, vault.Entry{ID: id, Name: fmt.Sprintf("group%02d/site%06d", i%100, i),
			Username: fmt.Sprintf("user%d@example.com", i), URLs: []string{fmt.Sprintf("https://site%d.example/login", i)},
			Tags: []string{"imported"}, Created: t0, Modified: t0.Add(time.Hour)})
		m.secrets[id] = vault.Secret{Password: fmt.Sprintf("Xk9#mP2$vL8@%08d", i), Notes: "security question: first pet",
			Fields: []vault.Field{{Name: "PIN", Value: fmt.Sprintf("%04d", i%10000), Concealed: true}},
			History: []vault.OldValue{
				{Kind: vault.KindPassword, Value: "old-1", Concealed: true, Set: t0, Replaced: t0.Add(time.Minute)},
				{Kind: vault.KindPassword, Value: "old-2", Concealed: true, Set: t0.Add(time.Minute), Replaced: t0.Add(time.Hour)},
			}}
	}
	return m
}

var sizes = []int{10_000, 100_000}

func BenchmarkExport(b *testing.B) {
	for _, n := range sizes {
		src := generated(n)
		for _, f := range []Format{CSV, JSON} {
			b.Run(fmt.Sprintf("%s/%d", f, n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := Write(io.Discard, src, f, WriteOptions{}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func BenchmarkImport(b *testing.B) {
	for _, n := range sizes {
		src := generated(n)
		for _, f := range []Format{CSV, JSON} {
			var buf bytes.Buffer
			if _, err := Write(&buf, src, f, WriteOptions{}); err != nil {
				b.Fatal(err)
			}
			b.Run(fmt.Sprintf("%s/%d", f, n), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(buf.Len()))
				for b.Loop() {
					im, err := Read(buf.Bytes(), f, interop.Options{})
					if err != nil || len(im.Entries) != n {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkImportIntoVault is the whole import of 100,000 entries: read
// the JSON export, resolve names against the vault, add them all in one
// save; then export them again from the vault.
func BenchmarkImportIntoVault(b *testing.B) {
	const n = 100_000
	var buf bytes.Buffer
	if _, err := Write(&buf, generated(n), JSON, WriteOptions{}); err != nil {
		b.Fatal(err)
	}
	kdf := vault.KDFSettings{Params: crypto.KDFParams{MemoryKiB: crypto.MinMemoryKiB, Iterations: 1, Parallelism: 1}, Explicit: true}
	for b.Loop() {
		v, _, err := vault.Create(filepath.Join(b.TempDir(), "v.passtea"), vault.NewVault{Credentials: vault.Credentials{Password: []byte("pw")}, KDF: kdf}, nil)
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		im, err := Read(buf.Bytes(), Auto, interop.Options{})
		if err != nil {
			b.Fatal(err)
		}
		read := time.Since(start)
		plan := interop.Resolve(im.Entries, nil, interop.Rename)
		if err := v.AddMany(plan.Add); err != nil {
			b.Fatal(err)
		}
		added := time.Since(start)
		rep, err := Write(io.Discard, v, JSON, WriteOptions{})
		if err != nil || rep.Entries != n {
			b.Fatal(err)
		}
		b.ReportMetric(read.Seconds(), "read-s")
		b.ReportMetric((added - read).Seconds(), "add-s")
		b.ReportMetric((time.Since(start) - added).Seconds(), "export-s")
		v.Lock()
	}
}
