// Fuzz targets for the parsers and for Open, and the test that writes
// their seed corpora (testdata/fuzz) from a real vault.

package vault

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/passtea/passtea/crypto"
)

// fuzzVault is a small real vault, opened by testPassword: two live
// entries (one with a password history), a tombstone and a setting.
// TestWriteFuzzSeeds writes it; FuzzOpen mutates it.
const fuzzVault = "testdata/fuzz-vault.passtea"

func readFuzzVault(t testing.TB) (raw []byte, sf *sealedFile) {
	t.Helper()
	raw, err := os.ReadFile(fuzzVault)
	if err != nil {
		t.Fatalf("%v (run PASSTEA_WRITE_FUZZ_SEEDS=1 go test -run TestWriteFuzzSeeds ./vault)", err)
	}
	return raw, mustParse(t, raw)
}

// withSum appends the SHA-256 trailer to a file body.
func withSum(body []byte) []byte {
	sum := sha256.Sum256(body)
	return append(bytes.Clone(body), sum[:]...)
}

func isFileError(err error) bool {
	return errors.Is(err, ErrDamaged) || errors.Is(err, ErrNotVault) || errors.Is(err, ErrNewerVersion)
}

// FuzzParseFile: parseFile never panics, fails only with the file errors,
// and what it accepts it writes back byte for byte. With fixTrailer, b is
// the body and the checksum is appended, so that the fuzzer gets past it.
func FuzzParseFile(f *testing.F) {
	raw, _ := readFuzzVault(f)
	f.Add(raw, false)
	f.Add(raw[:len(raw)-trailerSize], true)
	f.Fuzz(func(t *testing.T, b []byte, fixTrailer bool) {
		if fixTrailer {
			b = withSum(b)
		}
		sf, err := parseFile(b)
		if err != nil {
			if sf != nil || !isFileError(err) {
				t.Fatalf("parseFile = %v, %v", sf, err)
			}
			return
		}
		if out := sf.marshal(); !bytes.Equal(out, b) {
			t.Fatalf("round trip:\n in  %x\n out %x", b, out)
		}
		if sf.recordsHash != recordsHash(sf.records) {
			t.Fatal("recordsHash disagrees with the parsed records")
		}
	})
}

// FuzzParseIndex: parseIndex never panics on any plaintext, against a file
// with no records and against the records of fuzzVault; what it accepts
// it writes back byte for byte, with a lookup of every entry.
func FuzzParseIndex(f *testing.F) {
	_, real := readFuzzVault(f)
	empty := &sealedFile{recordsHash: recordsHash(nil)}
	f.Fuzz(func(t *testing.T, plain []byte) {
		for _, sf := range []*sealedFile{empty, real} {
			ix, l, err := parseIndex(plain, sf)
			if err != nil {
				if ix != nil || !errors.Is(err, ErrDamaged) {
					t.Fatalf("parseIndex = %v, %v", ix, err)
				}
				continue
			}
			if out := ix.marshal(); !bytes.Equal(out, plain) {
				t.Fatalf("round trip:\n in  %x\n out %x", plain, out)
			}
			live := 0
			for _, e := range ix.entries {
				if l.byID[e.ID] != e {
					t.Fatalf("entry %s not in the lookup", e.ID)
				}
				if !e.deleted {
					live++
					if found, ok := l.findName(e.Name); !ok || found != e || e.sealed == nil {
						t.Fatalf("live entry %s: lookup or record missing", e.ID)
					}
				}
			}
			if live != len(sf.records) || l.nLive != live {
				t.Fatalf("%d live entries, %d records, %d names", live, len(sf.records), l.nLive)
			}
		}
	})
}

// FuzzParseSecret: parseSecret never panics, and what it accepts
// marshalSecret writes back byte for byte.
func FuzzParseSecret(f *testing.F) {
	f.Add(marshalSecret(Secret{Password: "pw", Notes: "notes", History: []OldPassword{{Password: "old"}}}))
	f.Fuzz(func(t *testing.T, plain []byte) {
		s, err := parseSecret(plain)
		if err != nil {
			if !errors.Is(err, ErrDamaged) {
				t.Fatalf("parseSecret: %v", err)
			}
			return
		}
		if out := marshalSecret(s); !bytes.Equal(out, plain) {
			t.Fatalf("round trip:\n in  %x\n out %x", plain, out)
		}
	})
}

// FuzzOpen: fuzzVault with its bytes changed never opens, and opening it
// never panics or writes. With fixTrailer the checksum is recomputed (b is
// the body), so that changes reach the layers behind it.
//
// The key-encryption key is derived once. A file whose header is the
// original's is opened with it (exactly what Unlock does, less the
// derivation); a changed header whose parameters are cheap goes through
// Unlock with the password; one with costly parameters is opened with the
// original key, which must fail too since the header is the wrap's
// associated data.
func FuzzOpen(f *testing.F) {
	orig, sf := readFuzzVault(f)
	kek, err := crypto.DeriveKey(testPassword, sf.header.salt[:], sf.header.params)
	if err != nil {
		f.Fatal(err)
	}
	path := filepath.Join(f.TempDir(), "vault.passtea")
	f.Add(orig, false)
	f.Add(orig[:len(orig)-trailerSize], true)
	f.Fuzz(func(t *testing.T, b []byte, fixTrailer bool) {
		if fixTrailer {
			b = withSum(b)
		}
		mem := newMemFS(path, b)
		file, err := ReadFile(path, &Options{fs: mem})
		var v *Vault
		if err == nil {
			p := file.Params()
			if len(b) >= headerSize && bytes.Equal(b[:headerSize], orig[:headerSize]) || p.MemoryKiB > 16<<10 || p.Iterations > 2 {
				v, err = unlockKEK(file, kek)
			} else {
				v, err = file.Unlock(testPassword)
			}
		}
		switch same := bytes.Equal(b, orig); {
		case same && err != nil:
			t.Fatalf("the original does not open: %v", err)
		case !same && err == nil:
			t.Fatalf("a changed file opened, with %d entries", v.Len())
		case err != nil && !isFileError(err) && !errors.Is(err, ErrWrongPassword):
			t.Fatalf("unexpected error: %v", err)
		}
		if mem.changes != 0 {
			t.Fatal("opening tried to change files")
		}
	})
}

// TestWriteFuzzSeeds writes fuzzVault and the seed corpora under
// testdata/fuzz. It runs only when asked:
//
//	PASSTEA_WRITE_FUZZ_SEEDS=1 go test -run TestWriteFuzzSeeds ./vault
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("PASSTEA_WRITE_FUZZ_SEEDS") == "" {
		t.Skip("set PASSTEA_WRITE_FUZZ_SEEDS=1 to rewrite testdata/fuzz")
	}
	// The vault: two live entries, one with a history, a tombstone, a setting.
	v, path := newTestVault(t, nil)
	mustAdd(t, v, "alpha", "pw-a")
	b := mustAdd(t, v, "work/bravo", "pw-b")
	c := mustAdd(t, v, "charlie", "pw-c")
	for _, pw := range []string{"pw-b2", "pw-b3 ünïcödé"} {
		if _, err := v.Edit(b.ID, Change{Password: &pw}); err != nil {
			t.Fatal(err)
		}
	}
	if err := v.Delete(c.ID); err != nil {
		t.Fatal(err)
	}
	if err := v.SetSetting("clipboard.clear", "30s"); err != nil {
		t.Fatal(err)
	}
	raw := mustRead(t, path)
	if err := os.MkdirAll(filepath.Dir(fuzzVault), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(fuzzVault, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	sf := mustParse(t, raw)
	body := raw[:len(raw)-trailerSize]
	index, err := crypto.Open(v.key, indexAAD(sf.header.marshal()), sf.index)
	if err != nil {
		t.Fatal(err)
	}
	bravo, err := v.Secret(b.ID)
	if err != nil {
		t.Fatal(err)
	}

	// A vault with only a tombstone, and an empty one.
	w, wpath := newTestVault(t, nil)
	emptyRaw := mustRead(t, wpath)
	emptyIndex := openIndexPlain(t, w.key, emptyRaw)
	x := mustAdd(t, w, "gone", "pw")
	if err := w.Delete(x.ID); err != nil {
		t.Fatal(err)
	}
	tombIndex := openIndexPlain(t, w.key, mustRead(t, wpath))

	version2 := bytes.Clone(raw)
	version2[offVersion+1] = 2
	l := layoutOf(t, raw)
	swapped := withRecords(t, raw, func(rs []record) []record { rs[0], rs[1] = rs[1], rs[0]; return rs })

	seeds := map[string][][]any{
		"FuzzParseFile": {
			{"vault", raw, false},
			{"vault-body", body, true},
			{"empty-vault-body", emptyRaw[:len(emptyRaw)-trailerSize], true},
			{"header-body", body[:headerSize+8], true},
			{"version-2", version2, false},
			{"truncated", raw[:headerSize], false},
		},
		"FuzzParseIndex": {
			{"index", index},
			{"index-empty-vault", emptyIndex},
			{"index-tombstone", tombIndex},
			{"empty", []byte{}},
		},
		"FuzzParseSecret": {
			{"history", marshalSecret(bravo)},
			{"empty", marshalSecret(Secret{})},
			{"notes", marshalSecret(Secret{Password: "p\x00w", Notes: "line 1\nline 2 ✓"})},
		},
		"FuzzOpen": {
			{"original", raw, false},
			{"original-body", body, true},
			{"index-flipped-body", flip(body, l.index[0]+30), true},
			{"records-swapped-body", swapped[:len(swapped)-trailerSize], true},
			{"salt-flipped-body", flip(body, offSalt), true},
			{"checksum-flipped", flip(raw, len(raw)-1), false},
		},
	}
	for target, files := range seeds {
		dir := filepath.Join("testdata", "fuzz", target)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, values := range files {
			var sb strings.Builder
			sb.WriteString("go test fuzz v1\n")
			for _, v := range values[1:] {
				switch v := v.(type) {
				case []byte:
					fmt.Fprintf(&sb, "[]byte(%q)\n", v)
				case bool:
					fmt.Fprintf(&sb, "bool(%v)\n", v)
				}
			}
			if err := os.WriteFile(filepath.Join(dir, values[0].(string)), []byte(sb.String()), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// openIndexPlain returns the plaintext of the sealed index of raw.
func openIndexPlain(t testing.TB, key, raw []byte) []byte {
	t.Helper()
	sf := mustParse(t, raw)
	plain, err := crypto.Open(key, indexAAD(sf.header.marshal()), sf.index)
	if err != nil {
		t.Fatal(err)
	}
	return plain
}
