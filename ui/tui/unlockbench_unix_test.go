//go:build unix

package tui

// How long enter takes to unlock at the default key derivation (256 MiB,
// 3 passes, 4 lanes) after a person typed the password for a while, with
// the memory prepared while they typed (what the unlock screen does) and
// without. A derivation at these parameters is slow: run it alone.
//
//	go test -run '^$' -bench UnlockAfterTyping -benchtime 5x ./ui/tui

import (
	"syscall"
	"testing"
	"time"

	"github.com/passtea/passtea/vault"
)

// typistDelay is how long the fake user types: long enough for the
// preparation to finish, as it does for a person.
const typistDelay = 1500 * time.Millisecond

func BenchmarkUnlockAfterTyping(b *testing.B) {
	cfg, _ := testConfig(b)
	kdf := vault.KDFSettings{Params: vault.DefaultKDF, Explicit: true}
	v, _, err := vault.Create(cfg.VaultPath, vault.NewVault{Credentials: vault.Credentials{Password: []byte(testMaster)}, KDF: kdf}, cfg.VaultOptions)
	if err != nil {
		b.Fatal(err)
	}
	if err := v.AddMany(sampleEntries()); err != nil {
		b.Fatal(err)
	}
	v.Lock()
	for _, prepared := range []bool{true, false} {
		name := "cold"
		if prepared {
			name = "prepared"
		}
		b.Run(name, func(b *testing.B) {
			var total time.Duration
			var use usage
			for range b.N {
				b.StopTimer()
				a := New(cfg)
				a = step(b, a, runCmd(a.Init())...) // the unlock screen: prepares
				if !prepared {
					a.releaseKDF()
				}
				a = step(b, a, typed(testMaster)...)
				time.Sleep(typistDelay)
				b.StartTimer()
				start, before := time.Now(), usageNow()
				a = step(b, a, keys("enter")...)
				total += time.Since(start)
				use.add(usageNow().minus(before))
				b.StopTimer()
				if a.active != screenEntries {
					b.Fatalf("screen %s", a.active)
				}
				a.c.vault.Lock()
				b.StartTimer()
			}
			b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/unlock")
			use.report(b)
		})
	}
}

// usage is what the process used: page faults and system time, which do
// not depend on how loaded the machine is, unlike the wall clock.
type usage struct {
	n      int
	faults int64
	sys    time.Duration
}

func usageNow() usage {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return usage{faults: int64(ru.Minflt), sys: time.Duration(ru.Stime.Nano())}
}

func (u usage) minus(v usage) usage { return usage{faults: u.faults - v.faults, sys: u.sys - v.sys} }

func (u *usage) add(v usage) { u.n++; u.faults += v.faults; u.sys += v.sys }

func (u usage) report(b *testing.B) {
	if u.n == 0 {
		return
	}
	b.ReportMetric(float64(u.faults)/float64(u.n), "faults/unlock")
	b.ReportMetric(float64(u.sys.Milliseconds())/float64(u.n), "sys-ms/unlock")
}
