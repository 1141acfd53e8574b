//go:build unix

package cli

import (
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/passtea/passtea/ui/agent"
)

// TestCompletionSilentAgent: an agent that accepts but does not answer
// (stopped with ctrl+z) makes completion offer nothing within
// completionWait, not hang the shell for the agent's call timeout.
func TestCompletionSilentAgent(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("mail", "mail-Secret-1")
	dir, err := os.MkdirTemp("", "ptc")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	ta := &testAgent{t: t, dir: filepath.Join(dir, "a")}
	if err := os.Mkdir(ta.dir, 0o700); err != nil {
		t.Fatal(err)
	}
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: agent.SocketPath(ta.dir), Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(holdConns(ln))
	done := make(chan cliResult, 1)
	start := time.Now()
	go func() { done <- runCLI(t, cliEnv{agent: ta.env()}, "--vault", v.path, "__complete", "get", "") }()
	select {
	case r := <-done:
		if took := time.Since(start); took > completionWait+3*time.Second {
			t.Errorf("completion took %s", took)
		}
		wantCode(t, r, 0)
		if r.stdout != ":4\n" {
			t.Errorf("offered %q", r.stdout)
		}
	case <-time.After(completionWait + 5*time.Second):
		t.Fatalf("completion still waits for the silent agent after %s", time.Since(start))
	}
}

// holdConns accepts the connections to ln and holds them open without a
// word; the function it returns closes ln and them.
func holdConns(ln net.Listener) (stop func()) {
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	return func() {
		ln.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	}
}
