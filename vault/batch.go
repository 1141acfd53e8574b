package vault

import "fmt"

// Batch is several changes that [Vault.Apply] saves at once, all or none:
// what an import does.
type Batch struct {
	// Trash are live entries to move to the trash first (the entries an
	// import replaces), so that their names are free for Add.
	Trash []ID
	// Add are the entries to add.
	Add []NewEntry
	// Edit are changes of live entries, made after Add (the one-time codes
	// an import puts into existing entries).
	Edit []BatchEdit
}

// BatchEdit is a change of the entry ID in a [Batch].
type BatchEdit struct {
	ID     ID
	Change Change
}

// Apply makes the changes of b in one save: all of them or none, so that
// an import that fails halfway leaves the vault as it was and an import of
// any size writes the file once. The error of a refused part says which
// (its position, from 1: "entry to replace 2", "entry 3", "edit 1").
func (v *Vault) Apply(b Batch) error {
	return v.commit(func(t *txn) error {
		for i, id := range b.Trash {
			if err := t.trash(id); err != nil {
				return fmt.Errorf("entry to replace %d: %w", i+1, err)
			}
		}
		for i, it := range b.Add {
			if _, err := t.add(it); err != nil {
				return fmt.Errorf("entry %d: %w", i+1, err)
			}
		}
		for i, ed := range b.Edit {
			if _, err := t.edit(ed.ID, ed.Change); err != nil && err != errNoChange {
				return fmt.Errorf("edit %d: %w", i+1, err)
			}
		}
		return nil
	})
}
