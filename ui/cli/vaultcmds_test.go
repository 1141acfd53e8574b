// Behaviour tests of the vault commands (init, add, get, ls, edit, rm,
// history, passwd, info) through run, with a fake env and a temporary vault.

package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/passtea/passtea/vault"
)

func TestInitCreatesPrivateFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "vault.passtea")
	pwFile := writeTestFile(t, dir, "master.txt", testMaster+"\n")
	r := runCLI(t, cliEnv{}, append([]string{"--vault", path, "--password-file", pwFile, "init"}, cheapKDF...)...)
	wantCode(t, r, 0)
	wantStderr(t, r, "passtea: warning: "+cheapKDFString+" is below RFC 9106's recommendation", "created "+path+" ("+cheapKDFString+"; unlocking takes ")
	noSecretsIn(t, "stderr", r.stderr, testMaster)
	if !recoveryCodeLine.MatchString(r.stdout) {
		t.Errorf("init printed %q on stdout, want the recovery code alone", r.stdout)
	}

	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if m := fi.Mode().Perm(); m != 0o600 {
		t.Errorf("vault file mode %v, want 0600", m)
	}
	di, err := os.Stat(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if m := di.Mode().Perm(); m != 0o700 {
		t.Errorf("vault directory mode %v, want 0700", m)
	}
	w, err := vault.Open(path, []byte(testMaster), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Lock()
	if want := (vault.KDFParams{MemoryKiB: 8 << 10, Iterations: 1, Parallelism: 1}); w.Params() != want || !w.Explicit() {
		t.Errorf("params %v (explicit %v), want %v, explicit", w.Params(), w.Explicit(), want)
	}
}

// Explicit parameters are kept: opening the vault never upgrades them, even
// though they are far below the defaults.
func TestExplicitKDFNeverUpgraded(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("a", "entry-Secret-1")
	before := v.bytes()
	for _, args := range [][]string{{"ls"}, {"get", "a"}, {"info"}} {
		r := v.ok("", args...)
		if strings.Contains(r.stderr, "strengthened") {
			t.Errorf("%v upgraded explicit parameters: %q", args, r.stderr)
		}
	}
	v.unchanged(before)
	f, err := vault.ReadFile(v.path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Params().String(); got != cheapKDFString {
		t.Errorf("params after reading: %s, want %s", got, cheapKDFString)
	}
}

func TestInitRefusesExistingFile(t *testing.T) {
	t.Parallel()
	for _, existing := range []string{"vault", "other"} {
		t.Run(existing, func(t *testing.T) {
			t.Parallel()
			v := newTestVault(t)
			if existing == "other" {
				writeTestFile(t, v.dir, "vault.passtea", "my notes, not a vault\n")
			}
			before := v.bytes()
			r := v.run("", append([]string{"init"}, cheapKDF...)...)
			wantOneLineError(t, r, 1)
			wantStderr(t, r, v.path+" already exists")
			v.unchanged(before)
		})
	}
}

func TestInitWeakMasterPassword(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, pw, reason string
	}{
		{"short", "Zq7#kp-x", "too short: use at least 12 characters"},
		{"guessable", "passwordpassword", "too easy to guess"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			path := filepath.Join(dir, "vault.passtea")
			pwFile := writeTestFile(t, dir, "weak.txt", tc.pw+"\n")
			args := append([]string{"--vault", path, "--password-file", pwFile, "init"}, cheapKDF...)
			r := runCLI(t, cliEnv{}, args...)
			wantOneLineError(t, r, 1)
			wantStderr(t, r, tc.reason, "--allow-weak")
			noSecretsIn(t, "stderr", r.stderr, tc.pw)
			if _, err := os.Stat(path); !os.IsNotExist(err) {
				t.Errorf("a refused init left a file: %v", err)
			}

			r = runCLI(t, cliEnv{}, append(args, "--allow-weak")...)
			wantCode(t, r, 0)
			noSecretsIn(t, "stderr", r.stderr, tc.pw)
			r = runCLI(t, cliEnv{}, "--vault", path, "--password-file", pwFile, "ls")
			wantCode(t, r, 0)
		})
	}
}

func TestInitUsageErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args []string
		msg  string
	}{
		{"iterations and time", []string{"--kdf-iterations", "2", "--kdf-time", "1s"}, "--kdf-iterations and --kdf-time exclude each other: give only one (see passtea init --help)"},
		{"memory 4", []string{"--kdf-memory", "4", "--kdf-iterations", "1"}, "--kdf-memory must be between 8 and 1024 MiB"},
		{"memory 5000", []string{"--kdf-memory", "5000", "--kdf-iterations", "1"}, "--kdf-memory must be between 8 and 1024 MiB"},
		{"memory not a number", []string{"--kdf-memory", "lots"}, "--kdf-memory wants a whole number (see passtea init --help)"},
		{"parallelism 0", []string{"--kdf-memory", "8", "--kdf-iterations", "1", "--kdf-parallelism", "0"}, "--kdf-parallelism must be between 1 and 64"},
		{"iterations 0", []string{"--kdf-memory", "8", "--kdf-iterations", "0"}, "--kdf-iterations must be between 1 and 100"},
		{"iterations 101", []string{"--kdf-memory", "8", "--kdf-iterations", "101"}, "--kdf-iterations must be between 1 and 100"},
		{"time 1ms", []string{"--kdf-memory", "8", "--kdf-time", "1ms"}, "--kdf-time must be between 10ms and 1m"},
		{"unknown flag", []string{"--kdf-colour", "blue"}, "unknown flag: --kdf-colour"},
		{"argument", []string{"extra"}, "wrong number of arguments (1 given)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			path := filepath.Join(dir, "vault.passtea")
			pwFile := writeTestFile(t, dir, "master.txt", testMaster+"\n")
			r := runCLI(t, cliEnv{}, append([]string{"--vault", path, "--password-file", pwFile, "init"}, tc.args...)...)
			wantOneLineError(t, r, 2)
			wantStderr(t, r, tc.msg)
			if _, err := os.Stat(path); !os.IsNotExist(err) {
				t.Errorf("a refused init left a file: %v", err)
			}
		})
	}
}

// Usage mistakes exit 2 with one line on stderr, never a usage dump.
func TestUsageErrorsAreOneLine(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("a", "entry-Secret-1")
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"frobnicate"}, `unknown command "frobnicate" for "passtea"`},
		{[]string{"ls", "--bogus"}, "passtea: unknown flag: --bogus (see passtea ls --help)\n"},
		{[]string{"get", "a", "-z"}, "unknown shorthand flag: 'z'"},
		{[]string{"get"}, "wrong number of arguments (0 given); usage: passtea get NAME [flags]"},
		{[]string{"get", "a", "b"}, "wrong number of arguments (2 given)"},
		{[]string{"get", "a", "--field"}, "flag needs an argument"},
		{[]string{"info", "extra"}, "wrong number of arguments (1 given)"},
	} {
		r := v.run("", tc.args...)
		wantOneLineError(t, r, 2)
		wantStderr(t, r, tc.msg)
	}
	// An entry name that reads like one of cobra's messages is still a
	// name: not found is a failure (1), not a usage error (2).
	for _, name := range []string{"requires at least one", "invalid argument", "unknown command"} {
		r := v.run("", "get", name)
		wantOneLineError(t, r, 1)
		wantStderr(t, r, "no entry named")
	}
}

func TestAdd(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("work/github", "gh-Secret-1", "--username", "octocat", "--url", "https://github.com",
		"--notes", "first line\nsecond line", "--tag", " b ", "--tag", "a", "--tag", "a")
	gh := v.contents(testMaster)["work/github"]
	if gh.Password != "gh-Secret-1" || gh.Username != "octocat" || gh.URL() != "https://github.com" || gh.Notes != "first line\nsecond line" {
		t.Errorf("added %+v", gh)
	}
	if !slices.Equal(gh.Tags, []string{"a", "b"}) {
		t.Errorf("tags %q, want [a b] (trimmed, deduplicated, sorted)", gh.Tags)
	}

	t.Run("only the first line of stdin", func(t *testing.T) {
		v.secret("crlf-Secret-2", "second-Line-Secret")
		v.ok("crlf-Secret-2\r\nsecond-Line-Secret\r\n", "add", "crlf")
		if got := v.get("crlf", "password"); got != "crlf-Secret-2" {
			t.Errorf("password %q, want %q", got, "crlf-Secret-2")
		}
		v.secret("nonl-Secret-3")
		v.ok("nonl-Secret-3", "add", "no-newline")
		if got := v.get("no-newline", "password"); got != "nonl-Secret-3" {
			t.Errorf("password %q, want %q", got, "nonl-Secret-3")
		}
	})

	t.Run("name taken", func(t *testing.T) {
		before := v.bytes()
		v.secret("other-Secret-4")
		r := v.run("other-Secret-4\n", "add", "work/github")
		wantOneLineError(t, r, 1)
		wantStderr(t, r, `an entry named "work/github" already exists`, "passtea edit")
		v.unchanged(before)
		if got := v.get("work/github", "password"); got != "gh-Secret-1" {
			t.Errorf("password after a refused add: %q", got)
		}
	})

	t.Run("invalid names", func(t *testing.T) {
		before := v.bytes()
		v.secret("invalid-Secret-5")
		for _, name := range []string{"a//b", "/x", "x/", "", " x", "x ", "tab\there"} {
			r := v.run("invalid-Secret-5\n", "add", name)
			wantOneLineError(t, r, 2)
			wantStderr(t, r, "invalid entry: the name")
		}
		v.unchanged(before)
	})

	t.Run("empty stdin", func(t *testing.T) {
		before := v.bytes()
		r := v.run("", "add", "nothing")
		wantOneLineError(t, r, 2)
		wantStderr(t, r, "read the entry's password from standard input: empty input")
		v.unchanged(before)
	})

	t.Run("invalid tag", func(t *testing.T) {
		before := v.bytes()
		v.secret("tag-Secret-6")
		r := v.run("tag-Secret-6\n", "add", "tagged", "--tag", "two words")
		wantOneLineError(t, r, 1)
		wantStderr(t, r, "a tag is empty or contains a comma or space")
		v.unchanged(before)
	})
}

func TestAddAndEditGenerate(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	// stdin is not read for a generated password.
	r := v.ok("stdin-Not-Used\n", "add", "gen", "--generate", "--length", "24", "--no-symbols")
	if !strings.HasPrefix(r.stderr, "added gen with a generated password (") || !strings.HasSuffix(r.stderr, " bits)\n") {
		t.Errorf("stderr %q", r.stderr)
	}
	first := v.contents(testMaster)["gen"].Password
	notAlnum := func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') }
	if len(first) != 24 || strings.IndexFunc(first, notAlnum) >= 0 {
		t.Errorf("generated password %q: want 24 letters and digits", first)
	}
	noSecretsIn(t, "stderr of add --generate", r.stderr, first)

	r = v.ok("", "edit", "gen", "--generate", "--words", "5")
	if !strings.HasPrefix(r.stderr, "changed gen with a generated password (") {
		t.Errorf("stderr %q", r.stderr)
	}
	g := v.contents(testMaster)["gen"]
	noSecretsIn(t, "stderr of edit --generate", r.stderr, first, g.Password)
	if old := g.PasswordHistory(); g.Password == first || len(old) != 1 || old[0].Value != first {
		t.Errorf("after edit --generate: password %q, history %+v; want a new one and %q in the history", g.Password, g.History, first)
	}

	before := v.bytes()
	for _, args := range [][]string{
		{"add", "x", "--length", "30"},
		{"edit", "gen", "--length", "30"},
		{"edit", "gen", "--no-symbols", "--username", "u"},
	} {
		v.secret("flag-Secret-1")
		r := v.run("flag-Secret-1\n", args...)
		wantOneLineError(t, r, 2)
		wantStderr(t, r, "needs --generate")
	}
	v.unchanged(before)
}

// An empty first line on stdin is refused, as the terminal prompt refuses
// an empty password: `echo "$UNSET" | passtea add bank` stores nothing.
func TestAddRefusesEmptyPasswordLine(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	before := v.bytes()
	r := v.run("\n", "add", "bank")
	if r.code == 0 {
		t.Fatalf("add stored an empty password from an empty stdin line (stderr %q)", r.stderr)
	}
	v.unchanged(before)
}

func TestAddWithoutVault(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "none.passtea")
	pwFile := writeTestFile(t, dir, "master.txt", testMaster+"\n")
	r := runCLI(t, cliEnv{stdin: "entry-Secret-1\n"}, "--vault", path, "--password-file", pwFile, "add", "x")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "no vault at "+path, "passtea init")
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("add created a vault file: %v", err)
	}
}

func TestGet(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("work/github", "gh-Secret-1", "--username", "octocat")
	v.add("work/gitlab", "gl-Secret-2")
	v.add("bank", "bank-Secret-3")

	r := v.ok("", "get", "work/github")
	if r.stdout != "gh-Secret-1\n" {
		t.Errorf("get printed %q, want the password and a newline", r.stdout)
	}
	if r.stderr != "" {
		t.Errorf("get printed on stderr: %q", r.stderr)
	}
	if got := v.get("bank", "url"); got != "" {
		t.Errorf("empty url printed as %q", got)
	}

	t.Run("no such field", func(t *testing.T) {
		r := v.run("", "get", "work/github", "--field", "secret")
		wantOneLineError(t, r, 1)
		wantStderr(t, r, `work/github has no field "secret" (it has no custom fields; the built-in ones are password, username, url, urls, notes, otp, tags, name)`)
		r = v.run("", "get", "work/github", "--field", "custom:")
		wantOneLineError(t, r, 2)
	})

	t.Run("unknown name", func(t *testing.T) {
		r := v.run("", "get", "work/githb")
		wantOneLineError(t, r, 1)
		wantStderr(t, r, `no entry named "work/githb"; did you mean "work/github", "work/gitlab"?`)

		r = v.run("", "get", "github")
		wantOneLineError(t, r, 1)
		wantStderr(t, r, `did you mean "work/github", "work/gitlab"?`)

		r = v.run("", "get", "zzzzzzzzzzz")
		wantOneLineError(t, r, 1)
		if strings.Contains(r.stderr, "did you mean") {
			t.Errorf("suggestions for a name close to nothing: %q", r.stderr)
		}
	})

	t.Run("wrong master password", func(t *testing.T) {
		r := v.runWith(v.masterFile("bad.txt", testMasterBad), "", "get", "work/github")
		wantCode(t, r, 1)
		if r.stderr != wrongMaster || r.stdout != "" {
			t.Errorf("stdout %q, stderr %q; want only %q", r.stdout, r.stderr, wrongMaster)
		}
	})

	t.Run("password file", func(t *testing.T) {
		// CRLF and further lines in the password file are ignored.
		r := v.runWith(v.masterFile("crlf.txt", testMaster+"\r\nsomething else"), "", "get", "bank")
		wantCode(t, r, 0)
		if r.stdout != "bank-Secret-3\n" {
			t.Errorf("get printed %q", r.stdout)
		}
		r = v.runWith(filepath.Join(v.dir, "missing.txt"), "", "get", "bank")
		wantOneLineError(t, r, 1)
		wantStderr(t, r, "read password file")
		r = v.runWith(writeTestFile(t, v.dir, "empty.txt", ""), "", "get", "bank")
		wantOneLineError(t, r, 1)
		wantStderr(t, r, "empty input")
	})
}

// lsJSON runs ls --json [query] and decodes its output.
func lsJSON(t *testing.T, v *testVault, query string) []lsEntry {
	t.Helper()
	args := []string{"ls", "--json"}
	if query != "" {
		args = append(args, query)
	}
	r := v.ok("", args...)
	noSecretsIn(t, "ls --json", r.stdout, v.secrets...)
	var out []lsEntry
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("ls --json: %v in %q", err, r.stdout)
	}
	return out
}

func lsNames(entries []lsEntry) []string {
	var names []string
	for _, e := range entries {
		names = append(names, e.Name)
	}
	return names
}

func TestLs(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)

	r := v.ok("", "ls", "--json")
	if r.stdout != "[]\n" {
		t.Errorf("ls --json of an empty vault: %q, want \"[]\\n\"", r.stdout)
	}
	if r := v.ok("", "ls"); r.stdout != "" {
		t.Errorf("ls of an empty vault: %q", r.stdout)
	}

	v.add("zeta", "zeta-Secret-1")
	v.add("work/github", "gh-Secret-2", "--username", "octocat", "--url", "https://github.com", "--tag", "dev")
	v.add("alpha", "alpha-Secret-3", "--username", "al")
	v.add("mail", "mail-Secret-4", "--tag", "personal")

	r = v.ok("", "ls")
	noSecretsIn(t, "ls", r.stdout, v.secrets...)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	var names []string
	for _, l := range lines {
		names = append(names, strings.Fields(l)[0])
	}
	if want := []string{"alpha", "mail", "work/github", "zeta"}; !slices.Equal(names, want) {
		t.Errorf("ls names %q, want %q (sorted)\n%s", names, want, r.stdout)
	}
	if !strings.Contains(r.stdout, "work/github  octocat\n") || !strings.Contains(r.stdout, "mail\n") {
		t.Errorf("ls does not show usernames in a column:\n%s", r.stdout)
	}
	if r2 := v.ok("", "list"); r2.stdout != r.stdout {
		t.Errorf("list differs from ls: %q", r2.stdout)
	}

	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"wgh", []string{"work/github"}},
		{"gh", []string{"work/github"}},
		{"octo", []string{"work/github"}}, // username
		{"github.com", []string{"work/github"}},
		{"personal", []string{"mail"}}, // tag
		// Ranked: a prefix of the name, then the name holds it; one
		// letter in the middle of the username (octocat) is not a match.
		{"a", []string{"alpha", "zeta", "mail"}},
		{"work git", []string{"work/github"}}, // every word must match
		{"nothingmatches", nil},
	} {
		r := v.ok("", "ls", tc.query)
		noSecretsIn(t, "ls "+tc.query, r.stdout, v.secrets...)
		var got []string
		for _, l := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
			if l != "" {
				got = append(got, strings.Fields(l)[0])
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("ls %s = %q, want %q", tc.query, got, tc.want)
		}
		if tc.query == "wgh" || tc.query == "a" {
			if got := lsNames(lsJSON(t, v, tc.query)); !slices.Equal(got, tc.want) {
				t.Errorf("ls --json %s = %q, want %q", tc.query, got, tc.want)
			}
		}
	}
	if r := v.ok("", "ls", "--json", "nothingmatches"); r.stdout != "[]\n" {
		t.Errorf("ls --json with no match: %q, want \"[]\\n\"", r.stdout)
	}

	t.Run("json shape", func(t *testing.T) {
		r := v.ok("", "ls", "--json")
		var raw []map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &raw); err != nil {
			t.Fatal(err)
		}
		if len(raw) != 4 {
			t.Fatalf("%d entries, want 4", len(raw))
		}
		for _, m := range raw {
			var keys []string
			for k := range m {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			if want := []string{"modified", "name", "tags", "url", "username"}; !slices.Equal(keys, want) {
				t.Errorf("keys %q, want %q", keys, want)
			}
			if _, ok := m["tags"].([]any); !ok {
				t.Errorf("%v: tags is %T, want an array", m["name"], m["tags"])
			}
			mod, err := time.Parse(time.RFC3339Nano, m["modified"].(string))
			if err != nil || time.Since(mod) > time.Hour || time.Since(mod) < 0 {
				t.Errorf("%v: modified %v (%v)", m["name"], m["modified"], err)
			}
		}
		gh := raw[2]
		if gh["name"] != "work/github" || gh["username"] != "octocat" || gh["url"] != "https://github.com" {
			t.Errorf("work/github as JSON: %v", gh)
		}
		if tags := gh["tags"].([]any); len(tags) != 1 || tags[0] != "dev" {
			t.Errorf("work/github tags %v", tags)
		}
	})
}

// ls aligns the username column across all entries, with or without a
// username, and leaves no trailing spaces.
func TestLsAlignsUsernames(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("alpha", "alpha-Secret-1", "--username", "al")
	v.add("mail", "mail-Secret-2")
	v.add("work/github", "gh-Secret-3", "--username", "octocat")
	r := v.ok("", "ls")
	col := map[int]bool{}
	for _, l := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
		if f := strings.Fields(l); len(f) == 2 {
			col[strings.LastIndex(l, f[1])] = true
		}
	}
	if len(col) != 1 {
		t.Errorf("usernames start in %d different columns:\n%s", len(col), r.stdout)
	}
}

// historyPasswords runs history and returns the passwords it prints, in
// order, checking each line starts with a time.
func historyPasswords(t *testing.T, v *testVault, name string) []string {
	t.Helper()
	r := v.ok("", "history", name)
	var out []string
	for _, l := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
		if l == "" {
			continue
		}
		f := strings.Fields(l)
		if len(f) != 3 {
			t.Fatalf("history line %q is not DATE TIME PASSWORD", l)
		}
		if _, err := time.Parse("2006-01-02 15:04", f[0]+" "+f[1]); err != nil {
			t.Errorf("history line %q: %v", l, err)
		}
		out = append(out, f[2])
	}
	return out
}

func TestEdit(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("mail", "mail-Secret-1", "--username", "me", "--url", "https://mail.example", "--notes", "n1", "--tag", "x")
	v.add("bank", "bank-Secret-2")

	for _, args := range [][]string{
		{"--username", "me2"},
		{"--url", "https://mail2.example"},
		{"--notes", "n2\nmore"},
	} {
		r := v.ok("", append([]string{"edit", "mail"}, args...)...)
		if r.stderr != "changed mail\n" {
			t.Errorf("edit %v: stderr %q", args, r.stderr)
		}
	}
	m := v.contents(testMaster)["mail"]
	if m.Username != "me2" || m.URL() != "https://mail2.example" || m.Notes != "n2\nmore" || !slices.Equal(m.Tags, []string{"x"}) {
		t.Errorf("after the edits: %+v", m)
	}
	if m.Password != "mail-Secret-1" {
		t.Errorf("editing fields changed the password to %q", m.Password)
	}
	v.ok("", "edit", "mail", "--username", "")
	if got := v.get("mail", "username"); got != "" {
		t.Errorf("--username '' left %q", got)
	}
	if h := historyPasswords(t, v, "mail"); len(h) != 0 {
		t.Errorf("editing fields made a history: %q", h)
	}

	t.Run("tags", func(t *testing.T) {
		v.ok("", "edit", "mail", "--tag", "z", "--tag", " y ")
		if got := lsJSON(t, v, "mail")[0].Tags; !slices.Equal(got, []string{"y", "z"}) {
			t.Errorf("tags %q, want [y z]", got)
		}
		v.ok("", "edit", "mail", "--tag", "")
		if got := lsJSON(t, v, "mail")[0].Tags; len(got) != 0 {
			t.Errorf("--tag '' left tags %q", got)
		}
	})

	t.Run("password and history", func(t *testing.T) {
		r := v.run("", "history", "bank")
		wantCode(t, r, 0)
		if r.stdout != "" || r.stderr != "bank has no earlier values of password\n" {
			t.Errorf("history of a fresh entry: stdout %q, stderr %q", r.stdout, r.stderr)
		}
		v.secret("bank-Secret-3", "bank-Secret-4")
		v.ok("bank-Secret-3\n", "edit", "bank", "--password-stdin")
		v.ok("bank-Secret-4\r\n", "edit", "bank", "--password-stdin")
		if got := v.get("bank", "password"); got != "bank-Secret-4" {
			t.Errorf("password %q, want bank-Secret-4", got)
		}
		if h := historyPasswords(t, v, "bank"); !slices.Equal(h, []string{"bank-Secret-3", "bank-Secret-2"}) {
			t.Errorf("history %q, want newest first [bank-Secret-3 bank-Secret-2]", h)
		}
		// The same password again is no change, and no history.
		v.ok("bank-Secret-4\n", "edit", "bank", "--password-stdin")
		if h := historyPasswords(t, v, "bank"); len(h) != 2 {
			t.Errorf("setting the same password grew the history: %q", h)
		}
		before := v.bytes()
		r = v.run("", "edit", "bank", "--password-stdin")
		wantOneLineError(t, r, 2)
		wantStderr(t, r, "read the entry's password from standard input: empty input")
		v.unchanged(before)
	})

	t.Run("rename", func(t *testing.T) {
		v.ok("", "edit", "mail", "--name", "personal/mail")
		r := v.run("", "get", "mail")
		wantCode(t, r, 1)
		wantStderr(t, r, `did you mean "personal/mail"?`)
		if got := v.get("personal/mail", "password"); got != "mail-Secret-1" {
			t.Errorf("renamed entry's password %q", got)
		}

		before := v.bytes()
		r = v.run("", "edit", "personal/mail", "--name", "bank")
		wantOneLineError(t, r, 1)
		wantStderr(t, r, "already exists")
		v.unchanged(before)

		r = v.run("", "edit", "personal/mail", "--name", "a//b")
		wantOneLineError(t, r, 2)
		wantStderr(t, r, "--name: invalid entry: the name has an empty group")
		v.unchanged(before)
	})

	t.Run("usage", func(t *testing.T) {
		before := v.bytes()
		r := v.run("", "edit", "bank")
		wantOneLineError(t, r, 2)
		wantStderr(t, r, "nothing to change")
		r = v.run("new-Secret\n", "edit", "bank", "--password-stdin", "--generate")
		wantOneLineError(t, r, 2)
		wantStderr(t, r, "--password-stdin and --generate exclude each other")
		r = v.run("", "edit", "nosuch", "--username", "x")
		wantOneLineError(t, r, 1)
		wantStderr(t, r, `no entry named "nosuch"`)
		v.unchanged(before)
	})
}

func TestRm(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("old/forum", "forum-Secret-1", "--username", "me")
	v.add("keep", "keep-Secret-2")
	v.secret("forum-Secret-2")
	v.ok("forum-Secret-2\n", "edit", "old/forum", "--password-stdin")

	t.Run("no terminal without --yes", func(t *testing.T) {
		before := v.bytes()
		r := v.run("", "rm", "old/forum")
		wantOneLineError(t, r, 2)
		wantStderr(t, r, `add --yes to remove "old/forum"`)
		v.unchanged(before)
	})

	r := v.ok("", "rm", "old/forum", "--yes")
	if r.stderr != "moved old/forum to the trash; passtea restore old/forum brings it back, passtea rm --purge old/forum erases it\n" {
		t.Errorf("rm stderr %q", r.stderr)
	}
	r = v.run("", "get", "old/forum")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, `no entry named "old/forum"`)
	if got := lsNames(lsJSON(t, v, "")); !slices.Equal(got, []string{"keep"}) {
		t.Errorf("after rm, ls = %q", got)
	}
	r = v.run("", "rm", "old/forum", "--yes")
	wantOneLineError(t, r, 1)

	// The name is free again, and the new entry starts afresh.
	v.add("old/forum", "forum-Secret-3")
	if got := v.get("old/forum", "password"); got != "forum-Secret-3" {
		t.Errorf("re-added password %q", got)
	}
	if got := v.get("old/forum", "username"); got != "" {
		t.Errorf("re-added entry has the old username %q", got)
	}
	if h := historyPasswords(t, v, "old/forum"); len(h) != 0 {
		t.Errorf("re-added entry has the old history %q", h)
	}
	v.ok("", "delete", "-y", "old/forum")
	v.ok("", "remove", "--yes", "keep")
	if r := v.ok("", "ls", "--json"); r.stdout != "[]\n" {
		t.Errorf("after removing all: %q", r.stdout)
	}
}

func TestPasswdNewPassword(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("bank", "bank-Secret-1")
	v.secret("bank-Secret-0")
	v.ok("bank-Secret-0\n", "edit", "bank", "--password-stdin") // bank-Secret-1 into the history
	oldCopy := filepath.Join(v.dir, "copy.passtea")
	if err := os.WriteFile(oldCopy, v.bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	newFile := v.masterFile("new.txt", testMasterNew)

	t.Run("usage", func(t *testing.T) {
		before := v.bytes()
		r := v.run("", "passwd", "--keep-password", "--new-password-file", newFile)
		wantOneLineError(t, r, 2)
		wantStderr(t, r, "--keep-password and --new-password-file exclude each other")
		r = v.run("", "passwd", "--new-password-file", newFile, "--kdf-iterations", "2", "--kdf-time", "1s")
		wantOneLineError(t, r, 2)
		v.unchanged(before)
	})

	t.Run("weak new password", func(t *testing.T) {
		before := v.bytes()
		v.secret("passwordpassword")
		r := v.run("", "passwd", "--new-password-file", v.masterFile("weak.txt", "passwordpassword"))
		wantOneLineError(t, r, 1)
		wantStderr(t, r, "too easy to guess", "--allow-weak")
		v.unchanged(before)
	})

	t.Run("wrong current password", func(t *testing.T) {
		before := v.bytes()
		r := v.runWith(v.masterFile("bad.txt", testMasterBad), "", "passwd", "--new-password-file", newFile)
		wantCode(t, r, 1)
		if r.stderr != wrongMaster {
			t.Errorf("stderr %q", r.stderr)
		}
		v.unchanged(before)
	})

	r := v.ok("", "passwd", "--new-password-file", newFile)
	if !strings.HasPrefix(r.stderr, "changed the master password ("+cheapKDFString+")\nnote: ") || !strings.Contains(r.stderr, ".bak, the previous version, still opens with the old master password") {
		t.Errorf("passwd stderr %q", r.stderr)
	}
	r = v.run("", "get", "bank")
	wantCode(t, r, 1)
	if r.stderr != wrongMaster {
		t.Errorf("old password after passwd: stderr %q", r.stderr)
	}
	r = v.runWith(newFile, "", "get", "bank")
	wantCode(t, r, 0)
	if r.stdout != "bank-Secret-0\n" {
		t.Errorf("get with the new password: %q", r.stdout)
	}

	// passwd rewraps the vault key without re-encrypting the entries (see
	// passtea passwd --help): a copy of the file made before, like
	// VAULT.bak, still opens with the OLD password and shows the entries as
	// they were. That is the documented trade-off, and why --rotate-key
	// exists.
	for _, p := range []string{oldCopy, v.path + ".bak"} {
		old := runCLI(t, cliEnv{}, "--vault", p, "--password-file", v.pwFile, "get", "bank")
		wantCode(t, old, 0)
		if old.stdout != "bank-Secret-0\n" {
			t.Errorf("%s with the old password: %q", p, old.stdout)
		}
		wrong := runCLI(t, cliEnv{}, "--vault", p, "--password-file", newFile, "get", "bank")
		wantCode(t, wrong, 1)
		wantStderr(t, wrong, "wrong master password")
	}
}

func TestPasswdKeepPasswordChangesKDF(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("bank", "bank-Secret-1")
	r := v.ok("", "passwd", "--keep-password", "--kdf-memory", "8", "--kdf-iterations", "2", "--kdf-parallelism", "1")
	want := "argon2id, 8 MiB, 2 passes, 1 lane"
	if r.stderr != "passtea: warning: "+want+" is below RFC 9106's recommendation (64 MiB, 3 passes): a stolen vault file is cheaper to attack\n"+
		"changed the key derivation ("+want+")\n" {
		t.Errorf("passwd stderr %q", r.stderr)
	}
	r = v.ok("", "info")
	if !strings.Contains(r.stdout, "key derivation:  "+want+"\nparameters:      chosen explicitly; passtea never changes them\n") {
		t.Errorf("info after passwd:\n%s", r.stdout)
	}
	if got := v.get("bank", "password"); got != "bank-Secret-1" {
		t.Errorf("password after passwd --keep-password: %q", got)
	}
}

// passwd changes only the KDF parameters it is given: the others stay as
// the vault has them (an 8 MiB, 1-lane vault made for a small device is not
// moved to 256 MiB). The test leaves out only --kdf-parallelism to stay cheap.
func TestPasswdKDFFlagKeepsOtherParams(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	r := v.ok("", "passwd", "--keep-password", "--kdf-memory", "8", "--kdf-iterations", "2")
	f, err := vault.ReadFile(v.path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := (vault.KDFParams{MemoryKiB: 8 << 10, Iterations: 2, Parallelism: 1}); f.Params() != want {
		t.Errorf("passwd --kdf-memory 8 --kdf-iterations 2 on %s gave %v, want %v (stderr %q)", cheapKDFString, f.Params(), want, r.stderr)
	}
}

func TestPasswdRotateKey(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("a", "a-Secret-1", "--notes", "note a")
	v.add("b", "b-Secret-1")
	v.secret("b-Secret-2")
	v.ok("b-Secret-2\n", "edit", "b", "--password-stdin")
	v.ok("", "rm", "--yes", "a")
	v.add("c", "c-Secret-1")
	newFile := v.masterFile("new.txt", testMasterNew)

	r := v.ok("", "passwd", "--rotate-key", "--new-password-file", newFile)
	wantStderr(t, r, "changed the master password and sealed every entry under a new vault key")
	for name, want := range map[string]string{"b": "b-Secret-2", "c": "c-Secret-1"} {
		r := v.runWith(newFile, "", "get", name)
		wantCode(t, r, 0)
		if r.stdout != want+"\n" {
			t.Errorf("get %s after --rotate-key: %q, want %q", name, r.stdout, want)
		}
	}
	r = v.runWith(newFile, "", "history", "b")
	wantCode(t, r, 0)
	if !strings.Contains(r.stdout, "b-Secret-1") {
		t.Errorf("history lost by --rotate-key: %q", r.stdout)
	}
	r = v.runWith(newFile, "", "get", "a")
	wantCode(t, r, 1)

	// --rotate-key with --keep-password keeps the master password.
	r = v.runWith(newFile, "", "passwd", "--rotate-key", "--keep-password")
	wantCode(t, r, 0)
	wantStderr(t, r, "kept the master password and sealed every entry under a new vault key")
	r = v.runWith(newFile, "", "get", "c")
	wantCode(t, r, 0)
}

func TestInfo(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	r := v.ok("", "info")
	for _, want := range []string{
		"path:            " + v.path + "\n",
		"format:          passtea vault version 2\n",
		"key derivation:  " + cheapKDFString + "\n",
		"parameters:      chosen explicitly; passtea never changes them\n",
		"unlock time:     ",
		"entries:         0\n",
		"created:         ",
		"last modified:   ",
		"file size:       ",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("info lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "backup:") {
		t.Errorf("info of a fresh vault mentions a backup:\n%s", r.stdout)
	}
	wantStderr(t, r, "passtea: warning: "+cheapKDFString+" is below RFC 9106's recommendation", "passtea passwd --keep-password")

	v.add("a", "a-Secret-1", "--notes", "secret-Note-1")
	v.add("b", "b-Secret-1")
	v.secret("secret-Note-1")
	r = v.ok("", "info")
	if !strings.Contains(r.stdout, "entries:         2\n") {
		t.Errorf("info after two adds:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, "backup:          "+v.path+".bak (the previous version)\n") {
		t.Errorf("info does not name the backup:\n%s", r.stdout)
	}
	noSecretsIn(t, "info", r.stdout, v.secrets...)
}

// Without --password-file and without a terminal, every command that needs
// the master password fails at once with a message that names
// --password-file, and changes nothing.
func TestNoTerminalNeedsPasswordFile(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("a", "a-Secret-1")
	csvFile := writeTestFile(t, v.dir, "in.csv", "name,password\nb,b-Secret-1\n")
	v.secret("b-Secret-1")
	before := v.bytes()
	for _, tc := range []struct {
		stdin string
		args  []string
	}{
		{"", []string{"get", "a"}},
		{"", []string{"ls"}},
		{"", []string{"info"}},
		{"", []string{"history", "a"}},
		{"x-Secret-9\n", []string{"add", "x"}},
		{"", []string{"edit", "a", "--username", "u"}},
		{"", []string{"rm", "--yes", "a"}},
		{"", []string{"passwd", "--keep-password", "--rotate-key"}},
		{"", []string{"import", csvFile}},
	} {
		r := runCLI(t, cliEnv{stdin: tc.stdin}, append([]string{"--vault", v.path}, tc.args...)...)
		wantOneLineError(t, r, 1)
		if r.stderr != "passtea: no terminal to ask for the master password: use --password-file FILE\n" {
			t.Errorf("%v: stderr %q", tc.args, r.stderr)
		}
	}
	v.unchanged(before)

	dir := t.TempDir()
	path := filepath.Join(dir, "vault.passtea")
	r := runCLI(t, cliEnv{}, append([]string{"--vault", path, "init"}, cheapKDF...)...)
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "--password-file")
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("init without a password left a file: %v", err)
	}
}

// passwd with --password-file but no --new-password-file and no terminal
// names the flag that is missing, before any key derivation.
func TestPasswdNoTerminalNamesNewPasswordFile(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	before := v.bytes()
	r := v.run("", "passwd")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "--new-password-file")
	v.unchanged(before)
}

// truncate cuts the vault file to half its size and returns the new bytes.
func truncateVault(t *testing.T, v *testVault) []byte {
	t.Helper()
	b := v.bytes()
	b = b[:len(b)/2]
	if err := os.WriteFile(v.path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return b
}

// damagedCommands are the commands that read the vault, each with stdin.
func damagedCommands(v *testVault) [][]string {
	csvFile := writeTestFile(v.t, v.dir, "in.csv", "name,password\nnew,new-Secret-1\n")
	v.secret("new-Secret-1", "added-Secret-1")
	return [][]string{
		{"", "get", "a"},
		{"", "ls"},
		{"", "ls", "--json"},
		{"", "info"},
		{"", "history", "a"},
		{"added-Secret-1\n", "add", "added"},
		{"", "edit", "a", "--username", "u"},
		{"", "rm", "--yes", "a"},
		{"", "passwd", "--keep-password", "--kdf-iterations", "2"},
		{"", "import", csvFile},
	}
}

func TestDamagedVault(t *testing.T) {
	t.Parallel()
	t.Run("with backup", func(t *testing.T) {
		t.Parallel()
		v := newTestVault(t)
		v.add("a", "a-Secret-1")
		v.add("b", "b-Secret-1") // VAULT.bak now holds a, not b
		cmds := damagedCommands(v)
		damaged := truncateVault(t, v)
		for _, c := range cmds {
			r := v.run(c[0], c[1:]...)
			wantOneLineError(t, r, 1)
			wantStderr(t, r, "vault file "+v.path+" is damaged", "the previous version is in "+v.path+".bak")
			v.unchanged(damaged)
		}
		// The backup opens.
		r := runCLI(t, cliEnv{}, "--vault", v.path+".bak", "--password-file", v.pwFile, "get", "a")
		wantCode(t, r, 0)
		if r.stdout != "a-Secret-1\n" {
			t.Errorf("get from the backup: %q", r.stdout)
		}
		r = v.run("", append([]string{"init"}, cheapKDF...)...)
		wantOneLineError(t, r, 1)
		wantStderr(t, r, "already exists")
		v.unchanged(damaged)
	})

	t.Run("without backup", func(t *testing.T) {
		t.Parallel()
		v := newTestVault(t)
		cmds := damagedCommands(v)
		damaged := truncateVault(t, v)
		for _, c := range cmds {
			r := v.run(c[0], c[1:]...)
			wantOneLineError(t, r, 1)
			wantStderr(t, r, "is damaged")
			if strings.Contains(r.stderr, ".bak") {
				t.Errorf("%v mentions a backup that does not exist: %q", c[1:], r.stderr)
			}
			v.unchanged(damaged)
		}
	})

	t.Run("empty file", func(t *testing.T) {
		t.Parallel()
		v := newTestVault(t)
		writeTestFile(t, v.dir, "vault.passtea", "")
		r := v.run("", "ls")
		wantOneLineError(t, r, 1)
		wantStderr(t, r, "is damaged")
	})

	t.Run("not a vault", func(t *testing.T) {
		t.Parallel()
		v := newTestVault(t)
		v.add("a", "a-Secret-1")
		cmds := damagedCommands(v)
		other := []byte("name,password\nsomething,else\n")
		if err := os.WriteFile(v.path, other, 0o600); err != nil {
			t.Fatal(err)
		}
		for _, c := range cmds {
			r := v.run(c[0], c[1:]...)
			wantOneLineError(t, r, 1)
			wantStderr(t, r, v.path+": not a passtea vault")
			v.unchanged(other)
		}
	})
}

// TestNotesFile: notes come whole from a file (so they stay out of argv),
// multi-line, less one final newline; they exclude --notes.
func TestNotesFile(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	notes := "recovery codes:\n1111-2222\n3333-4444"
	file := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(file, []byte(notes+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	v.secret("1111-2222")
	v.ok("pw-Secret-7\n", "add", "bank", "--notes-file", file)
	if got := v.get("bank", "notes"); got != notes {
		t.Fatalf("notes %q, want %q", got, notes)
	}
	v.ok("", "edit", "bank", "--notes-file", file+"")
	r := v.run("", "add", "x", "--notes", "a", "--notes-file", file)
	wantOneLineError(t, r, 2)
	wantStderr(t, r, "--notes and --notes-file exclude each other")
	r = v.run("pw\n", "add", "y", "--notes-file", "-")
	wantOneLineError(t, r, 2)
	wantStderr(t, r, "needs --generate")
	r = v.run("", "edit", "bank", "--notes-file", filepath.Join(t.TempDir(), "missing"))
	wantOneLineError(t, r, 2)
}

// TestStrengthRefusesEmpty: an empty line is not a password to rate.
func TestStrengthRefusesEmpty(t *testing.T) {
	t.Parallel()
	r := runCLI(t, cliEnv{stdin: "\n"}, "strength")
	wantOneLineError(t, r, 2)
	wantStderr(t, r, "empty password")
}
