// Tests of passtea import: parseCSV on its own (table and fuzz), and the
// whole command through run.

package cli

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/passtea/passtea/vault"
)

// csvEntry is what a test expects of one parsed entry.
type csvEntry struct {
	name, username, password, url, notes string
	tags                                 []string
}

func entryOf(e vault.NewEntry) csvEntry {
	return csvEntry{e.Name, e.Username, e.Password, strings.Join(e.URLs, " "), e.Notes, e.Tags}
}

func sameEntry(a, b csvEntry) bool {
	return a.name == b.name && a.username == b.username && a.password == b.password &&
		a.url == b.url && a.notes == b.notes && slices.Equal(a.tags, b.tags)
}

func TestParseCSV(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		in    string
		want  []csvEntry
		notes []string
		err   string // a part of the error; "" for none
	}{
		{
			name: "all columns",
			in:   "name,username,password,url,notes,tags\nmail,me,pw-1,https://mail.example,hello,a b\n",
			want: []csvEntry{{"mail", "me", "pw-1", "https://mail.example", "hello", []string{"a", "b"}}},
		},
		{
			name: "bitwarden and 1password aliases",
			in:   "title,login_username,login_password,login_uri,note\nBank,me,pw-1,https://bank.example,n\n",
			want: []csvEntry{{"Bank", "me", "pw-1", "https://bank.example", "n", nil}},
		},
		{
			name: "more aliases",
			in:   "uri,user,password,extra,tag\nhttps://a.example,u,p,x,t1\n",
			want: []csvEntry{{"a.example", "u", "p", "https://a.example", "x", []string{"t1"}}},
		},
		{
			name: "website and login",
			in:   "website,login,password\nhttps://b.example,u,p\n",
			want: []csvEntry{{"b.example", "u", "p", "https://b.example", "", nil}},
		},
		{
			name: "header case and spaces",
			in:   " Name , PASSWORD ,Url\nx,p,https://x.example\n",
			want: []csvEntry{{"x", "", "p", "https://x.example", "", nil}},
		},
		{
			name: "byte order mark",
			in:   "\ufeffname,password\nx,p\n",
			want: []csvEntry{{"x", "", "p", "", "", nil}},
		},
		{
			name: "CRLF line endings",
			in:   "name,password\r\nx,p\r\ny,q\r\n",
			want: []csvEntry{{"x", "", "p", "", "", nil}, {"y", "", "q", "", "", nil}},
		},
		{
			name: "quoted fields with commas, quotes and newlines",
			in:   "name,password,notes\n\"a, b\",\"p,w\"\"q\",\"line 1\nline 2\"\nc,p2,\n",
			want: []csvEntry{
				{"a, b", "", "p,w\"q", "", "line 1\nline 2", nil},
				{"c", "", "p2", "", "", nil},
			},
		},
		{
			name: "name trimmed, other fields kept",
			in:   "name,username,password\n  x  , u ,\" p \"\n",
			want: []csvEntry{{"x", " u ", " p ", "", "", nil}},
		},
		{
			name: "tags separated by commas, semicolons and spaces",
			in:   "name,password,tags\nx,p,\"a, b;c  d\"\n",
			want: []csvEntry{{"x", "", "p", "", "", []string{"a", "b", "c", "d"}}},
		},
		{
			name: "no name column: named after the host",
			in:   "url,username,password\nhttps://www.example.com/login,u,p\nexample.org/path,u,p\nhttp://host.example:8443/x?y=1,u,p\n",
			want: []csvEntry{
				{"example.com", "u", "p", "https://www.example.com/login", "", nil},
				{"example.org", "u", "p", "example.org/path", "", nil},
				{"host.example", "u", "p", "http://host.example:8443/x?y=1", "", nil},
			},
		},
		{
			name: "empty name: named after the host",
			in:   "name,url,password\n,https://www.github.com,p\n",
			want: []csvEntry{{"github.com", "", "p", "https://www.github.com", "", nil}},
		},
		{
			name: "firefox export",
			in: "\"url\",\"username\",\"password\",\"httpRealm\",\"formActionOrigin\",\"guid\",\"timeCreated\",\"timeLastUsed\",\"timePasswordChanged\"\n" +
				"\"https://www.mozilla.org\",\"me\",\"pw\",,\"https://www.mozilla.org\",\"{1}\",\"1\",\"2\",\"3\"\n",
			want:  []csvEntry{{"mozilla.org", "me", "pw", "https://www.mozilla.org", "", nil}},
			notes: []string{"ignored columns: httprealm, formactionorigin, guid, timecreated, timelastused, timepasswordchanged"},
		},
		{
			name:  "unknown columns are listed",
			in:    "folder,name,password,totp\nf,x,p,123\n",
			want:  []csvEntry{{"x", "", "p", "", "", nil}},
			notes: []string{"ignored columns: folder, totp"},
		},
		{
			name: "blank lines skipped",
			in:   "name,password\n\nx,p\n\n",
			want: []csvEntry{{"x", "", "p", "", "", nil}},
		},
		{name: "header only", in: "name,password\n"},
		{name: "empty file", in: "", err: "the file is empty"},
		{name: "no name nor url column", in: "username,password\nu,p\n", err: "line 1: the header has neither a name nor a url column"},
		{name: "duplicate column", in: "name,password,password\nx,p,q\n", err: "line 1: two columns give the password"},
		{name: "duplicate column by alias", in: "name,title,password\nx,y,p\n", err: "line 1: two columns give the name"},
		{name: "duplicate column by case", in: "URL,url\nhttps://a.example,https://b.example\n", err: "line 1: two columns give the url"},
		{
			name: "no name and no url",
			in:   "name,url,password\nx,,p\n,,secret-pw\n",
			err:  "line 3: the entry has no name and no URL to name it after",
		},
		{
			name: "invalid name",
			in:   "name,password\nok,p\nbad//name,p\n",
			err:  "line 3: invalid entry: the name has an empty group",
		},
		{
			name: "line number after a multi-line field",
			in:   "name,password,notes\na,p,\"1\n2\n3\"\nb//c,p,\n",
			err:  "line 5: invalid entry: the name has an empty group",
		},
		{
			name: "password with a line break",
			in:   "name,password\nok,p\nx,\"two\nlines\"\n",
			err:  "line 3: invalid entry: the password contains a control character",
		},
		{
			name: "username with a control character",
			in:   "name,username\nx,\"a\tb\"\n",
			err:  "line 2: invalid entry: the username contains a control character",
		},
		{
			name: "tag too long",
			in:   "name,tags\nx," + strings.Repeat("t", vault.MaxTagLen+1) + "\n",
			err:  "line 2: invalid entry: the tag is longer than",
		},
		{
			name: "name too long",
			in:   "name\n" + strings.Repeat("n", vault.MaxNameLen+1) + "\n",
			err:  "line 2: invalid entry: the name is longer than",
		},
		{
			name: "wrong number of fields",
			in:   "name,password\nx,p\ny\n",
			err:  "record on line 3: wrong number of fields",
		},
		{
			name: "bare quote",
			in:   "name,password\nx,p\"q\n",
			err:  "parse error on line 2",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			items, notes, err := parseCSV(strings.NewReader(tc.in))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one containing %q", err, tc.err)
				}
				if items != nil {
					t.Errorf("entries %v returned with an error", items)
				}
				for _, s := range []string{"secret-pw", "two\nlines"} {
					if strings.Contains(tc.in, s) && strings.Contains(err.Error(), s) {
						t.Errorf("error %q holds the row's contents", err)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("error %v", err)
			}
			if len(items) != len(tc.want) {
				t.Fatalf("%d entries, want %d: %+v", len(items), len(tc.want), items)
			}
			for i, it := range items {
				if got := entryOf(it); !sameEntry(got, tc.want[i]) {
					t.Errorf("entry %d = %+v, want %+v", i, got, tc.want[i])
				}
				if err := vault.ValidateEntry(it); err != nil {
					t.Errorf("entry %d does not validate: %v", i, err)
				}
			}
			if !slices.Equal(notes, tc.notes) {
				t.Errorf("notes %q, want %q", notes, tc.notes)
			}
		})
	}
}

// A byte-order mark before a quoted header field (Excel's "CSV UTF-8" and
// several Windows exporters write one) is skipped before parsing.
func TestParseCSVByteOrderMarkQuotedHeader(t *testing.T) {
	t.Parallel()
	items, _, err := parseCSV(strings.NewReader("\ufeff\"name\",\"password\"\nx,p\n"))
	if err != nil {
		t.Fatalf("BOM + quoted header: %v", err)
	}
	if len(items) != 1 || items[0].Name != "x" || items[0].Password != "p" {
		t.Errorf("entries %+v", items)
	}
}

// FuzzParseCSV checks that parseCSV never panics, that every entry it
// returns is one the vault accepts, and that its errors name a line.
func FuzzParseCSV(f *testing.F) {
	f.Add("name,password\nx,p\n")
	f.Fuzz(func(t *testing.T, in string) {
		items, _, err := parseCSV(strings.NewReader(in))
		if err != nil {
			if items != nil {
				t.Errorf("entries returned with error %v", err)
			}
			if msg := err.Error(); msg != "the file is empty" && !strings.Contains(msg, "line ") {
				t.Errorf("error %q names no line", msg)
			}
			return
		}
		for i, it := range items {
			if err := vault.ValidateEntry(it); err != nil {
				t.Errorf("entry %d %+v: %v", i, it, err)
			}
		}
	})
}

// importCSV is a CSV with three entries and an ignored column.
const importCSV = `name,url,username,password,notes,tags,folder
work/github,https://github.com,octocat,gh-Import-1,"two
lines",dev work,f
,https://www.example.com/login,me,ex-Import-2,,,f
bank,,,bank-Import-3,,,f
`

func TestImport(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.secret("gh-Import-1", "ex-Import-2", "bank-Import-3")
	file := writeTestFile(t, v.dir, "export.csv", importCSV)
	r := v.ok("", "import", file)
	if r.stdout != "" {
		t.Errorf("import printed on stdout: %q", r.stdout)
	}
	if r.stderr != "ignored columns: folder\nimported 3 entries\n" {
		t.Errorf("import stderr %q", r.stderr)
	}
	got := v.contents(testMaster)
	for name, want := range map[string]string{"work/github": "gh-Import-1", "example.com": "ex-Import-2", "bank": "bank-Import-3"} {
		if got[name].Password != want {
			t.Errorf("%s: password %q, want %q", name, got[name].Password, want)
		}
	}
	if n := got["work/github"].Notes; n != "two\nlines" {
		t.Errorf("notes %q", n)
	}
	if ex := got["example.com"]; ex.Username != "me" || ex.URL() != "https://www.example.com/login" {
		t.Errorf("example.com %+v", ex)
	}
	entries := lsJSON(t, v, "")
	if got := lsNames(entries); !slices.Equal(got, []string{"bank", "example.com", "work/github"}) {
		t.Errorf("names %q", got)
	}
	if gh := entries[2]; gh.Username != "octocat" || gh.URL != "https://github.com" || !slices.Equal(gh.Tags, []string{"dev", "work"}) {
		t.Errorf("work/github %+v", gh)
	}
}

func TestImportAllOrNothing(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("keep", "keep-Secret-1")
	before := v.bytes()
	v.secret("ok-Import-1", "ok-Import-2", "bad-Import-3")
	file := writeTestFile(t, v.dir, "bad.csv", "name,password\nok1,ok-Import-1\nok2,ok-Import-2\nbad//row,bad-Import-3\n")
	r := v.run("", "import", file)
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "import "+file+": line 4: invalid entry: the name has an empty group")
	v.unchanged(before)
	if got := lsNames(lsJSON(t, v, "")); !slices.Equal(got, []string{"keep"}) {
		t.Errorf("after a failed import: %q", got)
	}

	for _, tc := range []struct {
		name, content, msg string
	}{
		{"empty", "", "the file is empty"},
		{"header only", "name,password\n", "no entries in the file"},
		{"no name column", "user,password\nu,p\n", "neither a name nor a url column"},
		{"bad quoting", "name,password\nx,\"p\n", "line 2"},
	} {
		file := writeTestFile(t, v.dir, "in.csv", tc.content)
		r := v.run("", "import", file)
		wantOneLineError(t, r, 1)
		wantStderr(t, r, tc.msg)
		v.unchanged(before)
	}

	r = v.run("", "import", file+".missing")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "import: open ")
	r = v.runWith(v.masterFile("bad.txt", testMasterBad), "", "import", writeTestFile(t, v.dir, "ok.csv", "name,password\nx,ok-Import-1\n"))
	wantCode(t, r, 1)
	if !strings.HasPrefix(r.stderr, "passtea: wrong master password") {
		t.Errorf("stderr %q", r.stderr)
	}
	v.unchanged(before)
}

func TestImportDuplicateNames(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("mail", "mail-Secret-1")
	v.secret("mail-Import-2", "mail-Import-3", "other-Import-4")
	file := writeTestFile(t, v.dir, "dup.csv", "name,password\nmail,mail-Import-2\nmail,mail-Import-3\nother,other-Import-4\n")
	r := v.ok("", "import", file)
	want := `"mail" is taken: imported as "mail (2)"` + "\n" +
		`"mail" is taken: imported as "mail (3)"` + "\n" +
		"imported 3 entries\n"
	if r.stderr != want {
		t.Errorf("stderr %q, want %q", r.stderr, want)
	}
	got := v.contents(testMaster)
	for name, pw := range map[string]string{"mail": "mail-Secret-1", "mail (2)": "mail-Import-2", "mail (3)": "mail-Import-3", "other": "other-Import-4"} {
		if got[name].Password != pw {
			t.Errorf("%s: %q, want %q", name, got[name].Password, pw)
		}
	}
	if len(got) != 4 {
		t.Errorf("%d entries, want 4", len(got))
	}
	// Importing the same file again takes the next free numbers.
	r = v.ok("", "import", file)
	wantStderr(t, r, `imported as "mail (4)"`, `imported as "mail (5)"`, `"other" is taken: imported as "other (2)"`)
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
	wantStderr(t, r, "import -: the file is empty")
	v.unchanged(before)
}

// Two rows with the same 256-byte name: the second is renamed within
// vault.MaxNameLen (this once looped forever).
func TestImportLongDuplicateNameTerminates(t *testing.T) {
	const childEnv, marker = "PASSTEA_TEST_DEDUPE_LONG_NAME", "dedupeNames starts"
	long := strings.Repeat("n", vault.MaxNameLen-2) + "é" // 256 bytes
	if os.Getenv(childEnv) == "1" {
		kdf := vault.KDFSettings{Params: vault.KDFParams{MemoryKiB: 8 << 10, Iterations: 1, Parallelism: 1}, Explicit: true}
		v, _, err := vault.Create(filepath.Join(t.TempDir(), "vault.passtea"), vault.NewVault{Credentials: vault.Credentials{Password: []byte(testMaster)}, KDF: kdf}, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer v.Lock()
		items := []vault.NewEntry{{Name: long}, {Name: long}}
		fmt.Println(marker)
		notes, err := dedupeNames(items, v)
		if err != nil {
			t.Fatal(err)
		}
		if len(notes) != 1 || items[0].Name == items[1].Name {
			t.Errorf("names %q, notes %q", []string{items[0].Name, items[1].Name}, notes)
		}
		for _, it := range items {
			if err := vault.ValidateEntry(it); err != nil {
				t.Errorf("renamed %q: %v", it.Name, err)
			}
		}
		return
	}
	t.Parallel()
	cmd := exec.Command(os.Args[0], "-test.run=^TestImportLongDuplicateNameTerminates$", "-test.count=1", "-test.timeout=60s")
	cmd.Env = append(os.Environ(), childEnv+"=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{})
	done := make(chan error, 1)
	var stdout strings.Builder // written by the goroutine, read after done
	go func() {
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			stdout.WriteString(sc.Text() + "\n")
			if sc.Text() == marker {
				close(started)
			}
		}
		done <- cmd.Wait()
	}()
	kill := func(why string) {
		cmd.Process.Kill()
		<-done
		t.Fatal(why)
	}
	select {
	case <-started:
	case err := <-done:
		t.Fatalf("child ended before dedupeNames: %v\n%s%s", err, stdout.String(), stderr.String())
	case <-time.After(60 * time.Second):
		kill("child did not start dedupeNames in 60 s")
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("child: %v\n%s%s", err, stdout.String(), stderr.String())
		}
	case <-time.After(20 * time.Second):
		// Generous: the child exits after the race detector's second of
		// sleep, on a machine that may be busy. The bug looped for ever.
		kill(fmt.Sprintf("dedupeNames of two entries named with %d bytes did not finish in 20 s: passtea import hangs", len(long)))
	}
}
