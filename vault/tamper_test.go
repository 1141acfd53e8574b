// Tests of damaged and tampered files: every bit flipped, every
// truncation, deliberate changes that recompute the checksum, records
// removed, duplicated, reordered or replayed. None may open, none may
// change anything on disk.

package vault

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/passtea/passtea/crypto"
)

// tamperVault is a small vault to damage: three entries, the second edited
// after a copy of the file was kept (older), for replays. A .bak exists.
type tamperVault struct {
	path, dir  string
	raw, older []byte
	key        []byte
	edited     ID // the entry edited between older and raw
}

func newTamperVault(t testing.TB) *tamperVault {
	t.Helper()
	v, path := newTestVault(t, nil)
	mustAdd(t, v, "alpha", "pw-a")
	b := mustAdd(t, v, "bravo", "pw-b")
	mustAdd(t, v, "charlie", "pw-c")
	older := mustRead(t, path)
	pw := "pw-b2"
	if _, err := v.Edit(b.ID, Change{Password: &pw}); err != nil {
		t.Fatal(err)
	}
	return &tamperVault{path: path, dir: filepath.Dir(path), raw: mustRead(t, path), older: older, key: bytes.Clone(v.key), edited: b.ID}
}

// wantPlainFlip is the error ReadFile must give for raw with one bit
// flipped at byte i, the checksum left as it is.
func wantPlainFlip(i int, flipped []byte) error {
	switch {
	case i < offVersion:
		return ErrNotVault
	case i < offFlags && binary.BigEndian.Uint16(flipped[offVersion:]) > formatVersion:
		return ErrNewerVersion
	default:
		return ErrDamaged // version 0, or the checksum
	}
}

// wantFixedFlip is the error opening must give for raw with one bit
// flipped at byte i and the checksum recomputed.
func wantFixedFlip(i int, flipped []byte) error {
	params := crypto.KDFParams{
		Parallelism: flipped[offLanes],
		MemoryKiB:   binary.BigEndian.Uint32(flipped[offMemory:]),
		Iterations:  binary.BigEndian.Uint32(flipped[offIters:]),
	}
	switch {
	case i < offFlags:
		return wantPlainFlip(i, flipped)
	case i < offVaultID:
		if binary.BigEndian.Uint16(flipped[offFlags:])&^knownFlags != 0 {
			return ErrDamaged
		}
		return ErrWrongPassword // the explicit flag is in the wrap's AAD
	case i < offKDF:
		return ErrWrongPassword
	case i == offKDF:
		return ErrDamaged
	case i < offSalt:
		if params.Validate() != nil {
			return ErrDamaged
		}
		return ErrWrongPassword
	case i < headerSize:
		return ErrWrongPassword // salt or wrapped key
	default:
		return ErrDamaged // index length, index, records
	}
}

// TestTamperEveryBit flips each bit of a small vault in turn: the checksum
// (or the magic and version before it) must catch every one, and reading
// must change nothing. The tampered files are served from memory (writing
// thousands of them to disk is slow); the tests with fewer cases below
// compare the directory on disk before and after.
func TestTamperEveryBit(t *testing.T) {
	t.Parallel()
	tv := newTamperVault(t)
	before := snapshot(t, tv.dir)
	for i := range tv.raw {
		for bit := range 8 {
			b := bytes.Clone(tv.raw)
			b[i] ^= 1 << bit
			mem := newMemFS(tv.path, b)
			f, err := ReadFile(tv.path, &Options{fs: mem})
			if err == nil {
				_, err = f.Unlock(testPassword)
				t.Errorf("byte %d bit %d: ReadFile succeeded (Unlock: %v)", i, bit, err)
				continue
			}
			if want := wantPlainFlip(i, b); !errors.Is(err, want) {
				t.Errorf("byte %d bit %d: got %v, want %v", i, bit, err, want)
			}
			if mem.changes != 0 {
				t.Fatalf("byte %d bit %d: a failed read tried to change files", i, bit)
			}
		}
	}
	if !sameSnapshot(before, snapshot(t, tv.dir)) {
		t.Fatal("the directory changed")
	}
}

// TestTamperEveryBitFixedTrailer flips each bit and recomputes the
// checksum, so that every layer behind it is exercised. The key-encryption
// key is derived once: for flips outside the salt and KDF parameters it is
// the key Unlock would derive, so unlockKEK does exactly what Unlock does;
// for flips inside them, Unlock would derive another key, and failing with
// the right one shows the header is bound by the wrap's associated data.
// Real Unlock calls on each header field are in TestTamperDeliberate.
func TestTamperEveryBitFixedTrailer(t *testing.T) {
	t.Parallel()
	tv := newTamperVault(t)
	kek := testKEK(t, tv.raw, testPassword)
	for i := range len(tv.raw) - trailerSize {
		for bit := range 8 {
			b := bytes.Clone(tv.raw)
			b[i] ^= 1 << bit
			b = fixTrailer(b)
			want := wantFixedFlip(i, b)
			mem := newMemFS(tv.path, b)
			f, err := ReadFile(tv.path, &Options{fs: mem})
			if err == nil {
				var v *Vault
				if v, err = unlockKEK(f, kek); err == nil {
					t.Errorf("byte %d bit %d: opened a tampered vault with %d entries", i, bit, v.Len())
					continue
				}
			}
			if !errors.Is(err, want) {
				t.Errorf("byte %d bit %d: got %v, want %v", i, bit, err, want)
			}
			if mem.changes != 0 {
				t.Fatalf("byte %d bit %d: a failed open tried to change files", i, bit)
			}
		}
	}
	f, err := ReadFile(tv.path, &Options{fs: newMemFS(tv.path, tv.raw)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := unlockKEK(f, kek); err != nil {
		t.Fatalf("the untouched file: %v", err)
	}
}

// TestTruncateAndExtend cuts the file at every length and appends a byte:
// all are damaged, none is taken for another kind of file.
func TestTruncateAndExtend(t *testing.T) {
	t.Parallel()
	tv := newTamperVault(t)
	before := snapshot(t, tv.dir)
	check := func(name string, b []byte) {
		t.Helper()
		mem := newMemFS(tv.path, b)
		_, err := ReadFile(tv.path, &Options{fs: mem})
		if !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: got %v, want ErrDamaged", name, err)
		}
		if mem.changes != 0 {
			t.Fatalf("%s: a failed read tried to change files", name)
		}
	}
	for n := range len(tv.raw) {
		check("truncated to "+strconv.Itoa(n), tv.raw[:n])
	}
	check("one byte appended", append(bytes.Clone(tv.raw), 0))
	check("one byte appended, checksum fixed", fixTrailer(append(bytes.Clone(tv.raw[:len(tv.raw)-trailerSize]), make([]byte, 1+trailerSize)...)))
	check("trailer doubled", append(bytes.Clone(tv.raw), tv.raw[len(tv.raw)-trailerSize:]...))
	if !sameSnapshot(before, snapshot(t, tv.dir)) {
		t.Fatal("the directory changed")
	}
	// The same on disk, for a few lengths.
	for _, n := range []int{0, 4, len(magic), headerSize, len(tv.raw) - 1} {
		mustWrite(t, tv.path, tv.raw[:n])
		before := snapshot(t, tv.dir)
		if _, err := Open(tv.path, testPassword, nil); !errors.Is(err, ErrDamaged) {
			t.Errorf("on disk, truncated to %d: got %v, want ErrDamaged", n, err)
		}
		if !sameSnapshot(before, snapshot(t, tv.dir)) {
			t.Fatalf("truncated to %d: a failed open changed the directory", n)
		}
	}
}

func putU32(b []byte, off int, v uint32) []byte {
	b = bytes.Clone(b)
	binary.BigEndian.PutUint32(b[off:], v)
	return b
}

func flip(b []byte, off int) []byte {
	b = bytes.Clone(b)
	b[off] ^= 0x01
	return b
}

// withRecords returns raw with its records replaced by change(records) and
// the checksum recomputed; the sealed index is left as it is.
func withRecords(t testing.TB, raw []byte, change func([]record) []record) []byte {
	t.Helper()
	sf := mustParse(t, raw)
	sf.records = change(slices.Clone(sf.records))
	return sf.marshal()
}

// TestTamperDeliberate makes the changes an attacker who can recompute the
// checksum would make, and opens each with the right password.
func TestTamperDeliberate(t *testing.T) {
	t.Parallel()
	tv := newTamperVault(t)
	l := layoutOf(t, tv.raw)
	olderRecs := recordsByID(t, tv.older)
	indexOf := func(rs []record, id ID) int {
		i := slices.IndexFunc(rs, func(r record) bool { return r.id == id })
		if i < 0 {
			t.Fatalf("no record %s", id)
		}
		return i
	}
	header := func(change func(b []byte)) []byte {
		b := bytes.Clone(tv.raw)
		change(b)
		return fixTrailer(b)
	}
	u32 := func(off int, v uint32) []byte { return fixTrailer(putU32(tv.raw, off, v)) }
	params := mustParse(t, tv.raw).header.params
	tests := []struct {
		name string
		b    []byte
		want error
	}{
		// The index and the records.
		{"index nonce", fixTrailer(flip(tv.raw, l.index[0])), ErrDamaged},
		{"index ciphertext", fixTrailer(flip(tv.raw, (l.index[0]+l.index[1])/2)), ErrDamaged},
		{"index tag", fixTrailer(flip(tv.raw, l.index[1]-1)), ErrDamaged},
		{"record id", fixTrailer(flip(tv.raw, l.record[1][0])), ErrDamaged},
		{"record revision", fixTrailer(flip(tv.raw, l.record[1][0]+16+7)), ErrDamaged},
		{"record sealed secret", fixTrailer(flip(tv.raw, l.record[1][1]-20)), ErrDamaged},
		{"record removed", withRecords(t, tv.raw, func(rs []record) []record { return slices.Delete(rs, 1, 2) }), ErrDamaged},
		{"last record removed", withRecords(t, tv.raw, func(rs []record) []record { return rs[:len(rs)-1] }), ErrDamaged},
		{"record duplicated", withRecords(t, tv.raw, func(rs []record) []record { return slices.Insert(rs, 1, rs[1]) }), ErrDamaged},
		{"record duplicated at the end", withRecords(t, tv.raw, func(rs []record) []record { return append(rs, rs[0]) }), ErrDamaged},
		{"records swapped", withRecords(t, tv.raw, func(rs []record) []record { rs[0], rs[1] = rs[1], rs[0]; return rs }), ErrDamaged},
		{"older record replayed", withRecords(t, tv.raw, func(rs []record) []record {
			rs[indexOf(rs, tv.edited)] = olderRecs[tv.edited]
			return rs
		}), ErrDamaged},
		{"older record replayed at the current revision", withRecords(t, tv.raw, func(rs []record) []record {
			i := indexOf(rs, tv.edited)
			rs[i] = record{id: tv.edited, revision: rs[i].revision, sealed: olderRecs[tv.edited].sealed}
			return rs
		}), ErrDamaged},
		{"older index with current records", func() []byte {
			sf := mustParse(t, tv.raw)
			sf.index = mustParse(t, tv.older).index
			return sf.marshal()
		}(), ErrDamaged},
		{"current index with older records", func() []byte {
			sf := mustParse(t, tv.raw)
			sf.records = mustParse(t, tv.older).records
			return sf.marshal()
		}(), ErrDamaged},
		// The header: the wrap's associated data covers all of it.
		{"vault id", fixTrailer(flip(tv.raw, offVaultID+3)), ErrWrongPassword},
		{"explicit flag cleared", fixTrailer(flip(tv.raw, offFlags+1)), ErrWrongPassword},
		{"memory", u32(offMemory, params.MemoryKiB+1), ErrWrongPassword},
		{"iterations", u32(offIters, params.Iterations+1), ErrWrongPassword},
		{"lanes", header(func(b []byte) { b[offLanes]++ }), ErrWrongPassword},
		{"salt", fixTrailer(flip(tv.raw, offSalt+5)), ErrWrongPassword},
		{"wrapped key nonce", fixTrailer(flip(tv.raw, offWrapped)), ErrWrongPassword},
		{"wrapped key tag", fixTrailer(flip(tv.raw, headerSize-1)), ErrWrongPassword},
		{"memory below the minimum", u32(offMemory, crypto.MinMemoryKiB-1), ErrDamaged},
		{"memory above the maximum", u32(offMemory, crypto.MaxMemoryKiB+1), ErrDamaged},
		{"memory 2^32-1 KiB", u32(offMemory, 1<<32-1), ErrDamaged},
		{"memory × iterations above the cap", header(func(b []byte) {
			binary.BigEndian.PutUint32(b[offMemory:], crypto.MaxMemoryKiB)
			binary.BigEndian.PutUint32(b[offIters:], crypto.MaxCost/crypto.MaxMemoryKiB+1)
		}), ErrDamaged},
		{"zero iterations", u32(offIters, 0), ErrDamaged},
		{"too many iterations", u32(offIters, crypto.MaxIterations+1), ErrDamaged},
		{"zero lanes", header(func(b []byte) { b[offLanes] = 0 }), ErrDamaged},
		{"too many lanes", header(func(b []byte) { b[offLanes] = crypto.MaxParallelism + 1 }), ErrDamaged},
		{"unknown key derivation", header(func(b []byte) { b[offKDF] = 2 }), ErrDamaged},
		{"unknown flag", header(func(b []byte) { b[offFlags] |= 0x80 }), ErrDamaged},
		{"version 0", header(func(b []byte) { b[offVersion+1] = 0 }), ErrDamaged},
		{"index length", fixTrailer(putU32(tv.raw, headerSize, uint32(l.index[1]-l.index[0]-1))), ErrDamaged},
		{"record count", fixTrailer(putU32(tv.raw, l.records, uint32(len(l.record)+1))), ErrDamaged},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if bytes.Equal(tc.b, tv.raw) {
				t.Fatal("the test changed nothing")
			}
			mustWrite(t, tv.path, tc.b)
			before := snapshot(t, tv.dir)
			f, err := ReadFile(tv.path, nil)
			if err == nil {
				var v *Vault
				if v, err = f.Unlock(testPassword); err == nil {
					t.Fatalf("opened a tampered vault with %d entries", v.Len())
				}
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if errors.Is(err, ErrDamaged) {
				checkDamaged(t, err, tv.path, true)
			}
			if !sameSnapshot(before, snapshot(t, tv.dir)) {
				t.Fatal("a failed open changed the directory")
			}
		})
	}
	mustWrite(t, tv.path, tv.raw)
	if _, err := Open(tv.path, testPassword, nil); err != nil {
		t.Fatalf("the untouched file: %v", err)
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

// TestDamagedWithoutBackup: with no .bak beside it, the error says so.
func TestDamagedWithoutBackup(t *testing.T) {
	t.Parallel()
	tv := newTamperVault(t)
	if err := os.Remove(tv.path + ".bak"); err != nil {
		t.Fatal(err)
	}
	l := layoutOf(t, tv.raw)
	mustWrite(t, tv.path, fixTrailer(flip(tv.raw, l.index[0]+1)))
	_, err := Open(tv.path, testPassword, nil)
	if !errors.Is(err, ErrDamaged) {
		t.Fatalf("index flipped: got %v, want ErrDamaged", err)
	}
	checkDamaged(t, err, tv.path, false)
	mustWrite(t, tv.path, flip(tv.raw, l.index[0]+1))
	_, err = ReadFile(tv.path, nil)
	if !errors.Is(err, ErrDamaged) {
		t.Fatalf("checksum: got %v, want ErrDamaged", err)
	}
	checkDamaged(t, err, tv.path, false)
}

// TestNewerVersionAndJunk: the first bytes decide between "not a vault",
// "newer version" and "damaged", before the checksum.
func TestNewerVersionAndJunk(t *testing.T) {
	t.Parallel()
	tv := newTamperVault(t)
	version := func(v uint16, fix bool) []byte {
		b := bytes.Clone(tv.raw)
		binary.BigEndian.PutUint16(b[offVersion:], v)
		if fix {
			b = fixTrailer(b)
		}
		return b
	}
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
		{"version 2", version(2, false), ErrNewerVersion},
		{"version 2, checksum fixed", version(2, true), ErrNewerVersion},
		{"version 0xffff", version(0xffff, false), ErrNewerVersion},
		{"version 2, header only", version(2, false)[:offFlags], ErrNewerVersion},
		{"random bytes", junk, ErrNotVault},
		{"text", []byte("hello, world\n"), ErrNotVault},
		{"zip", []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"), ErrNotVault},
		{"magic without the NUL", append([]byte("PASSTEA!"), tv.raw[len(magic):]...), ErrNotVault},
		{"magic of another case", append([]byte("passtea\x00"), tv.raw[len(magic):]...), ErrNotVault},
		{"one byte", []byte{0}, ErrNotVault},
		{"empty", nil, ErrDamaged},
		{"start of the magic", []byte("PASS"), ErrDamaged},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mustWrite(t, tv.path, tc.b)
			before := snapshot(t, tv.dir)
			_, err := Open(tv.path, testPassword, nil)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), tv.path) {
				t.Errorf("error %q does not name the file", err)
			}
			if !sameSnapshot(before, snapshot(t, tv.dir)) {
				t.Fatal("a failed open changed the directory")
			}
		})
	}
	t.Run("missing", func(t *testing.T) {
		if _, err := Open(filepath.Join(tv.dir, "nothing"), testPassword, nil); !errors.Is(err, ErrNoVault) {
			t.Fatalf("got %v, want ErrNoVault", err)
		}
	})
}
