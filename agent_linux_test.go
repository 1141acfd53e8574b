package main

// The unlock agent as whole processes: passtea (this test binary running
// main's code) starts the real agent process, detached, as a user's
// commands do. What only real processes show: what the agent's command
// line, environment and limits hold; a command on a real terminal that
// starts the agent, and the next one that does not ask; an agent killed
// with SIGKILL leaves nothing readable and the next command asks again;
// another user's passtea gets nothing.

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/passtea/passtea/ui/cli"
)

func init() {
	// The agent that passtea starts gets this binary, "agent" and a bare
	// environment (no PASSTEA_TEST_RUN_MAIN): it must run main too.
	if len(os.Args) == 2 && os.Args[1] == "agent" {
		os.Exit(cli.Main(os.Args[1:]))
	}
}

// agentHome is a user's world for the agent tests: a home, a private
// runtime directory, a vault with one entry, a master password file.
type agentHome struct {
	t                        *testing.T
	home, run, vault, pwFile string
	password                 string
	exe                      string
}

func newAgentHome(t *testing.T) *agentHome {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	h := &agentHome{t: t, home: t.TempDir(), exe: exe}
	h.run = filepath.Join(h.home, "run")
	if err := os.Mkdir(h.run, 0o700); err != nil {
		t.Fatal(err)
	}
	h.vault, h.password = termVault(t, time.Minute)
	h.pwFile = filepath.Join(h.home, "master")
	if err := os.WriteFile(h.pwFile, []byte(termMaster+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// Whatever a test left running stops (and so wipes its keys).
		h.passtea("lock", "--all")
	})
	return h
}

// env is the environment of passtea: a secret variable that must not
// reach the agent among it.
func (h *agentHome) env() []string {
	return []string{runMainEnv + "=1", "HOME=" + h.home, "XDG_RUNTIME_DIR=" + h.run, "PATH=" + os.Getenv("PATH"),
		"PASSTEA_VAULT=" + h.vault, "GORACE=atexit_sleep_ms=0", "PASSTEA_TEST_DECOY=decoy-Secret-9"}
}

// passtea runs passtea in a session of its own (no terminal to ask on).
func (h *agentHome) passtea(args ...string) (stdout, stderr string, code int) {
	h.t.Helper()
	cmd := exec.Command(h.exe, args...)
	cmd.Env = h.env()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code = cmd.ProcessState.ExitCode()
	if err != nil && code < 0 {
		h.t.Fatalf("passtea %v: %v", args, err)
	}
	return out.String(), errb.String(), code
}

// unlock unlocks the vault in a new agent and returns the agent's pid.
func (h *agentHome) unlock() int {
	h.t.Helper()
	_, stderr, code := h.passtea("--password-file", h.pwFile, "unlock")
	m := regexp.MustCompile(`in the agent \(pid (\d+)\)`).FindStringSubmatch(stderr)
	if code != 0 || m == nil {
		h.t.Fatalf("unlock: exit %d: %s", code, stderr)
	}
	pid, _ := strconv.Atoi(m[1])
	return pid
}

// TestAgentProcessHoldsNoSecretOutside: the agent's command line,
// environment and files hold no secret, it dumps no core, and commands
// without a password or terminal use it.
func TestAgentProcessHoldsNoSecretOutside(t *testing.T) {
	h := newAgentHome(t)
	pid := h.unlock()
	proc := "/proc/" + strconv.Itoa(pid)

	cmdline, err := os.ReadFile(proc + "/cmdline")
	if err != nil {
		t.Fatal(err)
	}
	if args := strings.Split(strings.TrimRight(string(cmdline), "\x00"), "\x00"); len(args) != 2 || args[1] != "agent" {
		t.Fatalf("the agent's command line is %q", args)
	}
	environ, err := os.ReadFile(proc + "/environ")
	if err != nil {
		t.Fatal(err)
	}
	for _, kv := range strings.Split(strings.TrimRight(string(environ), "\x00"), "\x00") {
		name, _, _ := strings.Cut(kv, "=")
		if !slices.Contains([]string{"HOME", "PATH", "TMPDIR", "XDG_RUNTIME_DIR"}, name) {
			t.Errorf("the agent's environment holds %s", name)
		}
	}
	for _, b := range [][]byte{cmdline, environ} {
		if bytes.Contains(b, []byte(termMaster)) || bytes.Contains(b, []byte("decoy-Secret-9")) {
			t.Fatal("a secret in the agent's command line or environment")
		}
	}
	limits, err := os.ReadFile(proc + "/limits")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`Max core file size\s+0\s+0`).Match(limits) {
		t.Errorf("the agent may dump core:\n%s", limits)
	}
	// Non-dumpable: its /proc files belong to root, whoever runs it.
	if fi, err := os.Stat(proc + "/environ"); err == nil {
		if st := fi.Sys().(*syscall.Stat_t); os.Geteuid() != 0 && st.Uid != 0 {
			t.Errorf("the agent is dumpable: %s belongs to %d", proc+"/environ", st.Uid)
		}
	}

	if out, stderr, code := h.passtea("get", "github"); code != 0 || out != h.password+"\n" {
		t.Fatalf("get through the agent: exit %d, %q, %q", code, out, stderr)
	}
	h.noSecretFiles()
}

// noSecretFiles fails the test if a file under the home or runtime
// directory holds the master password or the entry's password.
func (h *agentHome) noSecretFiles() {
	h.t.Helper()
	filepath.WalkDir(h.home, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() || p == h.pwFile {
			return nil
		}
		b, err := os.ReadFile(p)
		if err == nil && (bytes.Contains(b, []byte(termMaster)) || bytes.Contains(b, []byte(h.password))) {
			h.t.Errorf("%s holds a secret", p)
		}
		return nil
	})
}

// TestAgentOnARealTerminal: in a shell on a real terminal (tmux), the
// first get asks and starts the agent, the second does not ask; after
// the agent is killed with SIGKILL, nothing readable is left and the
// next get asks again.
func TestAgentOnARealTerminal(t *testing.T) {
	need(t, "tmux")
	h := newAgentHome(t)
	s := &termSession{t: t, sock: filepath.Join(t.TempDir(), "tmux.sock")}
	shell := append([]string{"env", "-i"}, h.env()...)
	shell = append(shell, "TERM=xterm-256color", "PS1=$ ", "PASSTEA="+h.exe, "sh")
	if out, err := exec.Command("tmux", "-S", s.sock, "-f", "/dev/null", "new-session", "-d", "-x", "100", "-y", "30",
		strings.Join(quoteAll(shell), " ")).CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v: %s", err, out)
	}
	t.Cleanup(func() { exec.Command("tmux", "-S", s.sock, "kill-server").Run() })

	s.text(`"$PASSTEA" get github; echo "done $?"`)
	s.keys("Enter")
	s.waitScreen("Master password:")
	s.text(termMaster)
	s.keys("Enter")
	s.waitScreen(h.password, "done 0")
	if !strings.Contains(s.screen(), "the agent holds") {
		t.Fatalf("the first get did not say the agent holds the vault:\n%s", s.screen())
	}
	s.text(`"$PASSTEA" get github; echo "again $?"`)
	s.keys("Enter")
	s.waitScreen("again 0")
	if _, after, _ := strings.Cut(s.screen(), `echo "again $?"`); strings.Contains(after, "Master password:") || !strings.Contains(after, h.password) {
		t.Fatalf("the second get asked, or did not print:\n%s", s.screen())
	}

	cl, stderr, _ := h.passtea("unlock")
	pid := agentPID(t, stderr+cl)
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "the agent to die", func() bool { return gone(pid) }, func() string { return "" })
	h.noSecretFiles()
	left, _ := os.ReadDir(filepath.Join(h.run, "passtea"))
	for _, e := range left {
		fi, _ := e.Info()
		if fi.Size() != 0 && fi.Mode().IsRegular() {
			t.Errorf("the agent left %s with %d bytes", e.Name(), fi.Size())
		}
	}
	s.tmux("clear-history")
	s.text(`"$PASSTEA" get github; echo "after kill $?"`)
	s.keys("Enter")
	eventually(t, 20*time.Second, "the get after the kill to ask", func() bool {
		_, after, _ := strings.Cut(s.screen(), `echo "after kill $?"`)
		return strings.Contains(after, "Master password:")
	}, s.screen)
	s.text(termMaster)
	s.keys("Enter")
	s.waitScreen("after kill 0")
}

// agentPID reads the agent's pid from what unlock said.
func agentPID(t *testing.T, said string) int {
	t.Helper()
	m := regexp.MustCompile(`\(pid (\d+)\)`).FindStringSubmatch(said)
	if m == nil {
		t.Fatalf("no pid in %q", said)
	}
	pid, _ := strconv.Atoi(m[1])
	return pid
}

// TestAgentRefusesAnotherUser: another user's passtea, pointed at this
// user's agent, refuses its socket directory and gets no secret. (The
// agent's own check of the peer's uid is tested in ui/agent.)
func TestAgentRefusesAnotherUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to run a process as another user")
	}
	h := newAgentHome(t)
	h.unlock()
	// The other user may reach the directories, not enter the agent's.
	for _, d := range []string{filepath.Dir(h.home), h.home, h.run} {
		if err := os.Chmod(d, 0o711); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(t.TempDir(), "passtea")
	if err := os.Chmod(filepath.Dir(bin), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := copyFile(h.exe, bin); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--vault", h.vault, "get", "github")
	cmd.Env = append(h.env(), "HOME=/")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Run()
	if cmd.ProcessState.ExitCode() != 1 || out.Len() != 0 || strings.Contains(errb.String(), h.password) {
		t.Fatalf("another user: exit %d, stdout %q, stderr %q", cmd.ProcessState.ExitCode(), out.String(), errb.String())
	}
	if !strings.Contains(errb.String(), "belongs to another user") {
		t.Fatalf("another user's passtea did not refuse the directory: %q", errb.String())
	}
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o755)
}
