// Tests of the plaintext encodings against bytes written by hand from
// FORMAT.md ("Notation", "Writes", "Index page", "Secret page", "The
// root"), of the decoder's strictness and its messages, and of values at
// the limits of their encodings.

package vault

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestWriteVectors decodes writes written by hand and encodes them back.
func TestWriteVectors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		b    string
		want write
	}{
		// kind 2, stamp 2^16 (80 80 04), no parent, no flags, "me".
		{"username", "\x02\x80\x80\x04\x00\x00\x02me", write{kind: KindUsername, stamp: 1 << 16, value: "me"}},
		// kind 8 "PIN", stamp 300 (ac 02), parent 300-100, concealed, "1234".
		{"custom field", "\x08\x03PIN\xac\x02\x64\x01\x041234", write{kind: KindCustom, name: "PIN", stamp: 300, parent: 200, flags: writeConcealed, value: "1234"}},
		// kind 8 removed and concealed, empty value.
		{"removed custom field", "\x08\x01Q\x05\x01\x03\x00", write{kind: KindCustom, name: "Q", stamp: 5, parent: 4, flags: writeConcealed | writeRemoved}},
		// kind 3, a list of two URLs: count 2, "a", "bc".
		{"URLs", "\x03\x07\x00\x00\x06\x02\x01a\x02bc", write{kind: KindURLs, stamp: 7, value: "\x02\x01a\x02bc"}},
		// kind 10, accepted findings ["weak"].
		{"findings", "\x0a\x01\x00\x00\x06\x01\x04weak", write{kind: kindAccepted, stamp: 1, value: "\x01\x04weak"}},
	}
	for _, tc := range tests {
		d := decoder{b: []byte(tc.b)}
		got := decodeWrite(&d)
		if err := d.done(); err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: decoded %+v, %v; want %+v", tc.name, got, err, tc.want)
			continue
		}
		var e encoder
		encodeWrite(&e, &got)
		if string(e.b) != tc.b {
			t.Errorf("%s: encoded %q, want %q", tc.name, e.b, tc.b)
		}
	}
	items, err := decodeList("\x02\x01a\x02bc", MaxFieldLen)
	if err != nil || !reflect.DeepEqual(items, []string{"a", "bc"}) || encodeList(items) != "\x02\x01a\x02bc" {
		t.Errorf("list: %q, %v", items, err)
	}
}

// TestSecretVector decodes an entry's secret written by hand: two
// passwords, the second replacing the first, and what callers see of it.
func TestSecretVector(t *testing.T) {
	t.Parallel()
	ms := uint64(1_700_000_000_000)
	s1, s2 := ms<<16, (ms+1000)<<16
	enc := func(v uint64) string { var e encoder; e.uvarint(v); return string(e.b) }
	b := "\x02" + // two writes
		"\x05" + enc(s1) + "\x00\x00\x03old" +
		"\x05" + enc(s2) + enc(s2-s1) + "\x00\x03new"
	ws, err := decodeSecret([]byte(b))
	if err != nil {
		t.Fatal(err)
	}
	want := []write{{kind: KindPassword, stamp: s1, value: "old"}, {kind: KindPassword, stamp: s2, parent: s1, value: "new"}}
	if !reflect.DeepEqual(ws, want) {
		t.Fatalf("decoded %+v", ws)
	}
	if out := encodeSecret(ws); string(out) != b {
		t.Fatalf("encoded %q, want %q", out, b)
	}
	s := secretView(ws)
	set, replaced := time.UnixMilli(int64(ms)).UTC(), time.UnixMilli(int64(ms+1000)).UTC()
	wantView := Secret{Password: "new", History: []OldValue{{Kind: KindPassword, Value: "old", Concealed: true, Set: set, Replaced: replaced}}}
	if !reflect.DeepEqual(s, wantView) {
		t.Fatalf("view %+v, want %+v", s, wantView)
	}
}

// TestIndexPageVector decodes an index page written by hand: one entry
// with a one-time code and a name.
func TestIndexPageVector(t *testing.T) {
	t.Parallel()
	id := strings.Repeat("\x11", 16)
	digest := strings.Repeat("\x22", 16)
	record := id +
		"\x01" + // flags: has a one-time code
		"\x0a" + // created: varint 5
		"\xac\x02" + // latest 300
		"\x00\x00\x00" + // deleted, purged, resolved
		digest +
		"\x01" + "\x01\xac\x02\x00\x00\x01x" // one write: name "x" at 300
	plain := []byte("\x01" + record)
	plain = append(plain, make([]byte, 256-len(plain))...)
	g := &group{first: "x", count: 1}
	es, err := decodeIndexPage(bytes.Clone(plain), g)
	if err != nil {
		t.Fatal(err)
	}
	e := es[0]
	if e.id != ID([]byte(id)) || e.flags != entryHasOTP || e.created != 5 || e.latest != 300 || e.digest != [16]byte([]byte(digest)) ||
		!reflect.DeepEqual(e.index, []write{{kind: KindName, stamp: 300, value: "x"}}) {
		t.Fatalf("decoded %+v", e)
	}
	if out := encodeIndexPage(es); !bytes.Equal(out, plain) {
		t.Fatalf("encoded %q\nwant %q", out, plain)
	}
	// The page must agree with the root: count and first name.
	for name, g := range map[string]*group{"count": {first: "x", count: 2}, "first name": {first: "y", count: 1}} {
		if _, err := decodeIndexPage(bytes.Clone(plain), g); !errors.Is(err, ErrDamaged) {
			t.Errorf("another %s in the root: %v", name, err)
		}
	}
}

// TestRootVector decodes a root written by hand.
func TestRootVector(t *testing.T) {
	t.Parallel()
	content := strings.Repeat("\x33", 16) + // vault id
		"\x01" + // generation
		"\x05" + // flags: explicit KDF, recovery code
		"\x02" + "\x04" + // created 1, modified 2 (zig-zag)
		"\x09" + "\x03" + "\x04" + "\x05" + // clock, key, password and recovery slot stamps
		"\x01" + "\x00\x00\x20\x00" + "\x00\x00\x00\x01" + // floor: 1 lane, 8 MiB, 1 pass
		strings.Repeat("\x00", 32) + // previous header
		"\x80\x20" + // total 4096
		"\x01" + "\x01k" + "\x01v" + "\x07" + // one setting k=v at stamp 7
		"\x00" // no groups
	plain := []byte(content)
	plain = append(plain, make([]byte, 256-len(plain))...)
	r, err := decodeRoot(plain, 4096, 256+256+40)
	if err != nil {
		t.Fatal(err)
	}
	if r.vaultID != [16]byte([]byte(strings.Repeat("\x33", 16))) || r.generation != 1 || r.flags != rootExplicitKDF|rootRecovery ||
		r.created != 1 || r.modified != 2 || r.clock != 9 || r.keyStamp != 3 || r.pwStamp != 4 || r.recStamp != 5 ||
		r.floor.MemoryKiB != 8192 || r.floor.Iterations != 1 || r.floor.Parallelism != 1 || r.total != 4096 ||
		!reflect.DeepEqual(r.settings, map[string]setting{"k": {"v", 7}}) || len(r.groups) != 0 {
		t.Fatalf("decoded %+v", r)
	}
	if out := encodeRoot(r); !bytes.Equal(out, plain) {
		t.Fatalf("encoded %q\nwant %q", out, plain)
	}
	if _, err := decodeRoot(plain, 4097, 256+256+40); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "truncated or extended") {
		t.Fatalf("another file size: %v", err)
	}
}

// TestDecoderStrict: every malformed encoding is refused, and numbers
// that are not minimal, that overflow, and lengths or counts that cannot
// be have messages of their own.
func TestDecoderStrict(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, b string
		want    string // part of the message
	}{
		{"empty", "", "unexpected end of data"},
		{"non-minimal count", "\x80\x00", "not in its shortest encoding"},
		{"non-minimal stamp", "\x01\x05\x81\x00\x00\x00\x00", "not in its shortest encoding"},
		{"non-minimal length", "\x01\x05\x01\x00\x00\x82\x00pw", "not in its shortest encoding"},
		{"10th byte above 1", "\x01\x05" + strings.Repeat("\xff", 9) + "\x02\x00\x00\x00", "larger than 64 bits"},
		{"11 bytes", "\x01\x05" + strings.Repeat("\xff", 10) + "\x01\x00\x00\x00", "larger than 64 bits"},
		{"count beyond the data", "\x05\x05\x01\x00\x00\x00", "cannot fit"},
		{"length beyond the data", "\x01\x05\x01\x00\x00\x05pw", "beyond the 2 bytes left"},
		{"length above the limit", "\x01\x05\x01\x00\x00\x81\x80\x04" + strings.Repeat("p", MaxPasswordLen+1), "above its limit"},
		{"truncated varint", "\x01\x05\x01\x00\x00\x80", "unexpected end of data"},
		{"trailing byte", "\x01\x05\x01\x00\x00\x00\x00", "trailing bytes"},
		{"unknown kind", "\x01\x0b\x01\x00\x00\x00", "unknown field kind 11"},
		{"kind 0", "\x01\x00\x01\x00\x00\x00", "unknown field kind 0"},
		{"flags on a password", "\x01\x05\x01\x00\x01\x00", "unknown write flags"},
		{"unknown custom flag", "\x01\x08\x01a\x01\x00\x04\x00", "unknown write flags"},
		{"stamp 0", "\x01\x05\x00\x00\x00\x00", "stamp 0"},
		{"parent not below the stamp", "\x01\x05\x03\x03\x00\x00", "parent stamp is out of range"},
		{"custom field without a name", "\x01\x08\x00\x01\x00\x00\x00", "without a name"},
		{"notes not UTF-8", "\x01\x06\x01\x00\x00\x01\xff", "not valid UTF-8"},
		{"custom field not UTF-8", "\x01\x08\x01F\x01\x00\x00\x01\xff", "not valid UTF-8"},
		{"URL not UTF-8", "\x01\x03\x01\x00\x00\x03\x01\x01\xff", "not valid UTF-8"},
		{"URL list with trailing bytes", "\x01\x03\x01\x00\x00\x03\x01\x00\x00", "trailing bytes"},
		{"65 tags", "\x01\x04\x01\x00\x00\x83\x01\x41" + strings.Repeat("\x01t", 65), "above the limit of 64"},
		{"writes out of order", "\x02\x05\x02\x00\x00\x00\x05\x01\x00\x00\x00", "out of order"},
		{"a write twice", "\x02\x05\x02\x00\x00\x00\x05\x02\x00\x00\x00", "out of order"},
	}
	for _, tc := range tests {
		_, err := decodeSecret([]byte(tc.b))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error saying %q", tc.name, err, tc.want)
		}
	}
	// A password is any bytes (version 1 writers took such passwords).
	if ws, err := decodeSecret([]byte("\x01\x05\x01\x00\x00\x02\xff\x1b")); err != nil || ws[0].value != "\xff\x1b" {
		t.Errorf("a password that is not UTF-8: %+v, %v", ws, err)
	}
	// Through a page, the same messages reach the user as damage.
	_, err := decodeIndexPage([]byte("\x80\x00"), &group{count: 0})
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "shortest encoding") {
		t.Errorf("index page: %v", err)
	}
	_, err = decodeRoot(append(make([]byte, 16), "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f"...), 4096, 512)
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "larger than 64 bits") {
		t.Errorf("root: %v", err)
	}
}

// TestHistoryLimitRead: a reader refuses more than MaxHistory earlier
// values of one field, and accepts exactly that many.
func TestHistoryLimitRead(t *testing.T) {
	t.Parallel()
	secret := func(n int) []byte {
		ws := make([]write, n)
		for i := range ws {
			ws[i] = write{kind: KindPassword, stamp: uint64(i + 1), value: "p"}
			if i > 0 {
				ws[i].parent = uint64(i)
			}
		}
		return encodeSecret(ws)
	}
	if _, err := decodeSecret(secret(MaxHistory + 1)); err != nil {
		t.Fatalf("%d earlier values: %v", MaxHistory, err)
	}
	if _, err := decodeSecret(secret(MaxHistory + 2)); !errors.Is(err, errTooManyEarlier) {
		t.Fatalf("%d earlier values: %v", MaxHistory+1, err)
	}
}

// TestLongListItems: list values are binary (an item of 128 bytes or more
// has a length whose first byte is not UTF-8): URLs and custom field names
// at their limits are written and read back.
func TestLongListItems(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	url := "https://example.com/login?" + strings.Repeat("q", MaxFieldLen-26)
	url2 := "https://example.com/" + strings.Repeat("ü", 60)
	fields := []Field{{Name: strings.Repeat("f", MaxFieldNameLen), Value: "v"}, {Name: strings.Repeat("é", 100), Value: "w", Concealed: true}}
	tags := []string{strings.Repeat("t", MaxTagLen)}
	e, err := v.Add(NewEntry{Name: "long", URLs: []string{url, url2}, Tags: tags, Secret: Secret{Fields: fields}})
	if err != nil {
		t.Fatal(err)
	}
	w := mustOpenKey(t, path, v.key, nil)
	got, err := w.Get("long")
	if err != nil || !reflect.DeepEqual(got.URLs, []string{url, url2}) || !reflect.DeepEqual(got.Tags, tags) {
		t.Fatalf("entry %+v, %v", got, err)
	}
	checkSecret(t, w, e.ID, Secret{Fields: fields})
}
