package vault

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// TestApply: the entries to replace go to the trash, the new ones take
// their names and the edits are made, in one save; a refused entry, edit
// or an entry that is not live leaves the vault file as it was.
func TestApply(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	alpha := mustAdd(t, v, "alpha", "pw-a")
	beta := mustAdd(t, v, "beta", "pw-b")
	gamma := mustAdd(t, v, "gamma", "pw-c")
	before := mustRead(t, path)
	notes, bad := "gamma's notes", "bad\x1b"
	for _, tc := range []struct {
		b     Batch
		is    error
		which string
	}{
		{Batch{Trash: []ID{alpha.ID}, Add: []NewEntry{testEntry("alpha", "new-a"), testEntry("beta", "new-b")}}, ErrNameTaken, "entry 2"},
		{Batch{Trash: []ID{alpha.ID, {1, 2, 3}}, Add: []NewEntry{testEntry("alpha", "new-a")}}, ErrNotFound, "entry to replace 2"},
		{Batch{Trash: []ID{alpha.ID, alpha.ID}}, ErrNotFound, "entry to replace 2"},
		{Batch{Trash: []ID{alpha.ID}, Add: []NewEntry{testEntry("alpha", "new-a"), {Name: "bad\x1b"}}}, ErrInvalid, "entry 2"},
		{Batch{Trash: []ID{alpha.ID}, Edit: []BatchEdit{{gamma.ID, Change{Notes: &notes}}, {alpha.ID, Change{Notes: &notes}}}}, ErrNotFound, "edit 2"},
		{Batch{Add: []NewEntry{testEntry("delta", "new-d")}, Edit: []BatchEdit{{gamma.ID, Change{Username: &bad}}}}, ErrInvalid, "edit 1"},
	} {
		if err := v.Apply(tc.b); !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.which) {
			t.Errorf("Apply(%+v): %v, want %v naming %s", tc.b, err, tc.is, tc.which)
		}
	}
	if !bytes.Equal(before, mustRead(t, path)) {
		t.Fatal("a refused Apply changed the vault file")
	}

	gen := mustInfo(t, v).Generation
	if err := v.Apply(Batch{Trash: []ID{alpha.ID, beta.ID}, Add: []NewEntry{testEntry("alpha", "new-a"), testEntry("beta", "new-b"), testEntry("delta", "new-d")},
		Edit: []BatchEdit{{gamma.ID, Change{Notes: &notes}}}}); err != nil {
		t.Fatal(err)
	}
	in := mustInfo(t, mustOpenKey(t, path, v.key, nil))
	if in.Generation != gen+1 || in.Entries != 4 || in.Trash != 2 {
		t.Errorf("after Apply: generation %d (from %d), %d entries, %d in the trash; want one save, 4 entries, 2 in the trash",
			in.Generation, gen, in.Entries, in.Trash)
	}
	for name, want := range map[string]string{"alpha": "new-a", "beta": "new-b", "gamma": "pw-c", "delta": "new-d"} {
		e, err := v.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		if s, err := v.Secret(e.ID); err != nil || s.Password != want {
			t.Errorf("%s: password %q, %v; want %q", name, s.Password, err, want)
		}
	}
	if s, err := v.Secret(gamma.ID); err != nil || s.Notes != notes {
		t.Errorf("gamma's notes: %q, %v", s.Notes, err)
	}
	if _, err := v.ByID(alpha.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("the replaced alpha is live: %v", err)
	}
}

func mustInfo(t testing.TB, v *Vault) Info {
	t.Helper()
	in, err := v.Info()
	if err != nil {
		t.Fatal(err)
	}
	return in
}
