package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/passtea/passtea/vault"
)

// scriptVault is a vault with the entries the scripting tests use.
func scriptVault(t *testing.T) *testVault {
	v := newTestVault(t)
	v.add("work/github", "gh-Secret-1", "--username", "octocat", "--url", "https://github.com")
	v.addDirect(vault.NewEntry{Name: "work/db", Username: "app", URLs: []string{"https://db.internal"}, Secret: vault.Secret{
		Password: "db-Secret-2", Notes: "primary in eu-west\nreplica in us-east",
		Fields: []vault.Field{{Name: "API token", Value: "tok-Secret-3", Concealed: true}, {Name: "host", Value: "db.internal"}, {Name: "pin", Value: "123", Concealed: true}}}})
	return v
}

func TestRun(t *testing.T) {
	t.Parallel()
	v := scriptVault(t)
	envFile := writeTestFile(t, v.dir, "env", "# secrets\nexport TOKEN=passtea://work/db:API token\nUSER='passtea://work/db:username'\nPLAIN=\"just text\"\n\n")
	for _, tc := range []struct {
		name           string
		args           []string
		stdout, stderr string
		code           int
	}{
		{"env and masking", []string{"--env", "PW=work/github", "--env", "U=passtea://work/github:username", "--",
			"sh", "-c", `echo "pw=$PW user=$U"; echo "err:$PW" >&2`}, "pw=" + maskText + " user=octocat\n", "err:" + maskText + "\n", 0},
		{"no masking", []string{"--no-masking", "--env", "PW=work/github", "--", "sh", "-c", `echo "$PW"`}, "gh-Secret-1\n", "", 0},
		{"env file", []string{"--env-file", envFile, "--", "sh", "-c", `echo "$TOKEN|$USER|$PLAIN"`}, maskText + "|app|just text\n", "", 0},
		{"later wins", []string{"--env-file", envFile, "--env", "USER=work/github:username", "--", "sh", "-c", `echo "$USER"`}, "octocat\n", "", 0},
		{"short secrets are not masked", []string{"--env", "PIN=work/db:pin", "--", "sh", "-c", `echo "$PIN"`}, "123\n", "", 0},
		{"multi-line notes", []string{"--env", "N=work/db:notes", "--", "sh", "-c", `printf '%s\n' "$N"`}, maskText + "\n", "", 0},
		{"exit status", []string{"--", "sh", "-c", "exit 42"}, "", "", 42},
		{"killed by a signal", []string{"--", "sh", "-c", "kill -TERM $$"}, "", "", 128 + int(syscall.SIGTERM)},
		{"flags after CMD are CMD's", []string{"sh", "-c", `echo "$0 $1"`, "--env", "x"}, "--env x\n", "", 0},
		{"not found", []string{"--", "no-such-command-passtea"}, "", "passtea: run: no-such-command-passtea: command not found\n", 127},
		{"unknown entry", []string{"--env", "X=work/nope", "--", "true"}, "", `passtea: passtea://work/nope: no entry named "work/nope"`, 1},
		{"unknown field", []string{"--env", "X=work/db:colour", "--", "true"}, "", `has no field "colour"`, 1},
		{"bad VAR", []string{"--env", "1X=work/db", "--", "true"}, "", "--env wants VAR=NAME[:FIELD]", 2},
		{"bad reference", []string{"--env", "X=work/db:", "--", "true"}, "", "--env X: reference", 2},
	} {
		r := v.run("", append([]string{"run"}, tc.args...)...)
		if r.code != tc.code || r.stdout != tc.stdout || !strings.Contains(r.stderr, tc.stderr) || tc.stderr == "" && r.stderr != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want %d, %q, %q", tc.name, r.code, r.stdout, r.stderr, tc.code, tc.stdout, tc.stderr)
		}
	}
}

// TestRunLargeEnvironment: an env file whose lines all name one large
// value is refused before the environment is built, and nothing runs.
func TestRunLargeEnvironment(t *testing.T) {
	t.Parallel()
	v := scriptVault(t)
	v.addDirect(vault.NewEntry{Name: "big", Secret: vault.Secret{Password: "big-Secret-9", Notes: strings.Repeat("0123456789abcdef\n", 60_000)}})
	var lines strings.Builder
	for i := range 20 {
		fmt.Fprintf(&lines, "V%d=passtea://big:notes\n", i)
	}
	envFile := writeTestFile(t, v.dir, "env", lines.String())
	marker := filepath.Join(v.dir, "ran")
	r := v.run("", "run", "--env-file", envFile, "--", "touch", marker)
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "environment would be larger than 16 MiB")
	if _, err := os.Stat(marker); err == nil {
		t.Error("the command ran")
	}
}

// TestRunInheritedReferences: variables of passtea's environment that
// hold references are filled in; others pass as they are.
func TestRunInheritedReferences(t *testing.T) {
	t.Setenv("PASSTEA_TEST_REF", "passtea://work/github:username")
	t.Setenv("PASSTEA_TEST_PLAIN", "plain")
	v := scriptVault(t)
	r := v.run("", "run", "--", "sh", "-c", `echo "$PASSTEA_TEST_REF $PASSTEA_TEST_PLAIN"`)
	wantCode(t, r, 0)
	if r.stdout != "octocat plain\n" {
		t.Fatalf("%q", r.stdout)
	}
}

// TestRunForwardsSignals: a signal passtea gets reaches the command.
// Not parallel: the signal goes to this whole test process.
func TestRunForwardsSignals(t *testing.T) {
	v := scriptVault(t)
	ready := filepath.Join(t.TempDir(), "ready")
	done := make(chan cliResult, 1)
	go func() {
		done <- v.run("", "run", "--", "sh", "-c", `trap 'echo got USR1; exit 7' USR1; touch `+ready+`; while :; do sleep 0.05; done`)
	}()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(ready); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the command did not start")
		}
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGUSR1); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-done:
		if r.code != 7 || r.stdout != "got USR1\n" {
			t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the signal did not reach the command")
	}
}

func TestParseEnvFile(t *testing.T) {
	got, err := parseEnvFile([]byte("A=1\n  export B = passtea://x:y \nC=\"q\"\nD='passtea://a\\:b'\nE=\n# F=2\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []envSpec{{name: "A", literal: "1"}, {name: "B", ref: &ref{"x", "y"}}, {name: "C", literal: "q"},
		{name: "D", ref: &ref{"a:b", "password"}}, {name: "E"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%+v", got)
	}
	for _, bad := range []string{"novalue\n", "1A=x\n", "A-B=x\n", "A=passtea://x:\n"} {
		if _, err := parseEnvFile([]byte(bad)); err == nil || !strings.HasPrefix(err.Error(), "line 1: ") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestInject(t *testing.T) {
	t.Parallel()
	v := scriptVault(t)
	tpl := "user: {{ passtea://work/db:username }}\ntoken: {{passtea://work/db:API token}}\nhelm: {{ .Values.x }}\n"
	r := v.run(tpl, "inject")
	wantCode(t, r, 0)
	if r.stdout != "user: app\ntoken: tok-Secret-3\nhelm: {{ .Values.x }}\n" {
		t.Fatalf("%q", r.stdout)
	}

	in := writeTestFile(t, v.dir, "tpl", tpl)
	out := filepath.Join(v.dir, "out.yml")
	if err := os.WriteFile(out, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = v.run("", "inject", "-i", in, "-o", out)
	wantCode(t, r, 0)
	if r.stdout != "" || r.stderr != "wrote "+out+" (2 references filled)\n" {
		t.Fatalf("%+v", r)
	}
	fi, err := os.Stat(out)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the output file: %v %v", fi, err)
	}
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), "tok-Secret-3") {
		t.Fatalf("%q", b)
	}

	// A bad reference: an error naming its line, and nothing written.
	before, _ := os.ReadFile(out)
	for _, bad := range []struct{ tpl, err string }{
		{"ok\n{{ passtea://work/nope }}", `no entry named "work/nope"`},
		{"ok\n{{ passtea://work/db:colour }}", `has no field "colour"`},
		{"a\nb\n{{ passtea://work/db:", "the template: line 3: a reference opened with {{ is not closed"},
	} {
		r = v.run(bad.tpl, "inject", "-o", out)
		wantOneLineError(t, r, 1)
		wantStderr(t, r, bad.err)
	}
	if after, _ := os.ReadFile(out); string(after) != string(before) {
		t.Fatal("a failed inject changed the output file")
	}

	// References to a large value, many times: refused before the output
	// is built, not maxFilled's worth of memory and more.
	v.addDirect(vault.NewEntry{Name: "big", Secret: vault.Secret{Password: "big-Secret-9", Notes: strings.Repeat("0123456789abcdef\n", 60_000)}})
	r = v.run(strings.Repeat("{{ passtea://big:notes }}\n", 80), "inject", "-o", out)
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "larger than 64 MiB")
	if after, _ := os.ReadFile(out); string(after) != string(before) {
		t.Fatal("a refused inject changed the output file")
	}

	// A symbolic link is not followed unless --force.
	link := filepath.Join(v.dir, "link")
	if err := os.Symlink(filepath.Join(v.dir, "target"), link); err != nil {
		t.Fatal(err)
	}
	r = v.run(tpl, "inject", "-o", link)
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "is not a regular file")
	if _, err := os.Stat(filepath.Join(v.dir, "target")); !os.IsNotExist(err) {
		t.Fatal("inject wrote through a symbolic link")
	}
	// A template without references does not open the vault.
	r = runCLI(t, cliEnv{stdin: "nothing {{ here }}"}, "--vault", v.path, "inject")
	wantCode(t, r, 0)
}

func TestGetRaw(t *testing.T) {
	t.Parallel()
	v := scriptVault(t)
	run := func(terminal bool, args ...string) string {
		r := runCLI(t, cliEnv{stdoutTerminal: terminal}, append([]string{"--vault", v.path, "--password-file", v.pwFile, "get"}, args...)...)
		wantCode(t, r, 0)
		return r.stdout
	}
	for _, tc := range []struct {
		terminal bool
		args     []string
		want     string
	}{
		{false, []string{"work/github"}, "gh-Secret-1\n"},
		{false, []string{"work/github", "--raw"}, "gh-Secret-1"},
		{true, []string{"work/github", "--raw"}, "gh-Secret-1\n"},
		{true, []string{"work/github"}, "gh-Secret-1\n"},
		{false, []string{"work/db", "--field", "notes", "--raw"}, "primary in eu-west\nreplica in us-east"},
	} {
		if got := run(tc.terminal, tc.args...); got != tc.want {
			t.Errorf("terminal %v, %q: %q, want %q", tc.terminal, tc.args, got, tc.want)
		}
	}
}

func TestMvCpFindGrep(t *testing.T) {
	t.Parallel()
	v := scriptVault(t)
	v.add("mail", "mail-Secret-4", "--username", "me@example.com")

	r := v.ok("", "mv", "mail", "personal/mail")
	if r.stderr != "renamed mail to personal/mail\n" {
		t.Errorf("mv: %q", r.stderr)
	}
	r = v.run("", "mv", "personal/mail", "work/db")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, `an entry named "work/db" already exists`)
	r = v.run("", "mv", "personal/mail", "bad//name")
	wantOneLineError(t, r, 2)
	r = v.ok("", "cp", "work/db", "work/db-copy")
	if r.stderr != "copied work/db to work/db-copy\n" {
		t.Errorf("cp: %q", r.stderr)
	}
	all := v.contents(testMaster)
	orig, cp := all["work/db"], all["work/db-copy"]
	if cp.ID == orig.ID || cp.Password != orig.Password || !reflect.DeepEqual(cp.Fields, orig.Fields) || cp.Notes != orig.Notes {
		t.Fatalf("the copy %+v of %+v", cp, orig)
	}
	if _, ok := all["mail"]; ok || all["personal/mail"].Password != "mail-Secret-4" {
		t.Fatal("mv did not move the entry")
	}

	if r := v.ok("", "find", "db"); r.stdout != "work/db\nwork/db-copy\n" {
		t.Errorf("find db: %q", r.stdout)
	}
	if r := v.ok("", "find", "example"); r.stdout != "personal/mail\n" {
		t.Errorf("find example: %q", r.stdout)
	}
	r = v.run("", "find", "zzzz")
	wantOneLineError(t, r, 1)

	if r := v.ok("", "grep", "in (eu|us)-"); r.stdout != "work/db: notes: primary in eu-west\nwork/db: notes: replica in us-east\n"+
		"work/db-copy: notes: primary in eu-west\nwork/db-copy: notes: replica in us-east\n" {
		t.Errorf("grep: %q", r.stdout)
	}
	if r := v.ok("", "grep", "-F", "-i", "DB.INTERNAL"); r.stdout != "work/db: url: https://db.internal\nwork/db: host: db.internal\n"+
		"work/db-copy: url: https://db.internal\nwork/db-copy: host: db.internal\n" {
		t.Errorf("grep -F -i: %q", r.stdout)
	}
	// Passwords and concealed fields are never searched.
	for _, secret := range []string{"Secret", "tok-", "123"} {
		r := v.run("", "grep", secret)
		wantOneLineError(t, r, 1)
	}
	r = v.run("", "grep", "(")
	wantOneLineError(t, r, 2)
	wantStderr(t, r, "add -F")
}
