// Tests of the limits a writer checks before it writes (issue: never
// write what cannot be read back): at each limit, the change is refused
// with an error that names the limit, and the file stays as it was.

package vault

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestLimitsRefuseBeforeWriting(t *testing.T) {
	t.Parallel()
	bigNotes := strings.Repeat("n", MaxNotesLen)
	tests := []struct {
		name  string
		opts  func(*Options)
		items func() []NewEntry
		what  string
	}{
		{"file size", func(o *Options) { o.maxFile = 1 << 20 }, func() []NewEntry {
			var items []NewEntry
			for i := range 3 {
				items = append(items, NewEntry{Name: fmt.Sprint("big", i), Secret: Secret{Notes: bigNotes[:600<<10]}})
			}
			return items
		}, "file"},
		{"entry count", func(o *Options) { o.maxEntries = 10 }, func() []NewEntry {
			var items []NewEntry
			for i := range 11 {
				items = append(items, NewEntry{Name: fmt.Sprint("e", i)})
			}
			return items
		}, "entries"},
		{"secret size", func(*Options) {}, func() []NewEntry {
			var fields []Field
			for i := range 130 {
				fields = append(fields, Field{Name: fmt.Sprint("f", i), Value: strings.Repeat("v", MaxPasswordLen)})
			}
			return []NewEntry{{Name: "huge", Secret: Secret{Notes: bigNotes, Fields: fields}}}
		}, "entry secret"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			opts := &Options{Now: fakeClock()}
			tc.opts(opts)
			v, path := newTestVault(t, opts)
			mustAdd(t, v, "kept", "pw")
			before := mustRead(t, path)
			err := v.AddMany(tc.items())
			var le *LimitError
			if !errors.As(err, &le) || le.What != tc.what || !errors.Is(err, ErrTooLarge) {
				t.Fatalf("got %v, want a %s limit", err, tc.what)
			}
			if !bytes.Equal(before, mustRead(t, path)) {
				t.Fatal("the file changed")
			}
			if n := mustLen(t, v); n != 1 {
				t.Fatalf("%d entries in memory", n)
			}
			if _, err := v.Get("kept"); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestLongHistoryTrimmed: a secret within every limit is accepted, and
// history beyond the byte budget is trimmed oldest first, so what is
// written always reads back.
func TestLongHistoryTrimmed(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	e := mustAdd(t, v, "e", "pw")
	big := strings.Repeat("n", MaxNotesLen)
	for i := range 12 {
		notes := fmt.Sprintf("%03d%s", i, big[3:])
		if _, err := v.Edit(e.ID, Change{Notes: &notes}); err != nil {
			t.Fatal(err)
		}
	}
	w := mustOpenKey(t, path, v.key, nil)
	s, err := w.Secret(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	var old []string
	for _, h := range s.History {
		if h.Kind == KindNotes {
			old = append(old, h.Value[:3])
		}
	}
	// 8 MiB hold six earlier notes of 1 MiB beside the current one (seven
	// would pass 8 MiB with the encoding).
	if len(old) != 6 || old[0] != "005" || old[5] != "010" || !strings.HasPrefix(s.Notes, "011") {
		t.Fatalf("earlier notes kept: %v", old)
	}
}
