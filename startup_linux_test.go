package main

// What `passtea gen` pays before main: every package's initialisation,
// read from the runtime's own trace (GODEBUG=inittrace=1) of this test
// binary running passtea's main. Bytes allocated at init are the same on
// every run, unlike times on a shared machine, so they can be held to a
// budget; see ui/cli/gen.go for the figures and what they cost.

import (
	"bytes"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Budgets for the memory package initialisation allocates.
const (
	// initTotalBudget is for all packages together (1.84 MB, 1.52 MB of it
	// zxcvbn's frequency lists).
	initTotalBudget = 1_900_000
	// initOwnBudget is for passtea's own packages (4.1 KB): tables only
	// some commands use are made on first use.
	initOwnBudget = 6 << 10
	// initHeavy is the size from which a dependency's init must be known.
	initHeavy = 32 << 10
)

// knownHeavyInits are the dependencies whose init allocates initHeavy or
// more, with their ceilings. A new one must be weighed and written here.
var knownHeavyInits = map[string]int{
	// zxcvbn 4.4.2's lists, a map literal of []string built at init; the
	// estimator needs them and no module publishes them as static data
	// (generator/strength's doc).
	"github.com/trustelem/zxcvbn/frequency": 1_600_000,
	// QR decoding (otp/qr): Reed-Solomon tables and the character sets.
	"github.com/makiuchi-d/gozxing/common/reedsolomon": 100_000,
	"golang.org/x/text/encoding/ianaindex":             60_000,
}

// initLine is one package in GODEBUG=inittrace=1's output.
var initLine = regexp.MustCompile(`^init (\S+) @\S+ ms, \S+ ms clock, (\d+) bytes, (\d+) allocs$`)

func TestGenStartupInits(t *testing.T) {
	cmd := exec.Command(os.Args[0], "gen")
	cmd.Env = append(os.Environ(), runMainEnv+"=1", "GODEBUG=inittrace=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("passtea gen: %v\n%s", err, stderr.Bytes())
	}
	if lines := strings.Count(stdout.String(), "\n"); lines != 1 {
		t.Fatalf("passtea gen printed %d lines, want 1", lines)
	}
	var total, own, packages int
	for line := range strings.Lines(stderr.String()) {
		m := initLine.FindStringSubmatch(strings.TrimSuffix(line, "\n"))
		if m == nil {
			continue
		}
		pkg := m[1]
		n, err := strconv.Atoi(m[2])
		if err != nil {
			t.Fatal(err)
		}
		packages++
		total += n
		switch ceiling, known := knownHeavyInits[pkg]; {
		case strings.HasPrefix(pkg, "github.com/passtea/passtea"):
			own += n
		case known && n > ceiling:
			t.Errorf("%s allocates %d bytes at init, more than the %d known", pkg, n, ceiling)
		case !known && n >= initHeavy:
			t.Errorf("%s allocates %d bytes at init, at every passtea start: weigh it and add it to knownHeavyInits", pkg, n)
		}
	}
	if packages < 50 {
		t.Fatalf("read %d packages from the init trace:\n%s", packages, stderr.Bytes())
	}
	if own > initOwnBudget {
		t.Errorf("passtea's packages allocate %d bytes at init, over the %d budget: make tables only some commands use on first use (sync.OnceValue)", own, initOwnBudget)
	}
	if total > initTotalBudget {
		t.Errorf("package initialisation allocates %d bytes, over the %d budget", total, initTotalBudget)
	}
	t.Logf("%d packages initialised: %d bytes, %d of them passtea's", packages, total, own)
}
