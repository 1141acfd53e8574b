// Tests of passtea export through run: where it writes (files 0600, no
// symbolic link followed, no file replaced unasked, never a terminal
// unasked), each format, KDBX protection, and the lossless JSON round
// trip into a new vault.

package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/passtea/passtea/crypto/keyfile"
	"github.com/passtea/passtea/interop"
	"github.com/passtea/passtea/interop/kdbx"
	"github.com/passtea/passtea/interop/keepass"
	"github.com/passtea/passtea/vault"
)

// fillTestVault adds entries edited the ways users edit them, through the
// vault itself (the commands cannot make custom fields yet).
func fillTestVault(t *testing.T, v *testVault) {
	t.Helper()
	vt, err := vault.Open(v.path, []byte(testMaster), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer vt.Lock()
	must := func(e vault.Entry, err error) vault.Entry {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	str := func(s string) *string { return &s }
	gh := must(vt.Add(vault.NewEntry{Name: "work/github", Username: "alice", URLs: []string{"https://github.com", "https://gist.github.com"},
		Tags: []string{"dev"}, Secret: vault.Secret{Password: "gh-Export-1", Notes: "line 1\nline 2",
			OTP:    "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&algorithm=SHA1&digits=6&period=30",
			Fields: []vault.Field{{Name: "PIN", Value: "pin-Export-9", Concealed: true}, {Name: "account", Value: "42"}}}}))
	must(vt.Edit(gh.ID, vault.Change{Password: str("gh-Export-2")}))
	must(vt.Edit(gh.ID, vault.Change{Password: str("gh-Export-3"), Notes: str("")}))
	must(vt.Add(vault.NewEntry{Name: "bank", Username: "me", Secret: vault.Secret{Password: "bank-Export-4"}, Accepted: []string{"weak"}}))
	v.secret("gh-Export-1", "gh-Export-2", "gh-Export-3", "bank-Export-4", "pin-Export-9")
}

func TestExportToStdout(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	fillTestVault(t, v)
	r := v.ok("", "export", "--format", "csv")
	if !strings.HasPrefix(r.stdout, "name,username,password,url,notes,tags,otp,created,modified\n") || !strings.Contains(r.stdout, "gh-Export-3") {
		t.Errorf("stdout %q", r.stdout)
	}
	want := "exported 2 entries to standard output\n" +
		"not in csv: custom fields of 1 entry\n" +
		"not in csv: earlier values of 1 entry\n" +
		"passtea: warning: the export is NOT encrypted: it holds your passwords in plain text\n"
	if r.stderr != want {
		t.Errorf("stderr\n%s\nwant\n%s", r.stderr, want)
	}
	r = v.ok("", "export", "--format", "bitwarden-json", "-o", "-")
	var bw struct {
		Encrypted bool
		Items     []json.RawMessage
	}
	if err := json.Unmarshal([]byte(r.stdout), &bw); err != nil || bw.Encrypted || len(bw.Items) != 2 {
		t.Errorf("bitwarden json: %v %+v", err, bw)
	}
}

func TestExportUsage(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	for _, args := range [][]string{
		{"export"},
		{"export", "--format", "1pux"},
		{"export", "--format", "csv", "--export-password-file", "x"},
		{"export", "--format", "json", "--kdf-memory", "64"},
		{"export", "--format", "csv", "extra"},
	} {
		r := v.run("", args...)
		wantOneLineError(t, r, 2)
	}
}

// TestExportFiles: a new file is 0600; an existing one, or a symbolic
// link, is not replaced without --force; with --force a link is replaced
// by the file and what it pointed to is untouched.
func TestExportFiles(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	fillTestVault(t, v)
	out := filepath.Join(v.dir, "out.json")
	r := v.ok("", "export", "--format", "json", "-o", out)
	if r.stdout != "" {
		t.Errorf("stdout %q", r.stdout)
	}
	wantStderr(t, r, "exported 2 entries to "+out+"\n", "passtea: warning: "+out+" is NOT encrypted")
	st, err := os.Stat(out)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v %v", st.Mode(), err)
	}
	first, _ := os.ReadFile(out)
	r = v.run("", "export", "--format", "json", "-o", out)
	wantOneLineError(t, r, 1)
	wantStderr(t, r, out+" exists: choose another file, or --force to replace it")
	if again, _ := os.ReadFile(out); !bytes.Equal(again, first) {
		t.Error("the file changed")
	}

	target := writeTestFile(t, v.dir, "target", "keep me")
	link := filepath.Join(v.dir, "link.csv")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	r = v.run("", "export", "--format", "csv", "-o", link)
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "exists")
	v.ok("", "export", "--format", "csv", "-o", link, "--force")
	if b, _ := os.ReadFile(target); string(b) != "keep me" {
		t.Errorf("the link's target was written: %q", b)
	}
	if st, err := os.Lstat(link); err != nil || !st.Mode().IsRegular() || st.Mode().Perm() != 0o600 {
		t.Errorf("%s: %v %v", link, st.Mode(), err)
	}
	entries, _ := os.ReadDir(v.dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".passtea-export-") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
	r = v.run("", "export", "--format", "csv", "-o", filepath.Join(v.dir, "no", "such", "dir.csv"))
	wantOneLineError(t, r, 1)
}

// TestExportRefusesTerminal: a plain-text export to a terminal needs
// --force; on a real pseudo-terminal.
func TestExportRefusesTerminal(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	fillTestVault(t, v)
	_, tty := openPTY(t)
	var stderr bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: tty, stderr: &stderr, getenv: func(string) string { return "" },
		stdinIsTerminal: func() bool { return false }}
	code := run(e, []string{"--vault", v.path, "--password-file", v.pwFile, "export", "--format", "json"})
	if code != 2 || stderr.String() != "passtea: refusing to write the export to a terminal: use -o FILE (or --force)\n" {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}

// TestExportJSONRoundTrip: an export imported into a new vault, through
// the commands, gives identical entries: every field, every earlier
// value with its times, accepted findings, created and modified times.
func TestExportJSONRoundTrip(t *testing.T) {
	t.Parallel()
	a := newTestVault(t)
	fillTestVault(t, a)
	out := filepath.Join(a.dir, "export.json")
	a.ok("", "export", "--format", "json", "-o", out)
	b := newTestVault(t)
	b.secrets = a.secrets
	r := b.ok("", "import", out)
	wantStderr(t, r, "2 entries from json: 2 entry\n", "imported 2 entries\n")
	want, got := a.contents(testMaster), b.contents(testMaster)
	if len(want) != len(got) {
		t.Fatalf("%d entries, want %d", len(got), len(want))
	}
	for name, w := range want {
		g := got[name]
		w.ID, g.ID, w.Revision, g.Revision = vault.ID{}, vault.ID{}, 0, 0
		if !reflect.DeepEqual(w, g) {
			t.Errorf("%s differs after the round trip\n got %+v\nwant %+v", name, g, w)
		}
	}
	again := filepath.Join(b.dir, "again.json")
	b.ok("", "export", "--format", "json", "-o", again)
	x, _ := os.ReadFile(out)
	y, _ := os.ReadFile(again)
	if i := bytes.Index(x, []byte(`"entries"`)); i < 0 || !bytes.Equal(x[i:], y[bytes.Index(y, []byte(`"entries"`)):]) {
		t.Errorf("a second export differs:\n%s\n%s", x, y)
	}
}

// TestExportKDBX: protected by a password file, or asked twice, with a
// key file made when missing; read back here.
func TestExportKDBX(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	fillTestVault(t, v)
	pw := writeTestFile(t, v.dir, "export.txt", "Export-Pass-7\n")
	v.secret("Export-Pass-7")
	out := filepath.Join(v.dir, "out.kdbx")
	r := v.ok("", "export", "--format", "kdbx", "-o", out, "--export-password-file", pw, "--kdf-memory", "8", "--kdf-iterations", "1", "--kdf-parallelism", "1")
	wantStderr(t, r, "exported 2 entries to "+out+"\n",
		"not in kdbx: accepted audit findings (KeePass has one \"exclude from reports\" flag) of 1 entry\n",
		out+" is a KeePass database (KDBX 4, argon2id, 8 MiB, 1 pass, 1 lane), encrypted with the password you gave\n",
		"passtea: warning: argon2id, 8 MiB, 1 pass, 1 lane is below RFC 9106's recommendation (64 MiB, 3 passes): a stolen export is cheaper to attack\n")
	if strings.Contains(r.stderr, "NOT encrypted") {
		t.Errorf("stderr %q", r.stderr)
	}
	im := readKDBXExport(t, out, kdbx.Credentials{Password: []byte("Export-Pass-7")})
	if len(im.Entries) != 2 || im.Entries[1].Password != "gh-Export-3" || len(im.Entries[1].History) == 0 {
		t.Errorf("read back %+v", im.Entries)
	}

	// Asked twice on the terminal; a key file made where there is none.
	key := filepath.Join(v.dir, "export.keyx")
	term := typing("Typed-Pass-8", "Typed-Pass-8")
	out2 := filepath.Join(v.dir, "out2.kdbx")
	v.secret("Typed-Pass-8")
	r = runCLI(t, cliEnv{terminal: term}, "--vault", v.path, "--password-file", v.pwFile, "export", "--format", "kdbx", "-o", out2,
		"--export-key-file", key, "--kdf-memory", "8", "--kdf-iterations", "1")
	wantCode(t, r, 0)
	wantStderr(t, r, "created the key file "+key)
	if len(term.prompts) != 2 || !strings.Contains(term.prompts[0], "Password for the KeePass export") {
		t.Errorf("prompts %q", term.prompts)
	}
	k, _, err := keyfile.ReadFile(key)
	if err != nil {
		t.Fatal(err)
	}
	readKDBXExport(t, out2, kdbx.Credentials{Password: []byte("Typed-Pass-8"), KeyFile: k})

	r = runCLI(t, cliEnv{terminal: typing("one", "two")}, "--vault", v.path, "--password-file", v.pwFile, "export", "--format", "kdbx", "-o", filepath.Join(v.dir, "x.kdbx"))
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "the two passwords differ: nothing was exported")
	r = runCLI(t, cliEnv{}, "--vault", v.path, "--password-file", v.pwFile, "export", "--format", "kdbx", "-o", filepath.Join(v.dir, "x.kdbx"))
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "use --export-password-file FILE")
	if _, err := os.Stat(filepath.Join(v.dir, "x.kdbx")); err == nil {
		t.Error("a failed export left a file")
	}
}

func readKDBXExport(t *testing.T, path string, c kdbx.Credentials) *interop.Import {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	im, err := keepass.ReadKDBX(f, c, interop.Options{})
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return im
}
