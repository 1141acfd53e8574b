package cli

// This file holds the commands that manage the unlock agent: unlock,
// lock, and agent (the agent itself, in the foreground).

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/ui/agent"
	"github.com/passtea/passtea/ui/clipboard"
	"github.com/passtea/passtea/vault"
)

// agentHelp is what unlock's help says about the agent.
const agentHelp = `The agent is a process of yours that keeps vaults unlocked, so that commands,
scripts and shell completion use them without the master password. It locks a
vault (its key wiped) after the timeout without use, on passtea lock, and when
it ends; it exits when it holds no vault, so nothing lingers.

What it protects: the vault key and decrypted entries stay in one process,
which other users cannot reach (its socket lives in a directory only you can
enter, and it refuses any other user). What it does not: while a vault is
unlocked, any program running as you can ask the agent for any secret in it,
exactly as with gpg-agent or rbw-agent.

By default the first command that asks for the master password on a terminal
starts the agent and hands it the vault. --no-agent opens the vault in the
command alone (neither using nor starting the agent); a command given
--password-file never starts one, but uses a running one. To turn the
automatic start off for good, put "auto-start = no" in
$XDG_CONFIG_HOME/passtea/agent.conf (~/.config/passtea/agent.conf); "timeout =
30m" there sets the timeout, "app = no" makes the app ask for the master
password even when the agent holds the vault.`

// unlockOptions are what `passtea unlock` was asked for.
type unlockOptions struct {
	timeout time.Duration
}

func newUnlockCmd(e *env, g *globals) *cobra.Command {
	var o unlockOptions
	cmd := &cobra.Command{
		Use:   "unlock",
		Short: "Unlock the vault once: the agent keeps it for the commands that follow",
		Long: `Ask for the master password (or read --password-file) and hand the unlocked
vault to the agent, starting it if it is not running. Until the vault has not
been used for --timeout, or passtea lock, commands use it without asking.

` + agentHelp,
		Example: `  passtea unlock
  passtea unlock --timeout 1h
  passtea unlock --password-file /dev/fd/3 3<master.txt`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cmd.Flags().Changed("timeout") && (o.timeout < time.Second || o.timeout > agent.MaxTimeout) {
				return usagef("--timeout must be from 1s to %s", agent.MaxTimeout)
			}
			return runUnlock(e, g, o)
		},
	}
	cmd.Flags().DurationVar(&o.timeout, "timeout", 0, "lock after `DURATION` without use (default 10m, or timeout in agent.conf)")
	return cmd
}

func runUnlock(e *env, g *globals, o unlockOptions) error {
	if g.noAgent {
		return usagef("unlock hands the vault to the agent: leave out --no-agent")
	}
	if e.agent.dir == "" || e.agent.start == nil {
		return errors.New("the agent is not available here")
	}
	path, err := vaultPath(e, g)
	if err != nil {
		return err
	}
	conf, err := loadAgentConf(e)
	if err != nil {
		return err
	}
	if o.timeout == 0 {
		o.timeout = conf.timeout
	}
	cl, err := agent.Dial(e.agent.dir)
	switch {
	case errors.Is(err, agent.ErrNotRunning):
	case err != nil:
		return err
	default:
		defer cl.Close()
		if _, err := cl.Open(path); err == nil {
			// Held already: only the timeout changes, if one was given
			// (the agent checks no credentials for a vault it holds).
			u, err := cl.Unlock(path, vault.Credentials{}, agent.UnlockOptions{Timeout: o.timeout})
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "the agent (pid %d) holds %s unlocked already%s\n", cl.PID(), u.Path, timeoutNote(cl, u.Path))
			return nil
		} else if !errors.Is(err, vault.ErrLocked) {
			return err
		}
	}
	if err := checkVaultDir(g, path); err != nil {
		return err
	}
	f, err := vault.ReadFile(path, nil)
	if err != nil {
		return err
	}
	c, err := credentials(e, g, f)
	f.Close()
	if err != nil {
		return err
	}
	defer wipeCredentials(c)
	if cl == nil {
		if cl, err = startAgent(e); err != nil {
			return err
		}
		defer cl.Close()
	}
	u, err := cl.Unlock(path, c, agent.UnlockOptions{Timeout: o.timeout})
	if err != nil {
		return err
	}
	if u.Warning != "" {
		fmt.Fprintf(e.stderr, "passtea: warning: %s\n", oneLine(u.Warning))
	}
	fmt.Fprintf(e.stderr, "unlocked %s in the agent (pid %d)%s\n", u.Path, cl.PID(), timeoutNote(cl, u.Path))
	return nil
}

// timeoutNote says when the agent locks the vault at path.
func timeoutNote(cl *agent.Client, path string) string {
	st, err := cl.Status()
	if err != nil {
		return ""
	}
	for _, h := range st.Vaults {
		if h.Path == path {
			return "; it locks after " + clipboard.FormatDelay(h.Timeout) + " without use (passtea lock locks it now)"
		}
	}
	return ""
}

// lockOptions are what `passtea lock` was asked for.
type lockOptions struct {
	all bool
}

func newLockCmd(e *env, g *globals) *cobra.Command {
	var o lockOptions
	cmd := &cobra.Command{
		Use:   "lock",
		Short: "Lock the vault in the agent (with --all, every vault, and stop it)",
		Long: `Have the agent lock the vault: its key is wiped and what it decrypted is
dropped; the next command asks for the master password again. The agent exits
once it holds no vault. --all locks every vault it holds and stops it, whatever
passtea version started it.`,
		Example: `  passtea lock
  passtea lock --all`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error {
			return runLock(e, g, o)
		},
	}
	cmd.Flags().BoolVar(&o.all, "all", false, "lock every vault and stop the agent")
	return cmd
}

func runLock(e *env, g *globals, o lockOptions) error {
	if e.agent.dir == "" {
		return errors.New("the agent is not available here")
	}
	if o.all {
		return stopAgent(e)
	}
	path, err := vaultPath(e, g)
	if err != nil {
		return err
	}
	cl, err := agent.Dial(e.agent.dir)
	switch {
	case errors.Is(err, agent.ErrNotRunning):
		fmt.Fprintln(e.stderr, "no agent is running: nothing to lock")
		return nil
	case errors.Is(err, agent.ErrVersion):
		// An agent of another version understands only "lock all".
		return stopAgent(e)
	case err != nil:
		return err
	}
	defer cl.Close()
	held, err := cl.Lock(path)
	if err != nil {
		return err
	}
	if held {
		fmt.Fprintf(e.stderr, "locked %s\n", path)
	} else {
		fmt.Fprintf(e.stderr, "the agent did not hold %s: nothing to lock\n", path)
	}
	return nil
}

// stopAgent locks every vault of the agent and stops it.
func stopAgent(e *env) error {
	n, err := agent.Stop(e.agent.dir)
	switch {
	case errors.Is(err, agent.ErrNotRunning):
		fmt.Fprintln(e.stderr, "no agent is running: nothing to lock")
		return nil
	case err != nil:
		return err
	}
	fmt.Fprintf(e.stderr, "locked %d %s and stopped the agent\n", n, pluralWord(n, "vault", "vaults"))
	return nil
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// agentCmdOptions are what `passtea agent` was asked for.
type agentCmdOptions struct {
	timeout time.Duration
}

func newAgentCmd(e *env) *cobra.Command {
	var o agentCmdOptions
	cmd := &cobra.Command{
		Use:   "agent",
		Short: "Run the unlock agent in the foreground (for systemd, or to see what it does)",
		Long: `Run the agent in the foreground, logging what it does (unlocks, locks,
refused connections: never a secret) on standard error. Commands start it on
their own when needed (see passtea unlock --help); run it yourself under a
service manager or to watch it. It stops on SIGTERM, SIGINT or SIGHUP (locking
every vault), and exits when its last vault locks, or after --timeout if it
never held one.`,
		Example: "  passtea agent",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error {
			if o.timeout < 0 || o.timeout > agent.MaxTimeout {
				return usagef("--timeout must be at most %s", agent.MaxTimeout)
			}
			longLivedGC()
			dir := e.agent.dir
			if dir == "" {
				dir = agent.DefaultDir(e.getenv)
			}
			return agent.Run(agent.Config{Dir: dir, Timeout: o.timeout, Log: e.stderr})
		},
	}
	cmd.Flags().DurationVar(&o.timeout, "timeout", agent.DefaultTimeout, "lock a vault unlocked without a timeout after `DURATION` without use")
	return cmd
}
