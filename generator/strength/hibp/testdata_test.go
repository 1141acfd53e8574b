package hibp

// This file writes and checks the small lists in testdata, built from the
// real SHA-1s of well-known passwords with made-up counts:
// go test ./generator/strength/hibp -run TestTestdata -update

import (
	"bytes"
	"crypto/sha1"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the lists in testdata")

// breachedForTests are the passwords the test lists hold, with made-up
// counts (the hashes are their real SHA-1s).
var breachedForTests = map[string]int64{
	"password":                     9545824,
	"123456":                       37359195,
	"qwerty":                       10556095,
	"letmein":                      1102400,
	"iloveyou":                     2339300,
	"P@ssw0rd":                     98000,
	"Tr0ub4dor&3":                  6,
	"correct horse battery staple": 400,
	"passtea-breached-test":        1,
}

type testLine struct {
	hash  string
	count int64
}

// testLines are the test passwords and 300 filler hashes (SHA-1 of
// "filler N"), sorted, so that the single file is long enough for the
// binary search to take several steps.
func testLines() []testLine {
	var ls []testLine
	for pw, n := range breachedForTests {
		ls = append(ls, testLine{HashOf(pw).String(), n})
	}
	for i := range 300 {
		ls = append(ls, testLine{strings.ToUpper(fmt.Sprintf("%x", sha1.Sum(fmt.Appendf(nil, "filler %d", i)))), int64(i%97 + 1)})
	}
	slices.SortFunc(ls, func(a, b testLine) int { return strings.Compare(a.hash, b.hash) })
	return ls
}

// testFiles returns the test lists by path under testdata: the single
// file (CRLF, as the downloader writes it) and the range directory (LF),
// with a range file for each test password's prefix and 00000.txt.
func testFiles() map[string][]byte {
	files := map[string][]byte{}
	var single bytes.Buffer
	ranges := map[string]*bytes.Buffer{"00000": {}}
	for _, l := range testLines() {
		fmt.Fprintf(&single, "%s:%d\r\n", l.hash, l.count)
	}
	for pw := range breachedForTests {
		ranges[HashOf(pw).Prefix()] = &bytes.Buffer{}
	}
	for _, l := range testLines() {
		if b := ranges[l.hash[:prefixLen]]; b != nil {
			fmt.Fprintf(b, "%s:%d\n", l.hash[prefixLen:], l.count)
		}
	}
	// 00000.txt holds made-up suffixes.
	for i := range 5 {
		fmt.Fprintf(ranges["00000"], "%035X:%d\n", i*7+1, i+1)
	}
	files["pwned-sha1.txt"] = single.Bytes()
	for p, b := range ranges {
		files[filepath.Join("pwned-ranges", p+".txt")] = b.Bytes()
	}
	return files
}

func TestTestdataUpToDate(t *testing.T) {
	for name, want := range testFiles() {
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s is not what testFiles makes (rerun with -update): %v", path, err)
		}
	}
}
