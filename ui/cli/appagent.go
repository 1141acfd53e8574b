package cli

import (
	"github.com/passtea/passtea/ui/agent"
	"github.com/passtea/passtea/ui/tui"
)

// appAgent is the unlock agent as the app uses it (tui.Agent).
type appAgent struct {
	dir string
}

// appAgentFor is the agent the app uses: none with --no-agent or "app =
// no" in the agent's settings.
func appAgentFor(e *env, g *globals) (tui.Agent, error) {
	if g.noAgent || e.agent.dir == "" {
		return nil, nil
	}
	conf, err := loadAgentConf(e)
	if err != nil || !conf.app {
		return nil, err
	}
	return appAgent{dir: e.agent.dir}, nil
}

// Held returns the agent's copy of the vault at path, if it holds it.
func (a appAgent) Held(path string) (tui.Store, error) {
	cl, err := agent.Dial(a.dir)
	if err != nil {
		return nil, err
	}
	v, err := cl.Open(path)
	if err != nil {
		cl.Close()
		return nil, err
	}
	return &heldVault{Vault: v, cl: cl}, nil
}

// Lock has the agent lock the vault at path.
func (a appAgent) Lock(path string) {
	cl, err := agent.Dial(a.dir)
	if err != nil {
		return
	}
	defer cl.Close()
	cl.Lock(path)
}

// heldVault is the agent's copy of a vault with its own connection, which
// Lock closes.
type heldVault struct {
	*agent.Vault
	cl *agent.Client
}

// Lock ends the use of the handle and its connection; the agent keeps the
// vault (see appAgent.Lock).
func (h *heldVault) Lock() {
	h.Vault.Lock()
	h.cl.Close()
}
