package vault

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// TestReplaceMany: the entries to replace go to the trash and the new ones
// take their names in one save; a refused entry or an entry that is not
// live leaves the vault file as it was.
func TestReplaceMany(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, nil)
	alpha := mustAdd(t, v, "alpha", "pw-a")
	beta := mustAdd(t, v, "beta", "pw-b")
	mustAdd(t, v, "gamma", "pw-c")
	before := mustRead(t, path)
	for _, tc := range []struct {
		trash []ID
		items []NewEntry
		is    error
		which string
	}{
		{[]ID{alpha.ID}, []NewEntry{testEntry("alpha", "new-a"), testEntry("beta", "new-b")}, ErrNameTaken, "entry 2"},
		{[]ID{alpha.ID, {1, 2, 3}}, []NewEntry{testEntry("alpha", "new-a")}, ErrNotFound, "entry to replace 2"},
		{[]ID{alpha.ID, alpha.ID}, nil, ErrNotFound, "entry to replace 2"},
		{[]ID{alpha.ID}, []NewEntry{testEntry("alpha", "new-a"), {Name: "bad\x1b"}}, ErrInvalid, "entry 2"},
	} {
		if err := v.ReplaceMany(tc.trash, tc.items); !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.which) {
			t.Errorf("ReplaceMany(%v, %d entries): %v, want %v naming %s", tc.trash, len(tc.items), err, tc.is, tc.which)
		}
	}
	if !bytes.Equal(before, mustRead(t, path)) {
		t.Fatal("a refused ReplaceMany changed the vault file")
	}

	gen := mustInfo(t, v).Generation
	if err := v.ReplaceMany([]ID{alpha.ID, beta.ID}, []NewEntry{testEntry("alpha", "new-a"), testEntry("beta", "new-b"), testEntry("delta", "new-d")}); err != nil {
		t.Fatal(err)
	}
	in := mustInfo(t, mustOpenKey(t, path, v.key, nil))
	if in.Generation != gen+1 || in.Entries != 4 || in.Trash != 2 {
		t.Errorf("after ReplaceMany: generation %d (from %d), %d entries, %d in the trash; want one save, 4 entries, 2 in the trash",
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
