// Round trips through the writer and the reader, wrong keys, tampering and
// truncation, and the limits a hostile file meets.

package kdbx

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// fastKDF makes the key derivation negligible where a test reads a file many
// times.
var fastKDF = KDFParams{KDF: KDFAES, Rounds: 1}

func write(t testing.TB, db *Database, c Credentials, opt WriteOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, db, c, opt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var password = Credentials{Password: []byte("round trip password")}

func TestRoundTrip(t *testing.T) {
	key := bytes.Repeat([]byte{7}, 32)
	cases := []struct {
		name string
		opt  WriteOptions
		c    Credentials
	}{
		{"argon2id chacha20", WriteOptions{KDF: cheapKDF}, password},
		{"argon2id aes", WriteOptions{KDF: cheapKDF, Cipher: CipherAES256}, password},
		{"aes-kdf twofish", WriteOptions{KDF: KDFParams{KDF: KDFAES, Rounds: 10}, Cipher: CipherTwofish}, password},
		{"password and key file", WriteOptions{KDF: cheapKDF}, Credentials{Password: []byte("pw"), KeyFile: key}},
		{"key file only", WriteOptions{KDF: cheapKDF}, Credentials{NoPassword: true, KeyFile: key}},
		{"empty password", WriteOptions{KDF: cheapKDF}, Credentials{Password: []byte{}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := richDatabase()
			data := write(t, want, tc.c, tc.opt)
			r := bytes.NewReader(data)
			got, err := Read(r, tc.c)
			if err != nil {
				t.Fatal(err)
			}
			if r.Len() != 0 {
				t.Errorf("%d bytes after the end block", r.Len())
			}
			failDiff(t, compareDatabases(got, want))
			cipher := tc.opt.Cipher
			if cipher == 0 {
				cipher = CipherChaCha20
			}
			h := got.Header
			if h.Version != Version40 || h.Cipher != cipher || h.KDF.KDF != tc.opt.KDF.KDF || h.InnerStream != StreamChaCha20 {
				t.Errorf("header %v %v %v %v", h.Version, h.Cipher, h.KDF, h.InnerStream)
			}
			// Our own files keep field order exactly.
			gh := got.Root.Groups[0].Entries[0]
			wh := want.Root.Groups[0].Entries[0]
			for i := range wh.Fields {
				if gh.Fields[i].Key != wh.Fields[i].Key {
					t.Fatalf("field %d is %q, want %q", i, gh.Fields[i].Key, wh.Fields[i].Key)
				}
			}
			if got.Meta.Generator != "passtea" {
				t.Errorf("generator %q", got.Meta.Generator)
			}
		})
	}
}

func TestWriteDoesNotChangeTheDatabase(t *testing.T) {
	db := richDatabase()
	db.Root.Groups[0].UUID = UUID{}
	before := richDatabase()
	before.Root.Groups[0].UUID = UUID{}
	write(t, db, password, WriteOptions{KDF: fastKDF})
	if !reflect.DeepEqual(db, before) {
		t.Fatal("Write changed its input")
	}
}

func TestWriteVersionAndReports(t *testing.T) {
	db := richDatabase()
	e := db.Root.Entries[0]
	e.ExcludeFromReports = true
	got, err := Read(bytes.NewReader(write(t, db, password, WriteOptions{KDF: fastKDF})), password)
	if err != nil {
		t.Fatal(err)
	}
	if got.Header.Version != Version40 || !got.Root.Entries[0].ExcludeFromReports || len(got.Root.Entries[0].CustomData) != 0 {
		t.Errorf("4.0: version %v, excluded %v, custom data %v", got.Header.Version, got.Root.Entries[0].ExcludeFromReports, got.Root.Entries[0].CustomData)
	}
	db.Root.Groups[0].Tags = []string{"infra"}
	got, err = Read(bytes.NewReader(write(t, db, password, WriteOptions{KDF: fastKDF})), password)
	if err != nil {
		t.Fatal(err)
	}
	if got.Header.Version != Version41 || !got.Root.Entries[0].ExcludeFromReports || !reflect.DeepEqual(got.Root.Groups[0].Tags, []string{"infra"}) {
		t.Errorf("4.1: version %v, excluded %v, tags %v", got.Header.Version, got.Root.Entries[0].ExcludeFromReports, got.Root.Groups[0].Tags)
	}
}

func TestWriteRefuses(t *testing.T) {
	cases := map[string]func(db *Database){
		"no root":             func(db *Database) { db.Root = nil },
		"attachment":          func(db *Database) { db.Root.Entries[0].Attachments = []Attachment{{Name: "a"}} },
		"invalid UTF-8 value": func(db *Database) { db.Root.Entries[0].Set("X", "\xff", true) },
		"control in a group":  func(db *Database) { db.Root.Groups[0].Name = "a\x01b" },
		"control in a key":    func(db *Database) { db.Root.Entries[0].Fields = append(db.Root.Entries[0].Fields, Field{Key: "a\x02"}) },
		"empty key":           func(db *Database) { db.Root.Entries[0].Fields = append(db.Root.Entries[0].Fields, Field{}) },
		"repeated key": func(db *Database) {
			db.Root.Entries[0].Fields = append(db.Root.Entries[0].Fields, Field{Key: FieldTitle})
		},
		"history in history": func(db *Database) {
			h := db.Root.Groups[0].Entries[0].History[0]
			h.History = []*Entry{{}}
		},
	}
	for name, spoil := range cases {
		t.Run(name, func(t *testing.T) {
			db := richDatabase()
			spoil(db)
			var buf bytes.Buffer
			err := Write(&buf, db, password, WriteOptions{KDF: fastKDF})
			if err == nil || buf.Len() != 0 {
				t.Fatalf("err = %v, %d bytes written", err, buf.Len())
			}
			if strings.Contains(err.Error(), "\xff") || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q", err)
			}
		})
	}
	for name, opt := range map[string]WriteOptions{
		"no KDF":           {},
		"argon2 too big":   {KDF: KDFParams{KDF: KDFArgon2id, MemoryKiB: 4 << 20, Iterations: 1, Parallelism: 1}},
		"aes no rounds":    {KDF: KDFParams{KDF: KDFAES}},
		"unknown cipher":   {KDF: fastKDF, Cipher: 9},
		"too many lanes":   {KDF: KDFParams{KDF: KDFArgon2id, MemoryKiB: 1 << 20, Iterations: 1, Parallelism: 1000}},
		"no credentials":   {KDF: fastKDF},
		"argon2 no memory": {KDF: KDFParams{KDF: KDFArgon2id, MemoryKiB: 4, Iterations: 1, Parallelism: 1}},
	} {
		c := password
		if name == "no credentials" {
			c = Credentials{NoPassword: true}
		}
		var buf bytes.Buffer
		if err := Write(&buf, richDatabase(), c, opt); err == nil || buf.Len() != 0 {
			t.Errorf("%s: err = %v, %d bytes written", name, err, buf.Len())
		}
	}
}

func TestWrongKey(t *testing.T) {
	key := bytes.Repeat([]byte{1}, 32)
	data := write(t, richDatabase(), Credentials{Password: []byte("right"), KeyFile: key}, WriteOptions{KDF: fastKDF})
	for name, c := range map[string]Credentials{
		"wrong password":   {Password: []byte("wrong"), KeyFile: key},
		"no key file":      {Password: []byte("right")},
		"wrong key file":   {Password: []byte("right"), KeyFile: bytes.Repeat([]byte{2}, 32)},
		"key file only":    {NoPassword: true, KeyFile: key},
		"empty password":   {Password: []byte{}, KeyFile: key},
		"v3 wrong":         {Password: []byte("wrong")},
		"v3 with key file": {Password: []byte(fixturePassword), KeyFile: key},
	} {
		input := data
		if strings.HasPrefix(name, "v3") {
			input = mustRead(t, filepath.Join("testdata", "kdbx31-aeskdf-aes.kdbx"))
		}
		_, err := Read(bytes.NewReader(input), c)
		if !errors.Is(err, ErrWrongKey) {
			t.Errorf("%s: err = %v, want ErrWrongKey", name, err)
		}
	}
	if _, err := Read(bytes.NewReader(data), Credentials{NoPassword: true}); err == nil || errors.Is(err, ErrWrongKey) {
		t.Errorf("no credentials: err = %v", err)
	}
}

// isSentinel reports whether err is one of the package's error kinds.
func isSentinel(err error) bool {
	for _, s := range []error{ErrWrongKey, ErrNotKDBX, ErrUnsupported, ErrCorrupt, ErrLimit} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// checkError fails unless err is a one-line sentinel error that holds no
// secret of richDatabase.
func checkError(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error", what)
	}
	msg := err.Error()
	if !isSentinel(err) || strings.Contains(msg, "\n") {
		t.Fatalf("%s: error %q is not a one-line sentinel error", what, msg)
	}
	for _, secret := range []string{"correct horse", "hunter2", "1234", "round trip password", "first-pass"} {
		if strings.Contains(msg, secret) {
			t.Fatalf("%s: error %q holds a secret", what, msg)
		}
	}
}

// Every single-bit change and every truncation of a KDBX 4 file is refused.
func TestTamperAndTruncate(t *testing.T) {
	small := richDatabase()
	small.Root.Groups = small.Root.Groups[:1] // a protected value, history, a subgroup
	data := write(t, small, password, WriteOptions{KDF: fastKDF})
	for i := range data {
		bad := bytes.Clone(data)
		bad[i] ^= 1 << (i % 8)
		_, err := Read(bytes.NewReader(bad), password)
		checkError(t, fmt.Sprintf("flipped byte %d of %d", i, len(data)), err)
	}
	for n := range data {
		_, err := Read(bytes.NewReader(data[:n]), password)
		checkError(t, "truncated", err)
	}
}

// The KDBX 3.1 fixture has no HMAC: changes after the stream start bytes
// are caught by the block hashes, the gzip checksum or the XML.
func TestTamperKDBX3(t *testing.T) {
	data := mustRead(t, filepath.Join("testdata", "kdbx31-aeskdf-aes.kdbx"))
	f := Credentials{Password: []byte(fixturePassword)}
	// Derive once, then change only the payload: the header is fixed
	// (its hash in the XML is checked too).
	for i := len(data) - 1; i > len(data)-400; i -= 29 {
		bad := bytes.Clone(data)
		bad[i] ^= 0x40
		if _, err := Read(bytes.NewReader(bad), f); err == nil {
			t.Fatalf("byte %d changed and the file still read", i)
		} else if !isSentinel(err) {
			t.Fatalf("byte %d: %v", i, err)
		}
	}
}

func TestLimits(t *testing.T) {
	db := richDatabase()
	db.Root.Entries[0].Set(FieldNotes, strings.Repeat("a", 1<<20), false) // compresses to about 1 KiB
	data := write(t, db, password, WriteOptions{KDF: cheapKDF})
	cases := map[string]func(l *Limits){
		"gzip bomb":     func(l *Limits) { l.MaxXMLSize = 256 << 10 },
		"header":        func(l *Limits) { l.MaxHeaderSize = 100 },
		"block":         func(l *Limits) { l.MaxBlockSize = 100 },
		"argon2 memory": func(l *Limits) { l.Argon2MaxMemoryKiB = 512 },
		"argon2 passes": func(l *Limits) { l.Argon2MaxIterations = 0 },
		"argon2 lanes":  func(l *Limits) { l.Argon2MaxParallelism = 0 },
		"argon2 cost":   func(l *Limits) { l.Argon2MaxCost = 100 },
		"entries":       func(l *Limits) { l.MaxEntries = 3 },
		"groups":        func(l *Limits) { l.MaxGroups = 2 },
		"items":         func(l *Limits) { l.MaxItems = 10 },
		"nesting":       func(l *Limits) { l.MaxDepth = 4 },
		"aes rounds":    nil,
	}
	for name, set := range cases {
		t.Run(name, func(t *testing.T) {
			lim := DefaultLimits
			input := data
			if set == nil {
				lim.AESMaxRounds = 999_999
				input = mustRead(t, filepath.Join("testdata", "kdbx31-aeskdf-aes.kdbx"))
			} else {
				set(&lim)
			}
			_, err := ReadLimited(bytes.NewReader(input), password, lim)
			if !errors.Is(err, ErrLimit) {
				t.Fatalf("err = %v, want ErrLimit", err)
			}
			checkError(t, name, err)
		})
	}
	if _, err := ReadLimited(bytes.NewReader(data), password, DefaultLimits); err != nil {
		t.Fatalf("within the limits: %v", err)
	}
}

func TestReadHeader(t *testing.T) {
	h, err := ReadHeader(bytes.NewReader(mustRead(t, filepath.Join("testdata", "kdbx40-argon2id-chacha20.kdbx"))))
	if err != nil {
		t.Fatal(err)
	}
	if h.KDF.KDF != KDFArgon2id || h.KDF.MemoryKiB != 1024 || h.KDF.Iterations != 1 || h.KDF.Parallelism != 1 || h.KDF.Version != 0x13 {
		t.Errorf("KDF %+v", h.KDF)
	}
	if s := h.KDF.String(); s != "Argon2id, 1 MiB, 1 passes, 1 lanes" {
		t.Errorf("String() = %q", s)
	}
	h, err = ReadHeader(bytes.NewReader(mustRead(t, filepath.Join("testdata", "kdbx40-argon2d-v10-chacha20.kdbx"))))
	if err != nil || h.KDF.KDF != KDFArgon2d || h.KDF.Version != 0x10 {
		t.Errorf("Argon2d 1.0 fixture: %+v %v", h.KDF, err)
	}
	if !IsKDBX(mustRead(t, filepath.Join("testdata", "kdbx31-aeskdf-aes.kdbx"))) || IsKDBX([]byte("<?xml")) {
		t.Error("IsKDBX")
	}
	_, err = ReadHeader(strings.NewReader("not a database at all"))
	if !errors.Is(err, ErrNotKDBX) {
		t.Errorf("err = %v", err)
	}
}

func TestWalkAndRecycleBin(t *testing.T) {
	db := readXMLFile(t, filepath.Join("testdata", "import-41.xml"))
	bin := db.RecycleBin()
	if bin == nil || bin.Name != "Recycle Bin" {
		t.Fatalf("recycle bin %v", bin)
	}
	var titles []string
	db.Walk(func(path []*Group, e *Entry) error {
		var names []string
		for _, g := range path {
			names = append(names, g.Name)
		}
		titles = append(titles, strings.Join(append(names, e.Get(FieldTitle)), "/"))
		return nil
	})
	want := []string{"Work/GitHub", "Work/Servers/db1", "Personal/Café ☕", "Recycle Bin/Old thing"}
	if !reflect.DeepEqual(titles, want) {
		t.Errorf("walk %q, want %q", titles, want)
	}
	stop := errors.New("stop")
	n := 0
	if err := db.Walk(func([]*Group, *Entry) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("walk did not stop: %v after %d", err, n)
	}
	db.Meta.RecycleBinEnabled = false
	if db.RecycleBin() != nil {
		t.Error("disabled recycle bin returned")
	}
}
