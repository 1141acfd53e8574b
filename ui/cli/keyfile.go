package cli

// This file finds a vault's key file: --key-file, else the path passtea
// remembers for the vault in the settings file (userconfig.go), and reads
// it as KeePass and KeePassXC do (package crypto/keyfile).

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/passtea/passtea/crypto/keyfile"
)

// Settings of a vault's section in the settings file.
const (
	configVault   = "vault"
	configKeyFile = "key-file"
)

// vaultKey is how the settings file names the vault at path: its absolute
// path.
func vaultKey(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return filepath.Clean(path)
}

// keyFilePath returns the key file for the vault at vaultPath: --key-file,
// else the one remembered for it, else "". remembered says which.
func keyFilePath(e *env, g *globals, vaultPath string) (path string, remembered bool, err error) {
	if g.keyFile != "" {
		return g.keyFile, false, nil
	}
	c, _, err := loadConfig(e)
	if err != nil {
		return "", false, err
	}
	p, ok := c.get(configVault, vaultKey(vaultPath), configKeyFile)
	return p, ok && p != "", nil
}

// readKeyFile reads the key of the key file at path. remembered says the
// path came from the settings file, so that a failure says how to forget
// it.
func readKeyFile(path string, remembered bool) ([]byte, keyfile.Format, error) {
	key, format, err := keyfile.ReadFile(path)
	if err == nil {
		return key, format, nil
	}
	msg := strings.TrimPrefix(err.Error(), "key file: ")
	if errors.Is(err, fs.ErrNotExist) {
		msg = "no such file"
	}
	if remembered {
		return nil, 0, &explained{fmt.Sprintf("the key file remembered for this vault, %s: %s; give another with --key-file FILE, or forget it with passtea config --unset key-file", path, msg), err}
	}
	return nil, 0, &explained{fmt.Sprintf("key file %s: %s", path, msg), err}
}

// rememberKeyFile records keyPath as the key file of the vault at
// vaultPath ("" forgets it), and says so on e.stderr.
func rememberKeyFile(e *env, vaultPath, keyPath string) error {
	c, cpath, err := loadConfig(e)
	if err != nil {
		return err
	}
	vk := vaultKey(vaultPath)
	if keyPath == "" {
		if !c.unset(configVault, vk, configKeyFile) {
			return nil
		}
		if err := saveConfig(cpath, c); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "forgot the key file of this vault (in %s)\n", cpath)
		return nil
	}
	abs, err := filepath.Abs(keyPath)
	if err != nil {
		return fmt.Errorf("key file %s: %w", keyPath, err)
	}
	if old, ok := c.get(configVault, vk, configKeyFile); ok && old == abs {
		return nil
	}
	c.set(configVault, vk, configKeyFile, abs)
	if err := saveConfig(cpath, c); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "remembered %s as this vault's key file (in %s; passtea config --unset key-file forgets it)\n", abs, cpath)
	return nil
}

// keyFileKey reads the key file a vault is to need from now on (init,
// passwd), with a note when its format is one to avoid.
func keyFileKey(e *env, path string) ([]byte, error) {
	key, format, err := readKeyFile(path, false)
	if err != nil {
		return nil, err
	}
	switch {
	case format == keyfile.Hashed:
		fmt.Fprintf(e.stderr, "passtea: note: %s is not a key file format, so its SHA-256 is the key: if the file ever changes, it no longer opens the vault (passtea keyfile new makes a key file)\n", path)
	case format.Legacy():
		fmt.Fprintf(e.stderr, "passtea: note: %s is in a format KeePassXC may stop reading (%s; passtea keyfile new makes an XML 2.0 one)\n", path, format)
	}
	return key, nil
}
