package agent

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/passtea/passtea/vault"
)

// benchVault is a 10,000-entry vault held by an agent served in this
// process, reached over its real socket.
func benchVault(b *testing.B) (*Client, *Vault, string) {
	b.Helper()
	path := newVaultFile(b, 10_000)
	_, cl, v := unlocked(b, path, Config{})
	return cl, v, path
}

// BenchmarkGetSecret is `passtea get`'s work through the agent: find an
// entry by name and open its secret (two round trips).
func BenchmarkGetSecret(b *testing.B) {
	_, v, _ := benchVault(b)
	for i := 0; b.Loop(); i++ {
		e, err := v.Get(fmt.Sprintf("work/site-%05d.example", i%10_000))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := v.Secret(e.ID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDialGetSecret adds what each command process pays: connect,
// hello and open, then get and secret.
func BenchmarkDialGetSecret(b *testing.B) {
	_, v0, _ := benchVault(b)
	dir := v0.cl.dir
	for i := 0; b.Loop(); i++ {
		cl, err := Dial(dir)
		if err != nil {
			b.Fatal(err)
		}
		v, err := cl.Open(v0.Path())
		if err != nil {
			b.Fatal(err)
		}
		e, err := v.Get(fmt.Sprintf("work/site-%05d.example", i%10_000))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := v.Secret(e.ID); err != nil {
			b.Fatal(err)
		}
		cl.Close()
	}
}

// BenchmarkEntries lists 10,000 entries through the agent (`passtea ls`).
func BenchmarkEntries(b *testing.B) {
	_, v, _ := benchVault(b)
	for b.Loop() {
		es, err := v.Entries()
		if err != nil || len(es) != 10_000 {
			b.Fatal(len(es), err)
		}
	}
}

// BenchmarkNames lists 10,000 entry names for shell completion.
func BenchmarkNames(b *testing.B) {
	cl, _, path := benchVault(b)
	for b.Loop() {
		ns, err := cl.Names(path, "")
		if err != nil || len(ns) != 10_000 {
			b.Fatal(len(ns), err)
		}
	}
}

// BenchmarkAgentRSS measures the resident memory of an agent process
// holding a vault of 10,000 or 100,000 entries, made with the default key
// derivation (256 MiB), after an unlock, a listing and a secret.
func BenchmarkAgentRSS(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "vault.passtea")
			v, _, err := vault.Create(path, vault.NewVault{Credentials: testCreds, KDF: vault.KDFSettings{Params: vault.DefaultKDF}}, nil)
			if err != nil {
				b.Fatal(err)
			}
			if err := v.AddMany(sampleEntries(n)); err != nil {
				b.Fatal(err)
			}
			v.Lock()
			dir := sockDir(b)
			exe, args := helper(b, "agent", dir, "1m")
			if err := Start(exe, args, dir); err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { Stop(dir) })
			cl := dial(b, dir)
			if _, err := cl.Unlock(path, creds(), UnlockOptions{}); err != nil {
				b.Fatal(err)
			}
			rv, err := cl.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				es, err := rv.Entries()
				if err != nil || len(es) != n {
					b.Fatal(len(es), err)
				}
				if _, err := rv.Secret(es[n/2].ID); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(statusKiB(b, cl.PID(), "VmRSS")/1024, "RSS-MiB")
			b.ReportMetric(statusKiB(b, cl.PID(), "VmHWM")/1024, "peak-RSS-MiB")
			// Once requests stop, the agent gives its garbage back.
			time.Sleep(settleAfter + time.Second)
			b.ReportMetric(statusKiB(b, cl.PID(), "VmRSS")/1024, "idle-RSS-MiB")
		})
	}
}

// statusKiB reads a field of /proc/PID/status, in KiB.
func statusKiB(b *testing.B, pid int, field string) float64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Skipf("no /proc: %v", err)
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			n, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err != nil {
				b.Fatal(err)
			}
			return n
		}
	}
	b.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}
