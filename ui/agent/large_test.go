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
	items := sampleEntries(10_000)
	notes := strings.Repeat("n", 2500)
	for i := range items {
		items[i].Notes = notes
		items[i].Username = fmt.Sprintf("user-%d-%s", i, strings.Repeat("u", 100))
	}
	w := make([]newEntryJSON, len(items))
	for i, it := range items {
		w[i] = newEntryToWire(it)
	}
	frames, err := addManyFrames(&request{Op: opAddMany, Path: []byte(path), Entries: w})
	if err != nil || len(frames) < 2 {
		t.Fatalf("the import travels in %d frames (%v), want several", len(frames), err)
	}
	if err := rv.AddMany(items); err != nil {
		t.Fatal(err)
	}
	got, err := rv.Entries()
	if err != nil {
		t.Fatal(err)
	}
	es, err := entries(got, nil)
	if err != nil || len(es.tables) < 2 {
		t.Fatalf("the list travels in %d frames, want several", len(es.tables))
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
	if len(got) != 10_000 || !reflect.DeepEqual(got, want) {
		t.Fatalf("%d entries through the agent differ from the %d in the file", len(got), len(want))
	}
	sec, err := rv.Secret(got[9999].ID)
	if err != nil || sec.Notes != notes {
		t.Fatalf("the last entry's secret: %v", err)
	}
}
