package agent

import (
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/passtea/passtea/vault"
)

// store is the interface the commands will use: *vault.Vault and *Vault
// both satisfy it.
type store interface {
	Path() string
	Entries() ([]vault.Entry, error)
	Trash() ([]vault.Entry, error)
	Get(name string) (vault.Entry, error)
	ByID(id vault.ID) (vault.Entry, error)
	Secret(id vault.ID) (vault.Secret, error)
	Add(it vault.NewEntry) (vault.Entry, error)
	AddMany(items []vault.NewEntry) error
	Apply(b vault.Batch) error
	Edit(id vault.ID, c vault.Change) (vault.Entry, error)
	Delete(id vault.ID) error
	Restore(id vault.ID) (vault.Entry, error)
	Purge(id vault.ID) error
	EmptyTrash() (int, error)
	Copy(id vault.ID, name string) (vault.Entry, error)
	Resolve(id vault.ID) error
	Setting(key string) (string, bool)
	SetSetting(key, value string) error
	Notices() []string
	Info() (vault.Info, error)
	Refresh() error
	Lock()
	Locked() bool
	Interrupt()
	Resume()
}

var (
	_ store = (*vault.Vault)(nil)
	_ store = (*Vault)(nil)
)

// TestSameAsVault runs one script of calls on a vault directly and on a
// copy of it through the agent, and compares every result.
func TestSameAsVault(t *testing.T) {
	direct := newVaultFile(t, 3)
	remote := newVaultFile(t, 3)
	dv, err := vault.Open(direct, testCreds.Password, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer dv.Lock()
	_, _, rv := unlocked(t, remote, Config{})

	// Entries differ in ids and times between the two files: compare what
	// does not.
	same := func(what string, a, b any, errA, errB error) {
		t.Helper()
		if (errA == nil) != (errB == nil) || errA != nil && errA.Error() != errB.Error() {
			t.Fatalf("%s: direct error %v, agent error %v", what, errA, errB)
		}
		if !reflect.DeepEqual(normalize(a), normalize(b)) {
			t.Fatalf("%s:\ndirect %+v\nagent  %+v", what, a, b)
		}
	}
	for _, s := range []store{dv, rv} {
		if _, err := s.Add(vault.NewEntry{Name: "mail", Username: "me", URLs: []string{"https://mail.example"},
			Tags: []string{"b", "a"}, Secret: vault.Secret{Password: "hunter2", Notes: "line 1\nline 2",
				OTP:    "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP",
				Fields: []vault.Field{{Name: "pin", Value: "1234", Concealed: true}, {Name: "q", Value: "a"}}}}); err != nil {
			t.Fatal(err)
		}
	}
	step := func(name string, fn func(s store) (any, error)) {
		t.Helper()
		a, errA := fn(dv)
		b, errB := fn(rv)
		same(name, a, b, errA, errB)
	}
	byName := func(s store, name string) vault.ID {
		e, err := s.Get(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return e.ID
	}
	step("entries", func(s store) (any, error) { return s.Entries() })
	step("get", func(s store) (any, error) { return s.Get("mail") })
	step("get missing", func(s store) (any, error) { return s.Get("nope") })
	step("get not UTF-8", func(s store) (any, error) { return s.Get("ma\xffil") })
	step("by id", func(s store) (any, error) { return s.ByID(byName(s, "mail")) })
	step("by unknown id", func(s store) (any, error) { return s.ByID(vault.ID{1}) })
	step("secret", func(s store) (any, error) { return s.Secret(byName(s, "mail")) })
	step("edit", func(s store) (any, error) {
		pw, urls, fields := "correct-horse", []string{}, []vault.Field{{Name: "q", Value: "b"}}
		return s.Edit(byName(s, "mail"), vault.Change{Password: &pw, URLs: &urls, Fields: &fields})
	})
	step("secret with history", func(s store) (any, error) { return s.Secret(byName(s, "mail")) })
	step("edit to a taken name", func(s store) (any, error) {
		n := "work/site-00000.example"
		return s.Edit(byName(s, "mail"), vault.Change{Name: &n})
	})
	step("edit with a control character", func(s store) (any, error) {
		u := "a\x1bb"
		return s.Edit(byName(s, "mail"), vault.Change{Username: &u})
	})
	step("edit with text that is not UTF-8", func(s store) (any, error) {
		n := "n\xff"
		return s.Edit(byName(s, "mail"), vault.Change{Notes: &n})
	})
	step("add taken", func(s store) (any, error) { return s.Add(vault.NewEntry{Name: "mail"}) })
	step("add not UTF-8", func(s store) (any, error) {
		return s.Add(vault.NewEntry{Name: "x", Secret: vault.Secret{Password: "p\xff"}})
	})
	step("add many", func(s store) (any, error) {
		return nil, s.AddMany([]vault.NewEntry{{Name: "m1"}, {Name: "m2"}, {Name: "m1"}})
	})
	step("add many not UTF-8", func(s store) (any, error) {
		return nil, s.AddMany([]vault.NewEntry{{Name: "m1"}, {Name: "m\xff"}})
	})
	step("copy", func(s store) (any, error) { return s.Copy(byName(s, "mail"), "mail2") })
	step("copy to a bad name", func(s store) (any, error) { return s.Copy(byName(s, "mail"), "/x\xff") })
	step("secret of the copy", func(s store) (any, error) { return s.Secret(byName(s, "mail2")) })
	step("delete", func(s store) (any, error) { return nil, s.Delete(byName(s, "mail2")) })
	step("trash", func(s store) (any, error) { return s.Trash() })
	step("restore", func(s store) (any, error) {
		tr, err := s.Trash()
		if err != nil || len(tr) != 1 {
			t.Fatalf("trash: %v %v", tr, err)
		}
		return s.Restore(tr[0].ID)
	})
	step("delete again", func(s store) (any, error) { return nil, s.Delete(byName(s, "mail2")) })
	step("empty trash", func(s store) (any, error) { return s.EmptyTrash() })
	step("apply, an id not live", func(s store) (any, error) {
		return nil, s.Apply(vault.Batch{Trash: []vault.ID{byName(s, "work/site-00002.example"), {1, 2, 3}}, Add: []vault.NewEntry{{Name: "work/site-00002.example"}}})
	})
	step("apply, an edit refused", func(s store) (any, error) {
		u := "a\x1bb"
		return nil, s.Apply(vault.Batch{Add: []vault.NewEntry{{Name: "m3"}}, Edit: []vault.BatchEdit{{ID: byName(s, "mail"), Change: vault.Change{Username: &u}}}})
	})
	step("apply", func(s store) (any, error) {
		uri := "otpauth://totp/y?secret=JBSWY3DPEHPK3PXQ"
		return nil, s.Apply(vault.Batch{Trash: []vault.ID{byName(s, "work/site-00002.example")},
			Add:  []vault.NewEntry{{Name: "work/site-00002.example", Secret: vault.Secret{Password: "new"}}, {Name: "m3"}},
			Edit: []vault.BatchEdit{{ID: byName(s, "mail"), Change: vault.Change{OTP: &uri}}}})
	})
	step("after apply", func(s store) (any, error) {
		sec, err := s.Secret(byName(s, "work/site-00002.example"))
		if err != nil {
			return nil, err
		}
		sec3, err := s.Secret(byName(s, "mail"))
		if err != nil {
			return nil, err
		}
		tr, err := s.Trash()
		return []any{sec.Password, sec3.OTP, len(tr)}, err
	})
	step("purge", func(s store) (any, error) { return nil, s.Purge(byName(s, "work/site-00001.example")) })
	step("resolve", func(s store) (any, error) { return nil, s.Resolve(byName(s, "mail")) })
	step("set setting", func(s store) (any, error) { return nil, s.SetSetting("theme", "dark") })
	step("set bad setting", func(s store) (any, error) { return nil, s.SetSetting("theme", "a\nb") })
	step("setting", func(s store) (any, error) { v, ok := s.Setting("theme"); return []any{v, ok}, nil })
	step("unset setting", func(s store) (any, error) { v, ok := s.Setting("none"); return []any{v, ok}, nil })
	step("refresh", func(s store) (any, error) { return nil, s.Refresh() })
	step("notices", func(s store) (any, error) { return s.Notices(), nil })
	step("entries at the end", func(s store) (any, error) { return s.Entries() })
	step("info", func(s store) (any, error) {
		in, err := s.Info()
		in.Path, in.KDFTime, in.Created, in.Modified, in.Size = "", 0, in.Created.Round(1<<62), in.Modified.Round(1<<62), 0
		return in, err
	})
	step("lock", func(s store) (any, error) { s.Lock(); return s.Locked(), nil })
	step("entries after lock", func(s store) (any, error) { return s.Entries() })
	step("get after lock", func(s store) (any, error) { return s.Get("mail") })
}

// normalize drops what differs between two vaults made alike: ids, times
// and revisions.
func normalize(x any) any {
	switch v := x.(type) {
	case vault.Entry:
		v.ID, v.Revision, v.Created, v.Modified = vault.ID{}, 0, v.Created.Round(1<<62), v.Modified.Round(1<<62)
		return v
	case []vault.Entry:
		out := make([]vault.Entry, len(v))
		for i := range v {
			out[i] = normalize(v[i]).(vault.Entry)
		}
		return out
	case vault.Secret:
		for i := range v.History {
			v.History[i].Set, v.History[i].Replaced = v.History[i].Set.Round(1<<62), v.History[i].Replaced.Round(1<<62)
		}
		return v
	}
	return x
}

// TestEntriesExact compares entries through the agent with the same
// file's entries read directly, field for field.
func TestEntriesExact(t *testing.T) {
	path := newVaultFile(t, 50)
	_, _, rv := unlocked(t, path, Config{})
	e, err := rv.Get("work/site-00007.example")
	if err != nil {
		t.Fatal(err)
	}
	acc := []string{"weak"}
	if _, err := rv.Edit(e.ID, vault.Change{Accepted: &acc}); err != nil {
		t.Fatal(err)
	}
	if err := rv.Delete(e.ID); err != nil {
		t.Fatal(err)
	}
	dv, err := vault.Open(path, testCreds.Password, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer dv.Lock()
	for _, list := range []func(store) ([]vault.Entry, error){store.Entries, store.Trash} {
		want, err := list(dv)
		if err != nil {
			t.Fatal(err)
		}
		got, err := list(rv)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("%d entries through the agent, %d directly", len(got), len(want))
		}
		for i := range got {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("entry %d through the agent:\n%+v\ndirectly:\n%+v", i, got[i], want[i])
			}
		}
	}
	tr, _ := rv.Trash()
	if len(tr) != 1 || !tr[0].Deleted || !slices.Equal(tr[0].Accepted, acc) {
		t.Fatalf("trash %+v", tr)
	}
	sec, err := rv.Secret(tr[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := dv.Secret(tr[0].ID)
	if !reflect.DeepEqual(sec, want) {
		t.Fatalf("secret through the agent %+v, directly %+v", sec, want)
	}
	if _, err := rv.ByID(tr[0].ID); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("ByID of an entry in the trash: %v", err)
	}
}
