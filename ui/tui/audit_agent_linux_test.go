package tui

// The audit on the vault a real unlock agent holds (package ui/agent,
// served in this process, reached over its socket): every secret is read
// through the agent, and an accepted finding is saved through it.

import (
	"slices"
	"strings"
	"testing"

	"github.com/passtea/passtea/audit"
	"github.com/passtea/passtea/ui/agent"
)

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
