package serve

// This file keeps the bearer token: made on first start, read from a
// private file, compared in constant time.

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// Token file rules.
const (
	tokenBytes     = 32   // random bytes of a new token
	minTokenLength = 16   // characters of a token someone wrote themselves
	maxTokenFile   = 1024 // bytes read from a token file
)

// DefaultTokenFile is where the token lives unless --token-file says
// otherwise: $XDG_CONFIG_HOME/passtea/serve-token (or the system's
// configuration directory, e.g. ~/.config on Linux).
func DefaultTokenFile() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the configuration directory: %w", err)
	}
	return filepath.Join(dir, "passtea", "serve-token"), nil
}

// loadToken reads the token in path, or when there is no such file makes a
// new one there (reporting created). The file's contents are never part of
// an error.
func loadToken(path string) (token []byte, created bool, err error) {
	token, err = readToken(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return token, false, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, false, fmt.Errorf("make the token directory: %w", err)
	}
	raw := make([]byte, tokenBytes)
	if _, err := rand.Read(raw); err != nil {
		return nil, false, fmt.Errorf("make a token: %w", err)
	}
	token = []byte(base64.RawURLEncoding.EncodeToString(raw))
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		// Another server made one meanwhile: use it.
		token, err = readToken(path)
		return token, false, err
	}
	if err != nil {
		return nil, false, fmt.Errorf("create the token file: %w", err)
	}
	_, err = f.Write(append(token, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return nil, false, fmt.Errorf("write the token file: %w", err)
	}
	return token, true, nil
}

// readToken reads an existing token file, which must be private to this
// user and hold one token of visible ASCII characters.
func readToken(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read the token file: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read the token file: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, configErr("token file %s is not a regular file", path)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		return nil, configErr("token file %s can be read by other users: chmod 600 %s", path, path)
	}
	b, err := io.ReadAll(io.LimitReader(f, maxTokenFile+1))
	if err != nil {
		return nil, fmt.Errorf("read the token file: %w", err)
	}
	b = bytes.TrimSpace(b)
	if len(b) > maxTokenFile || len(b) < minTokenLength || bytes.IndexFunc(b, func(r rune) bool { return r <= ' ' || r > '~' }) >= 0 {
		return nil, configErr("token file %s holds no usable token: it needs one line of %d to %d visible ASCII characters", path, minTokenLength, maxTokenFile)
	}
	return b, nil
}

// tokenAuth checks bearer tokens against the server's.
type tokenAuth struct {
	sum [sha256.Size]byte
}

// newTokenAuth keeps only a hash of token, so that comparisons take the
// same time whatever the length of the token offered.
func newTokenAuth(token []byte) *tokenAuth {
	return &tokenAuth{sum: sha256.Sum256(token)}
}

// authResult is what a request's Authorization header amounts to.
type authResult uint8

const (
	authMissing authResult = iota // no bearer token
	authInvalid                   // a token, not the server's
	authOK
)

// check reads "Authorization: Bearer TOKEN" (the scheme in any case).
func (a *tokenAuth) check(header string) authResult {
	scheme, tok, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return authMissing
	}
	sum := sha256.Sum256([]byte(strings.TrimSpace(tok)))
	if subtle.ConstantTimeCompare(sum[:], a.sum[:]) != 1 {
		return authInvalid
	}
	return authOK
}
