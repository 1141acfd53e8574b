//go:build unix

package cli

// How long the commands take from Enter at the master-password prompt to
// an unlocked vault, at the default key derivation (256 MiB, 3 passes, 4
// lanes), after a person typed for a while: with the memory prepared while
// they typed (what credentials does), and without.
//
//	go test -run '^$' -bench PromptUnlock -benchtime 5x ./ui/cli

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/passtea/passtea/vault"
)

// typist is a terminal at which a person types the master password in
// typing, and presses Enter at enter.
type typist struct {
	typing  time.Duration
	cold    bool // let the preparation go, as if there were none
	params  vault.KDFParams
	enterAt time.Time
	atEnter usage
}

func (p *typist) secret(string) ([]byte, error) {
	if p.cold {
		vault.PrepareKDF(p.params).Release()
	}
	time.Sleep(p.typing)
	p.enterAt, p.atEnter = time.Now(), usageNow()
	return []byte(testMaster), nil
}

func (p *typist) line(string) (string, error) { return "", nil }
func (p *typist) Close() error                { return nil }

func BenchmarkPromptUnlock(b *testing.B) {
	dir := b.TempDir()
	path := filepath.Join(dir, "vault.passtea")
	v, _, err := vault.Create(path, vault.NewVault{Credentials: vault.Credentials{Password: []byte(testMaster)}, KDF: vault.KDFSettings{Params: vault.DefaultKDF, Explicit: true}}, nil)
	if err != nil {
		b.Fatal(err)
	}
	v.Lock()
	for _, cold := range []bool{false, true} {
		name := "prepared"
		if cold {
			name = "cold"
		}
		b.Run(name, func(b *testing.B) {
			p := &typist{typing: 1500 * time.Millisecond, cold: cold, params: vault.DefaultKDF}
			e := &env{getenv: func(k string) string {
				if k == "HOME" {
					return dir
				}
				return ""
			}, terminal: func() (prompter, error) { return p, nil }}
			g := &globals{vaultPath: path}
			var total time.Duration
			var use usage
			b.ResetTimer()
			for range b.N {
				s, err := openVault(e, g)
				if err != nil {
					b.Fatal(err)
				}
				total += time.Since(p.enterAt)
				use.add(usageNow().minus(p.atEnter))
				s.close()
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
