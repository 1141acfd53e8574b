//go:build unix

package serve

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestRunUnixSocket(t *testing.T) {
	dir, err := os.MkdirTemp("", "pt")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "serve.sock")
	// A stale socket (its server gone) is replaced.
	stale, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	stale.(*net.UnixListener).SetUnlinkOnClose(false)
	stale.Close()
	r := startRun(t, Config{Socket: sock, NoAuth: true})
	fi, err := os.Stat(sock)
	if err != nil || fi.Mode().Perm() != 0o600 || fi.Mode().Type() != os.ModeSocket {
		t.Fatalf("socket: %v %v", fi.Mode(), err)
	}
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", sock)
		},
	}}
	req, _ := http.NewRequest("GET", "http://passtea/api/generate", nil)
	if resp := doRequest(t, client, req); resp.status != 200 {
		t.Fatalf("over the socket: %d %s", resp.status, resp.raw)
	}
	// A live socket is not taken over.
	err = Run(context.Background(), Config{Socket: sock, NoAuth: true}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "another server is listening") {
		t.Errorf("second server on a live socket: %v", err)
	}
	if err := r.stop(t); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(sock); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket left after shutdown: %v", err)
	}
	// Directories others can enter, and files that are not sockets, are
	// refused.
	open := t.TempDir()
	os.Chmod(open, 0o755)
	notSock := filepath.Join(dir, "file")
	os.WriteFile(notSock, nil, 0o600)
	for path, want := range map[string]string{
		filepath.Join(open, "s.sock"):           "is open to other users (mode 0755)",
		notSock:                                 "exists and is not a socket",
		filepath.Join(dir, "missing", "s.sock"): "--socket directory",
		filepath.Join(notSock, "s.sock"):        "is not a directory",
	} {
		err := Run(context.Background(), Config{Socket: path, NoAuth: true}, io.Discard)
		var ce *ConfigError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), want) {
			t.Errorf("socket %s: %v, want %q", path, err, want)
		}
	}
}

// SIGTERM ends Run normally.
func TestRunSIGTERM(t *testing.T) {
	r := startRun(t, Config{Listen: "127.0.0.1:0", NoAuth: true})
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-r.done:
		close(r.done)
		if err != nil {
			t.Fatalf("Run after SIGTERM: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop on SIGTERM")
	}
	if !strings.Contains(r.log.String(), "stopped") {
		t.Errorf("log:\n%s", r.log)
	}
}
