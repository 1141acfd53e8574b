// Package breachlist remembers the offline Pwned Passwords list (package
// hibp) that every front end checks passwords against: `passtea audit`,
// `passtea serve`, the master-password checks and the app's audit view.
//
// The path is kept per user, in $XDG_CONFIG_HOME/passtea/hibp-list
// (~/.config/passtea/hibp-list), not in the vault: it names a file on this
// machine, which another machine the vault syncs to may not have, and the
// master-password checks of a new vault need it before any vault exists.
// The file holds the list's absolute path on one line; it holds no secret.
//
// There is no setting for going online: only `passtea audit --online`
// asks the Pwned Passwords API, each time it is given.
package breachlist

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Setting returns the file the path is kept in, for the environment
// getenv reads.
func Setting(getenv func(string) string) (string, error) {
	dir := getenv("XDG_CONFIG_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		home := getenv("HOME")
		if home == "" {
			return "", errors.New("cannot tell where passtea's settings live: set $HOME or $XDG_CONFIG_HOME")
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "passtea", "hibp-list"), nil
}

// Remembered returns the remembered list's path, "" when none.
func Remembered(getenv func(string) string) (string, error) {
	setting, err := Setting(getenv)
	if err != nil {
		return "", err
	}
	b, err := os.ReadFile(setting)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read the breached-password list setting: %w", err)
	}
	path, _, _ := strings.Cut(string(b), "\n")
	return path, nil
}

// Remember keeps path, made absolute, for later; it returns the absolute
// path and whether that changed the setting.
func Remember(getenv func(string) string, path string) (string, bool, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", false, fmt.Errorf("remember the breached-password list: %w", err)
	}
	if strings.ContainsAny(abs, "\r\n") {
		return "", false, errors.New("remember the breached-password list: its path holds a line break")
	}
	if old, err := Remembered(getenv); err == nil && old == abs {
		return abs, false, nil
	}
	setting, err := Setting(getenv)
	if err != nil {
		return "", false, err
	}
	if err := writeFile(setting, []byte(abs+"\n")); err != nil {
		return "", false, fmt.Errorf("remember the breached-password list: %w", err)
	}
	return abs, true, nil
}

// Forget removes the setting.
func Forget(getenv func(string) string) error {
	setting, err := Setting(getenv)
	if err != nil {
		return err
	}
	if err := os.Remove(setting); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("forget the breached-password list: %w", err)
	}
	return nil
}

// writeFile replaces path with data, mode 0600 in a 0700 directory,
// through a temporary file and a rename.
func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".hibp-list-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
