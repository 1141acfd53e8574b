//go:build unix

package agent

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSocketDirChecks checks that the agent and its clients refuse a
// socket directory someone else could have made or could enter.
func TestSocketDirChecks(t *testing.T) {
	t.Run("missing is made 0700", func(t *testing.T) {
		s := serve(t, Config{})
		fi, err := os.Lstat(s.dir)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o700 || !fi.IsDir() {
			t.Fatalf("made with mode %v", fi.Mode())
		}
		sock, err := os.Lstat(SocketPath(s.dir))
		if err != nil || sock.Mode().Perm() != 0o600 {
			t.Fatalf("socket: %v %v", sock, err)
		}
	})
	bad := []struct {
		name string
		make func(t *testing.T, dir string)
	}{
		{"mode 0755", func(t *testing.T, dir string) { mkdir(t, dir, 0o755) }},
		{"mode 0770", func(t *testing.T, dir string) { mkdir(t, dir, 0o770) }},
		{"mode 0711", func(t *testing.T, dir string) { mkdir(t, dir, 0o711) }},
		{"symbolic link", func(t *testing.T, dir string) {
			real := dir + "-real"
			mkdir(t, real, 0o700)
			if err := os.Symlink(real, dir); err != nil {
				t.Fatal(err)
			}
		}},
		{"a file", func(t *testing.T, dir string) {
			if err := os.WriteFile(dir, nil, 0o700); err != nil {
				t.Fatal(err)
			}
		}},
		{"another owner", func(t *testing.T, dir string) {
			if os.Geteuid() != 0 {
				t.Skip("needs root to give a directory away")
			}
			mkdir(t, dir, 0o700)
			if err := os.Chown(dir, 65534, 65534); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			dir := sockDir(t)
			b.make(t, dir)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := Serve(ctx, Config{Dir: dir}); !errors.Is(err, ErrUnsafeDir) {
				t.Fatalf("Serve: %v, want ErrUnsafeDir", err)
			}
			if _, err := Dial(dir); !errors.Is(err, ErrUnsafeDir) {
				t.Fatalf("Dial: %v, want ErrUnsafeDir", err)
			}
			if err := Start("/bin/true", nil, dir); !errors.Is(err, ErrUnsafeDir) {
				t.Fatalf("Start: %v, want ErrUnsafeDir", err)
			}
		})
	}
	t.Run("checked on every dial", func(t *testing.T) {
		s := serve(t, Config{})
		if err := os.Chmod(s.dir, 0o755); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(s.dir, 0o700)
		if _, err := Dial(s.dir); !errors.Is(err, ErrUnsafeDir) {
			t.Fatalf("Dial into a directory opened up after the start: %v", err)
		}
	})
}

func mkdir(t *testing.T, dir string, mode os.FileMode) {
	t.Helper()
	if err := os.Mkdir(dir, mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, mode); err != nil { // past the umask
		t.Fatal(err)
	}
}

// TestOtherUserRefused connects as another user and checks that the
// agent's peer check refuses them. The directory check would stop them
// first: the test reaches the socket through a hard link in an open
// directory, to test the second line of defence on its own.
func TestOtherUserRefused(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to run a process as another user")
	}
	s := serve(t, Config{})
	open, err := os.MkdirTemp("", "pto")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(open)
	if err := os.Chmod(open, 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(open, "sock")
	if err := os.Link(SocketPath(s.dir), link); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(link, 0o666); err != nil {
		t.Fatal(err)
	}
	// A copy of this test binary that the other user may run.
	exe, args := helper(t, "hello", link)
	copied := filepath.Join(open, "helper")
	copyFile(t, exe, copied)

	run := func(cred *syscall.Credential) string {
		cmd := exec.Command(copied, args...)
		cmd.Dir = open
		cmd.Env = []string{}
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("helper: %v: %s", err, out)
		}
		return strings.TrimSpace(string(out))
	}
	if got := run(nil); got != "ok" {
		t.Fatalf("the agent's own user through the link: %q, want ok", got)
	}
	if got := run(&syscall.Credential{Uid: 65534, Gid: 65534}); got != "refused" {
		t.Fatalf("user 65534: %q, want refused", got)
	}
	// The agent goes on serving its user.
	if _, err := dial(t, s.dir).Status(); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestDialWithinSilentAgent: an agent that accepts but does not answer
// (stopped with ctrl+z) costs DialWithin's caller its bound, not
// callTimeout; Dial's callers keep the long bound.
func TestDialWithinSilentAgent(t *testing.T) {
	t.Parallel()
	dir := sockDir(t)
	mkdir(t, dir, 0o700)
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: SocketPath(dir), Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	defer holdConns(ln)()
	start := time.Now()
	_, err = DialWithin(dir, 200*time.Millisecond)
	if took := time.Since(start); err == nil || took > 5*time.Second {
		t.Fatalf("DialWithin: %v after %s, want an error within its bound", err, took)
	}
	if !strings.Contains(err.Error(), "did not answer within 200ms") {
		t.Errorf("error: %v", err)
	}
}

// holdConns accepts the connections to ln and holds them open without a
// word; the function it returns closes ln and them.
func holdConns(ln net.Listener) (stop func()) {
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	return func() {
		ln.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	}
}
