// Benchmarks. The KDF ones also report ms/op, the unit people think in for
// an unlock delay.

package crypto

import (
	"testing"

	"golang.org/x/crypto/argon2"
)

func benchmarkDeriveKey(b *testing.B, p KDFParams) {
	password := []byte("correct horse battery staple")
	salt := make([]byte, SaltSize)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DeriveKey(password, salt, p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1e3/float64(b.N), "ms/op")
}

// BenchmarkDeriveKeyDefault uses Default (256 MiB, t=3, p=4): slow, and it
// allocates 256 MiB per derivation.
func BenchmarkDeriveKeyDefault(b *testing.B) { benchmarkDeriveKey(b, Default) }

// BenchmarkDeriveKeyRecommended uses Recommended (64 MiB, t=3, p=4).
func BenchmarkDeriveKeyRecommended(b *testing.B) { benchmarkDeriveKey(b, Recommended) }

// BenchmarkDeriveKeyPrepared times DeriveKey with Default after PrepareKDF
// has made the memory ready, as after a password prompt: the difference
// from BenchmarkDeriveKeyDefault is what typing hides.
func BenchmarkDeriveKeyPrepared(b *testing.B) {
	password := []byte("correct horse battery staple")
	salt := make([]byte, SaltSize)
	b.ReportAllocs()
	for range b.N {
		b.StopTimer()
		<-PrepareKDF(Default).ready
		b.StartTimer()
		if _, err := DeriveKey(password, salt, Default); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1e3/float64(b.N), "ms/op")
}

// BenchmarkXCryptoRecommended is golang.org/x/crypto/argon2's IDKey with
// Recommended, for comparison with BenchmarkDeriveKeyRecommended.
func BenchmarkXCryptoRecommended(b *testing.B) {
	password := []byte("correct horse battery staple")
	salt := make([]byte, SaltSize)
	p := Recommended
	for b.Loop() {
		argon2.IDKey(password, salt, p.Iterations, p.MemoryKiB, p.Parallelism, KeySize)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1e3/float64(b.N), "ms/op")
}

// BenchmarkCompress is the compression function G on blocks in cache, in
// the XOR mode of later passes.
func BenchmarkCompress(b *testing.B) {
	var x, y, out block
	for i := range x {
		x[i], y[i] = uint64(i)*0x9e3779b97f4a7c15, ^uint64(i)
	}
	b.SetBytes(blockBytes)
	for b.Loop() {
		compress(&out, &x, &y, true)
	}
}

func benchmarkSeal(b *testing.B, n int) {
	key := make([]byte, KeySize)
	aad := []byte("passtea entry aad")
	pt := make([]byte, n)
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Seal(key, aad, pt); err != nil {
			b.Fatal(err)
		}
	}
}

func benchmarkOpen(b *testing.B, n int) {
	key := make([]byte, KeySize)
	aad := []byte("passtea entry aad")
	sealed, err := Seal(key, aad, make([]byte, n))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Open(key, aad, sealed); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSealSmall(b *testing.B) { benchmarkSeal(b, 100) }
func BenchmarkOpenSmall(b *testing.B) { benchmarkOpen(b, 100) }
func BenchmarkSeal1MiB(b *testing.B)  { benchmarkSeal(b, 1<<20) }
func BenchmarkOpen1MiB(b *testing.B)  { benchmarkOpen(b, 1<<20) }
