package cli

// This file is passtea's per-user settings file: what passtea remembers
// between commands that is not the vault's business, such as where a
// vault's key file is. It lives at $XDG_CONFIG_HOME/passtea/config
// (~/.config/passtea/config), mode 0600 in a 0700 directory. It holds no
// secret: a key file's path is not secret, the file is.
//
// Format (a small subset of git-config's):
//
//	# comment
//	[vault "/home/ann/.local/share/passtea/vault.passtea"]
//	key-file = "/home/ann/keys/passtea.keyx"
//
// A section is [KIND] or [KIND "NAME"]; NAME is a double-quoted string with
// Go's escapes (so any path can be written). A setting is KEY = VALUE,
// VALUE either double-quoted the same way or the rest of the line, trimmed.
// Kinds and keys are lower-case letters, digits and "-". Comment lines
// start with # or ;. A section that appears twice is one section; a key
// set twice in one section is an error. passtea writes the file back in
// this layout, quoted, sections and keys in the order they came: comments
// are not kept.

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// maxConfigSize bounds what is read of the settings file.
const maxConfigSize = 1 << 20

// userConfig is the settings file, parsed.
type userConfig struct {
	sections []configSection
}

// configSection is [kind "name"] and its settings, in order.
type configSection struct {
	kind, name string
	values     []configValue
}

type configValue struct{ key, value string }

// configError says which line of the settings file is wrong.
type configError struct {
	line int
	msg  string
}

func (e *configError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// parseConfig reads a settings file.
func parseConfig(b []byte) (*userConfig, error) {
	c := &userConfig{}
	var cur *configSection
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 4096), maxConfigSize+1)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(strings.TrimSuffix(sc.Text(), "\r"))
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
			continue
		case line[0] == '[':
			kind, name, err := parseSectionHeader(line)
			if err != nil {
				return nil, &configError{n, err.Error()}
			}
			cur = c.section(kind, name, true)
		default:
			if cur == nil {
				return nil, &configError{n, "a setting before any [section]"}
			}
			key, value, err := parseSetting(line)
			if err != nil {
				return nil, &configError{n, err.Error()}
			}
			if _, ok := cur.get(key); ok {
				return nil, &configError{n, fmt.Sprintf("%s is set twice in this section", key)}
			}
			cur.values = append(cur.values, configValue{key, value})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, &configError{n + 1, "line too long"}
	}
	return c, nil
}

// parseSectionHeader reads [kind] or [kind "name"].
func parseSectionHeader(line string) (kind, name string, err error) {
	if !strings.HasSuffix(line, "]") {
		return "", "", errors.New("a section header must end with ]")
	}
	inner := strings.TrimSpace(line[1 : len(line)-1])
	kind, rest, _ := strings.Cut(inner, " ")
	if !isConfigWord(kind) {
		return "", "", errors.New("a section's kind is lower-case letters, digits and -")
	}
	rest = strings.TrimSpace(rest)
	if rest == "" {
		return kind, "", nil
	}
	name, err = unquoteConfig(rest)
	if err != nil {
		return "", "", fmt.Errorf("the section's name: %v", err)
	}
	return kind, name, nil
}

// parseSetting reads key = value.
func parseSetting(line string) (key, value string, err error) {
	key, value, ok := strings.Cut(line, "=")
	if !ok {
		return "", "", errors.New(`a setting is KEY = VALUE`)
	}
	key, value = strings.TrimSpace(key), strings.TrimSpace(value)
	if !isConfigWord(key) {
		return "", "", errors.New("a key is lower-case letters, digits and -")
	}
	if strings.HasPrefix(value, `"`) {
		if value, err = unquoteConfig(value); err != nil {
			return "", "", fmt.Errorf("the value of %s: %v", key, err)
		}
	}
	return key, value, nil
}

// unquoteConfig reads a double-quoted string with Go's escapes.
func unquoteConfig(s string) (string, error) {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return "", errors.New(`want a "quoted string"`)
	}
	v, err := strconv.Unquote(s)
	if err != nil {
		return "", errors.New(`a "quoted string" with a bad escape or an unescaped "`)
	}
	return v, nil
}

func isConfigWord(s string) bool {
	if s == "" || len(s) > 64 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}

// bytes writes the settings file.
func (c *userConfig) bytes() []byte {
	var b bytes.Buffer
	b.WriteString("# passtea's settings; passtea config changes them (comments are not kept)\n")
	for _, s := range c.sections {
		if len(s.values) == 0 {
			continue
		}
		b.WriteString("\n[" + s.kind)
		if s.name != "" {
			b.WriteString(" " + strconv.Quote(s.name))
		}
		b.WriteString("]\n")
		for _, v := range s.values {
			b.WriteString(v.key + " = " + strconv.Quote(v.value) + "\n")
		}
	}
	return b.Bytes()
}

// section returns the section [kind "name"], made if create is set (else
// nil when there is none).
func (c *userConfig) section(kind, name string, create bool) *configSection {
	for i := range c.sections {
		if s := &c.sections[i]; s.kind == kind && s.name == name {
			return s
		}
	}
	if !create {
		return nil
	}
	c.sections = append(c.sections, configSection{kind: kind, name: name})
	return &c.sections[len(c.sections)-1]
}

func (s *configSection) get(key string) (string, bool) {
	for _, v := range s.values {
		if v.key == key {
			return v.value, true
		}
	}
	return "", false
}

// get returns the setting key of [kind "name"].
func (c *userConfig) get(kind, name, key string) (string, bool) {
	if s := c.section(kind, name, false); s != nil {
		return s.get(key)
	}
	return "", false
}

// set sets key of [kind "name"] to value.
func (c *userConfig) set(kind, name, key, value string) {
	s := c.section(kind, name, true)
	for i := range s.values {
		if s.values[i].key == key {
			s.values[i].value = value
			return
		}
	}
	s.values = append(s.values, configValue{key, value})
}

// unset removes key of [kind "name"] and reports whether it was set.
func (c *userConfig) unset(kind, name, key string) bool {
	s := c.section(kind, name, false)
	if s == nil {
		return false
	}
	for i := range s.values {
		if s.values[i].key == key {
			s.values = append(s.values[:i], s.values[i+1:]...)
			return true
		}
	}
	return false
}

// configPath is where the settings file lives: $XDG_CONFIG_HOME/passtea/
// config, else ~/.config/passtea/config.
func configPath(e *env) (string, error) {
	dir := e.getenv("XDG_CONFIG_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		home := e.getenv("HOME")
		if home == "" {
			h, err := os.UserHomeDir()
			if err != nil {
				return "", errors.New("cannot tell where passtea's settings live: set $HOME or $XDG_CONFIG_HOME")
			}
			home = h
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "passtea", "config"), nil
}

// loadConfig reads the settings file; a missing one is empty.
func loadConfig(e *env) (*userConfig, string, error) {
	path, err := configPath(e)
	if err != nil {
		return nil, "", err
	}
	b, err := readSmallFile(path, maxConfigSize)
	if errors.Is(err, os.ErrNotExist) {
		return &userConfig{}, path, nil
	}
	if err != nil {
		return nil, path, fmt.Errorf("read settings: %w", err)
	}
	c, err := parseConfig(b)
	if err != nil {
		return nil, path, fmt.Errorf("settings file %s: %w: fix it or remove it", path, err)
	}
	return c, path, nil
}

// saveConfig writes the settings file atomically, private to the user.
func saveConfig(path string, c *userConfig) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".config-*")
	if err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	defer os.Remove(tmp.Name()) // after the rename, there is nothing to remove
	_, err = tmp.Write(c.bytes())
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	return nil
}

// readSmallFile reads a regular file of at most limit bytes: a device, a
// FIFO or a larger file is refused, never read without end.
func readSmallFile(path string, limit int64) ([]byte, error) {
	// Stat first: opening a FIFO would wait for a writer.
	if fi, err := os.Stat(path); err != nil {
		return nil, err
	} else if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes", path, limit)
	}
	return b, nil
}
