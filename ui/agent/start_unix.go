//go:build unix

package agent

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// startWait bounds the wait for a started agent to answer.
const startWait = 5 * time.Second

// keptEnv are the variables a started agent inherits: what it needs to
// find its socket directory, and nothing else (no secret of the caller's
// environment ends up in a long-lived process).
var keptEnv = []string{"HOME", "PATH", "TMPDIR", "XDG_RUNTIME_DIR"}

// Start runs the agent in the background and waits until it answers on
// dir: exe with args (for passtea, os.Executable() and "agent", plus
// whatever selects dir if it is not [DefaultDir]), in a session of its own
// (no terminal: closing the terminal does not end it), with stdin, stdout
// and stderr on /dev/null, in /, with only HOME, PATH, TMPDIR and
// XDG_RUNTIME_DIR of the environment. Nothing secret goes on its command
// line or environment: the password follows over the socket
// ([Client.Unlock]). If another agent answers first (two commands started
// one at once), Start returns nil: that one serves.
func Start(exe string, args []string, dir string) error {
	if err := prepareDir(dir); err != nil {
		return err // said here, as the agent's stderr goes nowhere
	}
	null, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("start the agent: %w", err)
	}
	defer null.Close()
	cmd := exec.Command(exe, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = null, null, null
	cmd.Dir = "/"
	cmd.Env = []string{}
	for _, k := range keptEnv {
		if v, ok := os.LookupEnv(k); ok {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start the agent: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }() // reaps it if it ends while we run
	deadline := time.Now().Add(startWait)
	var exitErr error
	var exitAt time.Time
	for {
		c, err := Dial(dir)
		if err == nil {
			c.Close()
			return nil
		}
		if !errors.Is(err, ErrNotRunning) {
			return err
		}
		if !exitAt.IsZero() && time.Since(exitAt) > time.Second {
			// It found no reason to stay, and no other agent answers.
			return fmt.Errorf("the agent exited at start (%v): run `passtea agent` to see why", exitErr)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the agent did not answer within %s", startWait)
		}
		select {
		case exitErr = <-exited:
			// It may have found another agent starting: give that one a
			// moment to answer.
			exitAt = time.Now()
		case <-time.After(10 * time.Millisecond):
		}
	}
}
