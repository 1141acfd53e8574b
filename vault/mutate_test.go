// Tests of the changes a vault makes: refused changes leave everything as
// it was, imports with history, locking, rewraps that keep every page.

package vault

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestNotFound: changes of an unknown id fail with ErrNotFound and write
// nothing.
func TestNotFound(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	e := mustAdd(t, v, "alpha", "pw-a")
	if err := v.Delete(e.ID); err != nil {
		t.Fatal(err)
	}
	before := mustRead(t, path)
	notes := "x"
	for _, id := range []ID{{1, 2, 3}, e.ID} { // unknown, and in the trash
		calls := map[string]error{
			"Edit":   func() error { _, err := v.Edit(id, Change{Notes: &notes}); return err }(),
			"Delete": v.Delete(id),
			"ByID":   func() error { _, err := v.ByID(id); return err }(),
			"Copy":   func() error { _, err := v.Copy(id, "copy"); return err }(),
		}
		if id != e.ID {
			calls["Secret"] = func() error { _, err := v.Secret(id); return err }()
			calls["Purge"] = v.Purge(id)
			calls["Restore"] = func() error { _, err := v.Restore(id); return err }()
		}
		for name, err := range calls {
			if !errors.Is(err, ErrNotFound) {
				t.Errorf("%s(%s): got %v, want ErrNotFound", name, id, err)
			}
		}
	}
	if _, err := v.Get("alpha"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get of a trashed entry: %v", err)
	}
	if !bytes.Equal(before, mustRead(t, path)) {
		t.Fatal("failed changes changed the file")
	}
	if _, err := v.Restore(mustAdd(t, v, "live", "pw").ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Restore of a live entry: %v", err)
	}
}

// TestNoChangeNoSave: an edit that changes nothing, and a setting set to
// its value, write nothing.
func TestNoChangeNoSave(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	e := mustAdd(t, v, "alpha", "pw-a")
	if err := v.SetSetting("k", "v"); err != nil {
		t.Fatal(err)
	}
	before := mustRead(t, path)
	pw, urls, tags := "pw-a", []string{" https://alpha.example "}, []string{"a", "b", "a"}
	got, err := v.Edit(e.ID, Change{Password: &pw, URLs: &urls, Tags: &tags})
	if err != nil || got.Revision != e.Revision {
		t.Fatalf("edit to the same values: %+v, %v", got, err)
	}
	if err := v.SetSetting("k", "v"); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, mustRead(t, path)) {
		t.Fatal("a change that changed nothing was saved")
	}
}

// TestAddManyAtomic: AddMany saves all its entries or none, and says
// which entry was refused.
func TestAddManyAtomic(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	mustAdd(t, v, "alpha", "pw-a")
	before := mustRead(t, path)
	items := []NewEntry{{Name: "one"}, {Name: "two"}, {Name: "one"}}
	if err := v.AddMany(items); !errors.Is(err, ErrNameTaken) || !strings.Contains(err.Error(), "entry 3") {
		t.Fatalf("a name twice: got %v, want ErrNameTaken for entry 3", err)
	}
	if err := v.AddMany([]NewEntry{{Name: "one"}, {Name: "alpha"}}); !errors.Is(err, ErrNameTaken) {
		t.Fatalf("a name already taken: got %v", err)
	}
	if err := v.AddMany([]NewEntry{{Name: "one"}, {Name: "bad\x1b"}}); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "entry 2") {
		t.Fatalf("an invalid entry: got %v", err)
	}
	if !bytes.Equal(before, mustRead(t, path)) || mustLen(t, v) != 1 {
		t.Fatal("a refused AddMany saved entries")
	}
	if err := v.AddMany(items[:2]); err != nil {
		t.Fatal(err)
	}
	if n := mustLen(t, mustOpenKey(t, path, v.key, nil)); n != 3 {
		t.Fatalf("%d entries", n)
	}
}

func manyItems(n int, f func(i int) string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = f(i)
	}
	return out
}

// TestInvalidFields: bad values are refused with an *InvalidError naming
// the field, by Add, AddMany and Edit alike; nothing is saved, and no
// message shows the refused value.
func TestInvalidFields(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	e := mustAdd(t, v, "alpha", "pw-a")
	long := func(n int) string { return strings.Repeat("x", n) }
	tests := []struct {
		name  string
		it    NewEntry
		field string
	}{
		{"empty name", NewEntry{Name: ""}, "name"},
		{"newline in the name", NewEntry{Name: "a\nb"}, "name"},
		{"escape in the name", NewEntry{Name: "a\x1b[2Jb"}, "name"},
		{"C1 control in the name", NewEntry{Name: "a\u0085b"}, "name"},
		{"empty group", NewEntry{Name: "a//b"}, "name"},
		{"trailing slash", NewEntry{Name: "a/"}, "name"},
		{"leading space", NewEntry{Name: " a"}, "name"},
		{"long name", NewEntry{Name: long(MaxNameLen + 1)}, "name"},
		{"invalid UTF-8 name", NewEntry{Name: "a\xffb"}, "name"},
		{"newline in the username", NewEntry{Name: "n", Username: "a\nb"}, "username"},
		{"long username", NewEntry{Name: "n", Username: long(MaxFieldLen + 1)}, "username"},
		{"long URL", NewEntry{Name: "n", URLs: []string{long(MaxFieldLen + 1)}}, "URL"},
		{"escape in a URL", NewEntry{Name: "n", URLs: []string{"https://x\x1b]8;;"}}, "URL"},
		{"too many URLs", NewEntry{Name: "n", URLs: manyItems(MaxURLs+1, func(i int) string { return fmt.Sprint("https://", i) })}, "URL"},
		{"tag with a comma", NewEntry{Name: "n", Tags: []string{"a,b"}}, "tag"},
		{"tag with a space", NewEntry{Name: "n", Tags: []string{"a b"}}, "tag"},
		{"long tag", NewEntry{Name: "n", Tags: []string{long(MaxTagLen + 1)}}, "tag"},
		{"too many tags", NewEntry{Name: "n", Tags: manyItems(MaxTags+1, func(i int) string { return fmt.Sprint("t", i) })}, "tags"},
		{"newline in the password", NewEntry{Name: "n", Secret: Secret{Password: "a\nb"}}, "password"},
		{"OSC 52 in the password", NewEntry{Name: "n", Secret: Secret{Password: "\x1b]52;c;ZWNobyBoaQ==\x07"}}, "password"},
		{"long password", NewEntry{Name: "n", Secret: Secret{Password: long(MaxPasswordLen + 1)}}, "password"},
		{"invalid UTF-8 notes", NewEntry{Name: "n", Secret: Secret{Notes: "\xff"}}, "notes"},
		{"escape in the notes", NewEntry{Name: "n", Secret: Secret{Notes: "line\n\x1b[31mred"}}, "notes"},
		{"long notes", NewEntry{Name: "n", Secret: Secret{Notes: long(MaxNotesLen + 1)}}, "notes"},
		{"one-time code not a URI", NewEntry{Name: "n", Secret: Secret{OTP: "JBSWY3DPEHPK3PXP"}}, "one-time code"},
		{"long one-time code", NewEntry{Name: "n", Secret: Secret{OTP: "otpauth://" + long(MaxOTPLen)}}, "one-time code"},
		{"field without a name", NewEntry{Name: "n", Secret: Secret{Fields: []Field{{Value: "v"}}}}, "field"},
		{"two fields of one name", NewEntry{Name: "n", Secret: Secret{Fields: []Field{{Name: "a"}, {Name: "a"}}}}, "field"},
		{"long field name", NewEntry{Name: "n", Secret: Secret{Fields: []Field{{Name: long(MaxFieldNameLen + 1)}}}}, "field name"},
		{"escape in a concealed field", NewEntry{Name: "n", Secret: Secret{Fields: []Field{{Name: "PIN", Value: "1\x1b2", Concealed: true}}}}, "field"},
		{"escape in a plain field", NewEntry{Name: "n", Secret: Secret{Fields: []Field{{Name: "Q", Value: "\x1b[0m"}}}}, "field"},
		{"long field", NewEntry{Name: "n", Secret: Secret{Fields: []Field{{Name: "F", Value: long(MaxPasswordLen + 1)}}}}, "field"},
		{"too many fields", NewEntry{Name: "n", Secret: Secret{Fields: func() []Field {
			fs := make([]Field, MaxFields+1)
			for i := range fs {
				fs[i].Name = fmt.Sprint("f", i)
			}
			return fs
		}()}}, "field"},
	}
	before := mustRead(t, path)
	check := func(what string, err error, field string) {
		t.Helper()
		var inv *InvalidError
		if !errors.As(err, &inv) || !errors.Is(err, ErrInvalid) || inv.Field != field {
			t.Errorf("%s: got %v (%+v), want an InvalidError for %q", what, err, inv, field)
		}
	}
	for _, tc := range tests {
		_, err := v.Add(tc.it)
		check(tc.name+": Add", err, tc.field)
		check(tc.name+": ValidateEntry", ValidateEntry(tc.it), tc.field)
		check(tc.name+": AddMany", v.AddMany([]NewEntry{{Name: "fine"}, tc.it}), tc.field)
		it := tc.it
		c := Change{Name: &it.Name, Username: &it.Username, URLs: &it.URLs, Tags: &it.Tags, Password: &it.Password,
			Notes: &it.Notes, OTP: &it.OTP, Fields: &it.Fields}
		_, err = v.Edit(e.ID, c)
		check(tc.name+": Edit", err, tc.field)
	}
	accepted := []string{"weak", "pwned"}
	_, err := v.Edit(e.ID, Change{Accepted: &accepted})
	check("unknown finding", err, "accepted")
	if !bytes.Equal(before, mustRead(t, path)) || mustLen(t, v) != 1 {
		t.Fatal("a refused change was saved")
	}
	// No message shows the secret that was refused.
	for _, s := range []Secret{{Password: "s3cr3t-value\n"}, {Notes: "s3cr3t-value\xff"}, {Fields: []Field{{Name: "F", Value: "s3cr3t-value\x1b", Concealed: true}}}} {
		_, err := v.Add(NewEntry{Name: "n", Secret: s})
		if !errors.Is(err, ErrInvalid) || strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("error %q", err)
		}
	}
	// The limits themselves are accepted.
	atLimits := NewEntry{Name: long(MaxNameLen), Username: long(MaxFieldLen), URLs: []string{long(MaxFieldLen)},
		Tags: manyItems(MaxTags, func(i int) string { return fmt.Sprint("t", i) }),
		Secret: Secret{Password: long(MaxPasswordLen), Notes: long(MaxNotesLen), OTP: "otpauth://totp/x?secret=" + strings.Repeat("A", 1632), // 1020 bytes, near the otp package's longest secret
			Fields: []Field{{Name: long(MaxFieldNameLen), Value: long(MaxPasswordLen)}}}}
	got, err := v.Add(atLimits)
	if err != nil {
		t.Fatalf("fields at their limits: %v", err)
	}
	checkSecret(t, mustOpenKey(t, path, v.key, nil), got.ID, atLimits.Secret)
}

// TestImportHistory: an entry added with its history (an import) keeps
// each earlier value at its time, chained to the next one (a field name
// given for a field that is not a custom field is ignored).
func TestImportHistory(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	t1 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	t2, t3 := t1.Add(time.Hour), t1.Add(2*time.Hour)
	it := NewEntry{Name: "imported", URLs: []string{"https://new"}, Modified: t3,
		Secret: Secret{Password: "pw-3", Fields: []Field{{Name: "PIN", Value: "2", Concealed: true}}, History: []OldValue{
			{Kind: KindPassword, Value: "pw-2", Set: t2},
			{Kind: KindPassword, Value: "pw-1", Set: t1, Field: "only custom fields have a name"},
			{Kind: KindURLs, Value: "https://old-1\nhttps://old-2", Set: t1},
			{Kind: KindCustom, Field: "PIN", Value: "1", Concealed: true, Set: t1},
			{Kind: KindName, Value: "old name", Set: t1},
		}}}
	e, err := v.Add(it)
	if err != nil {
		t.Fatal(err)
	}
	w := mustOpenKey(t, path, v.key, nil)
	got, _ := w.ByID(e.ID)
	if !got.Modified.Equal(t3) || !reflect.DeepEqual(got.URLs, []string{"https://new"}) {
		t.Fatalf("entry %+v", got)
	}
	s, err := w.Secret(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"name old name set 2024-01-01T00:00:00Z replaced 2024-01-01T02:00:00Z",
		"URLs https://old-1\nhttps://old-2 set 2024-01-01T00:00:00Z replaced 2024-01-01T02:00:00Z",
		"password pw-1 set 2024-01-01T00:00:00Z replaced 2024-01-01T01:00:00Z",
		"custom field 1 set 2024-01-01T00:00:00Z replaced 2024-01-01T02:00:00Z",
		"password pw-2 set 2024-01-01T01:00:00Z replaced 2024-01-01T02:00:00Z",
	}
	var have []string
	for _, h := range s.History {
		have = append(have, fmt.Sprintf("%s %s set %s replaced %s", h.Kind, h.Value, h.Set.Format(time.RFC3339), h.Replaced.Format(time.RFC3339)))
	}
	if !reflect.DeepEqual(have, want) {
		t.Fatalf("history:\n%s\nwant\n%s", strings.Join(have, "\n"), strings.Join(want, "\n"))
	}
}

// TestImportHistoryChecked: earlier values of an import follow the rules
// of their field like current ones: hostile or unreadable values are
// refused with an *InvalidError and nothing is written (a value the
// reader refuses would make the entry's secret unreadable).
func TestImportHistoryChecked(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	before := mustRead(t, path)
	at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for name, h := range map[string]OldValue{
		"invalid UTF-8 password":    {Kind: KindPassword, Value: "\xff"},
		"OSC 52 in a password":      {Kind: KindPassword, Value: "\x1b]52;c;ZWNobyBoaQ==\x07"},
		"escape in notes":           {Kind: KindNotes, Value: "\x1b[2J"},
		"invalid UTF-8 name":        {Kind: KindName, Value: "\xff"},
		"direction override name":   {Kind: KindName, Value: "bank\u202egro.live"},
		"newline in a username":     {Kind: KindUsername, Value: "a\nb"},
		"65 URLs":                   {Kind: KindURLs, Value: strings.Join(manyItems(MaxURLs+1, func(i int) string { return fmt.Sprint("https://", i) }), "\n")},
		"long URL":                  {Kind: KindURLs, Value: strings.Repeat("u", MaxFieldLen+1)},
		"tag with a space":          {Kind: KindTags, Value: "a b"},
		"long custom field name":    {Kind: KindCustom, Field: strings.Repeat("f", MaxFieldNameLen+1), Value: "v"},
		"custom field without name": {Kind: KindCustom, Value: "v"},
		"escape in a custom field":  {Kind: KindCustom, Field: "Q", Value: "\x1b[0m"},
		"one-time code not a URI":   {Kind: KindOTP, Value: "JBSWY3DPEHPK3PXP"},
		"unknown kind":              {Kind: 9, Value: "x"},
	} {
		h.Set = at
		_, err := v.Add(NewEntry{Name: "x", Username: "u", URLs: []string{"https://u"}, Tags: []string{"t"},
			Secret: Secret{Password: "now", Notes: "n", OTP: "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP", Fields: []Field{{Name: "Q", Value: "q"}}, History: []OldValue{h}}})
		var inv *InvalidError
		if !errors.As(err, &inv) {
			t.Errorf("%s: got %v, want an InvalidError", name, err)
		}
	}
	if !bytes.Equal(before, mustRead(t, path)) {
		t.Fatal("a refused import was saved")
	}
}

// TestImportHistoryOfEmptyField: the earlier value of a field that is
// empty now (a URL removed, a custom field deleted before the export)
// stays in the history; it does not come back as the current value.
func TestImportHistoryOfEmptyField(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	e, err := v.Add(NewEntry{Name: "x", Secret: Secret{Password: "now", History: []OldValue{
		{Kind: KindURLs, Value: "https://removed", Set: at},
		{Kind: KindTags, Value: "old", Set: at},
		{Kind: KindUsername, Value: "old user", Set: at},
		{Kind: KindNotes, Value: "old notes", Set: at},
		{Kind: KindOTP, Value: "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP", Set: at},
		{Kind: KindCustom, Field: "gone", Value: "old field", Concealed: true, Set: at},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	w := mustOpenKey(t, path, v.key, nil)
	got, _ := w.ByID(e.ID)
	if got.Username != "" || got.URLs != nil || got.Tags != nil || got.HasOTP {
		t.Fatalf("an earlier value came back as the current one: %+v", got)
	}
	s, err := w.Secret(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if s.Notes != "" || s.OTP != "" || len(s.Fields) != 0 {
		t.Fatalf("an earlier value came back as the current one: %+v", s)
	}
	kinds := map[FieldKind]bool{}
	for _, h := range s.History {
		kinds[h.Kind] = true
		if !h.Set.Equal(at) {
			t.Errorf("%s set at %v", h.Kind, h.Set)
		}
	}
	if len(kinds) != 6 {
		t.Fatalf("history %+v", s.History)
	}
}

// TestLocked: after Lock, everything that needs the key returns ErrLocked,
// and nothing is saved.
func TestLocked(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	e := mustAdd(t, v, "alpha", "pw-a")
	key := v.key
	v.Lock()
	if !v.Locked() || v.key != nil || !bytes.Equal(key, make([]byte, len(key))) {
		t.Fatal("Lock left the key")
	}
	before := mustRead(t, path)
	notes := "x"
	calls := map[string]func() error{
		"Add":                func() error { _, err := v.Add(NewEntry{Name: "n"}); return err },
		"AddMany":            func() error { return v.AddMany([]NewEntry{{Name: "n"}}) },
		"Edit":               func() error { _, err := v.Edit(e.ID, Change{Notes: &notes}); return err },
		"Delete":             func() error { return v.Delete(e.ID) },
		"Purge":              func() error { return v.Purge(e.ID) },
		"SetSetting":         func() error { return v.SetSetting("k", "v") },
		"Rewrap":             func() error { return v.Rewrap(Credentials{Password: []byte("new")}, testKDF) },
		"RotateKey":          func() error { _, err := v.RotateKey(Credentials{Password: []byte("new")}, testKDF); return err },
		"NewRecoveryCode":    func() error { _, err := v.NewRecoveryCode(); return err },
		"UpgradeKDF":         func() error { _, err := v.UpgradeKDF(testCreds); return err },
		"Refresh":            v.Refresh,
		"Secret":             func() error { _, err := v.Secret(e.ID); return err },
		"Entries":            func() error { _, err := v.Entries(); return err },
		"Trash":              func() error { _, err := v.Trash(); return err },
		"Get":                func() error { _, err := v.Get("alpha"); return err },
		"ByID":               func() error { _, err := v.ByID(e.ID); return err },
		"Merge (OpenCopy)":   func() error { _, err := v.OpenCopy(path, nil); return err },
		"RemoveRecoveryCode": v.RemoveRecoveryCode,
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, ErrLocked) {
			t.Errorf("%s: got %v, want ErrLocked", name, err)
		}
	}
	if _, ok := v.Setting("tui.auto-lock"); ok {
		t.Error("a locked vault has settings")
	}
	if !bytes.Equal(before, mustRead(t, path)) {
		t.Fatal("a locked vault saved")
	}
}

// TestRewrapKeepsPages: a new password rewrites the password slot only:
// every page keeps its bytes, an old copy still opens with the old
// password (RotateKey is for that), and the recovery code still works.
func TestRewrapKeepsPages(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "vault.passtea")
	v, code, err := Create(path, NewVault{Credentials: testCreds, KDF: testKDF, RecoveryCode: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var items []NewEntry
	for i := range 300 {
		items = append(items, NewEntry{Name: fmt.Sprint("e", i), Secret: Secret{Password: fmt.Sprint("pw", i)}})
	}
	if err := v.AddMany(items); err != nil {
		t.Fatal(err)
	}
	old := mustRead(t, path)
	pages := func(raw []byte) [][]byte {
		w := mustOpenKey(t, path, v.key, nil)
		var out [][]byte
		for _, g := range w.r.groups {
			out = append(out, raw[g.idx.offset:g.sec.offset+int64(g.sec.length)])
		}
		return out
	}
	before := pages(old)
	stronger := testKDF
	stronger.Params.Iterations = 2
	newPW := []byte("a new master password")
	if err := v.Rewrap(Credentials{Password: newPW}, stronger); err != nil {
		t.Fatal(err)
	}
	raw := mustRead(t, path)
	if !reflect.DeepEqual(before, pages(raw)) {
		t.Fatal("a rewrap resealed pages")
	}
	if !bytes.Equal(old[124:212], raw[124:212]) {
		t.Fatal("a rewrap changed the recovery slot")
	}
	if bytes.Equal(old[20:52], raw[20:52]) {
		t.Fatal("a rewrap kept the salt")
	}
	if _, err := Open(path, testPassword, nil); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("the old password: %v", err)
	}
	w, err := Open(path, newPW, nil)
	if err != nil || w.Params() != stronger.Params {
		t.Fatalf("the new password: %v, params %v", err, w.Params())
	}
	if _, err := Open(path+".bak", testPassword, nil); err != nil {
		t.Fatalf("the backup with the old password: %v", err)
	}
	f, _ := ReadFile(path, nil)
	if _, err := f.Recover(code); err != nil {
		t.Fatalf("the recovery code after a rewrap: %v", err)
	}
}

// TestEditIfRevision: an edit made against an entry as it was shown fails
// with the current entry once another process changed it.
func TestEditIfRevision(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	e := mustAdd(t, v, "a", "pw")
	other := mustOpenKey(t, path, v.key, nil)
	pw := "theirs"
	if _, err := other.Edit(e.ID, Change{Password: &pw}); err != nil {
		t.Fatal(err)
	}
	mine := "mine"
	_, err := v.Edit(e.ID, Change{Password: &mine, IfRevision: e.Revision})
	var ce *ChangedError
	if !errors.As(err, &ce) || !errors.Is(err, ErrChanged) || ce.Current.Revision == e.Revision {
		t.Fatalf("got %v", err)
	}
	checkSecret(t, v, e.ID, Secret{Password: "theirs", Notes: "notes of a"})
	if _, err := v.Edit(e.ID, Change{Password: &mine, IfRevision: ce.Current.Revision}); err != nil {
		t.Fatal(err)
	}
}
