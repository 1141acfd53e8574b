package crypto

import (
	"bytes"
	"sync"
	"testing"
)

// prepParams is cheap: 8 MiB, one pass, two lanes.
var prepParams = KDFParams{MemoryKiB: MinMemoryKiB, Iterations: 1, Parallelism: 2}

// resetPrepared releases whatever a test left prepared.
func resetPrepared(t *testing.T) {
	t.Helper()
	prepMu.Lock()
	pr := prepSlot
	prepMu.Unlock()
	if pr != nil {
		pr.Release()
	}
}

// coldKey derives with no preparation.
func coldKey(t *testing.T, p KDFParams) []byte {
	t.Helper()
	resetPrepared(t)
	k, err := DeriveKey([]byte("pw"), bytes.Repeat([]byte{7}, SaltSize), p)
	if err != nil {
		t.Fatalf("DeriveKey: %v", err)
	}
	return k
}

func TestPrepareGivesTheSameKey(t *testing.T) {
	want := coldKey(t, prepParams)
	for _, wait := range []bool{false, true} {
		pr := PrepareKDF(prepParams)
		if wait {
			<-pr.ready
		}
		got, err := DeriveKey([]byte("pw"), bytes.Repeat([]byte{7}, SaltSize), prepParams)
		if err != nil {
			t.Fatalf("DeriveKey after PrepareKDF: %v", err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("DeriveKey after PrepareKDF (ready %v) = %x, without %x", wait, got, want)
		}
		prepMu.Lock()
		state, slot, mem := pr.state, prepSlot, pr.mem
		prepMu.Unlock()
		if state != prepTaken || slot != nil || mem != nil {
			t.Fatalf("after the derivation: state %d, slot %p, memory %p; want taken, empty, nil", state, slot, mem)
		}
		pr.Release() // after a derivation took it: nothing to do
	}
}

// TestPrepareIterationsDoNotMatter: the layout depends on memory and lanes
// only, so a preparation serves any number of passes (a vault's iterations
// are calibrated after the prompt appears).
func TestPrepareIterationsDoNotMatter(t *testing.T) {
	p := prepParams
	p.Iterations = 3
	want := coldKey(t, p)
	pr := PrepareKDF(prepParams)
	got, err := DeriveKey([]byte("pw"), bytes.Repeat([]byte{7}, SaltSize), p)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("DeriveKey = %x, %v; want %x", got, err, want)
	}
	prepMu.Lock()
	defer prepMu.Unlock()
	if pr.state != prepTaken {
		t.Fatalf("the preparation for 1 pass was not used for 3")
	}
}

func TestPrepareTwice(t *testing.T) {
	resetPrepared(t)
	a := PrepareKDF(prepParams)
	b := PrepareKDF(KDFParams{MemoryKiB: prepParams.MemoryKiB, Iterations: 7, Parallelism: prepParams.Parallelism})
	if a != b {
		t.Fatal("a second PrepareKDF for the same layout started again")
	}
	c := PrepareKDF(KDFParams{MemoryKiB: prepParams.MemoryKiB, Iterations: 1, Parallelism: 4})
	if c == a {
		t.Fatal("PrepareKDF for another layout returned the old preparation")
	}
	prepMu.Lock()
	aState, slot := a.state, prepSlot
	prepMu.Unlock()
	if aState != prepReleased || slot != c {
		t.Fatalf("after preparing another layout: old state %d, slot %p; want released, %p", aState, slot, c)
	}
	c.Release()
}

// TestPrepareOtherLayout: a derivation with another layout leaves the
// preparation alone and still gives the right key.
func TestPrepareOtherLayout(t *testing.T) {
	other := KDFParams{MemoryKiB: prepParams.MemoryKiB + 4*4, Iterations: 1, Parallelism: 4}
	want := coldKey(t, other)
	pr := PrepareKDF(prepParams)
	defer pr.Release()
	got, err := DeriveKey([]byte("pw"), bytes.Repeat([]byte{7}, SaltSize), other)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("DeriveKey = %x, %v; want %x", got, err, want)
	}
	prepMu.Lock()
	defer prepMu.Unlock()
	if pr.state != prepWaiting || prepSlot != pr {
		t.Fatalf("a derivation of another layout took the preparation")
	}
}

func TestPrepareRelease(t *testing.T) {
	want := coldKey(t, prepParams)
	for _, wait := range []bool{false, true} {
		pr := PrepareKDF(prepParams)
		if wait {
			<-pr.ready
		}
		pr.Release()
		pr.Release()
		<-pr.ready
		prepMu.Lock()
		state, slot, mem := pr.state, prepSlot, pr.mem
		prepMu.Unlock()
		if state != prepReleased || slot != nil || mem != nil {
			t.Fatalf("after Release (ready %v): state %d, slot %p, memory %p; want released, empty, nil", wait, state, slot, mem)
		}
		if got := coldKey(t, prepParams); !bytes.Equal(got, want) {
			t.Fatalf("DeriveKey after Release = %x, want %x", got, want)
		}
	}
}

func TestPrepareInvalidParams(t *testing.T) {
	resetPrepared(t)
	for _, p := range []KDFParams{{}, {MemoryKiB: MaxMemoryKiB + 1, Iterations: 1, Parallelism: 1}} {
		pr := PrepareKDF(p)
		if pr == nil {
			t.Fatalf("PrepareKDF(%+v) = nil", p)
		}
		prepMu.Lock()
		slot := prepSlot
		prepMu.Unlock()
		if slot != nil {
			t.Fatalf("PrepareKDF(%+v) prepared something", p)
		}
		pr.Release()
	}
}

// TestPrepareConcurrent races preparations, releases and derivations; every
// key must be right (run it with -race).
func TestPrepareConcurrent(t *testing.T) {
	p := KDFParams{MemoryKiB: MinMemoryKiB, Iterations: 1, Parallelism: 1}
	want := coldKey(t, p)
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Go(func() {
			for j := range 4 {
				pr := PrepareKDF(p)
				if (i+j)%3 == 0 {
					pr.Release()
				}
				got, err := DeriveKey([]byte("pw"), bytes.Repeat([]byte{7}, SaltSize), p)
				if err != nil || !bytes.Equal(got, want) {
					t.Errorf("DeriveKey = %x, %v; want %x", got, err, want)
				}
				pr.Release()
			}
		})
	}
	wg.Wait()
	resetPrepared(t)
}

// TestArenaReleaseWipes: the blocks are zero when the memory is given back.
func TestArenaReleaseWipes(t *testing.T) {
	a, err := newArena(16)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.blocks {
		for j := range a.blocks[i] {
			a.blocks[i][j] = ^uint64(j)
		}
	}
	blocks, free := a.blocks, a.free
	freed := false
	a.free = func() {
		for i := range blocks {
			if blocks[i] != (block{}) {
				t.Errorf("block %d not wiped before the memory was given back", i)
			}
		}
		freed = true
		free()
	}
	a.release()
	if !freed || a.blocks != nil {
		t.Fatalf("release: freed %v, blocks %p", freed, a.blocks)
	}
}

// TestMeasureLeavesPrepared: calibrating after the prompt appeared must not
// use up the memory prepared for the derivation after Enter.
func TestMeasureLeavesPrepared(t *testing.T) {
	resetPrepared(t)
	pr := PrepareKDF(prepParams)
	defer pr.Release()
	Measure(prepParams)
	prepMu.Lock()
	defer prepMu.Unlock()
	if pr.state != prepWaiting || prepSlot != pr {
		t.Fatal("Measure took the prepared memory")
	}
}
