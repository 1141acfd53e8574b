package agent

import (
	"encoding/binary"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/passtea/passtea/vault"
)

// TestHello checks the version exchange and what may come first.
func TestHello(t *testing.T) {
	path := newVaultFile(t, 1)
	s, _, _ := unlocked(t, path, Config{})

	r := rawDial(t, s.dir)
	r.send(request{Op: opHello, Version: Version + 1})
	resp, ok := r.recv()
	if !ok || resp.OK || resp.Error.Code != "version" {
		t.Fatalf("hello with another version: %+v", resp)
	}
	var ve *VersionError
	if err := resp.Error.err(); !errors.As(err, &ve) || ve.Agent != Version || ve.Client != Version+1 ||
		!strings.Contains(err.Error(), "passtea lock") {
		t.Fatalf("the version error: %v", err)
	}
	if _, ok := r.recv(); ok {
		t.Fatal("the connection stays open after a version mismatch")
	}

	r = rawDial(t, s.dir)
	r.send(request{Op: opStatus})
	if resp, _ := r.recv(); resp.OK || resp.Error.Code != "protocol" {
		t.Fatalf("status before hello: %+v", resp)
	}
	if _, ok := r.recv(); ok {
		t.Fatal("the connection stays open after a request before hello")
	}
}

// TestMalformedRequests sends broken requests: each gets an error, and
// the agent goes on serving.
func TestMalformedRequests(t *testing.T) {
	path := newVaultFile(t, 1)
	s, cl, _ := unlocked(t, path, Config{})
	p := []byte(path)
	cases := []struct {
		name  string
		frame any
		code  string
	}{
		{"not JSON", []byte("{"), "protocol"},
		{"not an object", []byte(`[1,2]`), "protocol"},
		{"trailing bytes", []byte(`{"op":"status"} {}`), "protocol"},
		{"no op", []byte(`{}`), "protocol"},
		{"unknown op", request{Op: "explode"}, "protocol"},
		{"unknown field", []byte(`{"op":"status","evil":1}`), "protocol"},
		{"wrong type", []byte(`{"op":"get","path":"` + "AAAA" + `","name":7}`), "protocol"},
		{"relative path", request{Op: opEntries, Path: []byte("vault.passtea")}, "protocol"},
		{"bad id", request{Op: opSecret, Path: p, ID: "xyz"}, "protocol"},
		{"add without entry", request{Op: opAdd, Path: p}, "protocol"},
		{"edit without change", request{Op: opEdit, Path: p, ID: vault.ID{}.String()}, "protocol"},
		{"not held", request{Op: opEntries, Path: []byte("/nonexistent/vault")}, "locked"},
		{"negative timeout", request{Op: opUnlock, Path: p, TimeoutMS: -1}, "protocol"},
		{"add_many continued by another op", nil, "protocol"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := rawDial(t, s.dir)
			r.hello()
			if c.frame == nil {
				r.send(request{Op: opAddMany, Path: p, More: true})
				r.send(request{Op: opStatus})
			} else {
				r.send(c.frame)
			}
			resp, ok := r.recv()
			if !ok || resp.OK || resp.Error == nil || resp.Error.Code != c.code {
				t.Fatalf("got %+v (connection open: %v), want error %s", resp, ok, c.code)
			}
		})
	}
	if _, err := cl.Status(); err != nil {
		t.Fatalf("the agent after malformed requests: %v", err)
	}
}

// TestOversizedFrame sends a frame that claims more than MaxFrame.
func TestOversizedFrame(t *testing.T) {
	s := serve(t, Config{})
	r := rawDial(t, s.dir)
	r.hello()
	var hdr [4]byte
	binary.BigEndian.PutUint32(hdr[:], MaxFrame+1)
	if _, err := r.c.Write(hdr[:]); err != nil {
		t.Fatal(err)
	}
	resp, ok := r.recv()
	if !ok || resp.Error == nil || resp.Error.Code != "protocol" {
		t.Fatalf("an oversized frame: %+v", resp)
	}
	if _, ok := r.recv(); ok {
		t.Fatal("the connection stays open after an oversized frame")
	}
	if _, err := dial(t, s.dir).Status(); err != nil {
		t.Fatal(err)
	}
}

// TestStalledClients checks that clients that stop halfway (in a request,
// or without reading a large answer) hold up nobody else.
func TestStalledClients(t *testing.T) {
	path := newVaultFile(t, 5000)
	s, cl, v := unlocked(t, path, Config{})
	// Half a request.
	half := rawDial(t, s.dir)
	half.hello()
	if _, err := half.c.Write([]byte{0, 0, 1, 0, '{', '"'}); err != nil {
		t.Fatal(err)
	}
	// A large answer nobody reads.
	deaf := rawDial(t, s.dir)
	deaf.hello()
	deaf.send(request{Op: opEntries, Path: []byte(v.Path())})
	time.Sleep(50 * time.Millisecond)
	start := time.Now()
	for range 10 {
		if _, err := v.Get("work/site-00042.example"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := cl.Names(path, ""); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("other clients took %s", d)
	}
}

// TestNamesDoesNotWait checks that completion gives up on a vault busy
// with another request rather than wait for it.
func TestNamesDoesNotWait(t *testing.T) {
	path := newVaultFile(t, 1)
	s, cl, v := unlocked(t, path, Config{Options: &vault.Options{LockTimeout: 5 * time.Second}})
	release := holdLock(t, path+".lock")
	done := make(chan error, 1)
	go func() {
		_, err := v.Add(vault.NewEntry{Name: "waits"}) // holds the vault while it waits for the lock
		done <- err
	}()
	time.Sleep(100 * time.Millisecond)
	other := dial(t, s.dir)
	start := time.Now()
	if _, err := other.Names(path, ""); !errors.Is(err, ErrBusy) {
		t.Fatalf("names of a busy vault: %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("names waited %s", d)
	}
	release()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// With another process saving (its lock held), names answers from
	// what the agent has.
	release = holdLock(t, path+".lock")
	defer release()
	start = time.Now()
	names, err := cl.Names(path, "")
	if err != nil || len(names) != 2 {
		t.Fatalf("names during another process's save: %v %v", names, err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("names waited %s", d)
	}
}
