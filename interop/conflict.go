// This file holds what happens to imported entries whose names the vault
// already has (--on-conflict skip|rename|replace).

package interop

import (
	"fmt"

	"github.com/passtea/passtea/vault"
)

// Policy says what to do with an imported entry whose name the vault
// already has.
type Policy int

// The policies.
const (
	// Rename adds the entry as "NAME (2)" (the lowest free number).
	Rename Policy = iota
	// Skip leaves the vault's entry and does not add the imported one.
	Skip
	// Replace moves the vault's entry to the trash (it stays restorable)
	// and adds the imported one under the name.
	Replace
)

// ParsePolicy reads "rename", "skip" or "replace".
func ParsePolicy(s string) (Policy, error) {
	switch s {
	case "rename":
		return Rename, nil
	case "skip":
		return Skip, nil
	case "replace":
		return Replace, nil
	}
	return 0, fmt.Errorf("unknown conflict policy %q: use skip, rename or replace", s)
}

func (p Policy) String() string {
	switch p {
	case Rename:
		return "rename"
	case Skip:
		return "skip"
	case Replace:
		return "replace"
	}
	return fmt.Sprintf("Policy(%d)", int(p))
}

// Action is what happens to one imported entry.
type Action int

// The actions.
const (
	Added    Action = iota // added under its own name
	Renamed                // added under a new name
	Skipped                // not added: the vault has the name
	Replaced               // added; the vault's entry of that name goes to the trash
)

// Decision is what happens to one imported entry.
type Decision struct {
	Index  int // in the entries given to [Resolve]
	Action Action
	Name   string // the name it is added under (for Skipped: its name)
	Was    string // for Renamed: the imported name
}

// Plan is what an import does to a vault.
type Plan struct {
	Decisions []Decision // one per imported entry, in order
	// Add are the entries to add, names final, in order.
	Add []vault.NewEntry
	// Replace names the vault's entries to move to the trash before
	// adding (Replace policy).
	Replace []string
}

// Resolve decides, for entries with unique names (as [Import] makes
// them), what happens to each given the names of the vault's live
// entries. A renamed entry takes the lowest "NAME (N)" that neither the
// vault nor any imported entry has.
func Resolve(entries []Entry, existing []string, p Policy) Plan {
	inVault := make(map[string]bool, len(existing))
	for _, n := range existing {
		inVault[n] = true
	}
	taken := make(map[string]bool, len(existing)+len(entries))
	for n := range inVault {
		taken[n] = true
	}
	for i := range entries {
		taken[entries[i].Name] = true
	}
	plan := Plan{Decisions: make([]Decision, 0, len(entries)), Add: make([]vault.NewEntry, 0, len(entries))}
	for i := range entries {
		e := entries[i].NewEntry
		d := Decision{Index: i, Action: Added, Name: e.Name}
		if inVault[e.Name] {
			switch p {
			case Skip:
				d.Action = Skipped
			case Replace:
				d.Action = Replaced
				plan.Replace = append(plan.Replace, e.Name)
			default:
				d.Action, d.Was = Renamed, e.Name
				d.Name = vault.FreeName(e.Name, func(n string) bool { return taken[n] })
				taken[d.Name] = true
				e.Name = d.Name
			}
		}
		if d.Action != Skipped {
			plan.Add = append(plan.Add, e)
		}
		plan.Decisions = append(plan.Decisions, d)
	}
	return plan
}

// Lines says in one line each what the plan does to names the vault
// has: renamed, skipped and replaced entries.
func (p Plan) Lines() []string {
	var out []string
	for _, d := range p.Decisions {
		switch d.Action {
		case Renamed:
			out = append(out, fmt.Sprintf("%q is taken: imported as %q", d.Was, d.Name))
		case Skipped:
			out = append(out, fmt.Sprintf("%q is taken: skipped", d.Name))
		case Replaced:
			out = append(out, fmt.Sprintf("%q replaced (the old entry is in the trash)", d.Name))
		}
	}
	return out
}
