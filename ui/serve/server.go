package serve

// This file runs the server: it checks the configuration, opens what it
// names, listens, serves with timeouts and a cap on connections, and shuts
// down gracefully.

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/passtea/passtea/generator/strength"
)

// timeouts of the HTTP server.
type timeouts struct {
	readHeader time.Duration // the request line and headers (slowloris)
	read       time.Duration // the whole request
	write      time.Duration // from the end of the headers to the end of the answer
	idle       time.Duration // a keep-alive connection between requests
	shutdown   time.Duration // for in-flight requests to finish
}

var defaultTimeouts = timeouts{
	readHeader: 5 * time.Second,
	read:       10 * time.Second,
	write:      10 * time.Second,
	idle:       120 * time.Second,
	shutdown:   5 * time.Second,
}

const (
	// auditDelay is how long audit lines may wait to be written with
	// others.
	auditDelay = 50 * time.Millisecond
	// maxHeaderBytes bounds the request line and headers.
	maxHeaderBytes = 8 << 10
	// maxConns bounds open connections (each costs some 10 KB); beyond it
	// new ones wait in the kernel's queue.
	maxConns = 16 << 10
)

// Run serves the API as cfg says until ctx is done or the process gets
// SIGINT or SIGTERM; then requests in flight have 5 seconds to finish. It
// writes a few lines for the user to log (where it listens, where the
// token is, never the token) and, unless cfg.AuditLog names a file, the
// audit log too. A wrong cfg is a [*ConfigError], returned before anything
// listens; a signal is a normal end (nil).
func Run(ctx context.Context, cfg Config, logw io.Writer) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	p, err := prepare(cfg, logw)
	if err != nil {
		return err
	}
	defer p.close()
	var ln net.Listener
	if p.ep.network == "unix" {
		ln, err = listenUnix(p.ep.address)
	} else {
		ln, err = net.Listen("tcp", p.ep.address)
	}
	if err != nil {
		return fmt.Errorf("listen on %s: %w", p.ep.address, err)
	}
	if p.ep.network == "unix" {
		fmt.Fprintf(logw, "passtea serve: listening on unix socket %s\n", ln.Addr())
	} else {
		fmt.Fprintf(logw, "passtea serve: listening on %s://%s\n", p.ep.scheme(p.tls != nil), ln.Addr())
	}
	// The strength estimator builds its dictionaries on first use: build
	// them now rather than in the first /api/validate.
	go strength.Warm()
	return serve(ctx, newLimitListener(ln, maxConns), p.svc, p.tls, defaultTimeouts, logw)
}

// prepared is a checked configuration with its files open.
type prepared struct {
	ep      endpoint
	svc     *service
	tls     *tls.Config
	closers []io.Closer
}

// close writes the rest of the audit log and closes the files.
func (p *prepared) close() {
	if p.svc != nil {
		p.svc.audit.flush()
	}
	for _, c := range p.closers {
		c.Close()
	}
}

// prepare checks cfg, loads the token (making one on first start) and the
// TLS certificate, and opens the audit log.
func prepare(cfg Config, logw io.Writer) (*prepared, error) {
	ep, err := parseEndpoint(cfg)
	if err != nil {
		return nil, err
	}
	rt, err := parseRate(cfg.Rate)
	if err != nil {
		return nil, err
	}
	origin, err := parseOrigin(cfg.CORSOrigin)
	if err != nil {
		return nil, err
	}
	p := &prepared{ep: ep}
	if cfg.tls() {
		cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			return nil, configErr("--tls-cert and --tls-key: %v", err)
		}
		p.tls = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}}
	}
	var token []byte
	if cfg.NoAuth {
		fmt.Fprintln(logw, "passtea serve: no authentication (--no-auth): anyone who can connect can use the API")
	} else {
		path := cfg.TokenFile
		if path == "" {
			if path, err = DefaultTokenFile(); err != nil {
				return nil, err
			}
		}
		var created bool
		if token, created, err = loadToken(path); err != nil {
			return nil, err
		}
		if created {
			fmt.Fprintf(logw, "passtea serve: made a new bearer token in %s\n", path)
		} else {
			fmt.Fprintf(logw, "passtea serve: bearer token in %s\n", path)
		}
	}
	auditW := logw
	if cfg.AuditLog != "" {
		f, err := os.OpenFile(cfg.AuditLog, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			return nil, fmt.Errorf("open the audit log: %w", err)
		}
		p.closers = append(p.closers, f)
		auditW = f
	}
	audit := &auditLog{w: auditW, delay: auditDelay}
	p.svc = newService(token, rt, audit, origin, cfg.Breached, cfg.NoAuth && ep.network == "tcp")
	return p, nil
}

// parseOrigin checks --cors-origin: one origin, scheme://host[:port].
func parseOrigin(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return "", configErr("--cors-origin %q is not an origin: give scheme://host[:port], e.g. https://portal.example.com", s)
	}
	return u.Scheme + "://" + strings.ToLower(u.Host), nil
}

// newHTTPServer makes the server with its timeouts and header cap.
func newHTTPServer(h http.Handler, tlsConfig *tls.Config, t timeouts, logw io.Writer) *http.Server {
	return &http.Server{
		Handler:           h,
		TLSConfig:         tlsConfig,
		ReadHeaderTimeout: t.readHeader,
		ReadTimeout:       t.read,
		WriteTimeout:      t.write,
		IdleTimeout:       t.idle,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          log.New(logw, "passtea serve: ", 0),
	}
}

// serve serves ln until ctx is done, then shuts down gracefully.
func serve(ctx context.Context, ln net.Listener, h http.Handler, tlsConfig *tls.Config, t timeouts, logw io.Writer) error {
	hs := newHTTPServer(h, tlsConfig, t, logw)
	errc := make(chan error, 1)
	go func() {
		if tlsConfig != nil {
			errc <- hs.ServeTLS(ln, "", "")
		} else {
			errc <- hs.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), t.shutdown)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		hs.Close()
		return fmt.Errorf("shut down: requests still running after %v were cut off", t.shutdown)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	fmt.Fprintln(logw, "passtea serve: stopped")
	return nil
}

// limitListener holds at most cap(sem) connections open at once.
type limitListener struct {
	net.Listener
	sem       chan struct{}
	done      chan struct{}
	closeOnce sync.Once
}

func newLimitListener(ln net.Listener, n int) *limitListener {
	return &limitListener{Listener: ln, sem: make(chan struct{}, n), done: make(chan struct{})}
}

// Accept waits for a free slot, then for a connection.
func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.sem <- struct{}{}:
	case <-l.done:
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.sem
		return nil, err
	}
	return &limitConn{Conn: c, release: sync.OnceFunc(func() { <-l.sem })}, nil
}

// Close stops Accept, also one waiting for a slot.
func (l *limitListener) Close() error {
	l.closeOnce.Do(func() { close(l.done) })
	return l.Listener.Close()
}

// limitConn frees its slot when closed.
type limitConn struct {
	net.Conn
	release func()
}

func (c *limitConn) Close() error {
	c.release()
	return c.Conn.Close()
}

// CloseWrite half-closes, which net/http uses to close a connection
// gently.
func (c *limitConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
