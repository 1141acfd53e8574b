package vault

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/passtea/passtea/crypto"
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

func TestKeyIsLockedInMemory(t *testing.T) {
	probe := make([]byte, 1)
	if err := crypto.Mlock(probe); err != nil {
		t.Skipf("this process may not lock memory: %v", err)
	}
	crypto.Munlock(probe)
	before := lockedKiB(t)
	v, path := newTestVault(t, nil)
	if lockedKiB(t) <= before {
		t.Fatal("a new vault's key is not locked in memory")
	}
	v.Lock()
	if got := lockedKiB(t); got != before {
		t.Fatalf("after Lock %d KiB are locked, want %d", got, before)
	}
	v, err := Open(path, testPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	if lockedKiB(t) <= before {
		t.Fatal("an unlocked vault's key is not locked in memory")
	}
	if _, err := v.RotateKey(testCreds, testKDF); err != nil {
		t.Fatal(err)
	}
	if got := lockedKiB(t); got <= before {
		t.Fatal("the rotated key is not locked in memory")
	}
	v.Lock()
	if got := lockedKiB(t); got != before {
		t.Fatalf("after Lock %d KiB are locked, want %d", got, before)
	}
}
