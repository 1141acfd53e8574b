package agent

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/passtea/passtea/vault"
)

// TestLargeRequests imports 10,000 entries in one AddMany (some 25 MB:
// several request frames) and lists them (several table frames).
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
	w := make([]newEntryJSON, len(items))
	for i, it := range items {
		w[i] = newEntryToWire(it)
	}
	reqFrames, err := addManyFrames(&request{Op: opAddMany, Path: []byte(path), Entries: w})
	if err != nil || len(reqFrames) < frames {
		t.Fatalf("the import travels in %d frames (%v), want %d or more", len(reqFrames), err, frames)
	}
	if err := rv.AddMany(items); err != nil {
		t.Fatal(err)
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
