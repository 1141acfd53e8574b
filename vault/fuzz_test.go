// Fuzz targets for everything that reads a vault file (the whole file,
// the root, index pages, secrets, writes and lists) and for the writer (a
// round trip of fuzzed values), and the test that writes their seed
// corpora (testdata/fuzz) from a real vault.
//
// Run one by hand for a while, e.g.:
//
//	go test -run '^$' -fuzz '^FuzzSecret$' -fuzztime 2m ./vault
//
// For FuzzOpen, whose inputs are whole files, add -fuzzminimizetime 2s:
// by default each new input is minimized for up to a minute, during which
// the fuzzer reports no executions.

package vault

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/passtea/passtea/crypto"
)

// fuzzVault is a small real vault opened by testPassword or by the
// recovery code in fuzzVault+".code": live, trashed and purged entries,
// history, custom fields, URLs, a one-time code and settings.
// TestWriteFuzzSeeds writes it; FuzzOpen mutates it.
const fuzzVault = "testdata/fuzz-vault.passtea"

// fuzzFiles are the files FuzzOpen knows how to open, and their content.
type fuzzFiles struct {
	v2, v1       []byte
	kek, v1key   []byte
	code         string
	desc2, desc1 string
	pagesEnd2    int
	path         string
}

func readFuzzFiles(t testing.TB) *fuzzFiles {
	t.Helper()
	v2, err := os.ReadFile(fuzzVault)
	if err != nil {
		t.Fatalf("%v (run PASSTEA_WRITE_FUZZ_SEEDS=1 go test -run TestWriteFuzzSeeds ./vault)", err)
	}
	code, err := os.ReadFile(fuzzVault + ".code")
	if err != nil {
		t.Fatal(err)
	}
	v1, err := os.ReadFile(filepath.Join("testdata", "v1.passtea"))
	if err != nil {
		t.Fatal(err)
	}
	ff := &fuzzFiles{v2: v2, v1: v1, code: strings.TrimSpace(string(code)), path: "/fuzz/vault.passtea"}
	ff.kek = testKEK(t, v2, testCreds)
	sf, err := parseFile(v1)
	if err != nil {
		t.Fatal(err)
	}
	if ff.v1key, _, err = sf.unwrap(testPassword); err != nil {
		t.Fatal(err)
	}
	var v *Vault
	if ff.desc2, v, err = ff.open(v2); err != nil {
		t.Fatalf("the fuzz vault: %v", err)
	}
	last := v.r.groups[len(v.r.groups)-1]
	ff.pagesEnd2 = int(last.sec.offset) + last.sec.length
	if ff.desc1, _, err = ff.open(v1); err != nil {
		t.Fatalf("the version 1 fixture: %v", err)
	}
	return ff
}

// open opens b as FuzzOpen does: a version 2 file as Unlock would with
// testPassword (the key-encryption key derived once) or with the
// recovery code, a version 1 file with its vault key; then it reads
// everything.
func (ff *fuzzFiles) open(b []byte) (string, *Vault, error) {
	mem := newMemFS(ff.path, b)
	f, err := ReadFile(ff.path, &Options{fs: mem})
	if err != nil {
		return "", nil, err
	}
	var v *Vault
	switch {
	case f.v1 != nil:
		v = f.newVault()
		v.key = bytes.Clone(ff.v1key)
		err = v.openV1Key(f)
	default:
		v, err = unlockKEK(f, ff.kek)
		if errors.Is(err, ErrWrongPassword) {
			v, err = f.Recover(ff.code)
		}
	}
	if err != nil {
		return "", nil, err
	}
	if mem.changes != 0 {
		return "", nil, errors.New("opening tried to change files")
	}
	desc, err := describe(v)
	return desc, v, err
}

func isFileError(err error) bool {
	return errors.Is(err, ErrDamaged) || errors.Is(err, ErrNotVault) || errors.Is(err, ErrNewerVersion) || errors.Is(err, ErrWrongPassword)
}

// FuzzOpen: a changed copy of the fuzz vault (or of the version 1 fixture)
// never opens with different content, never panics, and fails only with
// the file errors. Changes to the filler (not authenticated) open the
// same vault.
func FuzzOpen(f *testing.F) {
	ff := readFuzzFiles(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		desc, _, err := ff.open(b)
		switch {
		case err != nil && !isFileError(err):
			t.Fatalf("unexpected error: %v", err)
		case err != nil && (bytes.Equal(b, ff.v2) || bytes.Equal(b, ff.v1)):
			t.Fatalf("the original does not open: %v", err)
		case err != nil:
		case len(b) == len(ff.v2) && bytes.Equal(b[:ff.pagesEnd2], ff.v2[:ff.pagesEnd2]):
			if desc != ff.desc2 {
				t.Fatal("a change in the filler changed the content")
			}
		case bytes.Equal(b, ff.v1):
			if desc != ff.desc1 {
				t.Fatal("the version 1 fixture reads differently")
			}
		default:
			t.Fatalf("a changed file opened")
		}
	})
}

// FuzzRoot: decodeRoot never panics, refuses only with a *DamagedError,
// and what it accepts encodes back to the same bytes.
func FuzzRoot(f *testing.F) {
	f.Fuzz(func(t *testing.T, plain []byte, size uint32) {
		r, err := decodeRoot(bytes.Clone(plain), int64(size), 512)
		if err != nil {
			var d *DamagedError
			if r != nil || !errors.As(err, &d) {
				t.Fatalf("decodeRoot = %v, %v", r, err)
			}
			return
		}
		if out := encodeRoot(r); !bytes.Equal(bytes.TrimRight(out, "\x00"), bytes.TrimRight(plain, "\x00")) {
			t.Fatalf("round trip:\n in  %x\n out %x", plain, out)
		}
	})
}

// FuzzIndexPage: decodeIndexPage never panics, refuses only with a
// *DamagedError, and what it accepts encodes back to the same bytes; the
// entries it gives can be viewed and named.
func FuzzIndexPage(f *testing.F) {
	f.Fuzz(func(t *testing.T, plain []byte, count uint16, first string) {
		g := &group{first: first, count: int(count)}
		es, err := decodeIndexPage(bytes.Clone(plain), g)
		if err != nil {
			var d *DamagedError
			if es != nil || !errors.As(err, &d) {
				t.Fatalf("decodeIndexPage = %v, %v", es, err)
			}
			return
		}
		if out := encodeIndexPage(es); !bytes.Equal(bytes.TrimRight(out, "\x00"), bytes.TrimRight(plain, "\x00")) {
			t.Fatalf("round trip:\n in  %x\n out %x", plain, out)
		}
		g.entries = es
		displayNames([]*group{g})
		for _, e := range es {
			e.view()
		}
	})
}

// FuzzSecret: decodeSecret never panics, and what it accepts encodes back
// to the same bytes, can be viewed, and survives what a writer does to it
// (history limits, a new encoding) in a form a reader accepts.
func FuzzSecret(f *testing.F) {
	f.Fuzz(func(t *testing.T, plain []byte) {
		ws, err := decodeSecret(plain)
		if err != nil {
			return
		}
		if out := encodeSecret(ws); !bytes.Equal(out, plain) {
			t.Fatalf("round trip:\n in  %x\n out %x", plain, out)
		}
		secretView(sortWrites(slices.Clone(ws)))
		e, _ := newEntry(ID{1}, 1, 0, 0, 0, ws)
		if len(e.plain) <= maxSecretLen {
			if _, err := decodeSecret(e.plain); err != nil {
				t.Fatalf("a writer would write a secret a reader refuses: %v", err)
			}
		}
	})
}

// FuzzWrite: decodeWrite never panics and what it accepts encodes back to
// the same bytes; the list readers agree with each other.
func FuzzWrite(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		d := decoder{b: b}
		w := decodeWrite(&d)
		if d.err == nil {
			var e encoder
			encodeWrite(&e, &w)
			if !bytes.Equal(e.b, b[:len(b)-len(d.b)]) {
				t.Fatalf("round trip:\n in  %x\n out %x", b, e.b)
			}
		}
		v := string(b)
		if checkList(v, MaxFieldLen, MaxURLs) != nil {
			return
		}
		items, err := decodeList(v, MaxFieldLen)
		if err != nil {
			t.Fatalf("checkList accepts what decodeList refuses: %v", err)
		}
		var slab []string
		if got := appendList(&slab, v); !slices.Equal(got, items) {
			t.Fatalf("appendList %q, decodeList %q", got, items)
		}
		if len(items) > 0 && encodeList(items) != v {
			t.Fatalf("list round trip %q", v)
		}
	})
}

// FuzzRoundTrip puts fuzzed values through the real writer: an entry added
// with them (and one earlier value, as an import has), and an existing
// entry edited with them. What is refused is refused with an
// *InvalidError; what is accepted reads back from the file as it was
// given (normalised as the API says).
func FuzzRoundTrip(f *testing.F) {
	// One vault per fuzzing process; each added entry is purged after its
	// check, to free its name.
	path := filepath.Join(f.TempDir(), "vault.passtea")
	v, _, err := Create(path, NewVault{Credentials: testCreds, KDF: testKDF}, nil)
	if err != nil {
		f.Fatal(err)
	}
	fixed, err := v.Add(NewEntry{Name: "fixed"})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, name, user, url, tag, pw, notes, otp, field, value string, concealed bool, kind uint8, old string) {
		var fields []Field
		if field != "" || value != "" {
			fields = []Field{{Name: field, Value: value, Concealed: concealed}}
		}
		it := NewEntry{Name: name, Username: user, URLs: []string{url}, Tags: []string{tag},
			Secret: Secret{Password: pw, Notes: notes, OTP: otp, Fields: fields,
				History: []OldValue{{Kind: FieldKind(kind%9 + 1), Field: field, Value: old, Concealed: concealed, Set: time.Unix(1e9, 0)}}}}
		e, err := v.Add(it)
		var inv *InvalidError
		switch {
		case errors.As(err, &inv) || errors.Is(err, ErrNameTaken):
		case err != nil:
			t.Fatalf("Add: %v", err)
		default:
			w := mustOpenKey(t, path, v.key, nil)
			got, err := w.ByID(e.ID)
			if err != nil {
				t.Fatalf("the added entry: %v", err)
			}
			want := Entry{ID: e.ID, Revision: got.Revision, Name: NormalizeName(name), Username: user,
				URLs: nilIfEmpty(NormalizeURLs([]string{url})), Tags: nilIfEmpty(NormalizeTags([]string{tag})), HasOTP: otp != "",
				Created: got.Created, Modified: got.Modified}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("read back %+v\nwant %+v", got, want)
			}
			s, err := w.Secret(e.ID)
			if err != nil {
				t.Fatalf("the added secret: %v", err)
			}
			h := s.History
			s.History = nil
			if wantS := (Secret{Password: pw, Notes: notes, OTP: otp, Fields: fields}); !reflect.DeepEqual(s, wantS) {
				t.Fatalf("secret %+v\nwant %+v", s, wantS)
			}
			if len(h) == 0 {
				t.Fatalf("the earlier value is lost")
			}
			if err := v.Purge(e.ID); err != nil { // free the name
				t.Fatal(err)
			}
		}
		c := Change{Username: &user, URLs: &it.URLs, Tags: &it.Tags, Password: &pw, Notes: &notes, OTP: &otp, Fields: &fields}
		if _, err := v.Edit(fixed.ID, c); err != nil {
			if !errors.As(err, &inv) {
				t.Fatalf("Edit: %v", err)
			}
			return
		}
		w := mustOpenKey(t, path, v.key, nil)
		got, _ := w.ByID(fixed.ID)
		if got.Username != user || !slices.Equal(got.URLs, nilIfEmpty(NormalizeURLs(it.URLs))) || !slices.Equal(got.Tags, nilIfEmpty(NormalizeTags(it.Tags))) {
			t.Fatalf("edited %+v", got)
		}
		checkSecret(t, w, fixed.ID, Secret{Password: pw, Notes: notes, OTP: otp, Fields: fields})
	})
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

// TestWriteFuzzSeeds writes fuzzVault and the seed corpora under
// testdata/fuzz. It runs only when asked:
//
//	PASSTEA_WRITE_FUZZ_SEEDS=1 go test -run TestWriteFuzzSeeds ./vault
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("PASSTEA_WRITE_FUZZ_SEEDS") == "" {
		t.Skip("set PASSTEA_WRITE_FUZZ_SEEDS=1 to rewrite testdata/fuzz")
	}
	path := filepath.Join(t.TempDir(), "vault.passtea")
	v, code, err := Create(path, NewVault{Credentials: testCreds, KDF: testKDF, RecoveryCode: true}, &Options{Now: fakeClock()})
	if err != nil {
		t.Fatal(err)
	}
	a, err := v.Add(NewEntry{Name: "work/alpha", Username: "me", URLs: []string{"https://a.example", "https://b.example/" + strings.Repeat("x", 130)},
		Tags: []string{"work", "dev"}, Secret: Secret{Password: "pw-a", Notes: "line 1\n\tline 2", OTP: "otpauth://totp/A:me?secret=JBSWY3DPEHPK3PXP",
			Fields: []Field{{Name: "PIN", Value: "1234", Concealed: true}, {Name: "account", Value: "no. 42"}}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, pw := range []string{"pw-a2", "pw-a3 ünïcödé"} {
		if _, err := v.Edit(a.ID, Change{Password: &pw}); err != nil {
			t.Fatal(err)
		}
	}
	fields := []Field{{Name: "account", Value: "no. 43"}}
	accepted := []string{"weak"}
	if _, err := v.Edit(a.ID, Change{Fields: &fields, Accepted: &accepted}); err != nil {
		t.Fatal(err)
	}
	mustAdd(t, v, "bravo", "pw-b")
	if err := v.Delete(mustAdd(t, v, "charlie", "pw-c").ID); err != nil {
		t.Fatal(err)
	}
	if err := v.Purge(mustAdd(t, v, "delta", "pw-d").ID); err != nil {
		t.Fatal(err)
	}
	if err := v.SetSetting("clipboard.clear", "30s"); err != nil {
		t.Fatal(err)
	}
	raw := mustRead(t, path)
	must(t, os.WriteFile(fuzzVault, raw, 0o644))
	must(t, os.WriteFile(fuzzVault+".code", []byte(code+"\n"), 0o644))

	ff := readFuzzFiles(t)
	w := mustOpenKey(t, path, v.key, nil)
	must(t, w.loadAll())
	rl, err := w.hdr.openLocator(w.key)
	must(t, err)
	sealedRoot := bytes.Clone(raw[headerSize : headerSize+rl])
	rootPlain, err := crypto.Open(w.key, w.hdr.rootAAD(), sealedRoot)
	must(t, err)
	g := w.r.groups[0]
	idxPlain, err := readPage(g.src, g.idx, w.key, pageAAD(aadIndexPage, w.r.vaultID))
	must(t, err)
	secPlain, err := readPage(g.src, g.sec, w.key, pageAAD(aadSecretPage, w.r.vaultID))
	must(t, err)
	secrets, err := splitSecretPage(secPlain, g.count)
	must(t, err)
	flip := func(b []byte, i int) []byte { b = bytes.Clone(b); b[i] ^= 1; return b }
	var writes [][]any
	for _, e := range g.entries {
		for i := range e.index {
			var enc encoder
			encodeWrite(&enc, &e.index[i])
			writes = append(writes, []any{fmt.Sprintf("index-%s-%d", strings.ReplaceAll(e.storedName(), "/", "-"), i), enc.b})
		}
	}
	seeds := map[string][][]any{
		"FuzzOpen": {
			{"original", raw},
			{"version-1", ff.v1},
			{"salt-flipped", flip(raw, 25)},
			{"recovery-slot-flipped", flip(raw, offRecSlot+3)},
			{"root-flipped", flip(raw, headerSize+40)},
			{"index-page-flipped", flip(raw, int(g.idx.offset)+50)},
			{"secret-page-flipped", flip(raw, int(g.sec.offset)+50)},
			{"filler-flipped", flip(raw, len(raw)-1)},
			{"truncated", raw[:len(raw)-1]},
			{"header-only", raw[:headerSize]},
			{"version-1-flipped", flip(ff.v1, len(ff.v1)/2)},
		},
		"FuzzRoot": {
			{"root", rootPlain, uint32(len(raw))},
			{"root-other-size", rootPlain, uint32(4096)},
			{"empty", []byte{}, uint32(0)},
		},
		"FuzzIndexPage": {
			{"index", idxPlain, uint16(g.count), g.first},
			{"index-wrong-count", idxPlain, uint16(g.count + 1), g.first},
			{"empty", []byte{}, uint16(0), ""},
		},
		"FuzzSecret": {{"empty", []byte{0}}},
		"FuzzWrite":  writes,
		"FuzzRoundTrip": {
			{"plain", "work/github", "octocat", "https://github.com/login", "dev", "hunter2", "notes\nline 2", "", "PIN", "1234", true, uint8(4), "old password"},
			{"long-url", "n", "", "https://example.com/" + strings.Repeat("q", 200), "", "", "", "otpauth://totp/x?secret=A", "", "", false, uint8(2), "https://old"},
			{"escape", "a\x1bb", "u\n", "https://x", "a b", "p\x07", "\x1b[2J", "x", "F", "\x00", false, uint8(0), "\xff"},
			{"unicode", "cafe\u0301", "ü", "", "ö", "päss", "", "", strings.Repeat("f", 200), "v", false, uint8(7), "old field"},
		},
	}
	for i, s := range secrets {
		seeds["FuzzSecret"] = append(seeds["FuzzSecret"], []any{fmt.Sprintf("secret-%d", i), bytes.Clone(s)})
	}
	for target, files := range seeds {
		dir := filepath.Join("testdata", "fuzz", target)
		must(t, os.MkdirAll(dir, 0o755))
		for _, values := range files {
			var sb strings.Builder
			sb.WriteString("go test fuzz v1\n")
			for _, v := range values[1:] {
				switch v := v.(type) {
				case []byte:
					fmt.Fprintf(&sb, "[]byte(%q)\n", v)
				case string:
					fmt.Fprintf(&sb, "string(%q)\n", v)
				case bool:
					fmt.Fprintf(&sb, "bool(%v)\n", v)
				case uint8:
					fmt.Fprintf(&sb, "byte(%d)\n", v)
				case uint16:
					fmt.Fprintf(&sb, "uint16(%d)\n", v)
				case uint32:
					fmt.Fprintf(&sb, "uint32(%d)\n", v)
				}
			}
			must(t, os.WriteFile(filepath.Join(dir, values[0].(string)), []byte(sb.String()), 0o644))
		}
	}
}
