// Benchmarks. The KDF ones also report ms/op, the unit people think in for
// an unlock delay.

package crypto

import (
	"testing"
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
