package cli

// This file remembers the offline Pwned Passwords list that audit, serve
// and the master-password checks use.
//
// The path is kept per user, in $XDG_CONFIG_HOME/passtea/hibp-list
// (~/.config/passtea/hibp-list), not in the vault: it names a file on this
// machine, which another machine the vault syncs to may not have, and the
// master-password checks of `passtea init` (and the app's create screen)
// need it before any vault exists. The file holds the list's absolute path
// on one line; it holds no secret.

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/passtea/passtea/generator/strength"
	"github.com/passtea/passtea/generator/strength/hibp"
)

// breachListSetting is where the remembered path is kept.
func breachListSetting(e *env) (string, error) {
	dir := e.getenv("XDG_CONFIG_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		home := e.getenv("HOME")
		if home == "" {
			return "", errors.New("cannot tell where passtea's settings live: set $HOME or $XDG_CONFIG_HOME")
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "passtea", "hibp-list"), nil
}

// rememberedBreachList returns the remembered list's path, "" when none.
func rememberedBreachList(e *env) (string, error) {
	setting, err := breachListSetting(e)
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

// rememberBreachList keeps path, made absolute, for later commands; it
// returns the absolute path and whether that changed the setting.
func rememberBreachList(e *env, path string) (string, bool, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", false, fmt.Errorf("remember the breached-password list: %w", err)
	}
	if strings.ContainsAny(abs, "\r\n") {
		return "", false, errors.New("remember the breached-password list: its path holds a line break")
	}
	if old, err := rememberedBreachList(e); err == nil && old == abs {
		return abs, false, nil
	}
	setting, err := breachListSetting(e)
	if err != nil {
		return "", false, err
	}
	if err := writeSettingFile(setting, []byte(abs+"\n")); err != nil {
		return "", false, fmt.Errorf("remember the breached-password list: %w", err)
	}
	return abs, true, nil
}

// forgetBreachList removes the setting.
func forgetBreachList(e *env) error {
	setting, err := breachListSetting(e)
	if err != nil {
		return err
	}
	if err := os.Remove(setting); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("forget the breached-password list: %w", err)
	}
	return nil
}

// writeSettingFile replaces path with data, mode 0600 in a 0700
// directory, through a temporary file and a rename.
func writeSettingFile(path string, data []byte) error {
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

// openBreachList opens the list named by flag, else the remembered one;
// it returns nil (and no error) when there is neither. A list named by
// flag that opens is remembered, and the user is told once; the flag
// "none" forgets the remembered list.
func openBreachList(e *env, flag string) (*hibp.List, error) {
	if flag == "none" {
		return nil, forgetBreachList(e)
	}
	path := flag
	if path == "" {
		var err error
		if path, err = rememberedBreachList(e); err != nil || path == "" {
			return nil, err
		}
	}
	l, err := hibp.Open(path)
	if err != nil {
		if flag == "" {
			return nil, fmt.Errorf("%w (the list remembered from an earlier --hibp: name another with --hibp FILE, or forget it with --hibp none)", err)
		}
		return nil, err
	}
	if flag != "" {
		abs, changed, err := rememberBreachList(e, flag)
		if err != nil {
			fmt.Fprintf(e.stderr, "passtea: warning: %v\n", err)
		} else if changed {
			fmt.Fprintf(e.stderr, "passtea: remembered %s as the breached-password list for audit, serve and new master passwords (--hibp none forgets it)\n", quotePath(abs))
		}
	}
	return l, nil
}

// masterBreachList is the remembered list for the master-password checks,
// or nil. A list that no longer opens is reported and skipped: it must not
// stop the user from setting a password, and the other checks still run.
func masterBreachList(e *env) (strength.BreachList, func()) {
	l, err := openBreachList(e, "")
	if err != nil {
		fmt.Fprintf(e.stderr, "passtea: warning: not checking the list of breached passwords: %v\n", err)
		return nil, func() {}
	}
	if l == nil {
		return nil, func() {}
	}
	return l, func() { l.Close() }
}

// quotePath quotes a path for a message.
func quotePath(p string) string { return fmt.Sprintf("%q", p) }
