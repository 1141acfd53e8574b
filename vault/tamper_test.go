// Tests of damaged and tampered files: every bit flipped, every
// truncation, pages and slots spliced from other files or older saves of
// the same vault. None may open with altered content, none may panic, and
// reading never changes anything on disk.
//
// The filler after the pages is not authenticated (FORMAT.md, "File
// layout"): it carries nothing, so a change there opens the same vault.

package vault

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/passtea/passtea/crypto"
)

// tamperVault is a small vault to damage: one group with live, trashed
// and purged entries, history, custom fields, a one-time code, a setting
// and a recovery code.
type tamperVault struct {
	path, dir string
	raw       []byte
	key, kek  []byte
	code      string
	desc      string // what the untouched file holds (see describe)
	rootEnd   int    // 256 + R
	pagesEnd  int    // the first byte of the filler
	pages     [][2]int
}

func newTamperVault(t testing.TB) *tamperVault {
	t.Helper()
	path := filepath.Join(t.TempDir(), "v", "vault.passtea")
	v, code, err := Create(path, NewVault{Credentials: testCreds, KDF: testKDF, RecoveryCode: true}, &Options{Now: fakeClock()})
	if err != nil {
		t.Fatal(err)
	}
	a, err := v.Add(NewEntry{Name: "alpha", Username: "a", URLs: []string{"https://a.example", "https://b.example"}, Tags: []string{"t"},
		Secret: Secret{Password: "pw-a", Notes: "n", OTP: "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP",
			Fields: []Field{{Name: "PIN", Value: "1234", Concealed: true}, {Name: "Q", Value: "blue"}}}})
	if err != nil {
		t.Fatal(err)
	}
	pw := "pw-a2"
	if _, err := v.Edit(a.ID, Change{Password: &pw}); err != nil {
		t.Fatal(err)
	}
	mustAdd(t, v, "bravo", "pw-b")
	if err := v.Delete(mustAdd(t, v, "charlie", "pw-c").ID); err != nil {
		t.Fatal(err)
	}
	if err := v.Purge(mustAdd(t, v, "delta", "pw-d").ID); err != nil {
		t.Fatal(err)
	}
	if err := v.SetSetting("clipboard", "30s"); err != nil {
		t.Fatal(err)
	}
	tv := &tamperVault{path: path, dir: filepath.Dir(path), raw: mustRead(t, path), key: bytes.Clone(v.key), code: code}
	tv.kek = testKEK(t, tv.raw, testCreds)
	w := mustOpenKey(t, path, v.key, nil)
	if tv.desc, err = describe(w); err != nil {
		t.Fatal(err)
	}
	tv.rootEnd = int(w.r.groups[0].idx.offset)
	for _, g := range w.r.groups {
		tv.pages = append(tv.pages, [2]int{int(g.idx.offset), int(g.idx.offset) + g.idx.length}, [2]int{int(g.sec.offset), int(g.sec.offset) + g.sec.length})
		tv.pagesEnd = int(g.sec.offset) + g.sec.length
	}
	if tv.pagesEnd >= len(tv.raw) {
		t.Fatal("no filler")
	}
	return tv
}

// open reads b as the vault file through memory and opens it the way
// Unlock does (with the key-encryption key derived once), or with the
// recovery code, and reads everything in it.
func (tv *tamperVault) open(b []byte, recovery bool) (string, *memFS, error) {
	mem := newMemFS(tv.path, b)
	f, err := ReadFile(tv.path, &Options{fs: mem, noBackoff: true})
	if err != nil {
		return "", mem, err
	}
	var v *Vault
	if recovery {
		v, err = f.Recover(tv.code)
	} else {
		v, err = unlockKEK(f, tv.kek)
	}
	if err != nil {
		return "", mem, err
	}
	desc, err := describe(v)
	return desc, mem, err
}

// wantFlip is the error opening must give for the file with one bit
// flipped at byte i (nil: the filler).
func (tv *tamperVault) wantFlip(i int, b []byte, recovery bool) error {
	params := crypto.KDFParams{Parallelism: b[11], MemoryKiB: binary.BigEndian.Uint32(b[12:]), Iterations: binary.BigEndian.Uint32(b[16:])}
	switch version := binary.BigEndian.Uint16(b[8:]); {
	case i < 8:
		return ErrNotVault
	case i < 10 && version > formatVersion:
		return ErrNewerVersion
	case i < 10:
		return ErrDamaged // version 0
	case i == 10:
		return ErrDamaged // unknown key derivation
	case i < 20 && params.Validate() != nil:
		return ErrDamaged // refused before any derivation
	case i < offRecSalt && !recovery:
		return ErrWrongPassword // the password slot's associated data or the slot
	case i < offRecSalt:
		return ErrDamaged // the header no longer matches the locator's H
	case i < offLocator && recovery:
		return ErrWrongPassword // the recovery slot's salt or the slot
	case i < tv.pagesEnd:
		return ErrDamaged // H, the locator, the root, the pages
	}
	return nil
}

// TestTamperEveryBit flips each bit of a small vault in turn and opens it
// with the password (as Unlock does, less the key derivation: see
// unlockKEK) and, for the header, with the recovery code. Every flip
// outside the filler is caught by the right layer; a flip in the filler
// opens the same vault.
func TestTamperEveryBit(t *testing.T) {
	t.Parallel()
	tv := newTamperVault(t)
	before := snapshot(t, tv.dir)
	// Every bit of every byte but the filler, of which every 5th byte;
	// with -short or the race detector, every 7th byte after the header.
	step, fillerStep := 1, 5
	if testing.Short() || raceEnabled {
		step, fillerStep = 7, 7
	}
	for i := range tv.raw {
		edge := i == tv.pagesEnd-1 || i == tv.pagesEnd || i == len(tv.raw)-1
		if i >= tv.pagesEnd && i%fillerStep != 0 && !edge || i >= headerSize && i%step != 0 && !edge {
			continue
		}
		for bit := range 8 {
			b := bytes.Clone(tv.raw)
			b[i] ^= 1 << bit
			for _, recovery := range []bool{false, true} {
				if recovery && i >= headerSize {
					continue
				}
				desc, mem, err := tv.open(b, recovery)
				want := tv.wantFlip(i, b, recovery)
				switch {
				case mem.changes != 0:
					t.Fatalf("byte %d bit %d: reading tried to change files", i, bit)
				case want == nil && err != nil:
					t.Errorf("byte %d bit %d (filler): %v", i, bit, err)
				case want == nil && desc != tv.desc:
					t.Errorf("byte %d bit %d (filler): the content changed", i, bit)
				case want != nil && err == nil:
					t.Errorf("byte %d bit %d (recovery %v): opened a tampered vault", i, bit, recovery)
				case want != nil && !errors.Is(err, want):
					t.Errorf("byte %d bit %d (recovery %v): got %v, want %v", i, bit, recovery, err, want)
				case errors.Is(err, ErrDamaged):
					var d *DamagedError
					if !errors.As(err, &d) || d.Path != tv.path || d.Reason == "" {
						t.Errorf("byte %d bit %d: %#v is not a *DamagedError for the file", i, bit, err)
					}
				}
			}
		}
	}
	if desc, _, err := tv.open(tv.raw, false); err != nil || desc != tv.desc {
		t.Fatalf("the untouched file: %v", err)
	}
	if fmt.Sprint(before) != fmt.Sprint(snapshot(t, tv.dir)) {
		t.Fatal("the directory changed")
	}
}

// TestTruncateAndExtend cuts the file at every length and extends it by
// several amounts: all are damaged, none is taken for another kind of file.
func TestTruncateAndExtend(t *testing.T) {
	t.Parallel()
	tv := newTamperVault(t)
	check := func(name string, b []byte) {
		t.Helper()
		_, mem, err := tv.open(b, false)
		if !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: got %v, want ErrDamaged", name, err)
		}
		if mem.changes != 0 {
			t.Fatalf("%s: reading tried to change files", name)
		}
	}
	for n := range len(tv.raw) {
		check(fmt.Sprint("truncated to ", n), tv.raw[:n])
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 255, 4096, len(tv.raw)} {
		extra := make([]byte, n)
		for i := range extra {
			extra[i] = byte(rng.Uint32())
		}
		check(fmt.Sprint("extended by ", n), append(bytes.Clone(tv.raw), extra...))
	}
	check("the filler doubled", append(bytes.Clone(tv.raw), tv.raw[tv.pagesEnd:]...))
	// On disk, for a few lengths: the error names the file and its backup.
	for _, n := range []int{0, 4, len(magic), headerSize, tv.pagesEnd, len(tv.raw) - 1} {
		mustWrite(t, tv.path, tv.raw[:n])
		before := snapshot(t, tv.dir)
		_, err := Open(tv.path, testPassword, nil)
		if !errors.Is(err, ErrDamaged) {
			t.Errorf("on disk, truncated to %d: got %v, want ErrDamaged", n, err)
		} else {
			checkDamaged(t, err, tv.path, true)
		}
		if fmt.Sprint(before) != fmt.Sprint(snapshot(t, tv.dir)) {
			t.Fatalf("truncated to %d: a failed open changed the directory", n)
		}
	}
}

// hugeFile is a vault file that says it is larger than any vault.
type hugeFile struct{ memFile }

func (hugeFile) Stat() (os.FileInfo, error) { return memInfo(maxFileSize + 1), nil }

func (h *hugeFile) ReadAt(p []byte, off int64) (int, error) {
	panic("a file larger than any vault was read")
}

type hugeFS struct{ *memFS }

func (hugeFS) Open(string) (readFile, error) { return &hugeFile{}, nil }

// TestHugeFileRefusedUnread: a file larger than any vault is damaged
// before a byte of it is read.
func TestHugeFileRefusedUnread(t *testing.T) {
	t.Parallel()
	_, err := ReadFile("/vault", &Options{fs: hugeFS{newMemFS("/vault", nil)}})
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "too large") {
		t.Fatalf("got %v, want a damaged error saying too large", err)
	}
}

// checkDamaged checks that err is a *DamagedError for path that tells
// whether the backup exists, in its fields and its message.
func checkDamaged(t testing.TB, err error, path string, hasBackup bool) {
	t.Helper()
	var d *DamagedError
	if !errors.As(err, &d) {
		t.Fatalf("%v is not a *DamagedError", err)
	}
	if d.Path != path || d.HasBackup != hasBackup || d.Reason == "" {
		t.Errorf("DamagedError = %+v, want path %s, backup %v", d, path, hasBackup)
	}
	if msg := err.Error(); strings.Contains(msg, path+".bak") != hasBackup || !strings.Contains(msg, path) {
		t.Errorf("message %q: want the path, and the backup mentioned: %v", msg, hasBackup)
	}
}

// saves is a vault of three groups and copies of its file after each of
// a series of saves, for splicing.
type saves struct {
	path  string
	files map[string][]byte
	codes map[string]string
	pages map[string][][2]int // index and secret page of each group
	roots map[string]int      // 256 + R
	key   []byte
}

func newSaves(t *testing.T) *saves {
	t.Helper()
	path := filepath.Join(t.TempDir(), "vault.passtea")
	v, code, err := Create(path, NewVault{Credentials: testCreds, KDF: testKDF, RecoveryCode: true}, &Options{Now: fakeClock()})
	if err != nil {
		t.Fatal(err)
	}
	s := &saves{path: path, files: map[string][]byte{}, codes: map[string]string{}, pages: map[string][][2]int{}, roots: map[string]int{}}
	keep := func(name string) {
		s.files[name] = mustRead(t, path)
		s.codes[name] = code
		w := mustOpenKey(t, path, v.key, nil)
		s.roots[name] = int(w.r.groups[0].idx.offset)
		for _, g := range w.r.groups {
			s.pages[name] = append(s.pages[name], [2]int{int(g.idx.offset), int(g.idx.offset) + g.idx.length}, [2]int{int(g.sec.offset), int(g.sec.offset) + g.sec.length})
		}
	}
	if err := v.AddMany(siteEntries(300)); err != nil {
		t.Fatal(err)
	}
	keep("first")
	e, _ := v.Get("site-150")
	pw := "PW-150" // as long as before: the pages keep their sizes
	if _, err := v.Edit(e.ID, Change{Password: &pw}); err != nil {
		t.Fatal(err)
	}
	keep("edited")
	if code, err = v.NewRecoveryCode(); err != nil {
		t.Fatal(err)
	}
	keep("new code")
	if err := v.Rewrap(Credentials{Password: []byte("second password")}, testKDF); err != nil {
		t.Fatal(err)
	}
	keep("rewrapped")
	s.key = bytes.Clone(v.key)
	return s
}

// siteEntries are n entries of equal sizes.
func siteEntries(n int) []NewEntry {
	items := make([]NewEntry, n)
	for i := range items {
		items[i] = NewEntry{Name: fmt.Sprintf("site-%03d", i), Username: "me@example.org", Secret: Secret{Password: fmt.Sprintf("pw-%03d", i)}}
	}
	return items
}

// splice returns dst with the bytes at r replaced by those of src at the
// same place; the two ranges must have the same length.
func splice(t *testing.T, dst []byte, r [2]int, src []byte, sr [2]int) []byte {
	t.Helper()
	if r[1]-r[0] != sr[1]-sr[0] {
		t.Fatalf("splice of %d bytes over %d: the scenario should keep sizes", sr[1]-sr[0], r[1]-r[0])
	}
	out := bytes.Clone(dst)
	copy(out[r[0]:r[1]], src[sr[0]:sr[1]])
	if bytes.Equal(out, dst) {
		t.Fatal("the splice changed nothing")
	}
	return out
}

// TestSplice puts parts of other files into a vault file: pages of another
// vault or of an older save, pages swapped, an older root with newer pages
// and the reverse, an older recovery or password slot. The file never
// opens, with any of the credentials each part would accept.
func TestSplice(t *testing.T) {
	t.Parallel()
	s := newSaves(t)
	other := newSaves(t) // another vault with the same layout
	first, edited := s.files["first"], s.files["edited"]
	if len(s.pages["edited"]) < 6 || s.roots["first"] != s.roots["edited"] {
		t.Fatalf("layout %v, roots %v", s.pages["edited"], s.roots)
	}
	pe, pf, po := s.pages["edited"], s.pages["first"], other.pages["first"]
	all := func(b []byte) [2]int { return [2]int{0, len(b)} }
	rest := func(name string, b []byte) [2]int { return [2]int{s.roots[name], len(b)} }
	older := func(name string) []byte { return s.files[name] }
	type credential struct {
		password []byte
		code     string
	}
	tests := []struct {
		name  string
		b     []byte
		creds []credential
	}{
		{"index page of an older save", splice(t, edited, pe[2], first, pf[2]), []credential{{password: testPassword}}},
		{"secret page of an older save", splice(t, edited, pe[3], first, pf[3]), []credential{{password: testPassword}}},
		{"index page of another vault", splice(t, edited, pe[0], other.files["first"], po[0]), []credential{{password: testPassword}}},
		{"secret page of another vault", splice(t, edited, pe[1], other.files["first"], po[1]), []credential{{password: testPassword}}},
		{"index pages of two groups swapped", splice(t, splice(t, edited, pe[0], edited, pe[4]), pe[4], edited, pe[0]), []credential{{password: testPassword}}},
		{"another vault's whole body", splice(t, edited, rest("edited", edited), other.files["first"], rest("first", first)), []credential{{password: testPassword}}},
		{"older header and root, newer pages", splice(t, edited, [2]int{0, s.roots["edited"]}, first, [2]int{0, s.roots["first"]}), []credential{{password: testPassword}}},
		{"newer header and root, older pages", splice(t, first, [2]int{0, s.roots["first"]}, edited, [2]int{0, s.roots["edited"]}), []credential{{password: testPassword}}},
		{"older root, newer header", splice(t, edited, [2]int{offLocator, s.roots["edited"]}, first, [2]int{offLocator, s.roots["first"]}), []credential{{password: testPassword}}},
		// The recovery slot from before NewRecoveryCode: the old code
		// unwraps it, but the root binds the header.
		{"older recovery slot", splice(t, older("new code"), [2]int{offRecSalt, offLocator}, edited, [2]int{offRecSalt, offLocator}),
			[]credential{{password: testPassword}, {code: s.codes["edited"]}, {code: s.codes["new code"]}}},
		// The password slot from before Rewrap: the old password unwraps
		// it, but the root binds the header.
		{"older password slot", splice(t, older("rewrapped"), [2]int{11, offRecSalt}, older("new code"), [2]int{11, offRecSalt}),
			[]credential{{password: testPassword}, {password: []byte("second password")}, {code: s.codes["new code"]}}},
		{"whole older file", splice(t, edited, all(edited), first, all(first)), nil}, // opens: the control
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "vault.passtea")
			mustWrite(t, path, tc.b)
			before := snapshot(t, filepath.Dir(path))
			if tc.creds == nil {
				if _, err := Open(path, testPassword, nil); err != nil {
					t.Fatalf("an untouched file: %v", err)
				}
				return
			}
			for _, c := range tc.creds {
				f, err := ReadFile(path, nil)
				if err == nil {
					var v *Vault
					if c.code != "" {
						v, err = f.Recover(c.code)
					} else {
						v, err = f.Unlock(Credentials{Password: c.password})
					}
					if err == nil {
						_, err = describe(v)
					}
				}
				if err == nil {
					t.Fatalf("opened with %q%s", c.password, c.code)
				}
				if !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrWrongPassword) {
					t.Errorf("with %q%s: %v", c.password, c.code, err)
				}
			}
			if fmt.Sprint(before) != fmt.Sprint(snapshot(t, filepath.Dir(path))) {
				t.Fatal("a failed open changed the directory")
			}
		})
	}
}

// TestTamperHeader makes the changes to the header an attacker without
// the key can make, and unlocks each with the real password (and key
// derivation).
func TestTamperHeader(t *testing.T) {
	t.Parallel()
	tv := newTamperVault(t)
	p := crypto.KDFParams{Parallelism: tv.raw[11], MemoryKiB: binary.BigEndian.Uint32(tv.raw[12:]), Iterations: binary.BigEndian.Uint32(tv.raw[16:])}
	set := func(change func(b []byte)) []byte {
		b := bytes.Clone(tv.raw)
		change(b)
		return b
	}
	u32 := func(off int, v uint32) []byte { return set(func(b []byte) { binary.BigEndian.PutUint32(b[off:], v) }) }
	tests := []struct {
		name string
		b    []byte
		want error
	}{
		// Weaker or stronger parameters are the slot's associated data.
		{"more memory", u32(12, p.MemoryKiB+1024), ErrWrongPassword},
		{"fewer passes", u32(16, p.Iterations), ErrWrongPassword}, // the control: unchanged below
		{"more passes", u32(16, p.Iterations+1), ErrWrongPassword},
		{"more lanes", set(func(b []byte) { b[11]++ }), ErrWrongPassword},
		{"salt", set(func(b []byte) { b[30] ^= 1 }), ErrWrongPassword},
		{"password slot nonce", set(func(b []byte) { b[offPwSlot] ^= 1 }), ErrWrongPassword},
		{"password slot tag", set(func(b []byte) { b[offRecSalt-1] ^= 1 }), ErrWrongPassword},
		{"recovery salt", set(func(b []byte) { b[offRecSalt] ^= 1 }), ErrDamaged},
		{"recovery slot", set(func(b []byte) { b[offRecSlot+30] ^= 1 }), ErrDamaged},
		{"locator", set(func(b []byte) { b[offLocator+30] ^= 1 }), ErrDamaged},
		{"memory below the minimum", u32(12, crypto.MinMemoryKiB-1), ErrDamaged},
		{"memory above the maximum", u32(12, crypto.MaxMemoryKiB+1), ErrDamaged},
		{"memory 2^32-1 KiB", u32(12, 1<<32-1), ErrDamaged},
		{"memory × passes above the cap", set(func(b []byte) {
			binary.BigEndian.PutUint32(b[12:], crypto.MaxMemoryKiB)
			binary.BigEndian.PutUint32(b[16:], crypto.MaxCost/crypto.MaxMemoryKiB+1)
		}), ErrDamaged},
		{"zero passes", u32(16, 0), ErrDamaged},
		{"too many passes", u32(16, crypto.MaxIterations+1), ErrDamaged},
		{"zero lanes", set(func(b []byte) { b[11] = 0 }), ErrDamaged},
		{"too many lanes", set(func(b []byte) { b[11] = crypto.MaxParallelism + 1 }), ErrDamaged},
		{"unknown key derivation", set(func(b []byte) { b[10] = 2 }), ErrDamaged},
		{"version 0", set(func(b []byte) { b[9] = 0 }), ErrDamaged},
		{"version 1", set(func(b []byte) { b[9] = 1 }), ErrDamaged},
		{"version 3", set(func(b []byte) { b[9] = 3 }), ErrNewerVersion},
		{"version 0xffff", set(func(b []byte) { b[8], b[9] = 0xff, 0xff }), ErrNewerVersion},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "fewer passes" {
				if _, err := Open(tv.path, testPassword, nil); err != nil {
					t.Fatalf("the untouched file: %v", err)
				}
				return
			}
			if bytes.Equal(tc.b, tv.raw) {
				t.Fatal("the test changed nothing")
			}
			path := filepath.Join(t.TempDir(), "vault.passtea")
			mustWrite(t, path, tc.b)
			mustWrite(t, path+".bak", tv.raw)
			before := snapshot(t, filepath.Dir(path))
			start := time.Now()
			_, err := Open(path, testPassword, nil)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if errors.Is(err, ErrDamaged) {
				checkDamaged(t, err, path, true)
			}
			if d := time.Since(start); errors.Is(err, ErrDamaged) && d > time.Second {
				t.Errorf("refusing took %v: the parameters were used", d)
			}
			if fmt.Sprint(before) != fmt.Sprint(snapshot(t, filepath.Dir(path))) {
				t.Fatal("a failed open changed the directory")
			}
		})
	}
}

// TestDamagedWithoutBackup: with no .bak beside it, the error says so.
func TestDamagedWithoutBackup(t *testing.T) {
	t.Parallel()
	tv := newTamperVault(t)
	if err := os.Remove(tv.path + ".bak"); err != nil {
		t.Fatal(err)
	}
	b := bytes.Clone(tv.raw)
	b[tv.pages[0][0]+30] ^= 1
	mustWrite(t, tv.path, b)
	v, err := Open(tv.path, testPassword, nil)
	if err == nil {
		_, err = v.Entries()
	}
	if !errors.Is(err, ErrDamaged) {
		t.Fatalf("index page flipped: got %v, want ErrDamaged", err)
	}
	checkDamaged(t, err, tv.path, false)
}

// TestNewerVersionAndJunk: the first bytes decide between "not a vault",
// "newer version" and "damaged", and the error names the file.
func TestNewerVersionAndJunk(t *testing.T) {
	t.Parallel()
	tv := newTamperVault(t)
	rng := rand.New(rand.NewPCG(1, 2))
	junk := make([]byte, 4096)
	for i := range junk {
		junk[i] = byte(rng.Uint32())
	}
	junk[0] = 'X'
	tests := []struct {
		name string
		b    []byte
		want error
	}{
		{"version 3, header only", append([]byte(magic), 0, 3), ErrNewerVersion},
		{"random bytes", junk, ErrNotVault},
		{"text", []byte("hello, world\n"), ErrNotVault},
		{"zip", []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"), ErrNotVault},
		{"magic without the NUL", append([]byte("PASSTEA!"), tv.raw[len(magic):]...), ErrNotVault},
		{"magic of another case", append([]byte("passtea\x00"), tv.raw[len(magic):]...), ErrNotVault},
		{"one byte", []byte{0}, ErrNotVault},
		{"empty", nil, ErrDamaged},
		{"start of the magic", []byte("PASS"), ErrDamaged},
		{"magic and version 2 only", append([]byte(magic), 0, 2), ErrDamaged},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "vault.passtea")
			mustWrite(t, path, tc.b)
			before := snapshot(t, filepath.Dir(path))
			_, err := Open(path, testPassword, nil)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name the file", err)
			}
			if fmt.Sprint(before) != fmt.Sprint(snapshot(t, filepath.Dir(path))) {
				t.Fatal("a failed open changed the directory")
			}
		})
	}
}
