package cli

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/passtea/passtea/ui/agent"
	"github.com/passtea/passtea/vault"
)

// addDirect adds entries to v's vault in this process, as the app or
// another command would (custom fields included, which add has no flags
// for).
func (v *testVault) addDirect(items ...vault.NewEntry) {
	v.t.Helper()
	vt, err := vault.Open(v.path, []byte(testMaster), nil)
	if err != nil {
		v.t.Fatal(err)
	}
	defer vt.Lock()
	for _, it := range items {
		v.secret(it.Password)
		if _, err := vt.Add(it); err != nil {
			v.t.Fatal(err)
		}
	}
}

// TestCommandsThroughTheAgent unlocks once, then runs every vault command
// with neither a password file nor a terminal: the agent serves them all.
// After passtea lock, a command asks again.
func TestCommandsThroughTheAgent(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("work/github", "gh-Secret-1", "--username", "octocat", "--url", "https://github.com")
	v.addDirect(vault.NewEntry{Name: "work/db", Username: "app", Secret: vault.Secret{Password: "db-Secret-2",
		Notes: "primary in eu-west\nreplica in us-east", Fields: []vault.Field{{Name: "API token", Value: "tok-Secret-3", Concealed: true}, {Name: "host", Value: "db.internal"}}}})
	ta := newTestAgent(t)
	r := v.unlockIn(ta, "--timeout", "1h")
	wantStderr(t, r, "unlocked "+v.path+" in the agent", "locks after 1h0m0s without use")
	if ta.starts.Load() != 1 {
		t.Fatalf("unlock started %d agents", ta.starts.Load())
	}

	if r := v.agentOK(ta, "", "get", "work/github"); r.stdout != "gh-Secret-1\n" {
		t.Errorf("get: %q", r.stdout)
	}
	if r := v.agentOK(ta, "", "get", "work/github", "--raw"); r.stdout != "gh-Secret-1" {
		t.Errorf("get --raw: %q", r.stdout)
	}
	if r := v.agentOK(ta, "", "ls"); r.stdout != "work/db      app\nwork/github  octocat\n" {
		t.Errorf("ls: %q", r.stdout)
	}
	v.secret("new-Secret-4")
	if r := v.agentOK(ta, "new-Secret-4\n", "add", "mail", "--username", "me"); r.stderr != "added mail\n" {
		t.Errorf("add: %q", r.stderr)
	}
	v.secret("gh-Secret-5")
	v.agentOK(ta, "gh-Secret-5\n", "edit", "work/github", "--password-stdin")
	if r := v.agentOK(ta, "", "history", "work/github"); !strings.Contains(r.stdout, "gh-Secret-1") {
		t.Errorf("history: %q", r.stdout)
	}
	if r := v.agentOK(ta, "", "info"); !regexp.MustCompile(`entries:\s+3\n`).MatchString(r.stdout) {
		t.Errorf("info: %q", r.stdout)
	}
	if r := v.agentOK(ta, "", "find", "gh"); r.stdout != "work/github\n" {
		t.Errorf("find: %q", r.stdout)
	}
	if r := v.agentOK(ta, "", "grep", "-i", "EU-WEST"); r.stdout != "work/db: notes: primary in eu-west\n" {
		t.Errorf("grep: %q", r.stdout)
	}
	v.agentOK(ta, "", "cp", "mail", "mail2")
	v.agentOK(ta, "", "mv", "mail2", "old/mail")
	v.agentOK(ta, "", "rm", "--yes", "old/mail")
	if r := v.agentOK(ta, "{{ passtea://work/db:API token }}@{{ passtea://work/db:host }}", "inject"); r.stdout != "tok-Secret-3@db.internal" {
		t.Errorf("inject: %q", r.stdout)
	}
	r = v.agentOK(ta, "", "run", "--env", "T=work/db:API token", "--", "sh", "-c", `printf %s "$T" | wc -c`)
	if strings.TrimSpace(r.stdout) != "12" {
		t.Errorf("run: %q", r.stdout)
	}

	// Everything went through the agent: the vault, opened here, holds
	// every change.
	got := v.contents(testMaster)
	if got["work/github"].Password != "gh-Secret-5" || got["mail"].Username != "me" || len(got) != 3 {
		t.Fatalf("the vault after the commands: %v", slices.Collect(mapKeys(got)))
	}

	r = v.agentOK(ta, "", "lock")
	wantStderr(t, r, "locked "+v.path)
	if ta.holds(v.path) {
		t.Fatal("the agent still holds the vault after lock")
	}
	r = v.agentRun(ta, nil, "", "get", "work/github")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "no terminal to ask for the master password")
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestAutoStartOnTerminal: the first command that asks on a terminal
// starts the agent and hands it the vault; the next one does not ask.
func TestAutoStartOnTerminal(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("site", "site-Secret-1")
	ta := newTestAgent(t)
	term := typing(testMaster)
	r := v.agentRun(ta, term, "", "get", "site")
	wantCode(t, r, 0)
	if r.stdout != "site-Secret-1\n" || len(term.prompts) != 1 || ta.starts.Load() != 1 {
		t.Fatalf("get: %q, prompts %q, starts %d", r.stdout, term.prompts, ta.starts.Load())
	}
	wantStderr(t, r, "the agent holds "+v.path+" unlocked until 10 min without use")

	term = typing() // nothing typed: a prompt would fail
	r = v.agentRun(ta, term, "", "get", "site")
	wantCode(t, r, 0)
	if len(term.prompts) != 0 || r.stderr != "" || ta.starts.Load() != 1 {
		t.Fatalf("second get asked %q, said %q, starts %d", term.prompts, r.stderr, ta.starts.Load())
	}

	// A wrong password is the vault's answer, as without the agent.
	ta2 := newTestAgent(t)
	r = v.agentRun(ta2, typing(testMasterBad), "", "get", "site")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "wrong master password")
}

// TestPasswordFileNeverStartsTheAgent: a script that passes the password
// leaves no process behind, but uses an agent that runs.
func TestPasswordFileNeverStartsTheAgent(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("site", "site-Secret-1")
	ta := newTestAgent(t)
	r := v.agentRun(ta, typing(), "", "--password-file", v.pwFile, "get", "site")
	wantCode(t, r, 0)
	if ta.starts.Load() != 0 || r.stderr != "" {
		t.Fatalf("a command with --password-file started %d agents; stderr %q", ta.starts.Load(), r.stderr)
	}
	v.unlockIn(ta)
	// The agent holds the vault: the password file is not even read.
	r = v.agentRun(ta, nil, "", "--password-file", filepath.Join(v.dir, "missing"), "get", "site")
	wantCode(t, r, 0)
	if r.stdout != "site-Secret-1\n" {
		t.Fatalf("get through the agent: %q", r.stdout)
	}
}

// TestNoAgent: --no-agent neither uses nor starts the agent; "auto-start
// = no" in agent.conf stops the start for good but keeps a running agent
// in use.
func TestNoAgent(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("site", "site-Secret-1")
	ta := newTestAgent(t)

	term := typing(testMaster)
	r := v.agentRun(ta, term, "", "--no-agent", "get", "site")
	wantCode(t, r, 0)
	if ta.starts.Load() != 0 || len(term.prompts) != 1 {
		t.Fatalf("--no-agent: %d starts, prompts %q", ta.starts.Load(), term.prompts)
	}

	conf := t.TempDir()
	if err := os.Mkdir(filepath.Join(conf, "passtea"), 0o700); err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, filepath.Join(conf, "passtea"), "config", "# mine\n[agent]\n# for good\nauto-start = no\n")
	runConf := func(term *fakeTerminal, args ...string) cliResult {
		full := append([]string{"--vault", v.path}, args...)
		return runCLI(t, cliEnv{agent: ta.env(), terminal: term, vars: map[string]string{"XDG_CONFIG_HOME": conf}}, full...)
	}
	term = typing(testMaster)
	r = runConf(term, "get", "site")
	wantCode(t, r, 0)
	if ta.starts.Load() != 0 || len(term.prompts) != 1 {
		t.Fatalf("auto-start = no: %d starts, prompts %q", ta.starts.Load(), term.prompts)
	}
	v.unlockIn(ta)
	term = typing()
	if r = runConf(term, "get", "site"); r.code != 0 || len(term.prompts) != 0 {
		t.Fatalf("auto-start = no with a running agent: %+v, prompts %q", r, term.prompts)
	}
	// --no-agent: the agent that holds the vault is not used either.
	r = v.agentRun(ta, nil, "", "--no-agent", "get", "site")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "no terminal to ask for the master password")
	r = v.agentRun(ta, nil, "", "--no-agent", "unlock")
	wantOneLineError(t, r, 2)
}

// TestAgentConf reads the [agent] section of the settings file.
func TestAgentConf(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want agentConf
		err  string
	}{
		{"", defaultAgentConf, ""},
		{"# nothing\n[vault \"/v\"]\nkey-file = /k\n", defaultAgentConf, ""},
		{"[agent]\nauto-start = no\n", agentConf{autoStart: false, app: true}, ""},
		{"[agent]\nauto-start=off\napp = No\ntimeout = 30m\n", agentConf{timeout: 30 * time.Minute}, ""},
		{"[agent]\napp = yes\r\n", defaultAgentConf, ""},
		{"[agent]\nautostart = no\n", agentConf{}, "autostart: unknown setting"},
		{"[agent]\nauto-start = maybe\n", agentConf{}, "auto-start wants yes or no"},
		{"[agent]\ntimeout = 0\n", agentConf{}, "timeout wants a duration"},
		{"[agent]\ntimeout = 200h\n", agentConf{}, "timeout wants a duration"},
		{"[agent]\ntimeout = -1s\n", agentConf{}, "timeout wants a duration"},
	} {
		c, err := parseConfig([]byte(tc.in))
		if err != nil {
			t.Fatalf("%q: %v", tc.in, err)
		}
		got, err := agentConfFrom(c)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%q: %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

// TestAgentOfAnotherVersion: a command warns and opens the vault here;
// lock stops that agent with the request every version understands.
func TestAgentOfAnotherVersion(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("site", "site-Secret-1")
	dir := filepath.Join(t.TempDir(), "agent")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	stopped := fakeOldAgent(t, dir)
	ae := agentEnv{dir: dir, start: func(string) error { t.Error("an agent was started"); return nil }}
	r := runCLI(t, cliEnv{agent: ae, terminal: typing(testMaster)}, "--vault", v.path, "get", "site")
	wantCode(t, r, 0)
	if r.stdout != "site-Secret-1\n" {
		t.Fatalf("get: %q", r.stdout)
	}
	wantStderr(t, r, "passtea: warning: the running passtea agent speaks protocol 99", "opening the vault without the agent")
	r = runCLI(t, cliEnv{agent: ae}, "--vault", v.path, "lock")
	wantCode(t, r, 0)
	wantStderr(t, r, "locked 0 vaults and stopped the agent")
	select {
	case <-stopped:
	case <-time.After(5 * time.Second):
		t.Fatal("lock did not send the agent the request to stop")
	}
}

// fakeOldAgent serves dir as an agent of protocol 99 would: hello gets a
// version error, {"op":"lock"} stops it (closing the returned channel).
func fakeOldAgent(t *testing.T, dir string) <-chan struct{} {
	ln, err := net.Listen("unix", agent.SocketPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	stopped := make(chan struct{})
	var once sync.Once
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				for {
					var n [4]byte
					if _, err := io.ReadFull(c, n[:]); err != nil {
						return
					}
					req := make([]byte, binary.BigEndian.Uint32(n[:]))
					if _, err := io.ReadFull(c, req); err != nil {
						return
					}
					var r struct{ Op string }
					json.Unmarshal(req, &r)
					msg, _ := json.Marshal((&agent.VersionError{Agent: 99, Client: agent.Version}).Error())
					resp := fmt.Sprintf(`{"ok":false,"error":{"code":"version","message":%s,"agent":99,"client":%d}}`, msg, agent.Version)
					if r.Op == "lock" {
						resp = `{"ok":true,"count":0}`
						once.Do(func() { close(stopped) })
					}
					binary.BigEndian.PutUint32(n[:], uint32(len(resp)))
					c.Write(append(n[:], resp...))
				}
			}()
		}
	}()
	return stopped
}

// TestAgentUnsafeDir: a socket directory others could enter is never
// used: commands warn and open the vault here, unlock refuses.
func TestAgentUnsafeDir(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("site", "site-Secret-1")
	ta := newTestAgent(t)
	if err := os.Mkdir(ta.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	r := v.agentRun(ta, typing(testMaster), "", "get", "site")
	wantCode(t, r, 0)
	wantStderr(t, r, "has mode 0755", "opening the vault without the agent")
	if ta.holds(v.path) {
		t.Fatal("an agent serves an unsafe directory")
	}
	r = v.agentRun(ta, nil, "", "--password-file", v.pwFile, "unlock")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "has mode 0755")
}

// TestAgentTimeout: the vault locks after the timeout without use, the
// agent exits, and the next command asks again.
func TestAgentTimeout(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("site", "site-Secret-1")
	ta := newTestAgent(t)
	v.unlockIn(ta, "--timeout", "1s")
	start := time.Now()
	v.agentOK(ta, "", "get", "site") // a use: the second counts from here
	for ta.holds(v.path) {
		if time.Since(start) > 10*time.Second {
			t.Fatal("the vault is still unlocked 10 s after a timeout of 1 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if time.Since(start) < time.Second {
		t.Fatalf("locked after %v, before its timeout", time.Since(start))
	}
	r := v.agentRun(ta, nil, "", "get", "site")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "no terminal to ask for the master password")
}

// TestUnlockWhenHeld: unlock of a held vault asks nothing, and a new
// timeout replaces the old one.
func TestUnlockWhenHeld(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	ta := newTestAgent(t)
	v.unlockIn(ta)
	term := typing()
	r := v.agentRun(ta, term, "", "unlock", "--timeout", "2h")
	wantCode(t, r, 0)
	wantStderr(t, r, ") holds "+v.path+" unlocked already", "locks after 2h0m0s")
	if len(term.prompts) != 0 {
		t.Fatalf("asked %q", term.prompts)
	}
	r = v.agentRun(ta, nil, "", "unlock", "--timeout", "10ms")
	wantOneLineError(t, r, 2)
	r = v.agentOK(ta, "", "lock", "--all")
	wantStderr(t, r, "locked 1 vault and stopped the agent")
	r = v.agentOK(ta, "", "lock")
	wantStderr(t, r, "no agent is running")
}

// TestCompletion completes entry names and field names from the agent;
// with the vault locked (or no agent) it offers nothing, asks nothing and
// succeeds.
func TestCompletion(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("work/github", "gh-Secret-1")
	v.add("work/gitlab", "gl-Secret-2")
	v.add("mail", "mail-Secret-3")
	v.addDirect(vault.NewEntry{Name: "work/db", Secret: vault.Secret{Password: "db-Secret-4",
		Fields: []vault.Field{{Name: "API token", Value: "t", Concealed: true}, {Name: "host", Value: "h"}}}})
	ta := newTestAgent(t)
	complete := func(term *fakeTerminal, args ...string) []string {
		t.Helper()
		r := v.agentRun(ta, term, "", append([]string{"__complete"}, args...)...)
		wantCode(t, r, 0)
		lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
		if last := lines[len(lines)-1]; last != ":4" {
			t.Fatalf("directive %q, want :4 (no file completion)", last)
		}
		return lines[:len(lines)-1]
	}
	term := typing()
	if got := complete(term, "get", ""); len(got) != 0 || len(term.prompts) != 0 || ta.starts.Load() != 0 {
		t.Fatalf("locked: %q, asked %q, %d agents started", got, term.prompts, ta.starts.Load())
	}
	v.unlockIn(ta)
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"get", ""}, []string{"mail", "work/db", "work/github", "work/gitlab"}},
		{[]string{"get", "work/git"}, []string{"work/github", "work/gitlab"}},
		{[]string{"edit", "m"}, []string{"mail"}},
		{[]string{"rm", ""}, []string{"mail", "work/db", "work/github", "work/gitlab"}},
		{[]string{"history", "x"}, nil},
		{[]string{"mv", "mail", ""}, nil}, // the new name is new
		{[]string{"get", "work/db", "--field", ""}, []string{"password", "username", "url", "urls", "notes", "otp", "tags", "name", "API token", "host"}},
		{[]string{"get", "work/db", "--field", "h"}, []string{"host"}},
		{[]string{"get", "--field", "u"}, []string{"username", "url", "urls"}},
		{[]string{"get", "--field", "u", "ma"}, []string{"mail"}},
	} {
		if got := complete(nil, tc.args...); !slices.Equal(got, tc.want) {
			t.Errorf("complete %q: %q, want %q", tc.args, got, tc.want)
		}
	}
	v.agentOK(ta, "", "lock")
	term = typing()
	if got := complete(term, "get", ""); len(got) != 0 || len(term.prompts) != 0 {
		t.Fatalf("after lock: %q, asked %q", got, term.prompts)
	}
}

// TestConcurrentAppAndAgentWrites: the app (a vault opened in this
// process) and commands through the agent write at the same time; every
// change survives, in the file and in both copies.
func TestConcurrentAppAndAgentWrites(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	ta := newTestAgent(t)
	v.unlockIn(ta)
	app, err := vault.Open(v.path, []byte(testMaster), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Lock()
	const n = 12
	var wg sync.WaitGroup
	errs := make(chan error, 2*n)
	wg.Go(func() {
		for i := range n {
			if _, err := app.Add(vault.NewEntry{Name: fmt.Sprintf("app/%02d", i), Secret: vault.Secret{Password: "app-pw"}}); err != nil {
				errs <- err
			}
		}
	})
	wg.Go(func() {
		for i := range n {
			r := runCLI(t, cliEnv{agent: ta.env(), stdin: "agent-pw\n"}, "--vault", v.path, "add", fmt.Sprintf("agent/%02d", i))
			if r.code != 0 {
				errs <- fmt.Errorf("add through the agent: %s", r.stderr)
			}
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if err := app.Refresh(); err != nil {
		t.Fatal(err)
	}
	inApp, _ := app.Entries()
	r := v.agentOK(ta, "", "ls", "--json")
	var inAgent []lsEntry
	if err := json.Unmarshal([]byte(r.stdout), &inAgent); err != nil {
		t.Fatal(err)
	}
	inFile := v.contents(testMaster)
	if len(inApp) != 2*n || len(inAgent) != 2*n || len(inFile) != 2*n {
		t.Fatalf("entries: app %d, agent %d, file %d; want %d each", len(inApp), len(inAgent), len(inFile), 2*n)
	}
}

// TestAppThroughTheAgent: the app's view of the agent (appAgent) opens
// the vault the agent holds, and its lock locks it there.
func TestAppThroughTheAgent(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("site", "site-Secret-1")
	ta := newTestAgent(t)
	a := appAgent{dir: ta.dir}
	if _, err := a.Held(v.path); err == nil {
		t.Fatal("Held without an agent")
	}
	v.unlockIn(ta)
	held, err := a.Held(v.path)
	if err != nil {
		t.Fatal(err)
	}
	es, err := held.Entries()
	if err != nil || len(es) != 1 {
		t.Fatalf("entries %v, %v", es, err)
	}
	held.Lock()
	if !ta.holds(v.path) {
		t.Fatal("closing the app's handle locked the agent")
	}
	a.Lock(v.path)
	if ta.holds(v.path) {
		t.Fatal("the app's lock left the vault unlocked in the agent")
	}
	// "app = no": the app asks for the master password regardless.
	conf := t.TempDir()
	if err := os.Mkdir(filepath.Join(conf, "passtea"), 0o700); err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, filepath.Join(conf, "passtea"), "config", "[agent]\napp = no\n")
	e := &env{getenv: func(k string) string { return map[string]string{"XDG_CONFIG_HOME": conf}[k] }, agent: ta.env()}
	if got, err := appAgentFor(e, &globals{}); got != nil || err != nil {
		t.Fatalf("with app = no: %v, %v", got, err)
	}
	e.getenv = func(string) string { return "" }
	if got, err := appAgentFor(e, &globals{}); got == nil || err != nil {
		t.Fatalf("by default: %v, %v", got, err)
	}
	if got, _ := appAgentFor(e, &globals{noAgent: true}); got != nil {
		t.Fatal("--no-agent: the app uses the agent")
	}
}
