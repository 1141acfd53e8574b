package tui

// Benchmarks of what must feel instant, with the targets the tests hold
// them to: one filter keystroke on 10,000 entries (≤ 5 ms) and the first
// frame, up to the unlock screen (≤ 30 ms, the key derivation aside).
//
//	go test -run '^$' -bench . -benchtime 20x ./ui

import (
	"fmt"
	"testing"
	"time"

	"github.com/passtea/passtea/vault"
)

// Targets.
const (
	filterTarget     = 5 * time.Millisecond
	firstFrameTarget = 30 * time.Millisecond
)

// manyEntries makes n entries of fake data.
func manyEntries(n int) []vault.Entry {
	out := make([]vault.Entry, n)
	for i := range out {
		out[i] = vault.Entry{
			Name:     fmt.Sprintf("service-%05d/account", i),
			Username: fmt.Sprintf("user%d@example.com", i),
			URL:      fmt.Sprintf("https://site%d.example.org/login", i),
			Tags:     []string{"tag" + fmt.Sprint(i%7)},
		}
		out[i].ID[0], out[i].ID[1] = byte(i), byte(i>>8)
	}
	return out
}

// manyNewEntries is manyEntries to store in a vault.
func manyNewEntries(n int) []vault.NewEntry {
	out := make([]vault.NewEntry, n)
	for i, e := range manyEntries(n) {
		out[i] = vault.NewEntry{
			Fields: vault.Fields{Name: e.Name, Username: e.Username, URL: e.URL, Tags: e.Tags},
			Secret: vault.Secret{Password: fmt.Sprintf("pw-%d", i)},
		}
	}
	return out
}

func benchEntries(b *testing.B) entriesModel {
	cfg, _ := testConfig(b)
	a := New(cfg)
	m := a.entries
	m.resize(80, 20)
	m.setEntries(manyEntries(10000))
	m, _ = m.Update(keyMsg("/"))
	return m
}

// BenchmarkFilterKeystroke is one keystroke of the filter with 10,000
// entries, from an empty filter (a search of every entry) and the frame.
func BenchmarkFilterKeystroke(b *testing.B) {
	m := benchEntries(b)
	b.ResetTimer()
	for b.Loop() {
		m2, _ := m.Update(keyMsg("9"))
		_ = m2.View()
	}
}

// BenchmarkFilterKeystrokeExtend extends a filter of two letters by a third.
func BenchmarkFilterKeystrokeExtend(b *testing.B) {
	m := benchEntries(b)
	m, _ = m.Update(keyMsg("s"))
	m, _ = m.Update(keyMsg("9"))
	b.ResetTimer()
	for b.Loop() {
		m2, _ := m.Update(keyMsg("9"))
		_ = m2.View()
	}
}

// BenchmarkFilterKeystrokeApp is a filter keystroke as the program sees it:
// through the root's routing, then the whole frame (header, list, status
// line, help), on an unlocked vault of 10,000 entries.
func BenchmarkFilterKeystrokeApp(b *testing.B) {
	cfg, _ := testConfig(b)
	makeVault(b, cfg, manyNewEntries(10000)...)
	a := New(cfg)
	a = step(b, a, append(run(a.Init()), windowSize(80, 24))...)
	a = step(b, a, typed(testMaster)...)
	a = step(b, a, keys("enter", "/")...)
	if a.screen != screenEntries || len(a.entries.all) != 10000 {
		b.Fatalf("screen %s with %d entries", a.screen, len(a.entries.all))
	}
	b.ResetTimer()
	for b.Loop() {
		next, _ := a.Update(keyMsg("9"))
		_ = next.View()
	}
}

// firstFrame starts the app on cfg's vault and draws the unlock screen.
func firstFrame(b *testing.B, cfg Config) {
	a := New(cfg)
	for _, msg := range run(a.Init()) {
		next, _ := a.Update(msg)
		a = next.(App)
	}
	next, _ := a.Update(windowSize(80, 24))
	a = next.(App)
	if a.screen != screenUnlock {
		b.Fatal("not on the unlock screen")
	}
	_ = a.View()
}

// BenchmarkFirstFrame is the time from start to the unlock screen on the
// screen: reading the vault file and the first frame (no key derivation).
func BenchmarkFirstFrame(b *testing.B) {
	cfg, _ := testConfig(b)
	makeVault(b, cfg)
	b.ResetTimer()
	for b.Loop() {
		firstFrame(b, cfg)
	}
}

// BenchmarkFirstFrame10k is BenchmarkFirstFrame with a vault of 10,000
// entries to read.
func BenchmarkFirstFrame10k(b *testing.B) {
	cfg, _ := testConfig(b)
	makeVault(b, cfg, manyNewEntries(10000)...)
	b.ResetTimer()
	for b.Loop() {
		firstFrame(b, cfg)
	}
}

// TestSpeed holds the benchmarks to their targets.
func TestSpeed(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("timing")
	}
	for _, tc := range []struct {
		what   string
		bench  func(*testing.B)
		target time.Duration
	}{
		{"a filter keystroke on 10,000 entries", BenchmarkFilterKeystroke, filterTarget},
		{"a filter keystroke on 10,000 entries, whole frame", BenchmarkFilterKeystrokeApp, filterTarget},
		{"the first frame", BenchmarkFirstFrame10k, firstFrameTarget},
	} {
		r := testing.Benchmark(tc.bench)
		if per := time.Duration(r.NsPerOp()); per > tc.target {
			t.Errorf("%s takes %v, want ≤ %v", tc.what, per, tc.target)
		}
	}
}
