package vault

import (
	"fmt"
	"runtime"
	"testing"
)

// Each allocates little for each entry: the entries' lists share slabs
// (a slab for each entry was 4 KB).
func TestEachAllocations(t *testing.T) {
	v, _ := newTestVault(t, nil)
	defer v.Lock() // TestKeyIsLockedInMemory counts the locked pages
	const n = 1000
	var items []NewEntry
	for i := range n {
		items = append(items, testEntry(fmt.Sprintf("e%04d", i), fmt.Sprint("pw", i)))
	}
	if err := v.AddMany(items); err != nil {
		t.Fatal(err)
	}
	each := func() {
		if err := v.Each(func(Entry, Secret) error { return nil }); err != nil {
			t.Fatal(err)
		}
	}
	each() // loads the pages
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	each()
	runtime.ReadMemStats(&after)
	per := (after.TotalAlloc - before.TotalAlloc) / n
	t.Logf("%d bytes allocated per entry", per)
	if per > 2<<10 {
		t.Errorf("%d bytes allocated per entry, want at most 2 KiB", per)
	}
}
