package vault

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkMerge10k measures what passtea merge (and a diverged passtea
// sync) does after the key derivation, on two copies of a 10,000-entry
// vault with 1,000 changes on each side (100 of them to the same entries,
// which conflict): open this copy, open the other with the same key,
// merge, save.
func BenchmarkMerge10k(b *testing.B) {
	base, path := makeBig(b, 10000)
	es, err := base.Entries()
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	sides := make([]string, 2)
	for s := range sides {
		sides[s] = filepath.Join(dir, fmt.Sprintf("side%d.passtea", s))
		if err := os.WriteFile(sides[s], mustRead(b, path), 0o600); err != nil {
			b.Fatal(err)
		}
		v := mustOpenKey(b, sides[s], base.key, nil)
		// 900 entries of this side's own, spread over the vault, and 100
		// that both sides change.
		for i := range 900 {
			notes := fmt.Sprintf("side %d change %d", s, i)
			if _, err := v.Edit(es[(i*11+s*5)%len(es)].ID, Change{Notes: &notes}); err != nil {
				b.Fatal(err)
			}
		}
		for i := range 100 {
			pw := fmt.Sprintf("side %d password %d", s, i)
			if _, err := v.Edit(es[i*97+3].ID, Change{Password: &pw}); err != nil {
				b.Fatal(err)
			}
		}
		v.Lock()
	}
	ours := mustRead(b, sides[0])
	work := filepath.Join(dir, "work.passtea")
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		if err := os.WriteFile(work, ours, 0o600); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		v := mustOpenKey(b, work, base.key, nil)
		o, err := v.OpenCopy(sides[1], nil)
		if err != nil {
			b.Fatal(err)
		}
		rep, err := v.Merge(o)
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Updated) < 900 || len(rep.Conflicts) != 100 {
			b.Fatalf("%d updated, %d conflicts", len(rep.Updated), len(rep.Conflicts))
		}
		o.Lock()
		v.Lock()
	}
}
