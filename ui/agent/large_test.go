package agent

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/passtea/passtea/vault"
)

// TestLargeRequests imports 10,000 entries in one Apply (some 25 MB:
// several request frames) that also replaces an entry and edits another,
// and lists them (several table frames).
func TestLargeRequests(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 10,000 entries")
	}
	path := newVaultFile(t, 0)
	_, _, rv := unlocked(t, path, Config{})
	n, frames := 10_000, 2
	notes := strings.Repeat("n", 2500)
	if raceEnabled {
		// The race detector slows every byte: 2,000 small entries, which
		// fit one frame each way.
		n, frames, notes = 2_000, 1, "n"
	}
	items := sampleEntries(n)
	for i := range items {
		items[i].Notes = notes
		items[i].Username = fmt.Sprintf("user-%d-%s", i, strings.Repeat("u", 100))
	}
	old, err := rv.Add(vault.NewEntry{Name: "old"})
	if err != nil {
		t.Fatal(err)
	}
	kept, err := rv.Add(vault.NewEntry{Name: "kept"})
	if err != nil {
		t.Fatal(err)
	}
	edited := "edited in the same save"
	b := vault.Batch{Trash: []vault.ID{old.ID}, Add: append(items, vault.NewEntry{Name: "old"}),
		Edit: []vault.BatchEdit{{ID: kept.ID, Change: vault.Change{Notes: &edited}}}}
	w := make([]newEntryJSON, len(b.Add))
	for i, it := range b.Add {
		w[i] = newEntryToWire(it)
	}
	reqFrames, err := addManyFrames(&request{Op: opAddMany, Path: []byte(path), Entries: w,
		Trash: []string{old.ID.String()}, Edits: []batchEditJSON{{ID: kept.ID.String(), Change: *changeToWire(b.Edit[0].Change)}}})
	if err != nil || len(reqFrames) < frames {
		t.Fatalf("the import travels in %d frames (%v), want %d or more", len(reqFrames), err, frames)
	}
	for i, f := range reqFrames {
		if first := i == 0; strings.Contains(string(f), `"trash":`) != first || strings.Contains(string(f), `"edits":`) != first {
			t.Fatalf("frame %d carries the ids to trash or the edits: only the first should", i+1)
		}
	}
	if err := rv.Apply(b); err != nil {
		t.Fatal(err)
	}
	n += 2 // and old (new), kept
	if sec, err := rv.Secret(kept.ID); err != nil || sec.Notes != edited {
		t.Fatalf("the edit in the same save: %q, %v", sec.Notes, err)
	}
	if tr, err := rv.Trash(); err != nil || len(tr) != 1 || tr[0].ID != old.ID {
		t.Fatalf("the trash: %v, %v", tr, err)
	}
	got, err := rv.Entries()
	if err != nil {
		t.Fatal(err)
	}
	es, err := entries(got, nil)
	if err != nil || len(es.tables) < frames {
		t.Fatalf("the list travels in %d frames, want %d or more", len(es.tables), frames)
	}
	dv, err := vault.Open(path, testCreds.Password, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer dv.Lock()
	want, err := dv.Entries()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != n || !reflect.DeepEqual(got, want) {
		t.Fatalf("%d entries through the agent differ from the %d in the file", len(got), len(want))
	}
	sec, err := rv.Secret(got[n-1].ID)
	if err != nil || sec.Notes != notes {
		t.Fatalf("the last entry's secret: %v", err)
	}
}
