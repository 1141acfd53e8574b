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

// manyEntries makes n entries of fake data; one in four has a one-time
// code (the list draws its mark).
func manyEntries(n int) []vault.Entry {
	out := make([]vault.Entry, n)
	for i := range out {
		out[i] = vault.Entry{
			Name:     fmt.Sprintf("service-%05d/account", i),
			Username: fmt.Sprintf("user%d@example.com", i),
			URLs:     []string{fmt.Sprintf("https://site%d.example.org/login", i)},
			Tags:     []string{"tag" + fmt.Sprint(i%7)},
			HasOTP:   i%4 == 0,
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
			Name: e.Name, Username: e.Username, URLs: e.URLs, Tags: e.Tags,
			Secret: vault.Secret{Password: fmt.Sprintf("pw-%d", i)},
		}
		if e.HasOTP {
			out[i].Secret.OTP = totp6URI
		}
	}
	return out
}

// benchEntries is an entries screen of n entries with the filter open,
// holding pattern.
func benchEntries(b testing.TB, pattern string) *entriesScreen {
	cfg, _ := testConfig(b)
	a := New(cfg)
	m := newEntriesScreen(a.c)
	m.resize(80, 20)
	m.setEntries(manyEntries(10000))
	m.update(keyMsg("/"))
	for _, r := range pattern {
		m.update(keyMsg(string(r)))
	}
	return m
}

// BenchmarkFilterKeystroke is one keystroke of the filter with 10,000
// entries, from an empty filter (a search of every entry) and the frame.
func BenchmarkFilterKeystroke(b *testing.B) {
	m := benchEntries(b, "")
	b.ResetTimer()
	for b.Loop() {
		c := *m // the same state every time
		c.update(keyMsg("9"))
		_ = c.view()
	}
}

// BenchmarkFilterKeystrokeExtend extends a filter of two letters by a third.
func BenchmarkFilterKeystrokeExtend(b *testing.B) {
	m := benchEntries(b, "s9")
	b.ResetTimer()
	for b.Loop() {
		c := *m
		c.update(keyMsg("9"))
		_ = c.view()
	}
}

// BenchmarkFilterKeystrokeApp is a filter keystroke as the program sees it:
// through the root's routing, then the whole frame (header, list, status
// line, help), on an unlocked vault of 10,000 entries.
func BenchmarkFilterKeystrokeApp(b *testing.B) {
	cfg, _ := testConfig(b)
	makeVault(b, cfg, manyNewEntries(10000)...)
	a := New(cfg)
	a = step(b, a, append(runCmd(a.Init()), windowSize(80, 24))...)
	a = step(b, a, typed(testMaster)...)
	a = step(b, a, keys("enter", "/")...)
	if a.active != screenEntries || len(a.list().all) != 10000 {
		b.Fatalf("screen %s with %d entries", a.active, len(a.list().all))
	}
	b.ResetTimer()
	for b.Loop() {
		a.Update(keyMsg("9"))
		_ = a.View()
		a.Update(keyMsg("backspace"))
	}
}

// firstFrame starts the app on cfg's vault and draws the unlock screen.
func firstFrame(b testing.TB, cfg Config) {
	a := New(cfg)
	for _, msg := range runCmd(a.Init()) {
		a.Update(msg)
	}
	a.Update(windowSize(80, 24))
	if a.active != screenUnlock {
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

// TestSpeed holds what the benchmarks measure to their targets. It times
// each operation a number of times and keeps the fastest, so that other
// work on the machine (a loaded CI runner) does not fail it; a slow path
// is slow every time.
func TestSpeed(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("timing")
	}
	fastest := func(n int, op func()) time.Duration {
		best := time.Duration(1<<63 - 1)
		for range n {
			start := time.Now()
			op()
			best = min(best, time.Since(start))
		}
		return best
	}
	m := benchEntries(t, "")
	keystroke := fastest(30, func() {
		c := *m
		c.update(keyMsg("9"))
		_ = c.view()
	})
	if keystroke > filterTarget {
		t.Errorf("a filter keystroke on 10,000 entries takes %v, want ≤ %v", keystroke, filterTarget)
	}
	cfg, _ := testConfig(t)
	makeVault(t, cfg, manyNewEntries(10000)...)
	frame := fastest(10, func() { firstFrame(t, cfg) })
	if frame > firstFrameTarget {
		t.Errorf("the first frame takes %v, want ≤ %v", frame, firstFrameTarget)
	}
}
