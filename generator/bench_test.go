package generator

import (
	"crypto/rand"
	"io"
	"testing"
)

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func benchGenerate(b *testing.B, r io.Reader, o Options) {
	cr := &countingReader{r: r}
	g := New(cr)
	buf := make([]byte, 0, 256)
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if buf, err = g.Append(buf[:0], o); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "passwords/s")
	b.ReportMetric(float64(cr.n)/float64(b.N), "randbytes/op")
}

// BenchmarkGenerate20 is the default password (20 characters, one of each
// class) from crypto/rand, as passtea gen makes it.
func BenchmarkGenerate20(b *testing.B) { benchGenerate(b, rand.Reader, DefaultOptions()) }

// BenchmarkGenerate20ChaCha8 separates the generator's own work from the
// cost of crypto/rand (a seeded ChaCha8 is several times faster).
func BenchmarkGenerate20ChaCha8(b *testing.B) { benchGenerate(b, seeded(1), DefaultOptions()) }

func BenchmarkGenerateRareClasses(b *testing.B) {
	o := DefaultOptions()
	o.Charset, o.Length = "一二三四五六七八九十百千万亿兆京垓秭穰沟涧正载极a1!", 8
	benchGenerate(b, rand.Reader, o)
}

func BenchmarkPassphrase6(b *testing.B) {
	o := DefaultOptions()
	o.Mode, o.WithNumber = Passphrase, true
	benchGenerate(b, rand.Reader, o)
}

// BenchmarkRandomBytes reads from crypto/rand the bytes one default password
// consumes on average (measured by BenchmarkGenerate20's randbytes/op),
// in the generator's 64 KiB batches: the floor for BenchmarkGenerate20.
func BenchmarkRandomBytes(b *testing.B) {
	cr := &countingReader{r: seeded(1)}
	g := New(cr)
	for range 100000 {
		g.Generate(DefaultOptions())
	}
	perPassword := float64(cr.n) / 100000
	buf := make([]byte, maxBatch)
	need := 0.0
	for b.Loop() {
		need += perPassword
		for need >= maxBatch {
			rand.Read(buf)
			need -= maxBatch
		}
	}
	b.ReportMetric(perPassword, "randbytes/op")
}

// BenchmarkEntropy is the figure shown next to the generator's preview,
// recomputed on every change of the options.
func BenchmarkEntropy(b *testing.B) {
	o := DefaultOptions()
	for b.Loop() {
		if _, err := Entropy(o); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEntropyMaxLength(b *testing.B) {
	o := DefaultOptions()
	o.Length = MaxLength
	for b.Loop() {
		Entropy(o)
	}
}

func BenchmarkEntropyPassphrase(b *testing.B) {
	o := DefaultOptions()
	o.Mode = Passphrase
	for b.Loop() {
		Entropy(o)
	}
}
