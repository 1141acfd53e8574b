// This file holds where the agent's socket lives.

package agent

import (
	"os"
	"path/filepath"
	"strconv"
)

// DefaultDir is the directory of the agent's socket for the environment
// getenv reads: $XDG_RUNTIME_DIR/passtea, else passtea-UID in $TMPDIR or
// /tmp. The agent and its clients compute it alike, so an agent started
// by [Start] must inherit XDG_RUNTIME_DIR and TMPDIR (it does).
func DefaultDir(getenv func(string) string) string {
	if run := getenv("XDG_RUNTIME_DIR"); filepath.IsAbs(run) {
		return filepath.Join(run, "passtea")
	}
	tmp := getenv("TMPDIR")
	if !filepath.IsAbs(tmp) {
		tmp = "/tmp"
	}
	return filepath.Join(tmp, "passtea-"+strconv.Itoa(os.Geteuid()))
}

// SocketPath is the agent's socket in dir.
func SocketPath(dir string) string { return filepath.Join(dir, "agent.sock") }

// lockPath is the file the running agent holds a lock on, so that two
// agents never serve one directory.
func lockPath(dir string) string { return filepath.Join(dir, "agent.lock") }
