package audit

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/passtea/passtea/generator"
	"github.com/passtea/passtea/generator/strength"
	"github.com/passtea/passtea/generator/strength/hibp"
	"github.com/passtea/passtea/vault"
)

// benchEntries makes n entries much as audit/bench plants them (without
// the breached ones): one in 20 weak (a word and digits), one in 20
// changed two years ago, one in 20 a group of 2–5 sharing a password, the
// rest 20 generated characters; each with a username and a URL.
func benchEntries(tb testing.TB, n int) []planted {
	tb.Helper()
	gen := generator.New(rand.NewChaCha8([32]byte{1}))
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"summer", "dragon", "monkey", "soccer", "falcon", "orange", "winter", "purple", "silver", "thunder"}
	var ps []planted
	for i := 0; len(ps) < n; i++ {
		pw, err := gen.Generate(generator.DefaultOptions())
		if err != nil {
			tb.Fatal(err)
		}
		e := vault.Entry{
			ID: vault.ID{byte(i), byte(i >> 8), byte(i >> 16)}, Name: fmt.Sprintf("site-%05d", i),
			Username: fmt.Sprintf("user%d@example.com", i), URLs: []string{fmt.Sprintf("https://site-%05d.example.com/login", i)},
			Created: now.Add(-24 * time.Hour),
		}
		switch i % 20 {
		case 0:
			pw = fmt.Sprint(words[rng.IntN(len(words))], rng.IntN(100))
		case 1:
			e.Created = now.Add(-2 * 365 * 24 * time.Hour)
		case 2:
			for j := range 2 + rng.IntN(4) {
				shared := e
				shared.ID[3], shared.Name = byte(j+1), fmt.Sprintf("%s-%d", e.Name, j)
				ps = append(ps, planted{entry: shared, secret: vault.Secret{Password: pw}})
			}
			continue
		}
		ps = append(ps, planted{entry: e, secret: vault.Secret{Password: pw}})
	}
	return ps[:n]
}

// peakLive samples the heap's live bytes (as of the latest collection)
// until stop is closed, and sends the highest it saw.
func peakLive(stop <-chan struct{}, peak chan<- uint64) {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var high uint64
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	for {
		metrics.Read(s)
		high = max(high, s[0].Value.Uint64())
		select {
		case <-stop:
			peak <- high
			return
		case <-t.C:
		}
	}
}

// BenchmarkRun10000 audits 10,000 entries with the test list. Besides
// the bytes allocated per audit, it reports live-MB, the most live heap a
// collection found during the audit beyond what was live before (the peak
// heap is about 1 + GOGC/100 times the whole live heap), and kept-MB, what
// the report holds after.
func BenchmarkRun10000(b *testing.B) {
	ps := benchEntries(b, 10000)
	l, err := hibp.Open(testList)
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	list := Offline(l)
	strength.Warm()
	var live, kept float64
	b.ReportAllocs()
	for b.Loop() {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		stop, peak := make(chan struct{}), make(chan uint64)
		go peakLive(stop, peak)
		rep, err := Run(context.Background(), eachOf(ps), Options{Now: now, Breaches: list})
		if err != nil {
			b.Fatal(err)
		}
		close(stop)
		live = max(live, megabytes(<-peak, before.HeapAlloc))
		runtime.GC()
		runtime.ReadMemStats(&after)
		kept = megabytes(after.HeapAlloc, before.HeapAlloc)
		runtime.KeepAlive(rep)
	}
	b.ReportMetric(live, "live-MB")
	b.ReportMetric(kept, "kept-MB")
}

// megabytes is b - a in MB.
func megabytes(b, a uint64) float64 { return (float64(b) - float64(a)) / 1e6 }

// An audit allocates little for each entry and keeps less: a regression
// such as a Match for every bruteforce run the estimator tries (71 KB an
// entry allocated) fails it. (vault's TestEachAllocations holds Each to
// its part.)
func TestRunMemory(t *testing.T) {
	const n = 2000
	ps := benchEntries(t, n)
	list := Offline(openTestList(t))
	strength.Warm()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.GC() // and empties the pools
	runtime.ReadMemStats(&before)
	rep, err := Run(context.Background(), eachOf(ps), Options{Now: now, Breaches: list})
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	alloc := (after.TotalAlloc - before.TotalAlloc) / n
	runtime.GC()
	runtime.ReadMemStats(&after)
	kept := (int64(after.HeapAlloc) - int64(before.HeapAlloc)) / n
	runtime.KeepAlive(rep)
	runtime.KeepAlive(ps)
	t.Logf("per entry: %d bytes allocated, %d kept", alloc, kept)
	if alloc > 20<<10 || kept > 1<<10 {
		t.Errorf("per entry: %d bytes allocated, %d kept; want at most 20 KiB and 1 KiB", alloc, kept)
	}
}
