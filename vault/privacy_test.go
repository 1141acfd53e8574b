// Tests of what a copy of the file reveals (FORMAT.md, "What a copy of the
// file reveals").

package vault

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"
)

// TestCopyRevealsOnlySize: two vaults with the same number of entries, in
// one of which a password is longer and was edited five times, look the
// same to someone without the key: same size (the bucket hides the
// difference) and nothing but random-looking bytes after the KDF
// parameters.
func TestCopyRevealsOnlySize(t *testing.T) {
	t.Parallel()
	build := func(long string, edits int) []byte {
		path := filepath.Join(t.TempDir(), "vault.passtea")
		v, _, err := Create(path, NewVault{Credentials: testCreds, KDF: testKDF}, &Options{Now: fakeClock()})
		if err != nil {
			t.Fatal(err)
		}
		var items []NewEntry
		for i := range 300 {
			items = append(items, NewEntry{Name: fmt.Sprintf("site-%03d", i), Username: "me@example.org",
				Secret: Secret{Password: "a password"}})
		}
		items[7].Password = long
		if err := v.AddMany(items); err != nil {
			t.Fatal(err)
		}
		e, _ := v.Get("site-007")
		for i := range edits {
			pw := fmt.Sprint("edit ", i)
			if _, err := v.Edit(e.ID, Change{Password: &pw}); err != nil {
				t.Fatal(err)
			}
		}
		return mustRead(t, path)
	}
	a, b := build("short", 0), build("a much longer password, 40 characters!!", 5)
	if len(a) != len(b) {
		t.Fatalf("sizes %d and %d: the bucket should hide a longer password and 5 edits", len(a), len(b))
	}
	// The clear part is the magic, version and KDF parameters (bytes 0–19);
	// everything after is salt, wrapped keys and ciphertext, which look
	// random: no byte position agrees more often than chance would have it.
	if !bytes.Equal(a[:20], b[:20]) {
		t.Fatal("the clear header differs")
	}
	same := 0
	for i := 20; i < len(a); i++ {
		if a[i] == b[i] {
			same++
		}
	}
	// Expected (len-20)/256 equal bytes by chance; allow 5 sigma.
	n := float64(len(a) - 20)
	if exp := n / 256; float64(same) > exp+5*sqrt(exp) {
		t.Fatalf("%d equal bytes where chance gives %.0f", same, exp)
	}
}

func sqrt(x float64) float64 {
	r := x
	for range 30 {
		r = (r + x/r) / 2
	}
	return r
}
