package main

// Shell completion as a user gets it: bash (with the bash-completion
// package), zsh and fish in tmux, with passtea's own scripts (`passtea
// completion SHELL`), names served by the agent. Each shell is skipped
// where it is not installed.

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/passtea/passtea/vault"
)

func TestShellCompletion(t *testing.T) {
	need(t, "tmux")
	h := newAgentHome(t)
	v, err := vault.Open(h.vault, []byte(termMaster), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range []vault.NewEntry{{Name: "work/github"}, {Name: "work/gitlab"}, {Name: "mail box"},
		{Name: "work/db", Secret: vault.Secret{Fields: []vault.Field{{Name: "host", Value: "h"}}}}} {
		if _, err := v.Add(it); err != nil {
			t.Fatal(err)
		}
	}
	v.Lock()
	h.unlock()

	// passtea on PATH is this binary running main.
	bin := t.TempDir()
	wrapper := "#!/bin/sh\nexec " + h.exe + ` "$@"` + "\n"
	if err := os.WriteFile(filepath.Join(bin, "passtea"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	shells := []struct {
		name, exe string
		start     []string
		setup     string
	}{
		{"bash", "bash", []string{"bash", "--norc", "--noprofile"},
			"source /usr/share/bash-completion/bash_completion; source <(passtea completion bash)"},
		{"zsh", "zsh", []string{"zsh", "-f"}, "autoload -U compinit && compinit -u && source <(passtea completion zsh)"},
		{"fish", "fish", []string{"fish", "--no-config"}, "function fish_prompt; echo '$ '; end; passtea completion fish | source"},
	}
	for _, sh := range shells {
		t.Run(sh.name, func(t *testing.T) {
			if _, err := exec.LookPath(sh.exe); err != nil {
				t.Skipf("%s is not installed", sh.exe)
			}
			if sh.name == "bash" {
				if _, err := os.Stat("/usr/share/bash-completion/bash_completion"); err != nil {
					t.Skip("the bash-completion package is not installed")
				}
			}
			s := &termSession{t: t, sock: filepath.Join(t.TempDir(), "tmux.sock")}
			run := append([]string{"env", "-i"}, h.env()...)
			run = append(run, "TERM=xterm-256color", "PATH="+bin+":"+os.Getenv("PATH"), "PS1=$ ")
			run = append(run, sh.start...)
			if out, err := exec.Command("tmux", "-S", s.sock, "-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "30",
				strings.Join(quoteAll(run), " ")).CombinedOutput(); err != nil {
				t.Fatalf("tmux: %v: %s", err, out)
			}
			t.Cleanup(func() { exec.Command("tmux", "-S", s.sock, "kill-server").Run() })
			time.Sleep(200 * time.Millisecond) // the shell's first prompt
			s.text(sh.setup)
			s.keys("Enter")
			s.text("echo ready")
			s.keys("Enter")
			s.waitScreen("ready\n")

			complete := func(typed, want string) {
				t.Helper()
				s.text(typed)
				s.keys("Tab")
				eventually(t, 10*time.Second, sh.name+" to complete "+typed+" to "+want, func() bool {
					return strings.Contains(s.screen(), want)
				}, s.screen)
				fresh(t, s)
			}
			complete("passtea get work/gith", "passtea get work/github")
			complete("passtea get mail", `passtea get mail\ box`)
			complete("passtea get work/db --field ho", "passtea get work/db --field host")
			complete("passtea edit work/d", "passtea edit work/db")

			// Locked: a tab offers nothing and asks nothing.
			h.passtea("lock")
			s.text("passtea get work/gith")
			s.keys("Tab")
			time.Sleep(500 * time.Millisecond)
			if sc := s.screen(); strings.Contains(sc, "work/github") || strings.Contains(sc, "Master password") {
				t.Fatalf("completion with the vault locked:\n%s", sc)
			}
			fresh(t, s)
			h.unlock()
		})
	}
}

// fresh drops the line typed and clears the screen, again until the shell
// shows only its prompt (it may still be busy completing, and a shell
// reads keys typed meanwhile as it likes).
func fresh(t *testing.T, s *termSession) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); strings.TrimSpace(s.screen()) != "$"; {
		if time.Now().After(deadline) {
			t.Fatalf("no fresh prompt:\n%s", s.screen())
		}
		s.keys("C-c")
		s.keys("C-l")
		time.Sleep(300 * time.Millisecond)
	}
	s.tmux("clear-history")
}
