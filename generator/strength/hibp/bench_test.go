package hibp

import (
	"bufio"
	"encoding/binary"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// splitmix is a fixed mixing function: the synthetic list's hashes and
// counts are functions of the line number, so a benchmark can look up
// lines it did not keep.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// synthetic is a sorted list of n lines: line i's hash starts with
// i·step plus a jitter below step.
type synthetic struct{ n, step uint64 }

func (s synthetic) hash(i uint64) Hash {
	var h Hash
	binary.BigEndian.PutUint64(h[:8], i*s.step+splitmix(i)%s.step)
	binary.BigEndian.PutUint64(h[8:16], splitmix(i+1<<40))
	binary.BigEndian.PutUint32(h[16:], uint32(splitmix(i+2<<40)))
	return h
}

func (s synthetic) count(i uint64) uint64 { return splitmix(i+3<<40)%999999 + 1 }

// write writes the list in the downloader's format (upper-case hex, CRLF).
func (s synthetic) write(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	line := make([]byte, 0, 64)
	for i := range s.n {
		h := s.hash(i)
		line = hex.AppendEncode(line[:0], h[:])
		for k := range 40 {
			if line[k] >= 'a' {
				line[k] -= 'a' - 'A'
			}
		}
		line = append(line, ':')
		line = strconv.AppendUint(line, s.count(i), 10)
		line = append(line, '\r', '\n')
		w.Write(line)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// BenchmarkLookup1GB looks random hashes up, half present and half absent,
// in a synthetic sorted list of 1 GiB (PASSTEA_HIBP_BENCH_BYTES to change)
// written to a temporary directory first, so read from the page cache.
func BenchmarkLookup1GB(b *testing.B) {
	size := uint64(1 << 30)
	if v := os.Getenv("PASSTEA_HIBP_BENCH_BYTES"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			b.Fatal(err)
		}
		size = n
	}
	n := size / 49 // lines average 49 bytes
	s := synthetic{n: n, step: ^uint64(0) / n}
	path := filepath.Join(b.TempDir(), "pwned-sha1.txt")
	if err := s.write(path); err != nil {
		b.Fatal(err)
	}
	l, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	b.ReportAllocs()
	b.ResetTimer()
	var i uint64
	for b.Loop() {
		k := splitmix(i) % n
		h := s.hash(k)
		want := s.count(k)
		if i%2 == 1 {
			h[19] ^= 1 // absent (a neighbour of a present hash)
			want = 0
		}
		got, err := l.CountHash(h)
		if err != nil || uint64(got) != want {
			b.Fatalf("line %d: %d, %v; want %d", k, got, err, want)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lookups/s")
}
