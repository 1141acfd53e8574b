// Tests of passtea import through run: every format family from the
// interop packages' fixtures, the summary and error texts, conflicts,
// --dry-run, --merge-otp, KeePass databases with their prompts, and what
// a hostile source cannot do.

package cli

import (
	"archive/zip"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/passtea/passtea/vault"
)

// importCSV is a generic CSV with three entries and a column not read.
const importCSV = `name,url,username,password,notes,tags,folder
github,https://github.com,octocat,gh-Import-1,"two
lines",dev work,work
,https://www.example.com/login,me,ex-Import-2,,,
bank,,,bank-Import-3,,,
`

func TestImportCSV(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.secret("gh-Import-1", "ex-Import-2", "bank-Import-3")
	file := writeTestFile(t, v.dir, "export.csv", importCSV+"x,,,,,,\n")
	r := v.ok("", "import", file)
	if r.stdout != "" {
		t.Errorf("import printed on stdout: %q", r.stdout)
	}
	want := "4 entries from csv: 4 login\n" +
		"changed to fit (1):\n" +
		`  line 4 "example.com": has no name: named "example.com"` + "\n" +
		"imported 4 entries\n"
	if r.stderr != want {
		t.Errorf("stderr\n%s\nwant\n%s", r.stderr, want)
	}
	got := v.contents(testMaster)
	for name, pw := range map[string]string{"work/github": "gh-Import-1", "example.com": "ex-Import-2", "bank": "bank-Import-3"} {
		if got[name].Password != pw {
			t.Errorf("%s: password %q, want %q", name, got[name].Password, pw)
		}
	}
	if gh := got["work/github"]; gh.Notes != "two\nlines" || gh.Username != "octocat" || gh.URL() != "https://github.com" || !slices.Equal(gh.Tags, []string{"dev", "work"}) {
		t.Errorf("work/github %+v", gh)
	}
	if got := lsNames(lsJSON(t, v, "")); !slices.Equal(got, []string{"bank", "example.com", "work/github", "x"}) {
		t.Errorf("names %q", got)
	}
}

// TestImportSummary: what is not kept, what was changed, what was skipped
// and the notes, in that order, before the outcome.
func TestImportSummary(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	file := writeTestFile(t, v.dir, "keepassxc.csv", `"Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified","Created"
"Root/Work","a//b","u","pw-Sum-1","","","","0","2024-01-01T00:00:00Z","2024-01-01T00:00:00Z"
"Root/Recycle Bin","gone","u","pw-Sum-2","","","","0","2024-01-01T00:00:00Z","2024-01-01T00:00:00Z"
`)
	v.secret("pw-Sum-1", "pw-Sum-2")
	r := v.ok("", "import", file)
	want := `1 entry from keepassxc-csv: 1 login
changed to fit (1):
  line 2 "Work/a/b": name "Work/a//b" written "Work/a/b"
skipped (1):
  line 3 "gone": in the recycle bin
columns not read: "Icon"
KeePassXC's CSV holds no custom attributes, attachments or history: import the .kdbx file to keep them
imported 1 entry
`
	if r.stderr != want {
		t.Errorf("stderr\n%s\nwant\n%s", r.stderr, want)
	}
}

// TestImportHostileHeader (issue 9): a CSV header and values built to
// drive the terminal reach stderr only quoted, as Go escapes.
func TestImportHostileHeader(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	file := writeTestFile(t, v.dir, "evil.csv", "name,password,\"\x1b]52;c;ZWNobyBwd25lZA==\x07\x1b[2J\"\n\"x\x1b[31m\",pw-Evil-1,\x1b]0;t\x07\n")
	v.secret("pw-Evil-1")
	r := v.ok("", "import", file)
	if strings.ContainsAny(r.stderr, "\x1b\x07") {
		t.Fatalf("raw control characters on stderr: %q", r.stderr)
	}
	wantStderr(t, r, `columns not read: "\x1b]52;c;ZWNobyBwd25lZA==\a\x1b[2J"`, `name "x\x1b[31m" written "x [31m"`)
	// A path with an escape in an error message.
	r = v.run("", "import", filepath.Join(v.dir, "x\x1b]0;t\x07.csv"))
	wantOneLineError(t, r, 1)
	if strings.ContainsAny(r.stderr, "\x1b\x07") || !strings.Contains(r.stderr, `x\x1b]0;t\x07.csv`) {
		t.Errorf("stderr %q", r.stderr)
	}
}

func TestImportAllOrNothing(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("keep", "keep-Secret-1")
	before := v.bytes()
	v.secret("ok-Import-1", "ok-Import-2", "bad\x1bImport-3")
	file := writeTestFile(t, v.dir, "bad.csv", "name,password\nok1,ok-Import-1\nok2,ok-Import-2\nbad,\"bad\x1bImport-3\"\n")
	r := v.run("", "import", file)
	wantOneLineError(t, r, 1)
	if want := "passtea: import " + file + ": line 4: invalid entry: the password contains a control character\n"; r.stderr != want {
		t.Errorf("stderr %q, want %q", r.stderr, want)
	}
	v.unchanged(before)

	for _, tc := range []struct{ name, content, msg string }{
		{"empty", "", "no entries in the input: the input is empty\n"},
		{"header only", "name,password\n", "no entries in the input: the file has a header and no rows"},
		{"no name column", "user,password\nu,p\n", "neither a name nor a url column: name the format with --format"},
		{"bad quoting", "name,password\nx,\"p\n", "line 2"},
		{"json of no known kind", `{"x":1}`, "JSON that is neither a passtea, a Bitwarden nor a 1Password export (name the format with --format)"},
	} {
		file := writeTestFile(t, v.dir, "in.csv", tc.content)
		r := v.run("", "import", file)
		wantOneLineError(t, r, 1)
		wantStderr(t, r, tc.msg)
		v.unchanged(before)
	}

	r = v.run("", "import", file+".missing")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "import "+file+".missing: stat ")
	r = v.runWith(v.masterFile("bad.txt", testMasterBad), "", "import", writeTestFile(t, v.dir, "ok.csv", "name,password\nx,ok-Import-1\n"))
	wantCode(t, r, 1)
	if !strings.HasPrefix(r.stderr, "passtea: wrong master password") {
		t.Errorf("stderr %q", r.stderr)
	}
	v.unchanged(before)
	for _, args := range [][]string{{"--format", "word"}, {"--on-conflict", "merge"}} {
		r := v.run("", append([]string{"import", file}, args...)...)
		wantOneLineError(t, r, 2)
	}
}

// TestImportRefusesDevices (issue 9): a device or a FIFO is refused
// before it is read, at once.
func TestImportRefusesDevices(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	fifo := filepath.Join(v.dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	for _, p := range []string{"/dev/zero", fifo} {
		r := v.run("", "import", p)
		wantOneLineError(t, r, 1)
		wantStderr(t, r, p+" is not a regular file or a directory")
	}
}

func TestImportConflicts(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("mail", "mail-Secret-1")
	v.secret("mail-Import-2", "other-Import-3")
	file := writeTestFile(t, v.dir, "dup.csv", "name,password\nmail,mail-Import-2\nother,other-Import-3\n")

	r := v.ok("", "import", file, "--on-conflict", "skip")
	wantStderr(t, r, `"mail" is taken: skipped`+"\n", "imported 1 entry\n")
	if got := v.contents(testMaster); got["mail"].Password != "mail-Secret-1" || len(got) != 2 {
		t.Errorf("skip: %+v", got)
	}

	r = v.ok("", "import", file)
	wantStderr(t, r, `"mail" is taken: imported as "mail (2)"`, `"other" is taken: imported as "other (2)"`, "imported 2 entries\n")

	// Replacing is one save, however many entries it replaces.
	gen := v.info().Generation
	r = v.ok("", "import", file, "--on-conflict", "replace")
	wantStderr(t, r, `"mail" replaced (the old entry is in the trash)`, `"other" replaced (the old entry is in the trash)`, "imported 2 entries\n")
	if in := v.info(); in.Generation != gen+1 || in.Trash != 2 {
		t.Errorf("replace: %d saves, %d entries in the trash; want 1 save, 2 in the trash", in.Generation-gen, in.Trash)
	}
	got := v.contents(testMaster)
	if got["mail"].Password != "mail-Import-2" || got["mail (2)"].Password != "mail-Import-2" || len(got) != 4 {
		t.Errorf("replace: %+v", got)
	}
	vt, err := vault.Open(v.path, []byte(testMaster), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer vt.Lock()
	trash, _ := vt.Trash()
	if len(trash) != 2 {
		t.Fatalf("trash %+v", trash)
	}
	for _, en := range trash {
		s, _ := vt.Secret(en.ID)
		if en.Name == "mail" && s.Password != "mail-Secret-1" {
			t.Errorf("the replaced entry in the trash: %q", s.Password)
		}
	}
}

func TestImportDryRun(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("mail", "mail-Secret-1")
	before := v.bytes()
	file := writeTestFile(t, v.dir, "in.csv", "name,password\nmail,dry-Import-1\nnew,dry-Import-2\n")
	v.secret("dry-Import-1", "dry-Import-2")
	r := v.ok("", "import", file, "--dry-run")
	want := "2 entries from csv: 2 login\n" +
		`"mail" is taken: imported as "mail (2)"` + "\n" +
		"dry run: would import 2 entries; nothing was imported\n"
	if r.stderr != want {
		t.Errorf("stderr\n%s\nwant\n%s", r.stderr, want)
	}
	v.unchanged(before)
	// Without a vault, the dry run says what it can.
	r = runCLI(t, cliEnv{}, "--vault", filepath.Join(v.dir, "none.passtea"), "--password-file", v.pwFile, "import", file, "--dry-run")
	wantCode(t, r, 0)
	wantStderr(t, r, "2 entries from csv", "dry run: there is no vault yet")
}

func TestImportStdin(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.secret("stdin-Import-1")
	r := v.ok("url,password\nhttps://www.stdin.example,stdin-Import-1\n", "import", "-")
	wantStderr(t, r, "imported 1 entry\n")
	if got := v.get("stdin.example", "password"); got != "stdin-Import-1" {
		t.Errorf("password %q", got)
	}
	before := v.bytes()
	r = v.run("", "import", "-")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "passtea: import -: no entries in the input: the input is empty\n")
	v.unchanged(before)
}

// Two rows with the same 256-byte name, twice: each takes a free name
// within vault.MaxNameLen (this once looped for ever).
func TestImportLongDuplicateNames(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	long := strings.Repeat("n", vault.MaxNameLen-2) + "é"
	file := writeTestFile(t, v.dir, "long.csv", "name\n"+long+"\n"+long+"\n")
	v.ok("", "import", file)
	v.ok("", "import", file)
	names := lsNames(lsJSON(t, v, ""))
	if len(names) != 4 {
		t.Fatalf("names %q", names)
	}
	for _, n := range names {
		if err := vault.ValidateName(n); err != nil || len(n) > vault.MaxNameLen {
			t.Errorf("%q: %v", n, err)
		}
	}
}

// fixture is a test file of an interop package.
func fixture(t *testing.T, path string) string {
	t.Helper()
	p := filepath.Join("..", "..", "interop", path)
	if _, err := os.Stat(p); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestImportFormats imports one file of each format family the interop
// packages have fixtures of (made by the real programs or from their
// published schemas: see each testdata/README.md), and checks the format
// detected, the count and one entry.
func TestImportFormats(t *testing.T) {
	t.Parallel()
	onePUX := filepath.Join(t.TempDir(), "export.1pux")
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("export.data")
	data, _ := os.ReadFile(fixture(t, "onepassword/testdata/export.data"))
	w.Write(data)
	zw.Close()
	os.WriteFile(onePUX, buf.Bytes(), 0o600)
	for _, tc := range []struct {
		path, summary string
		extra         []string
		name, field   string
		want          string
	}{
		{"csvfmt/testdata/generic.csv", "from csv", nil, "", "", ""},
		{"csvfmt/testdata/chrome.csv", "3 entries from chrome-csv", nil, "accounts.google.com", "password", "pw,2"},
		{"csvfmt/testdata/firefox.csv", "2 entries from firefox-csv", nil, "", "", ""},
		{"csvfmt/testdata/safari.csv", "from safari-csv", nil, "", "", ""},
		{"csvfmt/testdata/keepassxc.csv", "2 entries from keepassxc-csv", nil, "Work/Dev/GitHub", "password", `gh "quoted", pass`},
		{"csvfmt/testdata/lastpass.csv", "from lastpass-csv", nil, "", "", ""},
		{"bitwarden/testdata/personal.json", "from bitwarden-json", nil, "", "", ""},
		{"bitwarden/testdata/export.csv", "from bitwarden-csv", nil, "", "", ""},
		{"onepassword/testdata/export.csv", "from 1password-csv", nil, "", "", ""},
		{"googleauth/testdata/export.txt", "from otpauth", nil, "", "", ""},
		{"../otp/qr/testdata/export-phone.png", "from otpauth", nil, "", "", ""},
		{"kdbx/testdata/keepassxc-export.xml", "3 entries from keepass-xml: 3 login", nil, "Work/GitHub", "username", "alice"},
		{"kdbx/testdata/kdbx40-argon2id-chacha20.kdbx", "4 entries from kdbx: 4 login", []string{"--source-password-file", "kdbx-password"}, "Work/Servers/db1", "password", "hunter2"},
		{onePUX, "4 entries from 1pux", nil, "", "", ""},
	} {
		t.Run(filepath.Base(tc.path), func(t *testing.T) {
			t.Parallel()
			v := newTestVault(t)
			path := tc.path
			if !filepath.IsAbs(path) {
				path = fixture(t, path)
			}
			args := []string{"import", path}
			for _, a := range tc.extra {
				if a == "kdbx-password" {
					a = writeTestFile(t, v.dir, "kdbx.txt", "passtea-fixture\n")
				}
				args = append(args, a)
			}
			r := v.ok("", args...)
			wantStderr(t, r, tc.summary, "imported ")
			if tc.name != "" {
				if got := v.get(tc.name, tc.field); got != tc.want {
					t.Errorf("%s %s = %q, want %q", tc.name, tc.field, got, tc.want)
				}
			}
		})
	}
}

// kdbxFixture is a KeePassXC-made database of package kdbx's testdata.
func kdbxFixture(t *testing.T, name string) string {
	return fixture(t, filepath.Join("kdbx", "testdata", name))
}

// TestImportKDBXPrompt: the source's password is asked on the terminal
// (never taken from argv), a key-file-only database takes an empty
// answer, a wrong password changes nothing.
func TestImportKDBXPrompt(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.secret("passtea-fixture", "correct horse battery staple", "hunter2")
	src := kdbxFixture(t, "kdbx40-argon2d-aes.kdbx")
	term := typing("passtea-fixture")
	r := runCLI(t, cliEnv{terminal: term}, "--vault", v.path, "--password-file", v.pwFile, "import", src)
	wantCode(t, r, 0)
	if want := []string{"Password of " + src + ": "}; !slices.Equal(term.prompts, want) {
		t.Errorf("prompts %q, want %q", term.prompts, want)
	}
	wantStderr(t, r, "4 entries from kdbx", "KeePass database: KDBX 4.0, Argon2d, 1 MiB, 2 passes, 2 lanes, AES 256-bit", "imported 4 entries")
	noSecretsIn(t, "stderr", r.stderr, "passtea-fixture", "hunter2")

	before := v.bytes()
	r = runCLI(t, cliEnv{terminal: typing("not-it")}, "--vault", v.path, "--password-file", v.pwFile, "import", src)
	wantOneLineError(t, r, 1)
	if want := "passtea: import " + src + ": the password or key file does not open this database (nothing was imported)\n"; r.stderr != want {
		t.Errorf("stderr %q, want %q", r.stderr, want)
	}
	r = runCLI(t, cliEnv{}, "--vault", v.path, "--password-file", v.pwFile, "import", src)
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "no terminal to ask for the KeePass database's password: use --source-password-file FILE")
	r = runCLI(t, cliEnv{terminal: typing("\x04")}, "--vault", v.path, "--password-file", v.pwFile, "import", src)
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "aborted")
	v.unchanged(before)

	keyOnly := kdbxFixture(t, "kdbx31-keyfile-only.kdbx")
	key := kdbxFixture(t, "keepassxc-random.key")
	term = typing("")
	r = runCLI(t, cliEnv{terminal: term}, "--vault", v.path, "--password-file", v.pwFile, "import", keyOnly, "--source-key-file", key)
	wantCode(t, r, 0)
	if len(term.prompts) != 1 || !strings.Contains(term.prompts[0], "(empty if it has only the key file)") {
		t.Errorf("prompts %q", term.prompts)
	}
	if got := v.get("Entry", "password"); got != "entry-pass" {
		t.Errorf("Entry's password %q", got)
	}
}

// TestImportKDBXFiles: password and key file from files, every key
// derivation and cipher KeePassXC writes, and the warning when the flags
// are given for a file that is not a KeePass database.
func TestImportKDBXFiles(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	pw := writeTestFile(t, v.dir, "kdbx.txt", "passtea-fixture\n")
	for _, name := range []string{"kdbx31-aeskdf-aes.kdbx", "kdbx40-aeskdf-twofish.kdbx", "kdbx40-argon2d-v10-chacha20.kdbx", "kdbx41-aeskdf-aes.kdbx"} {
		r := v.ok("", "import", kdbxFixture(t, name), "--source-password-file", pw, "--on-conflict", "replace")
		wantStderr(t, r, "entries from kdbx", "imported ")
	}
	r := v.ok("", "import", kdbxFixture(t, "kdbx31-password-keyfile.kdbx"), "--source-password-file", pw, "--source-key-file", kdbxFixture(t, "keepassxc.keyx"))
	wantStderr(t, r, "1 entry from kdbx", "KDBX 3.1")
	r = v.ok("", "import", writeTestFile(t, v.dir, "x.csv", "name,password\nzz,p\n"), "--source-password-file", pw)
	wantStderr(t, r, "passtea: warning: "+filepath.Join(v.dir, "x.csv")+" is not a KeePass database: --source-password-file and --source-key-file are not used\n")
}

// TestImportMergeOTP: Google Authenticator's accounts go into the existing
// entries of the same account with --merge-otp, else become entries.
func TestImportMergeOTP(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("work/serenitylabs", "sl-Secret-1", "--username", "test1@serenitylabs.co.uk")
	v.add("serenity-2", "sl-Secret-2", "--username", "test2@serenitylabs.co.uk", "--url", "https://serenitylabs.co.uk")
	src := fixture(t, "googleauth/testdata/export.txt")
	gen := v.info().Generation
	r := v.ok("", "import", src, "--merge-otp")
	wantStderr(t, r, `"SerenityLabs (test1@serenitylabs.co.uk)": its one-time code into "work/serenitylabs"`,
		`"SerenityLabs (test2@serenitylabs.co.uk)": its one-time code into "serenity-2"`,
		"imported 4 entries and 2 one-time codes into existing entries\n")
	// The entries and the codes are one save.
	if saves := v.info().Generation - gen; saves != 1 {
		t.Errorf("the import made %d saves, want 1", saves)
	}
	got := v.contents(testMaster)
	if sl := got["work/serenitylabs"]; !strings.HasPrefix(sl.OTP, "otpauth://totp/SerenityLabs:test1%40serenitylabs.co.uk?") && !strings.HasPrefix(sl.OTP, "otpauth://totp/SerenityLabs:test1@serenitylabs.co.uk?") {
		t.Errorf("merged code %q", sl.OTP)
	}
	if _, ok := got["SerenityLabs (test1@serenitylabs.co.uk)"]; ok || len(got) != 6 || got["serenity-2"].OTP == "" {
		t.Errorf("entries %d", len(got))
	}
	// Again: every code is there already.
	r = v.ok("", "import", src, "--merge-otp", "--on-conflict", "skip")
	wantStderr(t, r, "an entry has this code already: skipped")
}

// TestImportPassStore reads a store made by pass, decrypted by the user's
// gpg (not parallel: it sets GNUPGHOME).
func TestImportPassStore(t *testing.T) {
	if _, err := exec.LookPath("pass"); err != nil {
		t.Skip("pass is not installed")
	}
	if _, err := exec.LookPath("gpg"); err != nil {
		t.Skip("gpg is not installed")
	}
	home := t.TempDir()
	os.Chmod(home, 0o700)
	t.Setenv("GNUPGHOME", home)
	t.Cleanup(func() { exec.Command("gpgconf", "--kill", "gpg-agent").Run() })
	runTool := func(stdin string, name string, args ...string) string {
		cmd := exec.Command(name, args...)
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	runTool("", "gpg", "--batch", "--passphrase", "", "--quick-gen-key", "passtea test <test@passtea.invalid>", "future-default", "default", "never")
	store := filepath.Join(t.TempDir(), "store")
	t.Setenv("PASSWORD_STORE_DIR", store)
	runTool("", "pass", "init", "test@passtea.invalid")
	runTool("gh-Pass-1\nusername: alice\notpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub\n", "pass", "insert", "-m", "work/github")
	v := newTestVault(t)
	v.secret("gh-Pass-1")
	r := v.ok("", "import", store)
	wantStderr(t, r, "1 entry from pass", "imported 1 entry")
	if gh := v.contents(testMaster)["work/github"]; gh.Password != "gh-Pass-1" || gh.Username != "alice" || gh.OTP == "" {
		t.Errorf("work/github %+v", gh)
	}
}

// info reads what the vault file says of itself, opening it directly.
func (v *testVault) info() vault.Info {
	v.t.Helper()
	vt, err := vault.Open(v.path, []byte(testMaster), nil)
	if err != nil {
		v.t.Fatal(err)
	}
	defer vt.Lock()
	in, err := vt.Info()
	if err != nil {
		v.t.Fatal(err)
	}
	return in
}

// TestImportExportPathsEscaped: a path with control characters reaches a
// prompt or a message escaped as ui/term escapes stored text.
func TestImportExportPathsEscaped(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	odd := filepath.Join(v.dir, "x\x1b]0;t\x07.kdbx")
	if err := os.WriteFile(odd, []byte("exists"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := v.run("", "export", "--format", "csv", "--output", odd)
	wantOneLineError(t, r, 1)
	wantStderr(t, r, `x\x1b]0;t\x07.kdbx exists: choose another file, or --force to replace it`)

	b, err := os.ReadFile(kdbxFixture(t, "kdbx40-argon2d-aes.kdbx"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(odd, b, 0o600); err != nil {
		t.Fatal(err)
	}
	term := typing("not-it")
	r = runCLI(t, cliEnv{terminal: term}, "--vault", v.path, "--password-file", v.pwFile, "import", odd)
	wantOneLineError(t, r, 1)
	if want := "Password of " + filepath.Join(v.dir, `x\x1b]0;t\x07.kdbx`) + ": "; len(term.prompts) != 1 || term.prompts[0] != want {
		t.Errorf("prompts %q, want %q", term.prompts, want)
	}
}
