package serve

import (
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The first start makes a private token file under $XDG_CONFIG_HOME; the
// next reads the same token.
func TestTokenCreatedOnce(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	path, err := DefaultTokenFile()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "passtea", "serve-token"); path != want {
		t.Fatalf("DefaultTokenFile = %s, want %s", path, want)
	}
	tok, created, err := loadToken(path)
	if err != nil || !created {
		t.Fatalf("loadToken: %v, created %v", err, created)
	}
	raw, err := base64.RawURLEncoding.DecodeString(string(tok))
	if err != nil || len(raw) != tokenBytes {
		t.Fatalf("token is not %d bytes in base64url: %v", tokenBytes, err)
	}
	fi, _ := os.Stat(path)
	di, _ := os.Stat(filepath.Dir(path))
	if fi.Mode().Perm() != 0o600 || di.Mode().Perm() != 0o700 {
		t.Errorf("modes %v %v, want 0600 file in 0700 directory", fi.Mode(), di.Mode())
	}
	again, created, err := loadToken(path)
	if err != nil || created || string(again) != string(tok) {
		t.Fatalf("second load: %v, created %v, same %v", err, created, string(again) == string(tok))
	}
	other, _, _ := loadToken(filepath.Join(t.TempDir(), "t"))
	if string(other) == string(tok) {
		t.Fatal("two new tokens are equal")
	}
}

func TestTokenFileRules(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		os.Chmod(p, mode)
		return p
	}
	own := write("own", "  my-own-token-0123456789\n", 0o600)
	if tok, created, err := loadToken(own); err != nil || created || string(tok) != "my-own-token-0123456789" {
		t.Errorf("a token someone wrote: %q %v %v", tok, created, err)
	}
	for name, tc := range map[string]struct {
		content string
		mode    os.FileMode
		want    string
	}{
		"readable": {"my-own-token-0123456789", 0o644, "can be read by other users: chmod 600"},
		"short":    {"short-token", 0o600, "holds no usable token"},
		"spaces":   {"token with spaces in it", 0o600, "holds no usable token"},
		"empty":    {"", 0o600, "holds no usable token"},
		"huge":     {strings.Repeat("x", 2000), 0o600, "holds no usable token"},
		"control":  {"token-with-a-tab\t0123456789", 0o600, "holds no usable token"},
	} {
		p := write(name, tc.content, tc.mode)
		_, _, err := loadToken(p)
		var ce *ConfigError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want a ConfigError saying %q", name, err, tc.want)
		}
		if tc.content != "" && strings.Contains(err.Error(), tc.content) {
			t.Errorf("%s: the error quotes the file", name)
		}
	}
	if _, _, err := loadToken(dir); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("a directory: %v", err)
	}
}

func TestTokenAuth(t *testing.T) {
	a := newTokenAuth([]byte("the-token-0123456789"))
	for header, want := range map[string]authResult{
		"":                             authMissing,
		"Bearer":                       authMissing,
		"Basic dXNlcjpwYXNz":           authMissing,
		"the-token-0123456789":         authMissing,
		"Bearer the-token-0123456789":  authOK,
		"bearer the-token-0123456789":  authOK,
		"BEARER  the-token-0123456789": authOK,
		"Bearer the-token-012345678":   authInvalid,
		"Bearer the-token-01234567890": authInvalid,
		"Bearer ":                      authInvalid,
	} {
		if got := a.check(header); got != want {
			t.Errorf("check(%q) = %v, want %v", header, got, want)
		}
	}
}
