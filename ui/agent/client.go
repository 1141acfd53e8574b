// This file holds the client: the connection to the agent and the
// requests that manage it (unlock, lock, status, names).

package agent

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/passtea/passtea/vault"
)

// callTimeout bounds one request and its response, key derivations and
// imports of a million entries included.
const callTimeout = 5 * time.Minute

// Client is a connection to the agent. It is safe for concurrent use;
// requests take turns. After the connection breaks, the next request
// dials again.
type Client struct {
	dir  string
	mu   sync.Mutex
	conn *net.UnixConn
	cur  atomic.Pointer[net.UnixConn] // conn, for interrupting
	cut  atomic.Bool                  // interrupt closed conn: dial again
	pid  int
	// timeout bounds one request and its response; 0 is callTimeout.
	timeout time.Duration
	// greet says that the hello goes out with the next request (Connect).
	greet bool
}

// Dial connects to the agent serving dir and checks that it speaks this
// protocol version. It reports [ErrNotRunning] when no agent answers (the
// caller may [Start] one), a [*VersionError] for an agent of another
// passtea version (see [Stop]), and a [*DirError] for a directory that is
// not private.
func Dial(dir string) (*Client, error) {
	cl := &Client{dir: dir}
	if err := cl.connect(); err != nil {
		return nil, err
	}
	return cl, nil
}

// DialWithin is [Dial] for a caller that must not wait: the hello and
// every request after it fail when the agent does not answer within d
// (an agent stopped with ctrl+z, or stuck), as shell completion must.
func DialWithin(dir string, d time.Duration) (*Client, error) {
	cl := &Client{dir: dir, timeout: d}
	if err := cl.connect(); err != nil {
		return nil, err
	}
	return cl, nil
}

// within is how long one request may take.
func (cl *Client) within() time.Duration {
	if cl.timeout > 0 {
		return cl.timeout
	}
	return callTimeout
}

// Connect is [Dial] without waiting for the agent's hello: the hello goes
// out with the first request, in the same write, and its answer is read
// before that request's, so a command waits for the agent one time less
// (of four for `passtea get`). What Dial reports of the agent's version,
// or of its refusal, the first request reports instead.
func Connect(dir string) (*Client, error) {
	c, err := dialSocket(dir)
	if err != nil {
		return nil, err
	}
	cl := &Client{dir: dir, conn: c, greet: true}
	cl.cur.Store(c)
	return cl, nil
}

// Close ends the connection; the agent keeps its vaults.
func (cl *Client) Close() error {
	cl.mu.Lock()
	defer cl.mu.Unlock()
	return cl.hangUp()
}

// PID is the agent's process id (0 until the first request answers, for
// a client made by [Connect]).
func (cl *Client) PID() int { return cl.pid }

// connect dials and says hello. The caller holds cl.mu (or owns cl).
func (cl *Client) connect() error {
	c, err := dialSocket(cl.dir)
	if err != nil {
		return err
	}
	cl.conn = c
	cl.cur.Store(c)
	resp, _, err := cl.roundTrip(mustFrame(&request{Op: opHello, Version: Version}))
	if err != nil {
		cl.hangUp()
		return err
	}
	cl.pid = resp.PID
	return nil
}

func (cl *Client) hangUp() error {
	if cl.conn == nil {
		return nil
	}
	err := cl.conn.Close()
	cl.conn = nil
	cl.cur.Store(nil)
	cl.greet = false // a new connection says hello in connect
	return err
}

// dialSocket connects to the socket in dir after checking the directory,
// and checks that the agent runs as this user.
func dialSocket(dir string) (*net.UnixConn, error) {
	if err := checkDir(dir); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, ErrNotRunning
		}
		return nil, err
	}
	c, err := net.DialUnix("unix", nil, &net.UnixAddr{Name: SocketPath(dir), Net: "unix"})
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ECONNREFUSED) {
			return nil, ErrNotRunning
		}
		return nil, fmt.Errorf("connect to the agent: %w", err)
	}
	if uid, err := peerUID(c); err != nil || uid != os.Geteuid() {
		c.Close()
		return nil, fmt.Errorf("%w: the socket %s is served by user %d", ErrRefused, SocketPath(dir), uid)
	}
	return c, nil
}

// call sends a request (one frame, or several for add_many) and returns
// the response and its tables; an error response is returned as the
// error it stands for.
func (cl *Client) call(frames ...[]byte) (*response, [][]byte, error) {
	cl.mu.Lock()
	defer cl.mu.Unlock()
	if cl.cut.Swap(false) {
		cl.hangUp()
	}
	if cl.conn == nil {
		if err := cl.connect(); err != nil {
			return nil, nil, err
		}
	}
	return cl.roundTrip(frames...)
}

// roundTrip is call on the open connection, with the hello first if it
// is still due (see Connect). The caller holds cl.mu.
func (cl *Client) roundTrip(frames ...[]byte) (*response, [][]byte, error) {
	c := cl.conn
	greet := cl.greet
	if greet {
		cl.greet = false
		frames = append([][]byte{mustFrame(&request{Op: opHello, Version: Version})}, frames...)
	}
	c.SetDeadline(time.Now().Add(cl.within()))
	if err := writeFrames(c, frames...); err != nil {
		// The agent may have answered and hung up before reading (a
		// refusal): that answer says more than the broken pipe.
		c.SetReadDeadline(time.Now().Add(time.Second))
		var resp response
		if head, rerr := readFrame(c); rerr == nil && decodeResponse(head, &resp) == nil && resp.Error != nil {
			err = resp.Error.err()
		} else {
			err = broken(err, cl.within())
		}
		cl.hangUp()
		return nil, nil, err
	}
	if greet {
		resp, _, err := cl.readResponse(c)
		if err != nil {
			cl.hangUp()
			return nil, nil, err
		}
		cl.pid = resp.PID
	}
	return cl.readResponse(c)
}

// readResponse reads a response and its tables. The caller holds cl.mu.
func (cl *Client) readResponse(c *net.UnixConn) (*response, [][]byte, error) {
	head, err := readFrame(c)
	if err != nil {
		cl.hangUp()
		return nil, nil, broken(err, cl.within())
	}
	var resp response
	if err := decodeResponse(head, &resp); err != nil {
		cl.hangUp()
		return nil, nil, fmt.Errorf("%w: a malformed response: %v", ErrProtocol, jsonReason(err))
	}
	clear(head) // it may hold a secret
	if resp.Tables < 0 {
		cl.hangUp()
		return nil, nil, fmt.Errorf("%w: a response announces %d tables", ErrProtocol, resp.Tables)
	}
	var tables [][]byte
	total := 0
	for range resp.Tables {
		t, err := readFrame(c)
		if err != nil {
			cl.hangUp()
			return nil, nil, broken(err, cl.within())
		}
		if total += len(t); total > MaxBatch {
			cl.hangUp()
			return nil, nil, fmt.Errorf("%w: a response is larger than %d bytes", ErrProtocol, MaxBatch)
		}
		tables = append(tables, t)
	}
	if !resp.OK {
		if resp.Error == nil {
			return &resp, nil, fmt.Errorf("%w: an error response without an error", ErrProtocol)
		}
		return &resp, nil, resp.Error.err()
	}
	return &resp, tables, nil
}

// broken describes a connection that failed during a request that had
// timeout.
func broken(err error, timeout time.Duration) error {
	switch {
	case isClosed(err):
		return fmt.Errorf("%w: it closed the connection before it answered", ErrNotRunning)
	case errors.Is(err, os.ErrDeadlineExceeded):
		return fmt.Errorf("the agent did not answer within %s", timeout)
	case errors.Is(err, ErrProtocol):
		return err
	}
	return fmt.Errorf("talk to the agent: %w", err)
}

// mustFrame encodes a request; requests are plain data, so it cannot fail.
// One that carries no entry, change or edit is written by hand, to the
// same bytes (see plain.go).
func mustFrame(req *request) []byte {
	if req.Entry == nil && req.Entries == nil && req.Edits == nil && req.Change == nil {
		return req.encodePlain()
	}
	b, err := json.Marshal(req)
	if err != nil {
		panic(fmt.Sprintf("encode a request: %v", err))
	}
	return b
}

// absPath is the vault path the agent needs: absolute, as the agent does
// not share the client's working directory.
func absPath(path string) ([]byte, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("vault path: %w", err)
	}
	return []byte(abs), nil
}

// UnlockOptions adjust an unlock.
type UnlockOptions struct {
	// Timeout is how long the vault stays unlocked after its last
	// request; 0 is the agent's default ([DefaultTimeout]), at most
	// [MaxTimeout].
	Timeout time.Duration
	// Upgrade strengthens a key derivation that fell behind the defaults
	// right after the unlock ([vault.Vault.UpgradeKDF]), as a command that
	// writes or the app's session start does; reading never writes.
	Upgrade bool
}

// Unlocked is the outcome of an unlock.
type Unlocked struct {
	Path    string // the vault file, with symbolic links followed
	Already bool   // the agent held it already (the credentials were not checked)
	// Upgrade is the strengthening made, if any; Warning says why one
	// failed.
	Upgrade *vault.Upgrade
	Warning string
}

// Unlock has the agent read and unlock the vault at path with c (the key
// derivation runs in the agent) and hold it. Errors are the vault's:
// [vault.ErrWrongPassword], a [*vault.BackoffError], [vault.ErrNoVault]…
// The credentials are sent over the socket, never in argv or environment;
// the caller wipes them afterwards as usual.
func (cl *Client) Unlock(path string, c vault.Credentials, o UnlockOptions) (Unlocked, error) {
	if o.Timeout < 0 || o.Timeout > MaxTimeout {
		return Unlocked{}, fmt.Errorf("the agent's timeout must be at most %s", MaxTimeout)
	}
	p, err := absPath(path)
	if err != nil {
		return Unlocked{}, err
	}
	frame := mustFrame(&request{Op: opUnlock, Path: p, Password: c.Password, KeyFile: c.KeyFile,
		TimeoutMS: o.Timeout.Milliseconds(), Upgrade: o.Upgrade})
	resp, _, err := cl.call(frame)
	clear(frame)
	if err != nil {
		return Unlocked{}, err
	}
	u := Unlocked{Path: string(resp.Path), Already: resp.Already, Warning: resp.Warning}
	if resp.Upgrade != nil {
		u.Upgrade = &vault.Upgrade{From: resp.Upgrade.From.params(), To: resp.Upgrade.To.params()}
	}
	return u, nil
}

// Lock has the agent lock the vault at path (zero its key, drop what it
// decrypted); it reports whether the agent held it. The agent exits when
// it held its last vault. See [Stop] to lock every vault.
func (cl *Client) Lock(path string) (bool, error) {
	p, err := absPath(path)
	if err != nil {
		return false, err
	}
	resp, _, err := cl.call(mustFrame(&request{Op: opLock, Path: p}))
	if err != nil {
		return false, err
	}
	return resp.Count > 0, nil
}

// Stop has the agent serving dir lock every vault and exit, and returns
// how many it locked. It works with an agent of any protocol version
// (its request is frozen), so it ends an agent left by an older passtea.
// With no agent it reports [ErrNotRunning].
func Stop(dir string) (int, error) {
	c, err := dialSocket(dir)
	if err != nil {
		return 0, err
	}
	cl := &Client{dir: dir, conn: c}
	defer cl.Close()
	resp, _, err := cl.roundTrip(mustFrame(&request{Op: opLock}))
	if err != nil {
		return 0, err
	}
	return resp.Count, nil
}

// Status is what the agent holds.
type Status struct {
	PID    int
	Vaults []Held // sorted by path
}

// Held is a vault the agent holds.
type Held struct {
	Path    string
	Timeout time.Duration // the idle timeout
	Left    time.Duration // until it locks, unless a request comes
}

// Status asks the agent what it holds.
func (cl *Client) Status() (Status, error) {
	resp, _, err := cl.call(mustFrame(&request{Op: opStatus}))
	if err != nil {
		return Status{}, err
	}
	st := Status{PID: resp.PID}
	for _, h := range resp.Vaults {
		st.Vaults = append(st.Vaults, Held{Path: string(h.Path),
			Timeout: time.Duration(h.TimeoutMS) * time.Millisecond, Left: time.Duration(h.LeftMS) * time.Millisecond})
	}
	return st, nil
}

// Names lists, for shell completion, the names of the live entries of the
// vault at path (entry "") or the custom fields' names of one entry. It
// never waits long: a vault the agent does not hold is [vault.ErrLocked],
// one busy with a long request [ErrBusy].
func (cl *Client) Names(path, entry string) ([]string, error) {
	if !validText(entry) {
		return nil, vault.ErrNotFound
	}
	p, err := absPath(path)
	if err != nil {
		return nil, err
	}
	resp, tables, err := cl.call(mustFrame(&request{Op: opNames, Path: p, Name: entry}))
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, min(resp.Count, tableBytes(tables)))
	for _, t := range tables {
		if out, err = readNames(t, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Open returns a handle on the vault at path, which the agent must hold
// ([vault.ErrLocked] otherwise: unlock it with [Client.Unlock] and open it
// again). The handle shares this connection.
func (cl *Client) Open(path string) (*Vault, error) {
	p, err := absPath(path)
	if err != nil {
		return nil, err
	}
	resp, _, err := cl.call(mustFrame(&request{Op: opOpen, Path: p}))
	if err != nil {
		return nil, err
	}
	return &Vault{cl: cl, path: string(resp.Path)}, nil
}

// tableBytes is the size of tables, which bounds the records they hold.
func tableBytes(tables [][]byte) int {
	n := 0
	for _, t := range tables {
		n += len(t)
	}
	return n
}

// interrupt closes the connection under a request in flight.
func (cl *Client) interrupt() {
	cl.cut.Store(true)
	if c := cl.cur.Load(); c != nil {
		c.Close()
	}
}
