// Helpers for the tests of the agent's wiring: an agent served in this
// process on a private directory, started the way a command starts one.

package cli

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/passtea/passtea/ui/agent"
)

// testAgent is an agent for one test: its directory, how many times a
// command started it, and the agents served so far.
type testAgent struct {
	t       *testing.T
	dir     string
	starts  atomic.Int32
	mu      sync.Mutex
	running []chan struct{} // closed when Serve returns
	cancel  []context.CancelFunc
}

// newTestAgent returns an agent directory (not yet made); commands given
// env() start an agent there in this process when they need one.
func newTestAgent(t *testing.T) *testAgent {
	ta := &testAgent{t: t, dir: filepath.Join(t.TempDir(), "agent")}
	t.Cleanup(ta.stopAll)
	return ta
}

// env is the agentEnv of commands that reach this agent.
func (ta *testAgent) env() agentEnv {
	return agentEnv{dir: ta.dir, start: ta.start}
}

// start serves an agent on dir in this process and waits until it
// answers, as agent.Start does for a process.
func (ta *testAgent) start(dir string) error {
	ta.starts.Add(1)
	return ta.serve(dir, agent.Config{})
}

// serve runs agent.Serve on dir with cfg until the test ends.
func (ta *testAgent) serve(dir string, cfg agent.Config) error {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	cfg.Dir = dir
	errc := make(chan error, 1)
	go func() {
		defer close(done)
		errc <- agent.Serve(ctx, cfg)
	}()
	ta.mu.Lock()
	ta.running = append(ta.running, done)
	ta.cancel = append(ta.cancel, cancel)
	ta.mu.Unlock()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		select {
		case err := <-errc:
			return err
		default:
		}
		if cl, err := agent.Dial(dir); err == nil {
			cl.Close()
			return nil
		}
	}
	return errors.New("the test agent did not answer")
}

// stopAll ends every agent served and waits for them.
func (ta *testAgent) stopAll() {
	ta.mu.Lock()
	defer ta.mu.Unlock()
	for _, c := range ta.cancel {
		c()
	}
	for _, d := range ta.running {
		<-d
	}
}

// holds reports whether the agent answers and holds the vault at path
// (asking its status, which is no use of the vault: its timeout runs on).
func (ta *testAgent) holds(path string) bool {
	cl, err := agent.Dial(ta.dir)
	if err != nil {
		return false
	}
	defer cl.Close()
	st, err := cl.Status()
	if err != nil {
		return false
	}
	for _, h := range st.Vaults {
		if h.Path == path {
			return true
		}
	}
	return false
}

// agentRun runs passtea on v with the agent reachable, without a password
// file unless args give one, and no terminal unless term is set.
func (v *testVault) agentRun(ta *testAgent, term *fakeTerminal, stdin string, args ...string) cliResult {
	v.t.Helper()
	full := append([]string{"--vault", v.path}, args...)
	r := runCLI(v.t, cliEnv{stdin: stdin, agent: ta.env(), terminal: term}, full...)
	noSecretsIn(v.t, "stderr of passtea "+full[2], r.stderr, v.secrets...)
	return r
}

// agentOK is agentRun that fails the test unless passtea succeeds.
func (v *testVault) agentOK(ta *testAgent, stdin string, args ...string) cliResult {
	v.t.Helper()
	r := v.agentRun(ta, nil, stdin, args...)
	wantCode(v.t, r, 0)
	return r
}

// unlockIn unlocks v in the agent with its password file.
func (v *testVault) unlockIn(ta *testAgent, args ...string) cliResult {
	v.t.Helper()
	r := v.agentOK(ta, "", append([]string{"unlock", "--password-file", v.pwFile}, args...)...)
	if !ta.holds(v.path) {
		v.t.Fatalf("after unlock the agent does not hold the vault: %q", r.stderr)
	}
	return r
}
