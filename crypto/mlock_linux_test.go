package crypto

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// lockedKiB reads how much of this process's memory is locked (VmLck).
func lockedKiB(t *testing.T) int {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "VmLck:"); ok {
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatal("no VmLck in /proc/self/status")
	return 0
}

func TestMlockCountsSharedPages(t *testing.T) {
	page := os.Getpagesize()
	buf := make([]byte, 4*page)
	// Two keys on one page, and a buffer that spans two pages.
	a, b := buf[page:page+KeySize], buf[page+KeySize:page+2*KeySize]
	span := buf[3*page-16 : 3*page+16]
	before := lockedKiB(t)
	if err := Mlock(a); err != nil {
		t.Skipf("this process may not lock memory: %v", err)
	}
	if err := Mlock(b); err != nil {
		t.Fatal(err)
	}
	if err := Mlock(span); err != nil {
		t.Fatal(err)
	}
	kib := page / 1024
	if got := lockedKiB(t) - before; got != 3*kib {
		t.Fatalf("locked %d KiB more, want %d (three pages)", got, 3*kib)
	}
	Munlock(buf[page+100 : page+132]) // never locked: changes nothing
	if got := lockedKiB(t) - before; got != 3*kib {
		t.Fatalf("unlocking a buffer that was not locked changed the locked memory by %d KiB", got-3*kib)
	}
	Munlock(a)
	if got := lockedKiB(t) - before; got != 3*kib {
		t.Fatalf("after unlocking one of two keys on a page: %d KiB locked, want %d", got, 3*kib)
	}
	Munlock(b)
	Munlock(span)
	if got := lockedKiB(t) - before; got != 0 {
		t.Fatalf("after unlocking everything: %d KiB still locked", got)
	}
	Munlock(b) // a second unlock changes nothing
	Mlock(nil)
	Munlock(nil)
}
