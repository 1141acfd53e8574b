package cli

// This file holds the agent's per-user settings: a small text file,
// $XDG_CONFIG_HOME/passtea/agent.conf (~/.config when unset), read by the
// commands that might start the agent and by the app. It holds no
// secret, so it may be kept with the rest of a user's dotfiles:
//
//	# passtea's unlock agent
//	auto-start = no   # commands never start the agent on their own
//	timeout = 30m     # how long the agent keeps a vault after its last use
//	app = no          # the app asks for the master password even when the agent holds the vault
//
// A missing file means the defaults (auto-start = yes, timeout = 10m,
// app = yes).

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/passtea/passtea/ui/agent"
)

// maxAgentConf bounds what is read of the settings file.
const maxAgentConf = 64 << 10

// agentConf are the agent's per-user settings.
type agentConf struct {
	// autoStart: a command that asks for the master password on a
	// terminal hands the vault to an agent it starts.
	autoStart bool
	// timeout is the idle timeout of vaults unlocked by commands (0: the
	// agent's default, agent.DefaultTimeout).
	timeout time.Duration
	// app: the app opens straight to the list when the agent holds the
	// vault.
	app bool
}

// defaultAgentConf is what a missing file means.
var defaultAgentConf = agentConf{autoStart: true, app: true}

// agentConfPath is where the settings file lives for the environment of e.
func agentConfPath(e *env) string {
	dir := e.getenv("XDG_CONFIG_HOME")
	if !filepath.IsAbs(dir) {
		home := e.getenv("HOME")
		if home == "" {
			return ""
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "passtea", "agent.conf")
}

// loadAgentConf reads the settings file; a missing one gives the
// defaults.
func loadAgentConf(e *env) (agentConf, error) {
	path := agentConfPath(e)
	if path == "" {
		return defaultAgentConf, nil
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return defaultAgentConf, nil
	}
	if err != nil {
		return agentConf{}, fmt.Errorf("read the agent's settings: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxAgentConf+1))
	if err != nil {
		return agentConf{}, fmt.Errorf("read the agent's settings: %w", err)
	}
	if len(b) > maxAgentConf {
		return agentConf{}, fmt.Errorf("%s is larger than %d bytes: it is not passtea's agent settings", path, maxAgentConf)
	}
	c, err := parseAgentConf(b)
	if err != nil {
		return agentConf{}, fmt.Errorf("%s: %w (see passtea unlock --help)", path, err)
	}
	return c, nil
}

// parseAgentConf reads "key = value" lines; "#" starts a comment, blank
// lines are skipped, an unknown key or a value it cannot take is an error
// naming the line.
func parseAgentConf(b []byte) (agentConf, error) {
	c := defaultAgentConf
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 4096), maxAgentConf+1)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		if !ok {
			return agentConf{}, fmt.Errorf("line %d: want key = value", n)
		}
		var err error
		switch key {
		case "auto-start":
			c.autoStart, err = parseYesNo(value)
		case "app":
			c.app, err = parseYesNo(value)
		case "timeout":
			c.timeout, err = time.ParseDuration(value)
			if err != nil || c.timeout < time.Second || c.timeout > agent.MaxTimeout {
				err = fmt.Errorf("timeout wants a duration from 1s to %s, such as 10m", agent.MaxTimeout)
			}
		default:
			return agentConf{}, fmt.Errorf("line %d: unknown setting %q (auto-start, timeout, app)", n, key)
		}
		if err != nil {
			return agentConf{}, fmt.Errorf("line %d: %v", n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return agentConf{}, err
	}
	return c, nil
}

// parseYesNo reads a setting that is on or off.
func parseYesNo(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "yes", "true", "on":
		return true, nil
	case "no", "false", "off":
		return false, nil
	}
	return false, errors.New("want yes or no")
}
