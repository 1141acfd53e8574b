// Tests of the plaintext codecs against hand-written bytes (FORMAT.md), and
// of the index's match with the records independently of the records hash.

package vault

import (
	"bytes"
	"errors"
	"slices"
	"testing"
	"time"
)

// TestParseSecretVector decodes a secret written by hand from FORMAT.md.
func TestParseSecretVector(t *testing.T) {
	t.Parallel()
	b := []byte("\x02pw" + "\x05notes" + "\x02" + "\x03old" + "\x02" + "\x00" + "\x00")
	s, err := parseSecret(b)
	if err != nil {
		t.Fatal(err)
	}
	if s.Password != "pw" || s.Notes != "notes" || len(s.History) != 2 ||
		s.History[0].Password != "old" || !s.History[0].Replaced.Equal(time.Unix(0, 1)) ||
		s.History[1].Password != "" || !s.History[1].Replaced.IsZero() {
		t.Fatalf("got %+v", s)
	}
	if out := marshalSecret(s); !bytes.Equal(out, b) {
		t.Fatalf("marshal = %q, want %q", out, b)
	}
}

// TestParseSecretStrict: every malformed encoding is refused as damaged.
func TestParseSecretStrict(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"empty":                          "",
		"non-minimal length":             "\x82\x00pw\x00\x00",
		"non-minimal history count":      "\x00\x00\x80\x00",
		"non-minimal time":               "\x00\x00\x01\x00\x82\x00",
		"overlong varint":                "\x00\x00\x01\x00\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01",
		"truncated password":             "\x05pw",
		"trailing byte":                  "\x00\x00\x00\x00",
		"notes not UTF-8":                "\x00\x01\xff\x00",
		"history count beyond the data":  "\x00\x00\x05\x00\x00",
		"history above the maximum":      "\x00\x00\xe9\x07" + string(make([]byte, 2*1001)),
		"password longer than the limit": "\x81\x80\x04" + string(make([]byte, MaxPasswordLen+1)) + "\x00\x00",
	}
	for name, b := range tests {
		if _, err := parseSecret([]byte(b)); !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: got %v, want ErrDamaged", name, err)
		}
	}
}

// TestParseIndexMatchesRecords: the live entries of the index must match
// the records one to one, in order, by id and revision, even if the
// records hash were to agree (as it would for a forger who had the key, or
// after a bug in the hash): each check stands on its own.
func TestParseIndexMatchesRecords(t *testing.T) {
	t.Parallel()
	tv := newTamperVault(t)
	sf := mustParse(t, tv.raw)
	plain := openIndexPlain(t, tv.key, tv.raw)
	if _, _, err := parseIndex(plain, sf); err != nil {
		t.Fatal(err)
	}
	tests := map[string]func([]record) []record{
		"revision":       func(rs []record) []record { rs[1].revision++; return rs },
		"id":             func(rs []record) []record { rs[1].id[0] ^= 1; return rs },
		"order":          func(rs []record) []record { rs[0], rs[1] = rs[1], rs[0]; return rs },
		"record missing": func(rs []record) []record { return rs[:len(rs)-1] },
		"extra record":   func(rs []record) []record { return append(rs, rs[0]) },
		"no records":     func(rs []record) []record { return nil },
	}
	for name, change := range tests {
		c := *sf
		c.records = change(slices.Clone(sf.records))
		c.recordsHash = recordsHash(c.records)
		p := bytes.Clone(plain) // the index ends with the records hash
		copy(p[len(p)-len(c.recordsHash):], c.recordsHash[:])
		if _, _, err := parseIndex(p, &c); !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: got %v, want ErrDamaged", name, err)
		}
	}
}

// TestLookupOutOfOrder: an index whose live entries are not in name order
// (another writer's file) is still looked up by name, and still refuses
// two live entries with one name.
func TestLookupOutOfOrder(t *testing.T) {
	mk := func(name string, deleted bool) *entry {
		id, _ := newID()
		return &entry{Entry: Entry{ID: id, Name: name}, deleted: deleted}
	}
	entries := []*entry{mk("b", false), mk("", true), mk("a", false), mk("c", false)}
	l, err := newLookup(entries)
	if err != nil {
		t.Fatal(err)
	}
	if l.byName == nil {
		t.Fatal("out of order, yet no name map")
	}
	for _, n := range []string{"a", "b", "c"} {
		if e, ok := l.findName(n); !ok || e.Name != n {
			t.Errorf("findName(%q) = %v, %v", n, e, ok)
		}
	}
	if _, ok := l.findName("d"); ok {
		t.Error("findName(d) found something")
	}
	if _, err := newLookup([]*entry{mk("b", false), mk("a", false), mk("b", false)}); !errors.Is(err, ErrDamaged) {
		t.Errorf("duplicate names out of order: %v", err)
	}
	ordered, err := newLookup([]*entry{mk("a", false), mk("B", false), mk("c", false), mk("", true)})
	if err != nil || ordered.byName != nil || ordered.nLive != 3 {
		t.Fatalf("in order: %+v, %v", ordered, err)
	}
	if e, ok := ordered.findName("B"); !ok || e.Name != "B" {
		t.Errorf("binary search: %v, %v", e, ok)
	}
	if _, err := newLookup([]*entry{mk("a", false), mk("a", false)}); !errors.Is(err, ErrDamaged) {
		t.Errorf("duplicate names in order: %v", err)
	}
}
