package tui

// An unlock agent (package ui/agent) served in the test's process, reached
// over its socket, as the app's Agent: tests of the app on the vault the
// agent holds.

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/passtea/passtea/ui/agent"
	"github.com/passtea/passtea/vault"
)

// realAgent is the app's view of an agent served in the test.
type realAgent struct{ cl *agent.Client }

func (r realAgent) Held(path string) (Store, error) { return r.cl.Open(path) }
func (r realAgent) Lock(path string)                { _, _ = r.cl.Lock(path) }

// serveAgent serves an agent in this process, has it hold the vault at
// cfg.VaultPath, and makes it cfg's agent.
func serveAgent(t testing.TB, cfg *Config) *agent.Client {
	t.Helper()
	parent, err := os.MkdirTemp("", "pta")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(parent) })
	dir := filepath.Join(parent, "s")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- agent.Serve(ctx, agent.Config{Dir: dir, Options: cfg.VaultOptions}) }()
	t.Cleanup(func() { cancel(); <-done })
	var cl *agent.Client
	for deadline := time.Now().Add(10 * time.Second); ; {
		if cl, err = agent.Dial(dir); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the agent does not answer: %v", err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Cleanup(func() { cl.Close() })
	path, _ := filepath.Abs(cfg.VaultPath)
	if _, err := cl.Unlock(path, vault.Credentials{Password: []byte(testMaster)}, agent.UnlockOptions{}); err != nil {
		t.Fatal(err)
	}
	cfg.VaultPath = path
	cfg.Agent = realAgent{cl: cl}
	return cl
}
