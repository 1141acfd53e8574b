// Benchmarks: reading and writing a 10,000-entry database, without the key
// derivation (AES-KDF with one round).

package kdbx

import (
	"bytes"
	"fmt"
	"io"
	"testing"
	"time"
)

// bigDatabase has n entries in 100 groups, each with the standard fields, a
// protected custom field, a one-time code and one history item.
func bigDatabase(n int) *Database {
	root := &Group{Name: "Root"}
	when := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	for g := range 100 {
		group := &Group{Name: fmt.Sprintf("group %d", g), Times: Times{Created: when, Modified: when}}
		root.Groups = append(root.Groups, group)
		for i := range n / 100 {
			e := &Entry{Times: Times{Created: when, Modified: when, Accessed: when}, Tags: []string{"imported"}}
			e.Set(FieldTitle, fmt.Sprintf("site %d-%d", g, i), false)
			e.Set(FieldUserName, fmt.Sprintf("user%d@example.com", i), false)
			e.Set(FieldPassword, fmt.Sprintf("Tr0ub4dor&3-%d-%d-correct-horse", g, i), true)
			e.Set(FieldURL, fmt.Sprintf("https://site%d-%d.example.com/login", g, i), false)
			e.Set(FieldNotes, "some notes\nover two lines", false)
			e.Set("PIN", fmt.Sprintf("%04d", i), true)
			e.SetOTP("otpauth://totp/site:user?secret=JBSWY3DPEHPK3PXP&issuer=site")
			old := &Entry{Times: Times{Modified: when.Add(-time.Hour)}}
			old.Set(FieldTitle, e.Get(FieldTitle), false)
			old.Set(FieldPassword, "an older password", true)
			e.History = []*Entry{old}
			group.Entries = append(group.Entries, e)
		}
	}
	return &Database{Root: root}
}

func BenchmarkRead10000(b *testing.B) {
	data := write(b, bigDatabase(10000), password, WriteOptions{KDF: fastKDF})
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read(bytes.NewReader(data), password); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWrite10000(b *testing.B) {
	db := bigDatabase(10000)
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, db, password, WriteOptions{KDF: fastKDF}); err != nil {
			b.Fatal(err)
		}
	}
}
