// This file holds the server: listening, connections, and the frames of
// one request and its response.

package agent

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/passtea/passtea/vault"
)

// Version is the protocol version this package speaks (see the package
// doc, "Protocol").
const Version = 1

// Timeouts.
const (
	// DefaultTimeout is how long a vault stays unlocked after its last
	// request when the unlock gives no timeout.
	DefaultTimeout = 10 * time.Minute
	// MaxTimeout is the longest idle timeout an unlock may ask for.
	MaxTimeout = 7 * 24 * time.Hour
	// frameTimeout bounds the time to receive the rest of a frame once its
	// first byte came, and to send a response.
	frameTimeout = 30 * time.Second
	// maxConns bounds the connections served at once.
	maxConns = 128
)

// Config configures [Serve].
type Config struct {
	// Dir is the socket directory; "" is [DefaultDir] of the environment.
	Dir string
	// Timeout is the idle timeout of vaults unlocked without one, and how
	// long an agent that has not held a vault yet waits for its first;
	// 0 is [DefaultTimeout].
	Timeout time.Duration
	// Options are passed to the vault (tests set a clock or a short lock
	// timeout); nil is the defaults.
	Options *vault.Options
	// Log, if set, gets a line for each start, unlock, lock and refused
	// connection: paths and reasons, never a secret.
	Log io.Writer
}

// Run is [Serve] for the `passtea agent` process: SIGTERM, SIGINT and
// SIGHUP lock every vault and end it.
func Run(cfg Config) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt, syscall.SIGHUP)
	defer stop()
	return Serve(ctx, cfg)
}

// Serve runs the agent until ctx is done, until it holds no vault any
// more (the last one was locked: on request, after its idle timeout, or
// because its file was replaced by one it cannot merge), or until it held
// none for cfg.Timeout since it started. Every vault is locked before it
// returns, and the socket removed. It returns an error only if it could
// not start: an unsafe directory ([ErrUnsafeDir]), another agent
// ([ErrRunning]), or a system without a way to check who connects.
//
// Serve leaves the process's flags and limits alone: the caller makes it
// non-dumpable and turns core dumps off (passtea does at start for every
// command), so that tests can run it.
func Serve(ctx context.Context, cfg Config) error {
	if !peerCheck {
		return fmt.Errorf("the agent cannot check who connects on this system: %w", errors.ErrUnsupported)
	}
	if cfg.Dir == "" {
		cfg.Dir = DefaultDir(os.Getenv)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	ln, release, err := listen(cfg.Dir)
	if err != nil {
		return err
	}
	defer release()
	s := newServer(cfg)
	s.logf("listening on %s (pid %d)", SocketPath(cfg.Dir), os.Getpid())
	s.wg.Add(1)
	go s.accept(ln)
	s.loop(ctx)
	s.stop()
	ln.Close()
	s.lockAll("stopping")
	s.closeConns()
	s.wait()
	s.logf("stopped")
	return nil
}

// server is the state of a running agent.
type server struct {
	cfg  Config
	uid  int
	wg   sync.WaitGroup
	wake chan struct{} // deadlines changed
	quit chan struct{} // closed to stop
	once sync.Once

	unlocking sync.Mutex // one key derivation at a time

	mu        sync.Mutex
	vaults    map[string]*held // by resolved path
	everHeld  bool
	pending   int                    // unlocks under way
	last      time.Time              // the last request
	unsettled bool                   // requests came since the last settle
	conns     map[*net.UnixConn]bool // true while it serves a request
	stopping  bool
}

func newServer(cfg Config) *server {
	return &server{cfg: cfg, uid: os.Geteuid(), wake: make(chan struct{}, 1), quit: make(chan struct{}),
		vaults: map[string]*held{}, last: time.Now(), conns: map[*net.UnixConn]bool{}}
}

func (s *server) logf(format string, args ...any) {
	if s.cfg.Log != nil {
		fmt.Fprintf(s.cfg.Log, "passtea agent: "+format+"\n", args...)
	}
}

// stop makes the agent end.
func (s *server) stop() { s.once.Do(func() { close(s.quit) }) }

// poke tells the loop that deadlines changed.
func (s *server) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *server) accept(ln *net.UnixListener) {
	defer s.wg.Done()
	for {
		c, err := ln.AcceptUnix()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			time.Sleep(10 * time.Millisecond) // out of descriptors: let some close
			continue
		}
		if !s.track(c) {
			c.Close()
			continue
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer s.untrack(c)
			defer func() {
				// A bug must cost a connection, not the agent (and its
				// vaults). Vault operations recover on their own, and lock
				// the vault: see onVault.
				if p := recover(); p != nil {
					s.logf("internal error: %v", p)
				}
			}()
			s.serveConn(c)
		}()
	}
}

// track records a connection; it refuses one when the agent stops.
func (s *server) track(c *net.UnixConn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopping {
		return false
	}
	s.conns[c] = false
	return true
}

// begin marks c busy with a request; it reports false when the agent
// stops, which ends the connection instead.
func (s *server) begin(c *net.UnixConn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopping {
		return false
	}
	s.conns[c] = true
	return true
}

// end marks c idle after a reply; it reports false when the agent stops.
func (s *server) end(c *net.UnixConn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conns[c] = false
	s.last = time.Now()
	return !s.stopping
}

func (s *server) untrack(c *net.UnixConn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	c.Close()
}

// closeConns ends every connection that waits for a request; those that
// serve one end after their reply.
func (s *server) closeConns() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopping = true
	for c, busy := range s.conns {
		if !busy {
			c.Close()
		}
	}
}

// wait waits for the connections to end: a second for replies under
// way, then it cuts them (a client that does not read its reply would
// otherwise hold the agent for the write timeout).
func (s *server) wait() {
	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return
	case <-time.After(time.Second):
	}
	s.mu.Lock()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	<-done
}

// serveConn serves one connection: the peer check, the hello, then one
// request at a time.
func (s *server) serveConn(c *net.UnixConn) {
	if uid, err := peerUID(c); err != nil || uid != s.uid {
		s.logf("refused a connection from user %d", uid)
		s.refuse(c, fmt.Errorf("%w (you are user %d)", ErrRefused, uid))
		return
	}
	s.mu.Lock()
	n := len(s.conns)
	s.mu.Unlock()
	if n > maxConns {
		s.refuse(c, fmt.Errorf("%w: %d connections are open", ErrBusy, n-1))
		return
	}
	hello := false
	for {
		frame, err := readRequestFrame(c)
		if err != nil {
			if errors.Is(err, ErrProtocol) {
				s.reply(c, failed(err))
			}
			return
		}
		if !s.begin(c) {
			return
		}
		req, err := decodeRequest(frame)
		clear(frame) // it may hold a password
		if err != nil {
			if !s.reply(c, failed(err)) || !s.end(c) {
				return
			}
			continue
		}
		s.touch()
		if !hello {
			switch {
			case req.Op == opHello:
				hello = true
			case req.Op == opLock && len(req.Path) == 0:
				// Frozen across versions: any client can end any agent.
			default:
				s.reply(c, failed(fmt.Errorf("%w: the first request must be hello", ErrProtocol)))
				return
			}
		}
		if req.Op == opAddMany && req.More {
			if err := gather(c, req); err != nil {
				s.reply(c, failed(err))
				return
			}
		}
		r, keep := s.dispatch(c, req)
		wipeRequest(req)
		if !s.reply(c, r) || !keep || !s.end(c) {
			return
		}
	}
}

// refuse answers a connection it will not serve, and lets the client's
// first request arrive (unread, for at most a second) so that the client
// reads the answer rather than a broken pipe.
func (s *server) refuse(c *net.UnixConn, err error) {
	s.reply(c, failed(err))
	c.CloseWrite()
	c.SetReadDeadline(time.Now().Add(time.Second))
	io.Copy(io.Discard, io.LimitReader(c, 64<<10))
}

// touch records a request.
func (s *server) touch() {
	s.mu.Lock()
	s.last = time.Now()
	s.unsettled = true
	s.mu.Unlock()
	s.poke()
}

// readRequestFrame waits as long as it takes for a request to start, then
// gives the rest of the frame frameTimeout to arrive.
func readRequestFrame(c *net.UnixConn) ([]byte, error) {
	c.SetReadDeadline(time.Time{})
	var first [1]byte
	if _, err := io.ReadFull(c, first[:]); err != nil {
		return nil, err
	}
	c.SetReadDeadline(time.Now().Add(frameTimeout))
	return readFrame(io.MultiReader(bytes.NewReader(first[:]), c))
}

// decodeRequest reads a request strictly: unknown fields are refused, so
// that a client newer than the hello admits is caught.
func decodeRequest(frame []byte) (*request, error) {
	dec := json.NewDecoder(bytes.NewReader(frame))
	dec.DisallowUnknownFields()
	var req request
	if err := dec.Decode(&req); err != nil {
		return nil, fmt.Errorf("%w: a malformed request: %v", ErrProtocol, jsonReason(err))
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: bytes after the request", ErrProtocol)
	}
	if req.Op == "" {
		return nil, fmt.Errorf("%w: a request without an op", ErrProtocol)
	}
	return &req, nil
}

// jsonReason describes a JSON error without quoting the input (which may
// hold a password): the offset and the kind of mistake.
func jsonReason(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("invalid JSON at byte %d", syn.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("field %q has the wrong type", typ.Field)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "the JSON ends early"
	}
	// An unknown field: the message names it, as the client sent it.
	return err.Error()
}

// gather reads the frames that continue an add_many request into it.
func gather(c *net.UnixConn, req *request) error {
	total := 0
	for req.More {
		c.SetReadDeadline(time.Now().Add(frameTimeout))
		frame, err := readFrame(c)
		if err != nil {
			if isClosed(err) {
				return err
			}
			return fmt.Errorf("%w: add_many: %v", ErrProtocol, err)
		}
		if total += len(frame); total > MaxBatch {
			return fmt.Errorf("%w: add_many is larger than %d bytes", ErrProtocol, MaxBatch)
		}
		next, err := decodeRequest(frame)
		clear(frame)
		if err != nil {
			return err
		}
		if next.Op != opAddMany || string(next.Path) != string(req.Path) {
			return fmt.Errorf("%w: an add_many frame continues with another request", ErrProtocol)
		}
		req.Trash = append(req.Trash, next.Trash...)
		req.Edits = append(req.Edits, next.Edits...)
		req.Entries = append(req.Entries, next.Entries...)
		req.More = next.More
	}
	return nil
}

// wipeRequest clears the credentials a request carried.
func wipeRequest(req *request) {
	clear(req.Password)
	clear(req.KeyFile)
}

// reply is a response and the table frames that follow it.
type reply struct {
	resp   response
	tables [][]byte
}

func ok() reply { return reply{resp: response{OK: true}} }

func failed(err error) reply { return reply{resp: response{Error: toWire(err)}} }

// reply sends r; it reports whether the connection is still usable.
func (s *server) reply(c *net.UnixConn, r reply) bool {
	r.resp.Tables = len(r.tables)
	head, err := json.Marshal(&r.resp)
	if err != nil {
		head, _ = json.Marshal(failed(fmt.Errorf("encode the response: %w", err)).resp)
	}
	c.SetWriteDeadline(time.Now().Add(frameTimeout))
	err = writeFrames(c, append([][]byte{head}, r.tables...)...)
	if r.resp.Secret != nil {
		clear(head)
	}
	return err == nil
}
