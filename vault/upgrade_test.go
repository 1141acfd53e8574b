// Tests of reading version 1 files and of the key-derivation upgrade that
// front ends ask for after an unlock.

package vault

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/passtea/passtea/crypto"
)

// upgradeTarget stands for crypto.Default, which is too slow for tests.
var upgradeTarget = crypto.KDFParams{MemoryKiB: 16 << 10, Iterations: 2, Parallelism: 2}

// copyFixture copies a file of testdata into a temporary directory.
func copyFixture(t *testing.T, name string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "vault.passtea")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestVersion1Upgrade opens testdata/v1.passtea, written by passtea's
// version 1 code (see testdata/v1-fixture.go.txt), checks every field,
// saves it as version 2 and checks everything again.
func TestVersion1Upgrade(t *testing.T) {
	t.Parallel()
	path := copyFixture(t, "v1.passtea")
	v1raw := mustRead(t, path)
	f, err := ReadFile(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.FormatVersion() != 1 {
		t.Fatalf("version %d", f.FormatVersion())
	}
	v, err := f.Unlock(testCreds)
	if err != nil {
		t.Fatal(err)
	}
	check := func(v *Vault) {
		t.Helper()
		es := mustEntries(t, v)
		var names []string
		for _, e := range es {
			names = append(names, e.Name)
		}
		if !reflect.DeepEqual(names, []string{"Bank", "mail", "work/github"}) {
			t.Fatalf("names %v", names)
		}
		gh, err := v.Get("work/github")
		if err != nil {
			t.Fatal(err)
		}
		wantCreated := time.Date(2025, 3, 1, 9, 2, 0, 0, time.UTC)
		if gh.Username != "octocat" || !reflect.DeepEqual(gh.URLs, []string{"https://github.com/login"}) ||
			!reflect.DeepEqual(gh.Tags, []string{"dev", "work"}) || !gh.Created.Equal(wantCreated) ||
			!gh.Modified.Equal(wantCreated.Add(4*time.Minute)) {
			t.Fatalf("work/github = %+v", gh)
		}
		s, err := v.Secret(gh.ID)
		if err != nil {
			t.Fatal(err)
		}
		if s.Password != "gh-pass-3" || s.Notes != "recovery codes in the safe\nsecond line" {
			t.Fatalf("secret %+v", s)
		}
		old := s.PasswordHistory()
		if len(old) != 2 || old[0].Value != "gh-pass-1" || old[1].Value != "gh-pass-2" ||
			!old[0].Set.Equal(wantCreated) || !old[0].Replaced.Equal(wantCreated.Add(2*time.Minute)) ||
			!old[1].Replaced.Equal(wantCreated.Add(4*time.Minute)) {
			t.Fatalf("history %+v", old)
		}
		bank, _ := v.Get("Bank")
		checkSecret(t, v, bank.ID, Secret{Password: "b@nk pass ünïcode"})
		if trash, _ := v.Trash(); len(trash) != 0 {
			t.Fatalf("the v1 tombstone shows in the trash: %+v", trash)
		}
		for k, want := range map[string]string{"tui.clipboard-clear": "30s", "tui.auto-lock": "5m0s"} {
			if got, ok := v.Setting(k); !ok || got != want {
				t.Fatalf("setting %s = %q", k, got)
			}
		}
		if !v.Explicit() || v.Params() != (crypto.KDFParams{MemoryKiB: 8 << 10, Iterations: 1, Parallelism: 1}) {
			t.Fatalf("params %v explicit %v", v.Params(), v.Explicit())
		}
	}
	check(v)
	if v.FormatVersion() != 1 || !bytes.Equal(v1raw, mustRead(t, path)) {
		t.Fatal("the unlock wrote the file")
	}
	// The first save writes version 2 and keeps version 1 as the backup.
	if err := v.SetSetting("x", "y"); err != nil {
		t.Fatal(err)
	}
	if v.FormatVersion() != 2 || !bytes.Equal(v1raw, mustRead(t, path+".bak")) {
		t.Fatal("the save did not write version 2 beside a version 1 backup")
	}
	w, err := Open(path, testPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	if w.FormatVersion() != 2 {
		t.Fatal("the saved file is not version 2")
	}
	check(w)
	if _, err := Open(path, []byte("wrong"), nil); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("wrong password: %v", err)
	}
	// Another save replaces the version 1 backup (the same vault).
	if err := w.SetSetting("x", "z"); err != nil {
		t.Fatal(err)
	}
}

// TestUpgradeKDF: a vault with default (implicit) parameters weaker than
// the defaults is rewrapped with them by UpgradeKDF, and only then: the
// unlock itself writes nothing.
func TestUpgradeKDF(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		from, to crypto.KDFParams
	}{
		{"weaker in every field", crypto.KDFParams{MemoryKiB: 8 << 10, Iterations: 1, Parallelism: 1}, upgradeTarget},
		// Parameters never go down: more memory than the target is kept.
		{"more memory", crypto.KDFParams{MemoryKiB: 32 << 10, Iterations: 1, Parallelism: 1}, crypto.KDFParams{MemoryKiB: 32 << 10, Iterations: 2, Parallelism: 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			opts := &Options{upgradeTo: &upgradeTarget}
			path := filepath.Join(t.TempDir(), "vault.passtea")
			c, _, err := Create(path, NewVault{Credentials: testCreds, KDF: KDFSettings{Params: tc.from}}, nil)
			if err != nil {
				t.Fatal(err)
			}
			e := mustAdd(t, c, "alpha", "pw-a")
			before := mustRead(t, path)
			f, err := ReadFile(path, opts)
			if err != nil {
				t.Fatal(err)
			}
			u, err := f.Unlock(testCreds)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, mustRead(t, path)) {
				t.Fatal("the unlock changed the file")
			}
			up, err := u.UpgradeKDF(testCreds)
			if err != nil || up == nil || up.From != tc.from || up.To != tc.to {
				t.Fatalf("UpgradeKDF() = %+v, %v; want %v → %v", up, err, tc.from, tc.to)
			}
			w, err := Open(path, testPassword, opts)
			if err != nil {
				t.Fatalf("the password after the upgrade: %v", err)
			}
			if w.Params() != tc.to || w.Explicit() {
				t.Fatalf("params %v explicit %v", w.Params(), w.Explicit())
			}
			if up, err := w.UpgradeKDF(testCreds); up != nil || err != nil {
				t.Fatalf("upgraded twice: %+v, %v", up, err)
			}
			checkSecret(t, w, e.ID, Secret{Password: "pw-a", Notes: "notes of alpha"})
		})
	}
}

// TestUpgradeExplicitKept: parameters the user chose are never changed.
func TestUpgradeExplicitKept(t *testing.T) {
	t.Parallel()
	v, path := newTestVault(t, &Options{Now: fakeClock(), upgradeTo: &upgradeTarget})
	before := mustRead(t, path)
	if up, err := v.UpgradeKDF(testCreds); up != nil || err != nil || v.Params() != testKDF.Params || !v.Explicit() {
		t.Fatalf("UpgradeKDF() = %+v, %v, params %v", up, err, v.Params())
	}
	if !bytes.Equal(before, mustRead(t, path)) {
		t.Fatal("UpgradeKDF of an explicit vault changed the file")
	}
}

// TestUpgradeFailure: when the upgraded vault cannot be saved, UpgradeKDF
// reports the error, and the file and the vault in memory are unchanged.
func TestUpgradeFailure(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "vault.passtea")
	weak := crypto.KDFParams{MemoryKiB: 8 << 10, Iterations: 1, Parallelism: 1}
	if _, _, err := Create(path, NewVault{Credentials: testCreds, KDF: KDFSettings{Params: weak}}, nil); err != nil {
		t.Fatal(err)
	}
	before := mustRead(t, path)
	ffs := &faultFS{}
	u, err := Open(path, testPassword, &Options{fs: ffs, upgradeTo: &upgradeTarget})
	if err != nil {
		t.Fatal(err)
	}
	ffs.reset(1) // the temporary file cannot be created
	up, err := u.UpgradeKDF(testCreds)
	if up != nil || !errors.Is(err, errInjected) {
		t.Fatalf("UpgradeKDF() = %+v, %v", up, err)
	}
	if u.Params() != weak {
		t.Fatalf("params in memory %v, want %v", u.Params(), weak)
	}
	if !bytes.Equal(before, mustRead(t, path)) {
		t.Fatal("a failed upgrade changed the file")
	}
	ffs.reset(0)
	if up, err := u.UpgradeKDF(testCreds); err != nil || up == nil || up.To != upgradeTarget {
		t.Fatalf("UpgradeKDF() after the fault = %+v, %v", up, err)
	}
}

// TestUpgradeToFloorAfterMerge: a merge takes the master password from the
// copy that changed it last, with that copy's (weaker) parameters, but the
// KDF floor keeps the strongest either copy had: the next upgrade raises
// the parameters to it, even explicit ones.
func TestUpgradeToFloorAfterMerge(t *testing.T) {
	t.Parallel()
	base, path := newTestVault(t, nil)
	a := copyVault(t, path, base.key, time.Hour)
	b := copyVault(t, path, base.key, 0)
	if err := b.v.Rewrap(testCreds, KDFSettings{Params: upgradeTarget}); err != nil {
		t.Fatal(err)
	}
	newPW := Credentials{Password: []byte("changed later on a")}
	if err := a.v.Rewrap(newPW, testKDF); err != nil { // later: its slot wins
		t.Fatal(err)
	}
	a.mergeFrom(t, b.path)
	if a.v.Params() != testKDF.Params {
		t.Fatalf("params after the merge %v, want the later slot's %v", a.v.Params(), testKDF.Params)
	}
	up, err := a.v.UpgradeKDF(newPW)
	if err != nil || up == nil || up.To != upgradeTarget {
		t.Fatalf("UpgradeKDF() = %+v, %v; want an upgrade to %v", up, err, upgradeTarget)
	}
	w, err := Open(a.path, newPW.Password, nil)
	if err != nil || w.Params() != upgradeTarget {
		t.Fatalf("after the upgrade: %v, params %v", err, w.Params())
	}
}

// TestMergeVersion1Copy: a version 1 copy of a vault (the backup its first
// save left) merges into the version 2 vault: with the vault's key, without
// a password, changing nothing that was not changed.
func TestMergeVersion1Copy(t *testing.T) {
	t.Parallel()
	path := copyFixture(t, "v1.passtea")
	v, err := Open(path, testPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	mail, _ := v.Get("mail")
	pw := "changed in version 2"
	if _, err := v.Edit(mail.ID, Change{Password: &pw}); err != nil { // version 1 → .bak
		t.Fatal(err)
	}
	before := canonical(t, v)
	o, err := v.OpenCopy(path+".bak", nil)
	if err != nil || o.FormatVersion() != 1 {
		t.Fatalf("OpenCopy of the version 1 backup: %v", err)
	}
	rep, err := v.Merge(o)
	if err != nil || rep.Changed() {
		t.Fatalf("Merge = %+v, %v", rep, err)
	}
	if got := canonical(t, v); got != before {
		t.Fatalf("merging an older copy changed the content:\n%s\nvs\n%s", got, before)
	}
	checkSecret(t, mustOpenKey(t, path, v.key, nil), mail.ID, Secret{Password: pw})
}

// v1WithPasswords returns the version 1 fixture with the password of the
// entry name (and the first of its earlier passwords, if any) replaced:
// its secret and index sealed again with the fixture's key, the checksum
// recomputed (FORMAT-v1.md). Version 1 writers took any bytes as a
// password but a line break.
func v1WithPasswords(t *testing.T, name string, password, earlier []byte) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "v1.passtea"))
	if err != nil {
		t.Fatal(err)
	}
	sf, err := parseFile(raw)
	if err != nil {
		t.Fatal(err)
	}
	key, _, err := sf.unwrap(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := sf.openIndex(key)
	if err != nil {
		t.Fatal(err)
	}
	var records encoder
	records.u32(uint32(len(sf.records)))
	for _, r := range sf.records {
		sealed := r.sealed
		if i := slices.IndexFunc(ix.entries, func(e v1Entry) bool { return e.id == r.id }); ix.entries[i].name == name {
			aad := append([]byte(v1AADSecret), sf.vaultID[:]...)
			aad = append(aad, r.id[:]...)
			aad = binary.BigEndian.AppendUint64(aad, r.revision)
			plain, err := crypto.Open(key, aad, r.sealed)
			if err != nil {
				t.Fatal(err)
			}
			d := decoder{b: plain}
			d.bytes(MaxPasswordLen)
			notes := d.text(MaxNotesLen)
			n := d.count(2)
			var e encoder
			e.str(string(password))
			e.str(notes)
			e.uvarint(uint64(n))
			for i := range n {
				old, replaced := d.bytes(MaxPasswordLen), d.varint()
				if i == 0 && earlier != nil {
					old = earlier
				}
				e.str(string(old))
				e.varint(replaced)
			}
			if sealed, err = crypto.Seal(key, aad, e.b); err != nil {
				t.Fatal(err)
			}
		}
		records.raw(r.id[:])
		records.b = binary.BigEndian.AppendUint64(records.b, r.revision)
		records.u32(uint32(len(sealed)))
		records.raw(sealed)
	}
	hsum := sha256.Sum256(sf.header())
	indexAAD := append([]byte(v1AADIndex), hsum[:]...)
	index, err := crypto.Open(key, indexAAD, sf.index)
	if err != nil {
		t.Fatal(err)
	}
	rsum := sha256.Sum256(records.b)
	copy(index[len(index)-32:], rsum[:])
	if index, err = crypto.Seal(key, indexAAD, index); err != nil {
		t.Fatal(err)
	}
	out := encoder{b: bytes.Clone(sf.header())}
	out.u32(uint32(len(index)))
	out.raw(index)
	out.raw(records.b)
	sum := sha256.Sum256(out.b)
	return append(out.b, sum[:]...)
}

// TestVersion1PasswordBytes: a version 1 password that is not UTF-8, or
// holds control characters (version 1 writers allowed both), survives the
// upgrade byte for byte, and reads back after the first saves.
func TestVersion1PasswordBytes(t *testing.T) {
	t.Parallel()
	pw, old := []byte("caf\xe9 latin-1\x1b[0m"), []byte("\xff\xfe old")
	path := filepath.Join(t.TempDir(), "vault.passtea")
	mustWrite(t, path, v1WithPasswords(t, "work/github", pw, old))
	v, err := Open(path, testPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	check := func(v *Vault, when string) {
		t.Helper()
		e, err := v.Get("work/github")
		if err != nil {
			t.Fatal(err)
		}
		s, err := v.Secret(e.ID)
		if err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		if h := s.PasswordHistory(); s.Password != string(pw) || len(h) != 2 || h[0].Value != string(old) {
			t.Fatalf("%s: password %q, history %+v", when, s.Password, h)
		}
	}
	check(v, "after the unlock")
	for i := range 2 { // the second save replaces the version 1 backup
		if err := v.SetSetting("save", fmt.Sprint(i)); err != nil {
			t.Fatal(err)
		}
	}
	check(v, "after two saves")
	w, err := Open(path, testPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	check(w, "reopened")
}
