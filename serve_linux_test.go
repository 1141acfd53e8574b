package main

// `passtea serve` as a whole process (this test binary running passtea's
// main, see runMainEnv), driven by a real HTTP client over TCP.

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startServe runs passtea serve with args and returns it with its base URL,
// read from the line it logs when it listens.
func startServe(t *testing.T, home string, args ...string) (*exec.Cmd, string, *strings.Builder) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"serve", "--listen", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), runMainEnv+"=1", "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "config"))
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	listening := regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)
	var log strings.Builder
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sent := false
		for sc.Scan() {
			log.WriteString(sc.Text() + "\n")
			if m := listening.FindStringSubmatch(sc.Text()); m != nil && !sent {
				found <- m[1]
				sent = true
			}
		}
		close(found)
	}()
	select {
	case base, ok := <-found:
		if !ok {
			t.Fatalf("passtea serve ended before it listened")
		}
		return cmd, base, &log
	case <-time.After(30 * time.Second):
		t.Fatalf("passtea serve did not listen within 30 s")
	}
	return nil, "", nil
}

func TestServeProcess(t *testing.T) {
	home := t.TempDir()
	tokenFile := filepath.Join(home, "token")
	auditLog := filepath.Join(home, "audit.log")
	list := filepath.Join("generator", "strength", "hibp", "testdata", "pwned-sha1.txt")
	cmd, base, log := startServe(t, home, "--token-file", tokenFile, "--audit-log", auditLog, "--hibp", list)
	token, err := os.ReadFile(tokenFile)
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(tokenFile); st.Mode().Perm() != 0o600 {
		t.Errorf("token file mode %v", st.Mode().Perm())
	}
	client := &http.Client{Timeout: 10 * time.Second}
	do := func(method, path, body string, auth bool) (int, map[string]any) {
		t.Helper()
		req, err := http.NewRequest(method, base+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if auth {
			req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(string(token)))
		}
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s %s: Cache-Control %q", method, path, resp.Header.Get("Cache-Control"))
		}
		b, _ := io.ReadAll(resp.Body)
		var out map[string]any
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatalf("%s %s: %v: %q", method, path, err, b)
		}
		return resp.StatusCode, out
	}

	status, out := do("GET", "/api/generate", "", true)
	pw, _ := out["password"].(string)
	if status != 200 || len(pw) != 16 || out["length"] != 16.0 || out["entropy_bits"] == nil {
		t.Errorf("GET /api/generate: %d %v", status, out)
	}
	if status, out = do("GET", "/api/generate?length=32&special=true&count=3", "", true); status != 200 || len(out["passwords"].([]any)) != 3 {
		t.Errorf("GET /api/generate?count=3: %d %v", status, out)
	}
	if status, _ = do("GET", "/api/generate", "", false); status != 401 {
		t.Errorf("without the token: %d, want 401", status)
	}
	status, out = do("POST", "/api/validate", `{"password": "correct horse battery staple"}`, true)
	if status != 200 || out["valid"] != false || out["breached"] != true {
		t.Errorf("POST /api/validate (breached): %d %v", status, out)
	}
	status, out = do("POST", "/api/validate", `{"password": "vG7#qL2!xW9$mR4&tZ8k"}`, true)
	if status != 200 || out["valid"] != true || out["breached"] != false || out["score"] != 4.0 {
		t.Errorf("POST /api/validate (strong): %d %v", status, out)
	}
	if status, out = do("GET", "/healthz", "", false); status != 200 || out["status"] != "ok" {
		t.Errorf("GET /healthz: %d %v", status, out)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("after SIGTERM: %v (want exit 0)\n%s", err, log.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("passtea serve did not stop within 15 s of SIGTERM")
	}
	logged, _ := os.ReadFile(auditLog)
	if n := strings.Count(string(logged), "\n"); n != 6 {
		t.Errorf("audit log has %d lines, want 6 (one a request):\n%s", n, logged)
	}
	for _, secret := range []string{pw, "correct horse battery staple", "vG7#qL2!xW9$mR4&tZ8k", strings.TrimSpace(string(token))} {
		if strings.Contains(string(logged), secret) || strings.Contains(log.String(), secret) {
			t.Errorf("a secret reached the logs: %q", secret)
		}
	}
}

// A configuration serve refuses is a usage error: exit status 2, one line.
func TestServeProcessConfigError(t *testing.T) {
	home := t.TempDir()
	cmd := exec.Command(os.Args[0], "serve", "--listen", "0.0.0.0:0", "--token-file", filepath.Join(home, "token"))
	cmd.Env = append(os.Environ(), runMainEnv+"=1", "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "config"))
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Fatalf("serve off loopback without TLS: %v, want exit 2: %s", err, out)
	}
	if !strings.HasPrefix(string(out), "passtea: ") || strings.Count(string(out), "\n") != 1 || !strings.Contains(string(out), "TLS") {
		t.Errorf("output %q, want one line about TLS", out)
	}
}
