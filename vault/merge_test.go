// Tests of merging copies of a vault: the property that any order and
// grouping of merges gives the same content and loses no value, and the
// rules for conflicts, deletions, names and keys.

package vault

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// canonical describes everything a merge must agree on: every entry with
// all its stamps and writes, the settings and the clock.
func canonical(t testing.TB, v *Vault) string {
	t.Helper()
	if err := v.loadAll(); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, g := range v.r.groups {
		for _, e := range g.entries {
			ws, err := v.writesOf(e)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s c%d d%d p%d r%d f%d\n", e.id, e.created, e.deleted, e.purged, e.resolved, e.flags)
			for _, w := range ws {
				fmt.Fprintf(&b, "  %d %q %d %d %d %q\n", w.kind, w.name, w.stamp, w.parent, w.flags, w.value)
			}
		}
	}
	keys := make([]string, 0, len(v.r.settings))
	for k := range v.r.settings {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "setting %q=%q@%d\n", k, v.r.settings[k].value, v.r.settings[k].stamp)
	}
	fmt.Fprintf(&b, "clock %d\n", v.r.clock)
	return b.String()
}

// replica is one machine's copy of a vault in the property test.
type replica struct {
	v     *Vault
	path  string
	clock *testClock
}

// copyVault copies the vault file at path into a new directory and opens
// the copy with key, with its own clock (clocks skew between machines).
func copyVault(t *testing.T, path string, key []byte, skew time.Duration) replica {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "vault.passtea")
	if err := os.WriteFile(dst, mustRead(t, path), 0o600); err != nil {
		t.Fatal(err)
	}
	c := newTestClock()
	c.Advance(skew)
	return replica{v: mustOpenKey(t, dst, key, &Options{Now: c.Now}), path: dst, clock: c}
}

// mergeInto merges the file at from into r.
func (r replica) mergeFrom(t *testing.T, from string) MergeReport {
	t.Helper()
	o, err := r.v.OpenCopy(from, nil)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := r.v.Merge(o)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestMergeProperty runs random changes on three replicas that merge with
// each other at random, then checks that every grouping of the final
// merges agrees, and that no value written was lost.
func TestMergeProperty(t *testing.T) {
	t.Parallel()
	for seed := range uint64(12) {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(seed, 7))
			base, path := newTestVault(t, nil)
			mustAdd(t, base, "shared", "pw-0")
			reps := []replica{
				copyVault(t, path, base.key, 0),
				copyVault(t, path, base.key, 3*time.Second),
				copyVault(t, path, base.key, -2*time.Second),
			}
			written := map[string]bool{} // id/kind/value of every value written
			note := func(id ID, k FieldKind, value string) { written[fmt.Sprintf("%s/%d/%s", id, k, value)] = true }
			for step := range 60 {
				r := reps[rng.IntN(len(reps))]
				r.clock.Advance(time.Duration(rng.IntN(3000)) * time.Millisecond)
				es := mustEntries(t, r.v)
				switch op := rng.IntN(10); {
				case op < 2 || len(es) == 0:
					name := fmt.Sprintf("e%d-%d", step, rng.IntN(5))
					if e, err := r.v.Add(NewEntry{Name: name, Secret: Secret{Password: name}}); err == nil {
						note(e.ID, KindPassword, name)
						note(e.ID, KindName, name)
					}
				case op < 7:
					e := es[rng.IntN(len(es))]
					val := fmt.Sprintf("v%d", step)
					c := Change{}
					k := []FieldKind{KindPassword, KindUsername, KindNotes, KindName}[rng.IntN(4)]
					switch k {
					case KindPassword:
						c.Password = &val
					case KindUsername:
						c.Username = &val
					case KindNotes:
						c.Notes = &val
					case KindName:
						val = fmt.Sprintf("n%d", rng.IntN(4)) // names collide across replicas
						c.Name = &val
					}
					if _, err := r.v.Edit(e.ID, c); err == nil {
						note(e.ID, k, val)
					} else if !errors.Is(err, ErrNameTaken) {
						t.Fatal(err)
					}
				case op < 8:
					e := es[rng.IntN(len(es))]
					if err := r.v.Delete(e.ID); err != nil {
						t.Fatal(err)
					}
				case op < 9:
					if err := r.v.SetSetting(fmt.Sprint("s", rng.IntN(2)), fmt.Sprint(step)); err != nil {
						t.Fatal(err)
					}
				default:
					o := reps[rng.IntN(len(reps))]
					if o.path != r.path {
						r.mergeFrom(t, o.path)
					}
				}
			}
			// Every grouping of the three final copies gives the same
			// content.
			key := base.key
			group := func(order ...int) string {
				x := copyVault(t, reps[order[0]].path, key, 0)
				for _, i := range order[1:] {
					x.mergeFrom(t, reps[i].path)
				}
				return canonical(t, x.v)
			}
			abc := group(0, 1, 2)
			for _, order := range [][]int{{2, 1, 0}, {1, 0, 2}, {2, 0, 1}} {
				if got := group(order...); got != abc {
					t.Fatalf("merging in order %v differs:\n%s\nvs\n%s", order, got, abc)
				}
			}
			// (b ⊔ c) ⊔ a, with b ⊔ c saved first.
			bc := copyVault(t, reps[1].path, key, 0)
			bc.mergeFrom(t, reps[2].path)
			x := copyVault(t, reps[0].path, key, 0)
			x.mergeFrom(t, bc.path)
			if got := canonical(t, x.v); got != abc {
				t.Fatalf("a ⊔ (b ⊔ c) differs from (a ⊔ b) ⊔ c")
			}
			// Idempotent: merging a copy in again changes nothing.
			x.mergeFrom(t, reps[1].path)
			if got := canonical(t, x.v); got != abc {
				t.Fatal("merging twice changed the content")
			}
			// No value written was lost (nothing was purged).
			have := map[string]bool{}
			for _, g := range x.v.r.groups {
				for _, e := range g.entries {
					ws, _ := x.v.writesOf(e)
					for _, w := range ws {
						have[fmt.Sprintf("%s/%d/%s", e.id, w.kind, w.value)] = true
					}
				}
			}
			for w := range written {
				if !have[w] {
					t.Fatalf("value %s was lost", w)
				}
			}
			// Display names are unique among live entries.
			seen := map[string]bool{}
			for _, e := range mustEntries(t, x.v) {
				if seen[e.Name] {
					t.Fatalf("two live entries shown as %q", e.Name)
				}
				seen[e.Name] = true
				if got, err := x.v.Get(e.Name); err != nil || got.ID != e.ID {
					t.Fatalf("Get(%q) = %v, %v", e.Name, got.ID, err)
				}
			}
		})
	}
}

// TestMergeConflict: a field changed on both sides keeps the later change,
// the other in the history, and marks the entry until it is resolved; a
// field changed on one side only takes that change without a conflict.
func TestMergeConflict(t *testing.T) {
	t.Parallel()
	base, path := newTestVault(t, nil)
	e := mustAdd(t, base, "mail", "pw-0")
	a := copyVault(t, path, base.key, 0)
	b := copyVault(t, path, base.key, 0)
	a.clock.Advance(time.Minute)
	b.clock.Advance(2 * time.Minute)
	pa, pb, user := "from-a", "from-b", "only-a"
	if _, err := a.v.Edit(e.ID, Change{Password: &pa, Username: &user}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.v.Edit(e.ID, Change{Password: &pb}); err != nil {
		t.Fatal(err)
	}
	rep := a.mergeFrom(t, b.path)
	if !slices.Equal(rep.Updated, []string{"mail"}) || !slices.Equal(rep.Conflicts, []string{"mail"}) {
		t.Fatalf("report %+v", rep)
	}
	got, _ := a.v.Get("mail")
	if !got.Conflict || got.Username != "only-a" {
		t.Fatalf("merged entry %+v", got)
	}
	s, _ := a.v.Secret(e.ID)
	if s.Password != pb {
		t.Fatalf("password %q, want the later %q", s.Password, pb)
	}
	if h := s.PasswordHistory(); len(h) != 2 || h[0].Value != "pw-0" || h[1].Value != pa {
		t.Fatalf("history %+v", h)
	}
	if err := a.v.Resolve(e.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := a.v.Get("mail"); got.Conflict {
		t.Fatal("still a conflict after Resolve")
	}
	// b takes a's merge: no conflict on b's side either once resolved.
	b.mergeFrom(t, a.path)
	if got, _ := b.v.Get("mail"); got.Conflict || got.Username != "only-a" {
		t.Fatalf("b after merging a: %+v", got)
	}
}

// TestMergeDeletion: a deletion wins over changes made before it; a change
// made after it brings the entry back, with its fields.
func TestMergeDeletion(t *testing.T) {
	t.Parallel()
	base, path := newTestVault(t, nil)
	e := mustAdd(t, base, "mail", "pw-0")
	a := copyVault(t, path, base.key, 0)
	b := copyVault(t, path, base.key, 0)
	a.clock.Advance(time.Minute)
	b.clock.Advance(2 * time.Minute)
	pw := "before"
	if _, err := a.v.Edit(e.ID, Change{Password: &pw}); err != nil {
		t.Fatal(err)
	}
	if err := b.v.Delete(e.ID); err != nil {
		t.Fatal(err)
	}
	rep := a.mergeFrom(t, b.path)
	if _, err := a.v.Get("mail"); !errors.Is(err, ErrNotFound) || !slices.Equal(rep.Deleted, []string{"mail"}) {
		t.Fatalf("a deletion after the edit: %v, report %+v", err, rep)
	}
	// An edit after the deletion brings it back.
	c := copyVault(t, path, base.key, 0)
	c.clock.Advance(3 * time.Minute)
	later := "after"
	if _, err := c.v.Edit(e.ID, Change{Password: &later}); err != nil {
		t.Fatal(err)
	}
	a.mergeFrom(t, c.path)
	got, err := a.v.Get("mail")
	if err != nil || got.Username != "user-mail" {
		t.Fatalf("an edit after the deletion: %+v %v", got, err)
	}
	checkSecret(t, a.v, e.ID, Secret{Password: "after", Notes: "notes of mail"})
}

// TestMergeNameClash: two entries made on two machines under one name
// stay two entries, told apart by their display names, whatever the order.
func TestMergeNameClash(t *testing.T) {
	t.Parallel()
	base, path := newTestVault(t, nil)
	a := copyVault(t, path, base.key, 0)
	b := copyVault(t, path, base.key, time.Second)
	mustAdd(t, a.v, "github", "pw-a")
	mustAdd(t, b.v, "github", "pw-b")
	x := copyVault(t, a.path, base.key, 0)
	x.mergeFrom(t, b.path)
	y := copyVault(t, b.path, base.key, 0)
	y.mergeFrom(t, a.path)
	for _, r := range []replica{x, y} {
		names := []string{}
		for _, e := range mustEntries(t, r.v) {
			names = append(names, e.Name)
		}
		if !slices.Equal(names, []string{"github", "github (2)"}) {
			t.Fatalf("names %v", names)
		}
		first, _ := r.v.Get("github")
		checkSecret(t, r.v, first.ID, Secret{Password: "pw-a", Notes: "notes of github"})
		// The clash survives a reopen (the root says to load every page).
		w := mustOpenKey(t, r.path, base.key, nil)
		if _, err := w.Get("github (2)"); err != nil {
			t.Fatal(err)
		}
	}
	if canonical(t, x.v) != canonical(t, y.v) {
		t.Fatal("the two orders differ")
	}
}

// TestMergePasswordChange: a master password changed on one machine
// applies to the merged vault, and another vault is refused.
func TestMergePasswordChange(t *testing.T) {
	t.Parallel()
	base, path := newTestVault(t, nil)
	a := copyVault(t, path, base.key, 0)
	b := copyVault(t, path, base.key, 0)
	b.clock.Advance(time.Minute)
	newPW := []byte("a new master password")
	if err := b.v.Rewrap(Credentials{Password: newPW}, testKDF); err != nil {
		t.Fatal(err)
	}
	mustAdd(t, a.v, "only-a", "x")
	a.mergeFrom(t, b.path)
	if _, err := Open(a.path, newPW, nil); err != nil {
		t.Fatalf("the new password after the merge: %v", err)
	}
	if _, err := Open(a.path, testPassword, nil); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("the old password after the merge: %v", err)
	}
	_, other := newTestVault(t, nil)
	if _, err := a.v.OpenCopy(other, &testCreds); !errors.Is(err, ErrOtherVault) {
		t.Fatalf("another vault: %v", err)
	}
}

// TestMergeRotatedKey: a copy whose key was rotated needs its password;
// the result uses the newer key and keeps both sides' entries.
func TestMergeRotatedKey(t *testing.T) {
	t.Parallel()
	base, path := newTestVault(t, nil)
	a := copyVault(t, path, base.key, 0)
	b := copyVault(t, path, base.key, 0)
	b.clock.Advance(time.Minute)
	if _, err := b.v.RotateKey(testCreds, testKDF); err != nil {
		t.Fatal(err)
	}
	mustAdd(t, b.v, "only-b", "y")
	mustAdd(t, a.v, "only-a", "x")
	if _, err := a.v.OpenCopy(b.path, nil); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("without its password: %v", err)
	}
	o, err := a.v.OpenCopy(b.path, &testCreds)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.v.Merge(o); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.v.key, b.v.key) {
		t.Fatal("the merged vault does not use the newer key")
	}
	w, err := Open(a.path, testPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := mustLen(t, w); n != 2 {
		t.Fatalf("%d entries", n)
	}
	for _, name := range []string{"only-a", "only-b"} {
		if _, err := w.Get(name); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
}
