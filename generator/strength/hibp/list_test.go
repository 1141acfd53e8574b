package hibp

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/passtea/passtea/generator/strength"
)

var _ strength.BreachList = (*List)(nil)

func TestHashOf(t *testing.T) {
	// SHA-1 of "password", as the Pwned Passwords API documents it.
	h := HashOf("password")
	if h.String() != "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8" || h.Prefix() != "5BAA6" {
		t.Errorf("%s %s", h, h.Prefix())
	}
}

func TestTestLists(t *testing.T) {
	for _, path := range []string{"testdata/pwned-sha1.txt", "testdata/pwned-ranges"} {
		l, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		for pw, want := range breachedForTests {
			if n, err := l.Count(pw); n != want || err != nil {
				t.Errorf("%s: %q: %d, %v; want %d", path, pw, n, err, want)
			}
		}
		for _, pw := range []string{"kX9#mQ2$vL7@pR4!", "Password", "passtea-breached-test "} {
			n, err := l.Count(pw)
			if path == "testdata/pwned-ranges" && err != nil {
				// Only the test passwords' ranges exist: any other is an
				// incomplete download.
				if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "incomplete") {
					t.Errorf("%s: %q: %v", path, pw, err)
				}
				continue
			}
			if n != 0 || err != nil {
				t.Errorf("%s: %q: %d, %v; want 0", path, pw, n, err)
			}
		}
		if err := l.Close(); err != nil {
			t.Error(err)
		}
	}
}

// writeList writes lines "KEY:COUNT" with the given line ending.
func writeList(t *testing.T, lines []testLine, eol string, lower bool) string {
	var b bytes.Buffer
	for _, l := range lines {
		h := l.hash
		if lower {
			h = strings.ToLower(h)
		}
		fmt.Fprintf(&b, "%s:%d%s", h, l.count, eol)
	}
	path := filepath.Join(t.TempDir(), "list.txt")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// The binary search finds every line of lists of many sizes, and nothing
// else: first and last lines, both line endings, lower-case hex, counts
// of varying length, no final line break.
func TestSearchFindsEveryLine(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 3, 10, 57, 400, 3000} {
		var lines []testLine
		for i := range n {
			var h Hash
			for k := range h {
				h[k] = byte(r.Uint32())
			}
			lines = append(lines, testLine{h.String(), int64(r.IntN(10)*r.IntN(100000) + 1 + i%3)})
		}
		slices.SortFunc(lines, func(a, b testLine) int { return strings.Compare(a.hash, b.hash) })
		for _, variant := range []struct {
			eol   string
			lower bool
		}{{"\r\n", false}, {"\n", true}, {"", false}} {
			if variant.eol == "" && n != 1 {
				continue // a single line without a line break
			}
			l, err := Open(writeList(t, lines, variant.eol, variant.lower))
			if err != nil {
				t.Fatal(err)
			}
			for _, line := range lines {
				var h Hash
				if _, err := hex.Decode(h[:], []byte(line.hash)); err != nil {
					t.Fatal(err)
				}
				if got, err := l.CountHash(h); got != line.count || err != nil {
					t.Fatalf("%d lines %q: %s: %d, %v; want %d", n, variant.eol, line.hash, got, err, line.count)
				}
				h[19]++ // almost the same hash: absent
				if got, err := l.CountHash(h); got != 0 || err != nil {
					t.Fatalf("%d lines: absent %s: %d, %v", n, h, got, err)
				}
			}
			for _, h := range []Hash{{}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}} {
				if got, err := l.CountHash(h); got != 0 || err != nil {
					t.Fatalf("%d lines: %s: %d, %v", n, h, got, err)
				}
			}
			l.Close()
		}
	}
}

func TestHostileLists(t *testing.T) {
	good := "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:3\n"
	for _, c := range []struct {
		name, content string
		atOpen        bool
	}{
		{"NTLM list", "8846F7EAEE8FB117AD06BDD830B7586C:3\n", true},
		{"not hex", "ZZAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:3\n", true},
		{"no count", "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:\n", true},
		{"bad count", "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:3x\n", true},
		{"huge count", "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:12345678901234567890\n", true},
		{"binary", "\x00\x01\x02\xff\xfe", true},
		{"long first line", strings.Repeat("A", 1000), true},
		{"long line later", strings.Repeat(good, 40) + strings.Repeat("B", 5000) + "\n" + strings.Repeat(good, 40), false},
		{"garbage later", strings.Repeat(good, 40) + strings.Repeat("not a line\n", 40), false},
	} {
		path := filepath.Join(t.TempDir(), "list.txt")
		os.WriteFile(path, []byte(c.content), 0o644)
		l, err := Open(path)
		if c.atOpen {
			if !errors.Is(err, ErrFormat) {
				t.Errorf("%s: Open: %v", c.name, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var errs int
		for i := range 50 {
			if _, err := l.Count(fmt.Sprint(i)); err != nil {
				errs++
				if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), path) {
					t.Errorf("%s: %v", c.name, err)
				}
			}
		}
		if errs == 0 {
			t.Errorf("%s: no lookup saw the bad lines", c.name)
		}
		l.Close()
	}
	// An unsorted list gives wrong answers, never a panic or an error.
	var b strings.Builder
	for i := range 500 {
		fmt.Fprintf(&b, "%s:%d\n", HashOf(fmt.Sprint(i)), i+1)
	}
	path := filepath.Join(t.TempDir(), "unsorted.txt")
	os.WriteFile(path, []byte(b.String()), 0o644)
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 500 {
		if _, err := l.Count(fmt.Sprint(i)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	if _, err := Open(filepath.Join(t.TempDir(), "nope.txt")); err == nil || !strings.HasPrefix(err.Error(), "open breached-password list: ") {
		t.Errorf("missing file: %v", err)
	}
	if _, err := Open("/dev/null"); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("device: %v", err)
	}
	if _, err := Open(t.TempDir()); err == nil || !strings.Contains(err.Error(), "00000.txt") {
		t.Errorf("empty directory: %v", err)
	}
	empty := filepath.Join(t.TempDir(), "empty.txt")
	os.WriteFile(empty, nil, 0o644)
	l, err := Open(empty)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := l.Count("password"); n != 0 || err != nil {
		t.Errorf("empty list: %d, %v", n, err)
	}
}

// FuzzSortedLines: any bytes as a list never panic; when they are a valid
// sorted list, the search agrees with reading every line.
func FuzzSortedLines(f *testing.F) {
	f.Add([]byte("5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:3\r\n"), []byte("5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8"))
	f.Add([]byte(strings.Repeat("00DA6414310D11CEC0CED10712D4F4484E3A6E8E:46\n", 30)), []byte("00DA6414310D11CEC0CED10712D4F4484E3A6E8E"))
	f.Add([]byte("1E4C9B93F3F0682250B6CF8331B7EE68FD8:0\n1E4C9B93F3F0682250B6CF8331B7EE68FD9:2\n"), []byte("1E4C9B93F3F0682250B6CF8331B7EE68FD9"))
	f.Add([]byte("zz\n\n\n"), []byte("0000000000000000000000000000000000000000"))
	f.Fuzz(func(t *testing.T, data, key []byte) {
		for _, keyLen := range []int{35, 40} {
			if len(key) < keyLen {
				return
			}
			want := bytes.ToUpper(key[:keyLen])
			s := &sortedLines{r: bytes.NewReader(data), size: int64(len(data)), keyLen: keyLen, path: "fuzz"}
			got, err := s.count(want)
			ref, sorted, ok := linearCount(data, want, keyLen)
			if ok && sorted && (err != nil || got != ref) {
				t.Fatalf("valid list: search %d, %v; scan %d", got, err, ref)
			}
		}
	})
}

// linearCount reads every line; ok is false when one is not KEY:COUNT.
func linearCount(data, want []byte, keyLen int) (count int64, sorted, ok bool) {
	s := &sortedLines{keyLen: keyLen}
	var key, prev [40]byte
	sorted = true
	lines := bytes.Split(data, []byte("\n"))
	if len(lines) > 0 && len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	for i, line := range lines {
		if len(line)+1 > maxLine {
			return 0, false, false
		}
		n, err := s.parse(line, 0, key[:keyLen])
		if err != nil {
			return 0, false, false
		}
		if i > 0 && bytes.Compare(prev[:keyLen], key[:keyLen]) >= 0 {
			sorted = false
		}
		prev = key
		if bytes.Equal(key[:keyLen], want) {
			count = n
		}
	}
	return count, sorted, true
}

// A lookup allocates the same few small buffers whatever the list's size:
// nothing of the list is kept.
func TestLookupMemoryConstant(t *testing.T) {
	l, err := Open("testdata/pwned-sha1.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	h := HashOf("password")
	allocs := testing.AllocsPerRun(100, func() {
		if n, err := l.CountHash(h); n == 0 || err != nil {
			t.Fatal(n, err)
		}
	})
	if allocs > 6 {
		t.Errorf("%v allocations per lookup", allocs)
	}
}
