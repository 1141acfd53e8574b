// Paying for the key derivation's memory while the user types: PrepareKDF
// maps and faults in the memory in the background, and the next derivation
// of the same shape takes it.

package crypto

import "sync"

// Prepared is memory for one derivation being made ready in the background
// by [PrepareKDF]. The next derivation ([DeriveKey] or [Argon2], not
// [Measure]) whose memory and lanes give the same block layout takes it, waiting for it
// to be ready if need be; the key is the same with or without it. Memory
// nobody takes stays allocated (zeroed, holding no secret) until
// [Prepared.Release]. A derivation that took it wipes and frees it like its
// own.
type Prepared struct {
	g     geometry
	ready chan struct{} // closed, under prepMu, when preparing has finished
	mem   *arena        // under prepMu; set when ready, nil if the system refused
	state prepState     // under prepMu
}

type prepState uint8

const (
	prepWaiting  prepState = iota // in prepSlot, for the next derivation
	prepTaken                     // a derivation took it
	prepReleased                  // released, or replaced by another PrepareKDF
)

var (
	prepMu   sync.Mutex
	prepSlot *Prepared // the one preparation a derivation may take
)

// PrepareKDF starts making the memory for a derivation with p ready, in the
// background, and returns at once. Front ends call it when they show a
// master password prompt, with the parameters the derivation after Enter
// will use (the vault's, or [Default] for a new vault), so that allocating
// and first touching the memory (a third of a cold derivation) happens
// while the user types.
//
// One preparation is kept at a time: calling PrepareKDF again for the same
// layout returns the same *Prepared without new work; for another layout it
// releases the previous one. Parameters that fail [KDFParams.Validate]
// prepare nothing. The result is never nil; it is safe for concurrent use.
func PrepareKDF(p KDFParams) *Prepared {
	if p.Validate() != nil {
		return &Prepared{state: prepReleased}
	}
	g := newGeometry(p.MemoryKiB, uint32(p.Parallelism))
	prepMu.Lock()
	defer prepMu.Unlock()
	if prepSlot != nil {
		if prepSlot.g == g {
			return prepSlot
		}
		prepSlot.releaseLocked()
	}
	pr := &Prepared{g: g, ready: make(chan struct{})}
	prepSlot = pr
	go pr.prepare()
	return pr
}

// prepare maps and populates the memory, then hands it over or frees it.
func (pr *Prepared) prepare() {
	mem, err := newArena(pr.g.blocks())
	if err == nil {
		mem.populate()
	}
	prepMu.Lock()
	defer prepMu.Unlock()
	if pr.state == prepReleased {
		if mem != nil {
			mem.discard()
		}
	} else {
		pr.mem = mem
	}
	close(pr.ready)
}

// Release frees the prepared memory if no derivation took it: for a prompt
// the user cancelled. It does not wait for the preparation to finish. Calling
// it again, or after a derivation took the memory, does nothing.
func (pr *Prepared) Release() {
	prepMu.Lock()
	defer prepMu.Unlock()
	pr.releaseLocked()
}

// releaseLocked is Release with prepMu held.
func (pr *Prepared) releaseLocked() {
	if prepSlot == pr {
		prepSlot = nil
	}
	if pr.state != prepWaiting {
		return
	}
	pr.state = prepReleased
	select {
	case <-pr.ready:
		if pr.mem != nil {
			pr.mem.discard()
			pr.mem = nil
		}
	default: // prepare frees it when done
	}
}

// takePrepared returns the prepared memory if it has g's layout, waiting for
// it to be ready, or nil.
func takePrepared(g geometry) *arena {
	prepMu.Lock()
	pr := prepSlot
	if pr == nil || pr.g != g {
		prepMu.Unlock()
		return nil
	}
	prepSlot = nil
	pr.state = prepTaken
	prepMu.Unlock()

	<-pr.ready
	prepMu.Lock()
	defer prepMu.Unlock()
	mem := pr.mem
	pr.mem = nil
	return mem
}
