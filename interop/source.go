// This file holds what exporters read: a vault's live entries and their
// secrets, and the progress hook both directions report to.

package interop

import (
	"fmt"
	"slices"

	"github.com/passtea/passtea/vault"
)

// Progress is called as a long import or export goes: done of total
// entries (total 0 while unknown). A command drives a progress bar with
// it; it is called from the reading goroutine and must be quick.
type Progress func(done, total int)

// Source is what an exporter reads: *vault.Vault is one.
type Source interface {
	// Entries returns the live entries in name order.
	Entries() ([]vault.Entry, error)
	// Secret opens an entry's secret.
	Secret(id vault.ID) (vault.Secret, error)
}

// eacher is a source that gives every live entry with its secret in one
// pass: *vault.Vault opens each secret page once (vault.Vault.Each),
// where a Secret call per entry opens the entry's page every time.
type eacher interface {
	Each(fn func(vault.Entry, vault.Secret) error) error
}

// Each calls fn with every live entry of src and its secret, in name
// order, reporting progress every 256 entries and at the end. A source
// with an Each method of its own (*vault.Vault) is read through it.
func Each(src Source, progress Progress, fn func(vault.Entry, vault.Secret) error) error {
	entries, err := src.Entries()
	if err != nil {
		return err
	}
	if ex, ok := src.(eacher); ok {
		done := 0
		return ex.Each(func(e vault.Entry, s vault.Secret) error {
			if err := fn(e, s); err != nil {
				return err
			}
			if done++; progress != nil && (done%256 == 0 || done == len(entries)) {
				progress(done, len(entries))
			}
			return nil
		})
	}
	for i, e := range entries {
		s, err := src.Secret(e.ID)
		if err != nil {
			return fmt.Errorf("entry %q: %w", e.Name, err)
		}
		if err := fn(e, s); err != nil {
			return err
		}
		if progress != nil && ((i+1)%256 == 0 || i+1 == len(entries)) {
			progress(i+1, len(entries))
		}
	}
	return nil
}

// Report calls p if it is set.
func (p Progress) Report(done, total int) {
	if p != nil {
		p(done, total)
	}
}

// ExportReport says what an export wrote and what its format could not
// hold.
type ExportReport struct {
	Entries int
	// Omitted lists what the format leaves out, one line each ("custom
	// fields of 3 entries").
	Omitted []string
}

type omissions map[string]int

// Tally counts omissions by what was left out.
type Tally struct{ counts omissions }

// Add counts one entry that lost what.
func (t *Tally) Add(what string) {
	if t.counts == nil {
		t.counts = omissions{}
	}
	t.counts[what]++
}

// Lines says "what of N entries" for each what, sorted.
func (t *Tally) Lines() []string {
	out := make([]string, 0, len(t.counts))
	for what, n := range t.counts {
		out = append(out, fmt.Sprintf("%s of %d %s", what, n, plural(n, "entry", "entries")))
	}
	slices.Sort(out)
	return out
}
