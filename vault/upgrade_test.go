// Tests of the key-derivation upgrade that front ends ask for after an
// unlock.

package vault

import (
	"bytes"
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"github.com/passtea/passtea/crypto"
)

// upgradeTarget stands for crypto.Default, which is too slow for tests.
var upgradeTarget = crypto.KDFParams{MemoryKiB: 16 << 10, Iterations: 2, Parallelism: 2}

// TestUpgradeKDF: a vault with default (implicit) parameters weaker than
// the defaults is rewrapped with them by UpgradeKDF, and only then: the
// unlock itself writes nothing.
func TestUpgradeKDF(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		from, to crypto.KDFParams
		reopen   bool // open again with the password (the slow part)
	}{
		{"weaker in every field", crypto.KDFParams{MemoryKiB: 8 << 10, Iterations: 1, Parallelism: 1}, upgradeTarget, true},
		// Parameters never go down: more memory than the target is kept.
		{"more memory", crypto.KDFParams{MemoryKiB: 32 << 10, Iterations: 1, Parallelism: 1}, crypto.KDFParams{MemoryKiB: 32 << 10, Iterations: 2, Parallelism: 2}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			opts := &Options{upgradeTo: &upgradeTarget}
			path := filepath.Join(t.TempDir(), "vault.passtea")
			c, err := Create(path, testPassword, KDFSettings{Params: tc.from}, nil)
			if err != nil {
				t.Fatal(err)
			}
			e := mustAdd(t, c, "alpha", "pw-a")
			before := mustRead(t, path)

			f, err := ReadFile(path, opts)
			if err != nil {
				t.Fatal(err)
			}
			if f.Explicit() || f.Params() != tc.from {
				t.Fatalf("file: explicit %v, params %v", f.Explicit(), f.Params())
			}
			u, err := f.Unlock(testPassword)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, mustRead(t, path)) {
				t.Fatal("the unlock changed the file")
			}
			up, err := u.UpgradeKDF(testPassword)
			if err != nil || up == nil || up.From != tc.from || up.To != tc.to {
				t.Fatalf("UpgradeKDF() = %+v, %v; want %v → %v", up, err, tc.from, tc.to)
			}
			if u.Params() != tc.to || u.Explicit() {
				t.Fatalf("vault params %v explicit %v", u.Params(), u.Explicit())
			}
			sf := mustParse(t, mustRead(t, path))
			if sf.header.params != tc.to || sf.header.explicit() {
				t.Fatalf("file params %v explicit %v, want %v implicit", sf.header.params, sf.header.explicit(), tc.to)
			}
			// Only the wrap changed: the records keep their bytes.
			if old := mustParse(t, before); !slices.EqualFunc(old.records, sf.records, sameRecord) {
				t.Fatal("the upgrade resealed the records")
			}
			if !tc.reopen {
				return
			}
			w, err := Open(path, testPassword, opts)
			if err != nil {
				t.Fatalf("the password after the upgrade: %v", err)
			}
			if up, err := w.UpgradeKDF(testPassword); up != nil || err != nil {
				t.Fatalf("upgraded twice: %+v, %v", up, err)
			}
			checkSecret(t, w, e.ID, Secret{Password: "pw-a", Notes: "notes of alpha"})
			if _, err := Open(path, []byte("wrong"), opts); !errors.Is(err, ErrWrongPassword) {
				t.Fatalf("wrong password: %v", err)
			}
		})
	}
}

func sameRecord(a, b record) bool {
	return a.id == b.id && a.revision == b.revision && bytes.Equal(a.sealed, b.sealed)
}

// TestUpgradeExplicitKept: parameters the user chose are never changed,
// and an unlock then writes nothing.
func TestUpgradeExplicitKept(t *testing.T) {
	t.Parallel()
	_, path := newTestVault(t, nil) // explicit, 8 MiB, 1 pass, 1 lane
	before := mustRead(t, path)
	f, err := ReadFile(path, &Options{upgradeTo: &upgradeTarget})
	if err != nil {
		t.Fatal(err)
	}
	v, err := f.Unlock(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if up, err := v.UpgradeKDF(testPassword); up != nil || err != nil || v.Params() != testKDF.Params || !v.Explicit() {
		t.Fatalf("UpgradeKDF() = %+v, %v, params %v", up, err, v.Params())
	}
	if !bytes.Equal(before, mustRead(t, path)) {
		t.Fatal("unlocking an explicit vault changed the file")
	}
}

// TestUpgradeFailure: when the upgraded vault cannot be saved, UpgradeKDF
// reports the error, and the file and the vault in memory are unchanged.
func TestUpgradeFailure(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "vault.passtea")
	weak := crypto.KDFParams{MemoryKiB: 8 << 10, Iterations: 1, Parallelism: 1}
	if _, err := Create(path, testPassword, KDFSettings{Params: weak}, nil); err != nil {
		t.Fatal(err)
	}
	before := mustRead(t, path)
	ffs := &faultFS{}
	ffs.reset(1) // the temporary file cannot be created
	u, err := Open(path, testPassword, &Options{fs: ffs, upgradeTo: &upgradeTarget})
	if err != nil {
		t.Fatal(err)
	}
	up, err := u.UpgradeKDF(testPassword)
	if up != nil || !errors.Is(err, errInjected) {
		t.Fatalf("UpgradeKDF() = %+v, %v", up, err)
	}
	if u.Params() != weak {
		t.Fatalf("params in memory %v, want %v", u.Params(), weak)
	}
	if !bytes.Equal(before, mustRead(t, path)) {
		t.Fatal("a failed upgrade changed the file")
	}
}
