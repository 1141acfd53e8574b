// Tests against the real KeePassXC (keepassxc-cli; skipped where it is not
// installed): databases KeePassXC makes are imported and compared field by
// field, and passtea's KDBX exports are listed, shown and exported by
// keepassxc-cli.

package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/passtea/passtea/interop/kdbx"
	"github.com/passtea/passtea/otp"
	"github.com/passtea/passtea/vault"
)

// keepassXC returns a function that runs keepassxc-cli with stdin and
// returns its standard output, failing the test if it fails.
func keepassXC(t *testing.T) func(stdin string, args ...string) string {
	t.Helper()
	cli, err := exec.LookPath("keepassxc-cli")
	if err != nil {
		t.Skip("keepassxc-cli not installed")
	}
	return func(stdin string, args ...string) string {
		t.Helper()
		cmd := exec.Command(cli, args...)
		cmd.Stdin = strings.NewReader(stdin)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("keepassxc-cli %s: %v\n%s%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
		}
		return stdout.String()
	}
}

// keepassXCXML is KeePass 2 XML with what keepassxc-cli cannot add itself:
// custom attributes (one protected, one with several lines), tags, a
// second URL, KeePassXC's TOTP attribute, an entry with history, and the
// recycle bin. keepassxc-cli import turns it into a KDBX file that
// KeePassXC's own writer wrote.
const keepassXCXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<KeePassFile><Meta><Generator>passtea test</Generator><RecycleBinEnabled>True</RecycleBinEnabled><RecycleBinUUID>AAAAAAAAAAAAAAAAAAAAcw==</RecycleBinUUID></Meta>
<Root><Group><UUID>AAAAAAAAAAAAAAAAAAAAAQ==</UUID><Name>Passwords</Name>
<Group><UUID>AAAAAAAAAAAAAAAAAAAAAg==</UUID><Name>Work</Name>
<Entry><UUID>AAAAAAAAAAAAAAAAAAAAEQ==</UUID><Tags>dev;ci</Tags>
<Times><LastModificationTime>2024-03-01T10:00:00Z</LastModificationTime><CreationTime>2023-01-01T09:00:00Z</CreationTime></Times>
<String><Key>Title</Key><Value>GitLab</Value></String>
<String><Key>UserName</Key><Value>carol</Value></String>
<String><Key>Password</Key><Value ProtectInMemory="True">gl-Kx-3</Value></String>
<String><Key>URL</Key><Value>https://gitlab.com/users/sign_in</Value></String>
<String><Key>Notes</Key><Value>current notes</Value></String>
<String><Key>KP2A_URL_1</Key><Value>https://gitlab.example.org</Value></String>
<String><Key>Recovery key</Key><Value ProtectInMemory="True">rk-Kx-9</Value></String>
<String><Key>Address</Key><Value>1 Main St
Springfield</Value></String>
<String><Key>otp</Key><Value ProtectInMemory="True">otpauth://totp/GitLab:carol?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&amp;period=30&amp;digits=6&amp;issuer=GitLab</Value></String>
<History>
<Entry><UUID>AAAAAAAAAAAAAAAAAAAAEQ==</UUID><Times><LastModificationTime>2023-01-01T09:00:00Z</LastModificationTime><CreationTime>2023-01-01T09:00:00Z</CreationTime></Times>
<String><Key>Title</Key><Value>GitLab</Value></String><String><Key>UserName</Key><Value>carol</Value></String>
<String><Key>Password</Key><Value ProtectInMemory="True">gl-Kx-1</Value></String><String><Key>URL</Key><Value>https://gitlab.com</Value></String>
<String><Key>Recovery key</Key><Value ProtectInMemory="True">rk-Kx-8</Value></String></Entry>
<Entry><UUID>AAAAAAAAAAAAAAAAAAAAEQ==</UUID><Times><LastModificationTime>2023-06-15T12:30:00Z</LastModificationTime><CreationTime>2023-01-01T09:00:00Z</CreationTime></Times>
<String><Key>Title</Key><Value>GitLab</Value></String><String><Key>UserName</Key><Value>carol</Value></String>
<String><Key>Password</Key><Value ProtectInMemory="True">gl-Kx-2</Value></String><String><Key>URL</Key><Value>https://gitlab.com</Value></String>
<String><Key>Notes</Key><Value>old notes</Value></String>
<String><Key>Recovery key</Key><Value ProtectInMemory="True">rk-Kx-9</Value></String></Entry>
</History></Entry>
</Group>
<Group><UUID>AAAAAAAAAAAAAAAAAAAAcw==</UUID><Name>Recycle Bin</Name>
<Entry><UUID>AAAAAAAAAAAAAAAAAAAAIg==</UUID><String><Key>Title</Key><Value>Deleted</Value></String><String><Key>Password</Key><Value>del-Kx-0</Value></String></Entry>
</Group>
</Group></Root></KeePassFile>
`

// TestKeePassXCDatabasesImport: databases keepassxc-cli made (a password,
// a password and a key file, a key file alone; entries added and edited
// by it, and an XML import) are imported and every field compared.
func TestKeePassXCDatabasesImport(t *testing.T) {
	t.Parallel()
	kx := keepassXC(t)
	dir := t.TempDir()
	const dbPass = "Kx-Db-Pass-4"

	t.Run("password", func(t *testing.T) {
		t.Parallel()
		db := filepath.Join(dir, "password.kdbx")
		kx(dbPass+"\n"+dbPass+"\n", "db-create", "-q", "-p", "-t", "100", db)
		kx(dbPass+"\n", "mkdir", "-q", db, "Web")
		kx(dbPass+"\n"+"x-Kx-1\n", "add", "-q", "-u", "dave", "--url", "https://x.example/login", "--notes", "first notes", "-p", db, "Web/X")
		kx(dbPass+"\n"+"x-Kx-2\n", "edit", "-q", "-p", db, "Web/X")
		kx(dbPass+"\n", "edit", "-q", "-u", "dave2", "--notes", "second notes", "-t", "X site", db, "Web/X")
		kx(dbPass+"\n"+"y-Kx-3\n", "add", "-q", "-p", db, "Top")
		v := newTestVault(t)
		v.secret(dbPass, "x-Kx-1", "x-Kx-2", "y-Kx-3")
		pw := writeTestFile(t, v.dir, "db.txt", dbPass+"\n")
		r := v.ok("", "import", db, "--source-password-file", pw)
		wantStderr(t, r, "2 entries from kdbx: 2 login", "imported 2 entries")
		got := v.contents(testMaster)
		x := got["Web/X site"]
		if x.Username != "dave2" || x.Password != "x-Kx-2" || x.Notes != "second notes" || x.URL() != "https://x.example/login" {
			t.Errorf("Web/X site %+v", x)
		}
		var names, passwords, notes, users []string
		for _, h := range x.History {
			switch h.Kind {
			case vault.KindName:
				names = append(names, h.Value)
			case vault.KindPassword:
				passwords = append(passwords, h.Value)
			case vault.KindNotes:
				notes = append(notes, h.Value)
			case vault.KindUsername:
				users = append(users, h.Value)
			}
		}
		if !slices.Equal(names, []string{"Web/X"}) || !slices.Equal(passwords, []string{"x-Kx-1"}) ||
			!slices.Equal(notes, []string{"first notes"}) || !slices.Equal(users, []string{"dave"}) {
			t.Errorf("history: names %q passwords %q notes %q users %q", names, passwords, notes, users)
		}
		if top := got["Top"]; top.Password != "y-Kx-3" {
			t.Errorf("Top %+v", top)
		}
		checkTimes(t, kx, db, dbPass, nil, got)
	})

	t.Run("password and key file", func(t *testing.T) {
		t.Parallel()
		db := filepath.Join(dir, "keyfile.kdbx")
		key := filepath.Join(dir, "made.keyx")
		kx(dbPass+"\n"+dbPass+"\n", "db-create", "-q", "-p", "--set-key-file", key, "-t", "100", db)
		kx(dbPass+"\n"+"k-Kx-5\n", "add", "-q", "-k", key, "-u", "erin", "-p", db, "Keyed")
		v := newTestVault(t)
		v.secret(dbPass, "k-Kx-5")
		pw := writeTestFile(t, v.dir, "db.txt", dbPass+"\n")
		r := v.run("", "import", db, "--source-password-file", pw)
		wantOneLineError(t, r, 1)
		wantStderr(t, r, "the password or key file does not open this database")
		v.ok("", "import", db, "--source-password-file", pw, "--source-key-file", key)
		if got := v.contents(testMaster)["Keyed"]; got.Username != "erin" || got.Password != "k-Kx-5" {
			t.Errorf("Keyed %+v", got)
		}
	})

	t.Run("key file alone", func(t *testing.T) {
		t.Parallel()
		db := filepath.Join(dir, "keyonly.kdbx")
		key := filepath.Join(dir, "only.keyx")
		kx("", "db-create", "-q", "--set-key-file", key, "-t", "100", db)
		kx("n-Kx-6\n", "add", "-q", "--no-password", "-k", key, "-p", db, "NoPassword")
		v := newTestVault(t)
		v.secret("n-Kx-6")
		r := runCLI(t, cliEnv{terminal: typing("")}, "--vault", v.path, "--password-file", v.pwFile, "import", db, "--source-key-file", key)
		wantCode(t, r, 0)
		if got := v.contents(testMaster)["NoPassword"]; got.Password != "n-Kx-6" {
			t.Errorf("NoPassword %+v", got)
		}
	})

	t.Run("XML import", func(t *testing.T) {
		t.Parallel()
		xml := writeTestFile(t, dir, "in.xml", keepassXCXML)
		db := filepath.Join(dir, "fromxml.kdbx")
		kx(dbPass+"\n"+dbPass+"\n", "import", "-q", "-p", "-t", "100", xml, db)
		v := newTestVault(t)
		v.secret(dbPass, "gl-Kx-1", "gl-Kx-2", "gl-Kx-3", "rk-Kx-8", "rk-Kx-9", "del-Kx-0")
		pw := writeTestFile(t, v.dir, "db.txt", dbPass+"\n")
		r := v.ok("", "import", db, "--source-password-file", pw)
		wantStderr(t, r, "1 entry from kdbx: 1 login", `Recycle Bin/Deleted "Deleted": in the recycle bin`)
		got := v.contents(testMaster)
		gl := got["Work/GitLab"]
		if gl.Username != "carol" || gl.Password != "gl-Kx-3" || gl.Notes != "current notes" ||
			!slices.Equal(gl.URLs, []string{"https://gitlab.com/users/sign_in", "https://gitlab.example.org"}) ||
			!slices.Equal(gl.Tags, []string{"ci", "dev"}) {
			t.Errorf("Work/GitLab %+v", gl)
		}
		if want := "otpauth://totp/GitLab:carol?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitLab&algorithm=SHA1&digits=6&period=30"; gl.OTP != want {
			t.Errorf("otp %q", gl.OTP)
		}
		wantFields := []vault.Field{{Name: "Address", Value: "1 Main St\nSpringfield"}, {Name: "Recovery key", Value: "rk-Kx-9", Concealed: true}}
		if !slices.Equal(gl.Fields, wantFields) {
			t.Errorf("fields %+v", gl.Fields)
		}
		at := func(s string) time.Time { tm, _ := time.Parse(time.RFC3339, s); return tm }
		wantHistory := []vault.OldValue{
			{Kind: vault.KindURLs, Value: "https://gitlab.com", Set: at("2023-01-01T09:00:00Z"), Replaced: at("2024-03-01T10:00:00Z")},
			{Kind: vault.KindPassword, Value: "gl-Kx-1", Concealed: true, Set: at("2023-01-01T09:00:00Z"), Replaced: at("2023-06-15T12:30:00Z")},
			{Kind: vault.KindPassword, Value: "gl-Kx-2", Concealed: true, Set: at("2023-06-15T12:30:00Z"), Replaced: at("2024-03-01T10:00:00Z")},
			{Kind: vault.KindNotes, Value: "old notes", Set: at("2023-06-15T12:30:00Z"), Replaced: at("2024-03-01T10:00:00Z")},
			{Kind: vault.KindCustom, Field: "Recovery key", Value: "rk-Kx-8", Concealed: true, Set: at("2023-01-01T09:00:00Z"), Replaced: at("2023-06-15T12:30:00Z")},
		}
		for _, w := range wantHistory {
			if !slices.ContainsFunc(gl.History, func(h vault.OldValue) bool {
				return h.Kind == w.Kind && h.Field == w.Field && h.Value == w.Value && h.Concealed == w.Concealed && h.Set.Equal(w.Set) && h.Replaced.Equal(w.Replaced)
			}) {
				t.Errorf("history lacks %+v\nhas %+v", w, gl.History)
			}
		}
		if !gl.Created.Equal(at("2023-01-01T09:00:00Z")) {
			t.Errorf("created %v", gl.Created)
		}
		if _, ok := got["Recycle Bin/Deleted"]; ok {
			t.Error("the recycle bin was imported")
		}
	})
}

// checkTimes compares the imported entries' created times with the ones
// KeePassXC exports as XML.
func checkTimes(t *testing.T, kx func(string, ...string) string, db, pass string, key []string, got map[string]vaultItem) {
	t.Helper()
	xml := kx(pass+"\n", append(append([]string{"export", "-q"}, key...), "-f", "xml", db)...)
	parsed, err := kdbx.ReadXML(strings.NewReader(xml))
	if err != nil {
		t.Fatal(err)
	}
	parsed.Walk(func(path []*kdbx.Group, e *kdbx.Entry) error {
		var names []string
		for _, g := range path {
			names = append(names, g.Name)
		}
		name := strings.Join(append(names, e.Get(kdbx.FieldTitle)), "/")
		if it, ok := got[name]; ok && !it.Created.Equal(e.Times.Created) {
			t.Errorf("%s created %v, KeePassXC says %v", name, it.Created, e.Times.Created)
		}
		return nil
	})
}

// TestKeePassXCReadsExport: keepassxc-cli lists every entry of passtea's
// KDBX export, shows every field (protected ones too) and the right TOTP
// code, and its XML export holds the history.
func TestKeePassXCReadsExport(t *testing.T) {
	t.Parallel()
	kx := keepassXC(t)
	v := newTestVault(t)
	fillTestVault(t, v)
	v.add("personal/mail", "mail-Export-5", "--username", "bob@example.com", "--url", "https://mail.example", "--tag", "home")
	const exportPass = "Kx-Export-Pass-6"
	pw := writeTestFile(t, v.dir, "export.txt", exportPass+"\n")
	key := filepath.Join(v.dir, "export.keyx")
	out := filepath.Join(v.dir, "out.kdbx")
	v.secret(exportPass)
	v.ok("", "export", "--format", "kdbx", "-o", out, "--export-password-file", pw, "--export-key-file", key,
		"--kdf-memory", "8", "--kdf-iterations", "1", "--kdf-parallelism", "1")
	auth := []string{"-k", key}
	stdin := exportPass + "\n"

	ls := kx(stdin, append(append([]string{"ls", "-q"}, auth...), "-R", "-f", out)...)
	wantList := []string{"bank", "personal/", "personal/mail", "work/", "work/github"}
	if got := strings.Fields(strings.ReplaceAll(ls, "\n", " ")); !slices.Equal(got, wantList) {
		t.Errorf("ls -R -f: %q, want %q", got, wantList)
	}

	want := v.contents(testMaster)
	for _, tc := range []struct {
		path  string
		attrs []string
		want  []string
	}{
		{"work/github", []string{"Title", "UserName", "Password", "URL", "Notes", "KP2A_URL_1", "PIN", "account", "otp"},
			[]string{"github", "alice", "gh-Export-3", "https://github.com", "", "https://gist.github.com", "pin-Export-9", "42", want["work/github"].OTP}},
		{"bank", []string{"Title", "UserName", "Password"}, []string{"bank", "me", "bank-Export-4"}},
		{"personal/mail", []string{"Title", "UserName", "Password", "URL", "Tags"}, []string{"mail", "bob@example.com", "mail-Export-5", "https://mail.example", "home"}},
	} {
		args := append(append([]string{"show", "-q"}, auth...), "-s")
		for _, a := range tc.attrs {
			args = append(args, "-a", a)
		}
		got := kx(stdin, append(args, out, tc.path)...)
		if w := strings.Join(tc.want, "\n") + "\n"; got != w {
			t.Errorf("show %s:\n%q\nwant\n%q", tc.path, got, w)
		}
	}

	// The TOTP code KeePassXC computes is passtea's (at most one step
	// apart, should the clock tick between the two).
	k, err := otp.ParseURI(want["work/github"].OTP)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := k.Code(time.Now())
	code := strings.TrimSpace(kx(stdin, append(append([]string{"show", "-q"}, auth...), "-t", out, "work/github")...))
	after, _ := k.Code(time.Now())
	if code != before && code != after {
		t.Errorf("show -t: %q, passtea: %q or %q", code, before, after)
	}

	// History: KeePassXC's own XML export of the file.
	xml := kx(stdin, append(append([]string{"export", "-q"}, auth...), "-f", "xml", out)...)
	parsed, err := kdbx.ReadXML(strings.NewReader(xml))
	if err != nil {
		t.Fatal(err)
	}
	var gh *kdbx.Entry
	parsed.Walk(func(_ []*kdbx.Group, e *kdbx.Entry) error {
		if e.Get(kdbx.FieldTitle) == "github" {
			gh = e
		}
		return nil
	})
	if gh == nil {
		t.Fatal("no github in KeePassXC's export")
	}
	var passwords, notes []string
	for _, h := range gh.History {
		passwords = append(passwords, h.Get(kdbx.FieldPassword))
		notes = append(notes, h.Get(kdbx.FieldNotes))
	}
	if !slices.Equal(passwords, []string{"gh-Export-1", "gh-Export-2"}) || !slices.Equal(notes, []string{"line 1\nline 2", "line 1\nline 2"}) {
		t.Errorf("history: passwords %q notes %q", passwords, notes)
	}
	hist := want["work/github"].PasswordHistory()
	if len(gh.History) == 2 && len(hist) == 2 && !gh.History[1].Times.Modified.Equal(hist[1].Set.Truncate(time.Second)) {
		t.Errorf("second version saved %v, passtea set that password %v", gh.History[1].Times.Modified, hist[1].Set)
	}
	if !gh.Times.Created.Equal(want["work/github"].Created.Truncate(time.Second)) {
		t.Errorf("created %v, want %v", gh.Times.Created, want["work/github"].Created)
	}
	if err := os.Remove(out); err != nil {
		t.Fatal(err)
	}
}
