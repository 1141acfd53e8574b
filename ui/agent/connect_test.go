package agent

import (
	"encoding/json"
	"errors"
	"net"
	"os"
	"testing"

	"github.com/passtea/passtea/vault"
)

// Connect sends the hello with the first request: the request is
// answered, and the hello's answer (the agent's pid) is read first.
func TestConnect(t *testing.T) {
	path := newVaultFile(t, 3)
	s, _, _ := unlocked(t, path, Config{})
	cl, err := Connect(s.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	if cl.PID() != 0 {
		t.Fatalf("pid %d before the first request", cl.PID())
	}
	v, err := cl.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if cl.PID() != os.Getpid() {
		t.Fatalf("pid %d after the first request, want %d", cl.PID(), os.Getpid())
	}
	if es, err := v.Entries(); err != nil || len(es) != 3 {
		t.Fatalf("entries %d, %v", len(es), err)
	}
	if _, err := Connect(sockDir(t)); !errors.Is(err, ErrNotRunning) {
		t.Fatalf("connect with no agent: %v", err)
	}
}

// An agent of another version refuses the hello and hangs up: the first
// request of a client made by Connect reports the version error, as Dial
// does.
func TestConnectOtherVersion(t *testing.T) {
	dir := sockDir(t)
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("unix", SocketPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			if _, err := readFrame(c); err == nil {
				b, _ := json.Marshal(failed(&VersionError{Agent: Version + 1, Client: Version}).resp)
				writeFrames(c, b)
			}
			c.Close() // the open request unread
		}
	}()
	for _, dial := range []func(string) (*Client, error){Dial, Connect} {
		cl, err := dial(dir)
		if err == nil {
			_, err = cl.Open("/v/vault.passtea")
			if errors.Is(err, vault.ErrLocked) {
				t.Fatal("the open was answered")
			}
		}
		var ve *VersionError
		if !errors.As(err, &ve) || ve.Agent != Version+1 {
			t.Fatalf("an agent of another version: %v", err)
		}
	}
}
