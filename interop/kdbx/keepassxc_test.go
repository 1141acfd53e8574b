// Tests against the real KeePassXC, run when keepassxc-cli is on PATH:
// databases keepassxc-cli creates with every key file format are read here,
// and databases written here are listed, shown and exported by keepassxc-cli.

package kdbx

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/passtea/passtea/crypto/keyfile"
)

// richDatabase holds what an export from passtea puts in a KDBX file:
// nested groups, standard and custom fields (some protected), values with
// characters XML handles specially, history with dates, tags, times and a
// one-time code.
func richDatabase() *Database {
	at := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(err)
		}
		return t
	}
	times := func(created, modified string) Times {
		return Times{Created: at(created), Modified: at(modified), Accessed: at(modified), LocationChanged: at(created)}
	}
	github := &Entry{UUID: UUID{1, 2, 3}, Tags: []string{"dev", "work"}, Times: times("2021-02-01T10:00:00Z", "2023-04-05T06:07:08Z")}
	github.Set(FieldTitle, "GitHub", false)
	github.Set(FieldUserName, "alice", false)
	github.Set(FieldPassword, "correct horse battery staple", true)
	github.Set(FieldURL, "https://github.com/login", false)
	github.Set(FieldNotes, "line one\r\nline two & <three> \"quoted\"\n\ttabbed", false)
	github.Set("PIN", "1234", true)
	github.Set("Account", "acct-42", false)
	github.Set("KP2A_URL_1", "https://gist.github.com", false)
	github.SetOTP("otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&period=30&digits=6&issuer=GitHub")
	for i, pw := range []string{"first-pass", "second-pass"} {
		h := &Entry{Times: times("2021-02-01T10:00:00Z", fmt.Sprintf("2022-0%d-01T00:00:00Z", i+1))}
		h.Set(FieldTitle, "GitHub", false)
		h.Set(FieldUserName, "alice", false)
		h.Set(FieldPassword, pw, true)
		github.History = append(github.History, h)
	}
	unicode := &Entry{UUID: UUID{4, 5, 6}, Times: times("2019-01-01T00:00:00Z", "2019-01-02T00:00:00Z")}
	unicode.Set(FieldTitle, "Café ☕ 𝄞", false)
	unicode.Set(FieldUserName, "bob@example.com", false)
	unicode.Set(FieldPassword, "p&<>\"'ä€𝄞 ]]>", true)
	unicode.Set("Control", "bell\x07 and escape\x1b[31m", false) // written protected: XML cannot carry them
	unicode.Set("Security question", "first pet?", true)
	server := &Entry{UUID: UUID{7, 8, 9}, Times: times("2020-05-05T05:05:05Z", "2020-06-06T06:06:06Z")}
	server.Set(FieldTitle, "db1", false)
	server.Set(FieldUserName, "root", false)
	server.Set(FieldPassword, "hunter2", true)
	server.Set(FieldURL, "ssh://db1.example", false)
	server.SetOTP("otpauth://totp/db1:root?secret=GEZDGNBVGY3TQOJQ&period=30&digits=8&issuer=db1&algorithm=SHA256")
	empty := &Entry{UUID: UUID{10}}
	empty.Set(FieldTitle, "No password", false)
	empty.Set(FieldPassword, "", true)
	return &Database{
		Meta: Meta{DatabaseName: "passtea export", Description: "from passtea"},
		Root: &Group{UUID: UUID{0xAA}, Name: "Root", Times: times("2021-01-01T00:00:00Z", "2021-01-01T00:00:00Z"),
			Entries: []*Entry{empty},
			Groups: []*Group{
				{UUID: UUID{0xAB}, Name: "work", Times: times("2021-01-01T00:00:00Z", "2021-01-01T00:00:00Z"),
					Entries: []*Entry{github},
					Groups: []*Group{{UUID: UUID{0xAC}, Name: "servers", Times: times("2021-01-01T00:00:00Z", "2021-01-01T00:00:00Z"),
						Entries: []*Entry{server}}}},
				{UUID: UUID{0xAD}, Name: "personal & <home>", Times: times("2021-01-01T00:00:00Z", "2021-01-01T00:00:00Z"),
					Entries: []*Entry{unicode}},
			}},
	}
}

// entryPaths lists the entries' paths as keepassxc-cli ls -R -f prints
// them, and the entries by path.
func entryPaths(db *Database) ([]string, map[string]*Entry) {
	var paths []string
	byPath := map[string]*Entry{}
	db.Walk(func(path []*Group, e *Entry) error {
		var names []string
		for _, g := range path {
			names = append(names, g.Name)
		}
		p := strings.Join(append(names, e.Get(FieldTitle)), "/")
		paths = append(paths, p)
		byPath[p] = e
		return nil
	})
	return paths, byPath
}

// totp computes an RFC 6238 code (SHA-1) for the test's expectations.
func totp(secret string, at time.Time, period int64, digits int) string {
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil {
		panic(err)
	}
	m := hmac.New(sha1.New, key)
	binary.Write(m, binary.BigEndian, uint64(at.Unix()/period))
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 15
	code := binary.BigEndian.Uint32(sum[off:]) & 0x7fffffff
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, code%mod)
}

func TestKeePassXCReadsOurDatabases(t *testing.T) {
	run := keepassxc(t)
	dir := t.TempDir()
	keyPath := filepath.Join(dir, "passtea.keyx")
	if err := os.WriteFile(keyPath, keyfile.New(), 0o600); err != nil {
		t.Fatal(err)
	}
	key, _, err := keyfile.ReadFile(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	want := richDatabase()
	paths, byPath := entryPaths(want)
	cases := []struct {
		name string
		opt  WriteOptions
		key  bool
	}{
		{"argon2id-chacha20", WriteOptions{KDF: cheapKDF}, false},
		{"argon2id-aes-keyfile", WriteOptions{KDF: cheapKDF, Cipher: CipherAES256}, true},
		{"aeskdf-twofish", WriteOptions{KDF: KDFParams{KDF: KDFAES, Rounds: 1000}, Cipher: CipherTwofish}, false},
		{"argon2d-aes", WriteOptions{KDF: KDFParams{KDF: KDFArgon2d, MemoryKiB: 1024, Iterations: 2, Parallelism: 2}, Cipher: CipherAES256}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name+".kdbx")
			c := Credentials{Password: []byte(fixturePassword)}
			args := []string{"-q"}
			if tc.key {
				c.KeyFile = key
				args = append(args, "-k", keyPath)
			}
			writeFile(t, path, want, c, tc.opt)
			cmd := func(name string, rest ...string) string {
				return run(fixturePassword+"\n", append(append([]string{name}, args...), append(rest, path)...)...)
			}

			var gotPaths []string
			for _, p := range strings.Split(strings.TrimSuffix(cmd("ls", "-R", "-f"), "\n"), "\n") {
				if !strings.HasSuffix(p, "/") {
					gotPaths = append(gotPaths, p)
				}
			}
			if !equalSets(gotPaths, paths) {
				t.Errorf("ls -R -f lists %q, want %q", gotPaths, paths)
			}

			// Every field through show -s -a, byte for byte: single-line
			// ones together, multi-line ones alone.
			for p, e := range byPath {
				var keys []string
				for _, f := range e.Fields {
					if !strings.ContainsAny(f.Value, "\r\n") {
						keys = append(keys, f.Key)
						continue
					}
					out := run(fixturePassword+"\n", append(append([]string{"show"}, args...), "-s", "-a", f.Key, path, p)...)
					if out != f.Value+"\n" {
						t.Errorf("%s: %s = %q, want %q", p, f.Key, out, f.Value)
					}
				}
				showArgs := []string{"-s"}
				for _, k := range keys {
					showArgs = append(showArgs, "-a", k)
				}
				out := run(fixturePassword+"\n", append(append(append([]string{"show"}, args...), showArgs...), path, p)...)
				lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
				if len(lines) != len(keys) {
					t.Errorf("%s: show printed %d lines for %d fields", p, len(lines), len(keys))
					continue
				}
				for i, k := range keys {
					if lines[i] != e.Get(k) {
						t.Errorf("%s: %s = %q, want %q", p, k, lines[i], e.Get(k))
					}
				}
			}

			// The one-time codes through show -t.
			for p, e := range byPath {
				uri, ok := e.OTP()
				if !ok {
					continue
				}
				secret, digits := "JBSWY3DPEHPK3PXP", 6
				if strings.Contains(uri, "digits=8") {
					secret, digits = "GEZDGNBVGY3TQOJQ", 8
				}
				before := time.Now()
				out := strings.TrimSpace(run(fixturePassword+"\n", append(append([]string{"show"}, args...), "-t", path, p)...))
				after := time.Now()
				if strings.Contains(uri, "SHA256") {
					if len(out) != digits {
						t.Errorf("%s: TOTP %q, want %d digits", p, out, digits)
					}
					continue
				}
				if out != totp(secret, before, 30, digits) && out != totp(secret, after, 30, digits) {
					t.Errorf("%s: TOTP %q, want %q", p, out, totp(secret, before, 30, digits))
				}
			}

			// Everything else, history and times included, through
			// KeePassXC's XML export.
			exported, err := ReadXML(strings.NewReader(cmd("export", "-f", "xml")))
			if err != nil {
				t.Fatal(err)
			}
			failDiff(t, compareDatabases(exported, asKeePassXCExports(want)))
		})
	}
}

// asKeePassXCExports returns db as KeePassXC 2.7's XML export shows it:
// the export strips characters XML 1.0 cannot carry and writes CR raw, so an
// XML reader sees CR LF as LF. (show above checks those values exactly.)
func asKeePassXCExports(db *Database) *Database {
	out := withoutAttachments(db)
	fix := func(e *Entry) {
		e.Fields = slices.Clone(e.Fields)
		for i, f := range e.Fields {
			v := strings.Map(func(r rune) rune {
				if needsProtection(string(r)) {
					return -1
				}
				return r
			}, f.Value)
			e.Fields[i].Value = strings.ReplaceAll(strings.ReplaceAll(v, "\r\n", "\n"), "\r", "\n")
			e.Fields[i].Protected = f.Protected || needsProtection(f.Value)
		}
	}
	out.Walk(func(_ []*Group, e *Entry) error {
		fix(e)
		e.History = slices.Clone(e.History)
		for i, h := range e.History {
			hc := *h
			fix(&hc)
			e.History[i] = &hc
		}
		return nil
	})
	return out
}

// keyFileFormats makes a key file of each format KeePassXC reads.
func keyFileFormats(t *testing.T, dir string) map[string]string {
	raw := bytes.Repeat([]byte{0x5a, 0xa5, 0x01, 0xfe}, 8)
	files := map[string][]byte{
		"xml2-passtea.keyx":   keyfile.New(),
		"xml2-keepassxc.keyx": mustRead(t, filepath.Join("testdata", "keepassxc.keyx")),
		"xml1.key": []byte(`<?xml version="1.0" encoding="utf-8"?>
<KeyFile><Meta><Version>1.00</Version></Meta><Key><Data>` + base64.StdEncoding.EncodeToString(raw) + `</Data></Key></KeyFile>`),
		"binary32.key": raw,
		"hex64.key":    []byte(fmt.Sprintf("%x", raw)),
		"hashed.key":   mustRead(t, filepath.Join("testdata", "keepassxc-random.key")),
	}
	paths := map[string]string{}
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		paths[name] = p
	}
	return paths
}

func TestReadKeePassXCDatabases(t *testing.T) {
	run := keepassxc(t)
	dir := t.TempDir()
	keys := keyFileFormats(t, dir)
	names := make([]string, 0, len(keys))
	for name := range keys {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		for _, withPassword := range []bool{true, false} {
			if !withPassword && name != "hashed.key" && name != "xml2-passtea.keyx" {
				continue // key file alone: two formats are enough
			}
			t.Run(fmt.Sprintf("%s password=%v", name, withPassword), func(t *testing.T) {
				keyPath := keys[name]
				db := filepath.Join(dir, fmt.Sprintf("%s-%v.kdbx", name, withPassword))
				create := []string{"db-create", "-q", "--set-key-file", keyPath}
				open := []string{"-q", "-k", keyPath}
				stdin, open1 := "", ""
				if withPassword {
					create = append(create, "-p")
					stdin, open1 = pw2, fixturePassword+"\n"
				} else {
					open = append(open, "--no-password")
				}
				run(stdin, append(create, db)...)
				run(open1+"s3cret pass\n", append(append([]string{"add"}, open...), "-u", "user", "--url", "https://example.com", "--notes", "a note", "-p", db, "Entry")...)
				run(open1, append(append([]string{"add"}, open...), "-u", "second", db, "Second")...)

				key, format, err := keyfile.ReadFile(keyPath)
				if err != nil {
					t.Fatal(err)
				}
				c := Credentials{KeyFile: key, NoPassword: !withPassword}
				if withPassword {
					c.Password = []byte(fixturePassword)
				}
				got := readFile(t, db, c)
				_, byPath := entryPaths(got)
				e, ok := byPath["Entry"]
				if !ok || len(byPath) != 2 {
					t.Fatalf("entries %v (key file read as %v)", byPath, format)
				}
				for k, v := range map[string]string{FieldTitle: "Entry", FieldUserName: "user", FieldPassword: "s3cret pass", FieldURL: "https://example.com", FieldNotes: "a note"} {
					if e.Get(k) != v {
						t.Errorf("%s = %q, want %q", k, e.Get(k), v)
					}
				}
				if byPath["Second"].Get(FieldUserName) != "second" {
					t.Errorf("second entry: %+v", byPath["Second"].Fields)
				}
				// The wrong credentials are refused as such.
				wrong := c
				wrong.NoPassword, wrong.Password = false, []byte("wrong")
				f, _ := os.Open(db)
				defer f.Close()
				if _, err := Read(f, wrong); err != ErrWrongKey {
					t.Errorf("wrong credentials: err = %v, want ErrWrongKey", err)
				}
			})
		}
	}
}

// db-create's only key derivation option is a decryption time, which
// KeePassXC turns into AES-KDF rounds by benchmarking.
func TestReadKeePassXCDecryptionTime(t *testing.T) {
	run := keepassxc(t)
	db := filepath.Join(t.TempDir(), "timed.kdbx")
	run(pw2, "db-create", "-q", "-p", "-t", "150", db)
	run(fixturePassword+"\nentry-pass\n", "add", "-q", "-u", "user", "-p", db, "Entry")
	got := readFile(t, db, passwordOnly(t))
	if got.Header.KDF.KDF != KDFAES || got.Header.KDF.Rounds == 1_000_000 || got.Header.KDF.Rounds == 0 {
		t.Errorf("KDF %v: want benchmarked AES-KDF rounds", got.Header.KDF)
	}
	if _, byPath := entryPaths(got); byPath["Entry"] == nil || byPath["Entry"].Get(FieldPassword) != "entry-pass" {
		t.Errorf("entries %v", byPath)
	}
	t.Logf("%v, %v", got.Header.Version, got.Header.KDF)
}
