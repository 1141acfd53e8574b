package tui

// The audit on the vault a real unlock agent holds (package ui/agent,
// served in this process, reached over its socket): every secret is read
// through the agent, and an accepted finding is saved through it.

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/passtea/passtea/audit"
	"github.com/passtea/passtea/ui/agent"
	"github.com/passtea/passtea/vault"
)

// realAgent is the app's view of an agent served at dir.
type realAgent struct{ dir string }

func (r realAgent) Held(path string) (Store, error) {
	cl, err := agent.Dial(r.dir)
	if err != nil {
		return nil, err
	}
	return cl.Open(path)
}

func (r realAgent) Lock(string) {}

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
	cfg.Agent = realAgent{dir: dir}
	return cl
}

func TestAuditThroughARealAgent(t *testing.T) {
	cfg := auditConfig(t)
	cl := serveAgent(t, &cfg)
	path := cfg.VaultPath
	a := New(cfg)
	a = step(t, a, append(runCmd(a.Init()), windowSize(80, 24))...)
	if _, ok := a.c.vault.(*agent.Vault); !ok {
		t.Fatalf("not opened through the agent: %T", a.c.vault)
	}
	wantPlanted(t, a)
	a = step(t, a, keys("a")...)
	a = selectFinding(t, a, "missing", audit.Missing)
	a = step(t, a, keys("a")...)
	if !strings.Contains(a.status, "accepted missing for missing") {
		t.Errorf("status %q", a.status)
	}
	v, err := cl.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if e, err := v.Get("missing"); err != nil || !slices.Equal(e.Accepted, []string{"missing"}) {
		t.Errorf("accepted through the agent: %v, %v", e.Accepted, err)
	}
}

// BenchmarkAudit10kAgent is BenchmarkAudit10k on the vault the agent
// holds: a round trip per secret.
func BenchmarkAudit10kAgent(b *testing.B) {
	cfg, _ := testConfig(b)
	makeVault(b, cfg, manyNewEntries(10000)...)
	serveAgent(b, &cfg)
	a := New(cfg)
	a = step(b, a, append(runCmd(a.Init()), windowSize(80, 24))...)
	if _, ok := a.c.vault.(*agent.Vault); !ok {
		b.Fatalf("not opened through the agent: %T", a.c.vault)
	}
	benchAudit(b, a)
}
