// Syncing in the background after every save (the AutoSetting): starting
// passtea's sync detached, and what its last run said.

package gitsync

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// AutoSetting is the vault setting ("on" or "off") that makes every save
// commit and sync in the background. It is a setting of the vault, so it
// travels with it to every machine.
const AutoSetting = "sync.auto"

// Auto reports whether a value of AutoSetting turns background syncs on.
func Auto(value string) bool { return value == "on" }

// LogPath is where a background sync of the vault at vaultPath writes
// what it did (beside the vault, ignored by git).
func LogPath(vaultPath string) string { return vaultPath + ".sync.log" }

// failedPrefix starts the log of a background sync that failed.
const failedPrefix = "failed: "

// StartBackground starts exe with args (passtea and its background sync
// command) detached from this process: in a session of its own, without
// a terminal or output, so that a save never waits for the network. It
// returns once the process started; the sync records its outcome with
// RecordOutcome.
func StartBackground(exe string, args []string, vaultPath string) error {
	cmd := exec.Command(exe, args...)
	cmd.Dir = filepath.Dir(vaultPath)
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0")
	cmd.SysProcAttr = detachAttr()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start a background sync: %w", err)
	}
	return cmd.Process.Release()
}

// RecordOutcome replaces the log beside the vault with the outcome of a
// background sync: what it did, or err. The log holds one line.
func RecordOutcome(vaultPath, did string, err error) error {
	line := did
	if err != nil {
		line = failedPrefix + lastLines(err.Error(), 1)
	}
	tmp, werr := os.CreateTemp(filepath.Dir(vaultPath), "."+filepath.Base(vaultPath)+".sync-log-*")
	if werr != nil {
		return werr
	}
	_, werr = tmp.WriteString(line + "\n")
	if werr = errors.Join(werr, tmp.Close()); werr == nil {
		werr = os.Rename(tmp.Name(), LogPath(vaultPath))
	}
	if werr != nil {
		os.Remove(tmp.Name())
	}
	return werr
}

// LastFailure returns why the last background sync of the vault failed,
// or "" if it did not (or there was none).
func LastFailure(vaultPath string) string {
	f, err := os.Open(LogPath(vaultPath))
	if err != nil {
		return ""
	}
	defer f.Close()
	b, _ := io.ReadAll(io.LimitReader(f, 4096))
	line, _, _ := bytes.Cut(b, []byte("\n"))
	msg, ok := strings.CutPrefix(string(line), failedPrefix)
	if !ok {
		return ""
	}
	return lastLines(msg, 1)
}
