package cli

// This file is how commands use the unlock agent (package ui/agent): the
// vault it holds; else, when the command would ask for the master password
// on a terminal, the vault handed to an agent (started if none runs); else
// the vault opened here. Whenever the agent cannot serve (another
// version, an unsafe socket directory, it fails to start), the command
// says so once and opens the vault here: the agent saves typing, it is
// never needed.
//
// Decisions:
//   - --no-agent means the command neither starts nor uses the agent: who
//     asks for no agent wants the vault opened by this process alone.
//     "auto-start = no" in agent.conf only stops commands from starting
//     one: `passtea unlock` still does, and commands use it.
//   - The settings live in a file of their own (agent.conf, see
//     agentconf.go), read only when a command is about to start the agent
//     or the app starts, not in an environment variable: a flag covers one
//     command, the file covers good, and scripts (no terminal) never start
//     the agent anyway.
//   - --password-file never starts an agent (a script that passes the
//     password wants no process left behind) and is not read when the
//     agent holds the vault; nor does it hand the vault to an agent that
//     runs without holding it.
//   - The app unlocks here when the agent does not hold the vault; it does
//     not hand the vault to an agent (see tui.Agent).

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/passtea/passtea/ui/agent"
	"github.com/passtea/passtea/ui/clipboard"
	"github.com/passtea/passtea/vault"
)

// agentEnv is how commands reach the unlock agent.
type agentEnv struct {
	// dir is the agent's socket directory; "" means no agent.
	dir string
	// start starts a detached agent serving dir (nil: none is started).
	start func(dir string) error
}

func osAgentEnv() agentEnv {
	return agentEnv{dir: agent.DefaultDir(os.Getenv), start: startAgentProcess}
}

// startAgentProcess starts `passtea agent` in the background, detached
// from the terminal, with nothing secret on its command line or in its
// environment (see agent.Start).
func startAgentProcess(dir string) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("start the agent: %w", err)
	}
	return agent.Start(exe, []string{"agent"}, dir)
}

// opened is a vault opened for a command, here or in the agent.
type opened struct {
	v     store
	close func()
	// upgrade strengthens a default key derivation that fell behind (see
	// session.upgrade); nil through the agent, which does so when it
	// unlocks for a command that writes.
	upgrade func(w io.Writer)
}

// openForCommand opens the vault for a command: the agent's copy when it
// holds the vault; else, if the command asks for the master password on a
// terminal and neither --no-agent, --password-file nor the settings
// (auto-start = no) say otherwise, the copy it hands to the agent,
// starting one if none runs; else the vault opened here. write says that
// the command is about to write, so that an unlock in the agent
// strengthens a key derivation that fell behind, as a command that writes
// does here.
func openForCommand(e *env, g *globals, write bool) (*opened, error) {
	path, err := vaultPath(e, g)
	if err != nil {
		return nil, err
	}
	if g.noAgent || e.agent.dir == "" {
		return openHere(e, g)
	}
	// A vault in a directory other users can write to is refused here as
	// openVault refuses it, also when the agent already holds it: the
	// directory may have become writable since the unlock, and the flag
	// is asked of every command, as without the agent.
	if err := checkVaultDir(g, path); err != nil {
		return nil, err
	}
	// The hello goes with the open (agent.Connect): an agent of another
	// version fails the open as it would fail Dial, and is warned about.
	cl, err := agent.Connect(e.agent.dir)
	switch {
	case err == nil:
		v, err := cl.Open(path)
		if err == nil {
			return heldStore(cl, v), nil
		}
		if !errors.Is(err, vault.ErrLocked) {
			cl.Close()
			warnNoAgent(e, err)
			return openHere(e, g)
		}
	case errors.Is(err, agent.ErrNotRunning):
	default:
		warnNoAgent(e, err)
		return openHere(e, g)
	}
	conf, start, err := mayStartAgent(e, g)
	if err != nil || !start {
		closeClient(cl)
		if err != nil {
			return nil, err
		}
		return openHere(e, g)
	}
	return unlockInAgent(e, g, path, cl, conf, write)
}

// heldStore is the vault v the agent holds, for a command.
func heldStore(cl *agent.Client, v *agent.Vault) *opened {
	return &opened{v: v, close: func() {
		v.Lock()
		cl.Close()
	}}
}

func closeClient(cl *agent.Client) {
	if cl != nil {
		cl.Close()
	}
}

// mayStartAgent reports whether a command that does not find the vault in
// the agent hands it to one: it asks for the master password on a
// terminal (no --password-file: a script that passes the password wants
// no process left behind), and the settings do not turn that off.
func mayStartAgent(e *env, g *globals) (agentConf, bool, error) {
	if g.passwordFile != "" || e.agent.start == nil || !haveTerminal(e) {
		return agentConf{}, false, nil
	}
	conf, err := loadAgentConf(e)
	if err != nil {
		return agentConf{}, false, err
	}
	return conf, conf.autoStart, nil
}

// openHere opens the vault in this process (see openVault).
func openHere(e *env, g *globals) (*opened, error) {
	s, err := openVault(e, g)
	if err != nil {
		return nil, err
	}
	return &opened{v: s.v, close: s.close, upgrade: s.upgrade}, nil
}

// unlockInAgent asks for the credentials of the vault at path (refused in
// a directory others can write to, as openVault refuses it) and has the
// agent unlock it (cl, or one started now when cl is nil). If the agent
// fails, the vault is opened here with the credentials already typed.
func unlockInAgent(e *env, g *globals, path string, cl *agent.Client, conf agentConf, write bool) (*opened, error) {
	if err := checkVaultDir(g, path); err != nil {
		closeClient(cl)
		return nil, err
	}
	f, err := vault.ReadFile(path, nil)
	if err != nil {
		closeClient(cl)
		return nil, err
	}
	c, err := credentials(e, g, f)
	if err != nil {
		f.Close()
		closeClient(cl)
		return nil, err
	}
	if cl == nil {
		if cl, err = startAgent(e); err != nil {
			warnNoAgent(e, err)
			return unlockHere(f, c)
		}
	}
	u, err := cl.Unlock(path, c, agent.UnlockOptions{Timeout: conf.timeout, Upgrade: write})
	if isAgentFailure(err) {
		cl.Close()
		warnNoAgent(e, err)
		return unlockHere(f, c)
	}
	f.Close()
	wipeCredentials(c)
	if err != nil {
		cl.Close()
		return nil, err
	}
	reportUnlocked(e, u, conf.timeout)
	v, err := cl.Open(path)
	if err != nil {
		cl.Close()
		return nil, err
	}
	return heldStore(cl, v), nil
}

// unlockHere unlocks the file read before with c, in this process.
func unlockHere(f *vault.File, c vault.Credentials) (*opened, error) {
	v, err := f.Unlock(c)
	if err != nil {
		f.Close()
		wipeCredentials(c)
		return nil, err
	}
	s := &session{v: v, creds: c}
	return &opened{v: s.v, close: s.close, upgrade: s.upgrade}, nil
}

func wipeCredentials(c vault.Credentials) {
	clear(c.Password)
	clear(c.KeyFile)
}

// startAgent starts an agent and connects to it.
func startAgent(e *env) (*agent.Client, error) {
	if err := e.agent.start(e.agent.dir); err != nil {
		return nil, err
	}
	return agent.Dial(e.agent.dir)
}

// isAgentFailure tells the agent's own failures (the command can still
// open the vault here) from the vault's (a wrong password, a damaged
// file: the same here).
func isAgentFailure(err error) bool {
	for _, e := range []error{agent.ErrNotRunning, agent.ErrProtocol, agent.ErrBusy, agent.ErrVersion,
		agent.ErrRefused, agent.ErrUnsafeDir, agent.ErrRunning} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// warnNoAgent says why the agent is not used, once.
func warnNoAgent(e *env, err error) {
	fmt.Fprintf(e.stderr, "passtea: warning: %s; opening the vault without the agent\n", oneLine(err.Error()))
}

// reportUnlocked says that the agent holds the vault now, for how long,
// and what the unlock did on its own.
func reportUnlocked(e *env, u agent.Unlocked, timeout time.Duration) {
	if u.Upgrade != nil {
		fmt.Fprintf(e.stderr, "passtea: strengthened the key derivation from %s to %s\n", u.Upgrade.From, u.Upgrade.To)
	}
	if u.Warning != "" {
		fmt.Fprintf(e.stderr, "passtea: warning: %s\n", oneLine(u.Warning))
	}
	if u.Already {
		return
	}
	if timeout == 0 {
		timeout = agent.DefaultTimeout
	}
	fmt.Fprintf(e.stderr, "passtea: the agent holds %s unlocked until %s without use (passtea lock locks it now)\n",
		u.Path, clipboard.FormatDelay(timeout))
}
