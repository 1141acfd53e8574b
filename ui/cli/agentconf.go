package cli

// This file holds the agent's per-user settings: the [agent] section of
// passtea's settings file (userconfig.go; ~/.config/passtea/config), read
// by the commands that might start the agent and by the app:
//
//	[agent]
//	# commands never start the agent on their own (passtea unlock does)
//	auto-start = no
//	# how long the agent keeps a vault after its last use
//	timeout = 30m
//	# the app asks for the master password even when the agent holds the vault
//	app = no
//
// No section means the defaults (auto-start = yes, timeout = 10m, app =
// yes).

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/passtea/passtea/ui/agent"
)

// agentSection is the kind of the settings file's section for the agent.
const agentSection = "agent"

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

// defaultAgentConf is what no [agent] section means.
var defaultAgentConf = agentConf{autoStart: true, app: true}

// loadAgentConf reads the agent's settings.
func loadAgentConf(e *env) (agentConf, error) {
	c, path, err := loadConfig(e)
	if err != nil {
		return agentConf{}, err
	}
	conf, err := agentConfFrom(c)
	if err != nil {
		return agentConf{}, fmt.Errorf("settings file %s: [%s] %w", path, agentSection, err)
	}
	return conf, nil
}

// agentConfFrom reads the [agent] section of the settings c: an unknown
// key or a value it cannot take is an error.
func agentConfFrom(c *userConfig) (agentConf, error) {
	conf := defaultAgentConf
	sec := c.section(agentSection, "", false)
	if sec == nil {
		return conf, nil
	}
	for _, v := range sec.values {
		var err error
		switch v.key {
		case "auto-start":
			conf.autoStart, err = parseYesNo(v.value)
		case "app":
			conf.app, err = parseYesNo(v.value)
		case "timeout":
			conf.timeout, err = time.ParseDuration(v.value)
			if err != nil || conf.timeout < time.Second || conf.timeout > agent.MaxTimeout {
				err = fmt.Errorf("wants a duration from 1s to %s, such as 10m", agent.MaxTimeout)
			}
		default:
			return agentConf{}, fmt.Errorf("%s: unknown setting (auto-start, timeout, app)", v.key)
		}
		if err != nil {
			return agentConf{}, fmt.Errorf("%s %w", v.key, err)
		}
	}
	return conf, nil
}

// parseYesNo reads a setting that is on or off.
func parseYesNo(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "yes", "true", "on":
		return true, nil
	case "no", "false", "off":
		return false, nil
	}
	return false, errors.New("wants yes or no")
}
