package tui

// Goldens of the audit screen and the list's badges, and hostile names.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The audit screen at 60, 80 and 120 columns: the findings, the help, one
// accepted; and the list's badges.
func TestAuditScreen(t *testing.T) {
	setup := func(t *testing.T, cfg Config) {
		list, err := os.ReadFile(filepath.Join(pkgDir, auditHIBP))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("pwned.txt", list, 0o600); err != nil {
			t.Fatal(err)
		}
		plantVault(t, cfg)
	}
	atWidths(t, setup, func(s *shooter) {
		s.a.c.cfg.BreachList = func() (string, error) { return "pwned.txt", nil }
		s.unlock()
		s.shot("badges")
		s.press("a")
		s.shot("audit")
		s.press("?")
		s.shot("help")
		s.press("?", "down", "down", "a")
		s.shot("accepted")
		s.press("a")
		s.shot("reported")
	})
}

// Names from a hostile vault are drawn escaped on the audit screen too.
func TestAuditHostileNames(t *testing.T) {
	cfg, _ := testConfig(t)
	b, err := os.ReadFile(pkgDir + "/../cli/testdata/hostile-v1.passtea")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg.VaultPath, b, 0o600); err != nil {
		t.Fatal(err)
	}
	a := New(cfg)
	a = step(t, a, append(runCmd(a.Init()), windowSize(100, 24))...)
	a = step(t, a, typed("correct horse battery staple")...)
	a = step(t, a, keys("enter", "a")...)
	if a.active != screenAudit || len(a.screens[screenAudit].(*auditScreen).rows) == 0 {
		t.Fatalf("screen %s, no findings", a.active)
	}
	frame := a.render()
	for _, bad := range []string{"\x1b]", "\x07"} {
		if strings.Contains(frame, bad) {
			t.Fatalf("the frame holds %q raw:\n%q", bad, frame)
		}
	}
	if !strings.Contains(plainFrame(frame), `m\x1b[m`) {
		t.Fatalf("the name is not shown escaped:\n%s", plainFrame(frame))
	}
}

// The audit screen of an empty vault.
func TestAuditScreenEmpty(t *testing.T) {
	atWidths(t, func(t *testing.T, cfg Config) { makeVault(t, cfg) }, func(s *shooter) {
		s.unlock()
		s.press("a")
		s.shot("empty")
	})
}

// The audit screen while an audit runs (the command that reads the
// secrets is left unrun): the last report stays below.
func TestAuditScreenRunning(t *testing.T) {
	atWidths(t, sample, func(s *shooter) {
		s.unlock()
		s.press("a")
		s.a.Update(keyMsg("r"))
		s.shot("running")
	})
}
