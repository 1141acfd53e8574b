// This file holds helpers shared by the agent's tests: cheap vaults, an
// agent served in this process or run as a child process, and raw frames.

package agent

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/passtea/passtea/vault"
)

// testKDF is cheap enough for tests; explicit, so no upgrade runs.
var testKDF = vault.KDFSettings{Params: vault.KDFParams{MemoryKiB: 8 * 1024, Iterations: 1, Parallelism: 1}, Explicit: true}

var testCreds = vault.Credentials{Password: []byte("correct horse battery staple")}

// creds returns a fresh copy of the test credentials (Unlock callers wipe
// theirs).
func creds() vault.Credentials {
	return vault.Credentials{Password: append([]byte(nil), testCreds.Password...)}
}

// newVaultFile creates a vault with n entries and returns its path.
func newVaultFile(t testing.TB, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "v", "vault.passtea")
	v, _, err := vault.Create(path, vault.NewVault{Credentials: testCreds, KDF: testKDF}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Lock()
	if n > 0 {
		if err := v.AddMany(sampleEntries(n)); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// sampleEntries are n entries named site-00000.example and on.
func sampleEntries(n int) []vault.NewEntry {
	items := make([]vault.NewEntry, n)
	for i := range items {
		name := fmt.Sprintf("work/site-%05d.example", i)
		items[i] = vault.NewEntry{Name: name, Username: "someone@example.com", URLs: []string{"https://" + name + "/login"},
			Tags: []string{"work"}, Secret: vault.Secret{Password: fmt.Sprintf("pw-%05d-Xq9!", i), Notes: "notes of " + name,
				Fields: []vault.Field{{Name: "pin", Value: strconv.Itoa(1000 + i%9000), Concealed: true}}}}
	}
	return items
}

// sockDir returns a short socket directory path (unix socket paths are
// limited to about 100 bytes), not yet created.
func sockDir(t testing.TB) string {
	t.Helper()
	parent, err := os.MkdirTemp("", "pta")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(parent) })
	return filepath.Join(parent, "s")
}

// served is an agent served in this process.
type served struct {
	dir    string
	cancel context.CancelFunc
	done   chan error
}

// serve starts an agent on a new directory and waits until it answers;
// the test's end stops it.
func serve(t testing.TB, cfg Config) *served {
	t.Helper()
	if !peerCheck {
		t.Skip("the agent does not run on this system")
	}
	if cfg.Dir == "" {
		cfg.Dir = sockDir(t)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &served{dir: cfg.Dir, cancel: cancel, done: make(chan error, 1)}
	go func() { s.done <- Serve(ctx, cfg) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-s.done:
		case <-time.After(10 * time.Second):
			t.Error("the agent did not stop")
		}
	})
	waitFor(t, func() bool {
		c, err := Dial(cfg.Dir)
		if err == nil {
			c.Close()
			return true
		}
		select {
		case err := <-s.done:
			t.Fatalf("Serve: %v", err)
		default:
		}
		return false
	})
	return s
}

// waitFor polls cond for up to 10 s.
func waitFor(t testing.TB, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// stopped waits for an agent served in this process to end.
func (s *served) stopped(t testing.TB, within time.Duration) {
	t.Helper()
	select {
	case err := <-s.done:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
		s.done <- nil // for the cleanup
	case <-time.After(within):
		t.Fatalf("the agent did not stop within %s", within)
	}
}

// dial connects a client to the agent.
func dial(t testing.TB, dir string) *Client {
	t.Helper()
	cl, err := Dial(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cl.Close() })
	return cl
}

// unlocked serves an agent that holds the vault at path and returns a
// handle on it.
func unlocked(t testing.TB, path string, cfg Config) (*served, *Client, *Vault) {
	t.Helper()
	s := serve(t, cfg)
	cl := dial(t, s.dir)
	if _, err := cl.Unlock(path, creds(), UnlockOptions{}); err != nil {
		t.Fatal(err)
	}
	v, err := cl.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	return s, cl, v
}

// rawConn is a connection that speaks frames by hand.
type rawConn struct {
	t testing.TB
	c *net.UnixConn
}

func rawDial(t testing.TB, dir string) *rawConn {
	t.Helper()
	c, err := net.DialUnix("unix", nil, &net.UnixAddr{Name: SocketPath(dir), Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(10 * time.Second))
	return &rawConn{t: t, c: c}
}

// send writes one frame holding v (a []byte is sent as it is).
func (r *rawConn) send(v any) {
	r.t.Helper()
	b, ok := v.([]byte)
	if !ok {
		var err error
		if b, err = json.Marshal(v); err != nil {
			r.t.Fatal(err)
		}
	}
	if err := writeFrames(r.c, b); err != nil {
		r.t.Fatal(err)
	}
}

// recv reads a response; ok is false when the connection ended.
func (r *rawConn) recv() (response, bool) {
	r.t.Helper()
	b, err := readFrame(r.c)
	if err != nil {
		return response{}, false
	}
	var resp response
	if err := json.Unmarshal(b, &resp); err != nil {
		r.t.Fatalf("a response that is not JSON: %q", b)
	}
	for range resp.Tables {
		if _, err := readFrame(r.c); err != nil {
			r.t.Fatalf("a table frame is missing: %v", err)
		}
	}
	return resp, true
}

// hello says hello and checks the answer.
func (r *rawConn) hello() {
	r.t.Helper()
	r.send(request{Op: opHello, Version: Version})
	if resp, ok := r.recv(); !ok || !resp.OK {
		r.t.Fatalf("hello: %+v", resp)
	}
}

// helper returns the command line that runs this test binary as a helper
// process doing what args say.
func helper(t testing.TB, args ...string) (string, []string) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return exe, append([]string{"-test.run=^TestHelperProcess$", "--"}, args...)
}

// TestHelperProcess is not a test: run with arguments after "--", it is
// the helper process the other tests start.
//
//	agent DIR TIMEOUT   run the agent (Run) on DIR
//	hello SOCKET        connect to SOCKET, say hello, print the error code (or "ok")
func TestHelperProcess(t *testing.T) {
	args := flag.Args()
	if len(args) == 0 {
		t.Skip("a helper process for the other tests")
	}
	switch args[0] {
	case "agent":
		d, err := time.ParseDuration(args[2])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if err := Run(Config{Dir: args[1], Timeout: d}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	case "hello":
		os.Exit(helloFrom(args[1]))
	}
	fmt.Fprintf(os.Stderr, "unknown helper %q\n", args[0])
	os.Exit(2)
}

// helloFrom says hello on the socket at path and prints the error code of
// the answer, or "ok".
func helloFrom(path string) int {
	c, err := net.DialUnix("unix", nil, &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		fmt.Println("dial:", errors.Unwrap(err))
		return 1
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	b, _ := json.Marshal(request{Op: opHello, Version: Version})
	if err := writeFrames(c, b); err != nil {
		fmt.Println("write:", err)
		return 1
	}
	f, err := readFrame(c)
	if err != nil {
		fmt.Println("read:", err)
		return 1
	}
	var resp response
	if err := json.Unmarshal(f, &resp); err != nil {
		fmt.Println("decode:", err)
		return 1
	}
	if resp.OK {
		fmt.Println("ok")
	} else {
		fmt.Println(resp.Error.Code)
	}
	return 0
}
