package serve

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// running is a server started by Run.
type running struct {
	addr   string // host:port, or the socket path
	log    *syncBuffer
	cancel context.CancelFunc
	done   chan error
}

// startRun runs Run in the background and waits until it listens.
func startRun(t *testing.T, cfg Config) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{log: &syncBuffer{}, cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- Run(ctx, cfg, r.log) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, after, ok := strings.Cut(r.log.String(), "listening on "); ok {
			line, _, _ := strings.Cut(after, "\n")
			line = strings.TrimPrefix(line, "unix socket ")
			_, r.addr, _ = strings.Cut(line, "://")
			if r.addr == "" {
				r.addr = line
			}
			break
		}
		select {
		case err := <-r.done:
			t.Fatalf("Run ended: %v\n%s", err, r.log)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("Run did not listen:\n%s", r.log)
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Cleanup(func() { r.stop(t) })
	return r
}

// stop cancels Run and returns what it returned.
func (r *running) stop(t *testing.T) error {
	t.Helper()
	r.cancel()
	select {
	case err, ok := <-r.done:
		if ok {
			close(r.done)
		}
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop")
	}
	return nil
}

func TestRunRefusesBeforeListening(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{Listen: "0.0.0.0:0"}, "needs TLS"},
		{Config{Listen: ":0"}, "needs TLS"},
		{Config{Listen: "0.0.0.0:0", NoAuth: true}, "needs TLS"},
		{Config{Listen: "0.0.0.0:0", NoAuth: true, TLSCert: "c", TLSKey: "k"}, "--no-auth is allowed only"},
		{Config{Listen: "127.0.0.1:0", TLSCert: filepath.Join(dir, "missing.pem"), TLSKey: filepath.Join(dir, "missing.key")}, "--tls-cert and --tls-key"},
		{Config{Rate: "lots"}, "--rate"},
		{Config{CORSOrigin: "*"}, "--cors-origin"},
	} {
		log := &syncBuffer{}
		err := Run(context.Background(), tc.cfg, log)
		var ce *ConfigError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want a ConfigError saying %q", tc.cfg, err, tc.want)
		}
		if strings.Contains(log.String(), "listening") {
			t.Errorf("%+v: listened:\n%s", tc.cfg, log)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a refused configuration left files: %v", entries)
	}
}

// A real client against Run on a real listener, with the token Run made;
// the log names the token file, never the token.
func TestRunRealClient(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	audit := filepath.Join(t.TempDir(), "audit.log")
	r := startRun(t, Config{Listen: "127.0.0.1:0", AuditLog: audit, Rate: "600/min"})
	path, _ := DefaultTokenFile()
	if !strings.Contains(r.log.String(), "made a new bearer token in "+path) {
		t.Fatalf("the log does not name the new token file:\n%s", r.log)
	}
	token, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tok := strings.TrimSpace(string(token))
	client := &http.Client{Timeout: 5 * time.Second}
	req, _ := http.NewRequest("GET", "http://"+r.addr+"/api/generate?count=3", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp := doRequest(t, client, req)
	if resp.status != 200 || len(strs(t, resp.json["passwords"])) != 3 {
		t.Fatalf("generate: %d %s", resp.status, resp.raw)
	}
	req, _ = http.NewRequest("GET", "http://"+r.addr+"/api/generate", nil)
	if resp := doRequest(t, client, req); resp.status != 401 {
		t.Fatalf("without the token: %d", resp.status)
	}
	if err := r.stop(t); err != nil {
		t.Fatalf("Run after cancel: %v", err)
	}
	if strings.Contains(r.log.String(), tok) {
		t.Fatal("the log holds the token")
	}
	lines, _ := os.ReadFile(audit)
	if strings.Count(string(lines), "\n") != 2 || strings.Contains(string(lines), tok) {
		t.Fatalf("audit log file:\n%s", lines)
	}
	if fi, _ := os.Stat(audit); fi.Mode().Perm() != 0o600 {
		t.Errorf("audit log mode %v", fi.Mode())
	}
	// The second start reads the same token.
	r2 := startRun(t, Config{Listen: "127.0.0.1:0", NoAuth: false})
	if !strings.Contains(r2.log.String(), "bearer token in "+path) || strings.Contains(r2.log.String(), "made a new") {
		t.Errorf("second start:\n%s", r2.log)
	}
}

// selfSigned writes a certificate for 127.0.0.1 and localhost and its key.
func selfSigned(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "passtea test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:     []string{"localhost"},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, _ := x509.MarshalECPrivateKey(key)
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

// Off loopback with TLS: Run listens on all interfaces and speaks only TLS.
func TestRunTLS(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	cert, key, pool := selfSigned(t)
	r := startRun(t, Config{Listen: "0.0.0.0:0", TLSCert: cert, TLSKey: key})
	if !strings.Contains(r.log.String(), "listening on https://") {
		t.Fatalf("log:\n%s", r.log)
	}
	_, port, _ := net.SplitHostPort(r.addr)
	path, _ := DefaultTokenFile()
	token, _ := os.ReadFile(path)
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	req, _ := http.NewRequest("GET", "https://127.0.0.1:"+port+"/api/generate", nil)
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(string(token)))
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.TLS == nil || resp.TLS.Version < tls.VersionTLS12 {
		t.Fatalf("over TLS: %d %v", resp.StatusCode, resp.TLS)
	}
	plain, err := http.Get("http://127.0.0.1:" + port + "/healthz")
	if err == nil {
		plain.Body.Close()
		if plain.StatusCode == 200 {
			t.Fatal("plain HTTP served on the TLS port")
		}
	}
}

// On shutdown a request in flight finishes; one that outlasts the grace
// period is cut off and reported.
func TestGracefulShutdown(t *testing.T) {
	for _, tc := range []struct {
		name    string
		work    time.Duration
		wantErr bool
	}{{"finishes", 300 * time.Millisecond, false}, {"cut off", 3 * time.Second, true}} {
		t.Run(tc.name, func(t *testing.T) {
			started := make(chan struct{})
			h := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				close(started)
				time.Sleep(tc.work)
				w.Write([]byte("done"))
			})
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			tm := defaultTimeouts
			tm.shutdown = time.Second
			ctx, cancel := context.WithCancel(context.Background())
			served := make(chan error, 1)
			go func() { served <- serve(ctx, newLimitListener(ln, 10), h, nil, tm, io.Discard) }()
			got := make(chan string, 1)
			go func() {
				resp, err := http.Get("http://" + ln.Addr().String())
				if err != nil {
					got <- "error"
					return
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				got <- string(b)
			}()
			<-started
			cancel()
			err = <-served
			if (err != nil) != tc.wantErr {
				t.Fatalf("serve: %v", err)
			}
			if body := <-got; (body == "done") == tc.wantErr {
				t.Fatalf("in-flight request got %q", body)
			}
			if _, err := net.Dial("tcp", ln.Addr().String()); err == nil {
				t.Error("still accepting after shutdown")
			}
		})
	}
}

// A client that sends its headers a byte at a time is cut off after the
// header timeout; an over-long header is refused.
func TestSlowlorisAndHeaderCap(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tm := defaultTimeouts
	tm.readHeader = 300 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	svc := newService(nil, rate{}, &auditLog{w: io.Discard}, "", nil, false)
	go serve(ctx, newLimitListener(ln, 10), svc, nil, tm, io.Discard)

	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	start := time.Now()
	c.Write([]byte("GET /healthz HTTP/1.1\r\nHost: localhost\r\n"))
	cut := false
	for time.Since(start) < 5*time.Second {
		if _, err := c.Write([]byte("X")); err != nil {
			cut = true
			break
		}
		c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
		var b [512]byte
		if _, err := c.Read(b[:]); err != nil && !errors.Is(err, os.ErrDeadlineExceeded) {
			cut = true
			break
		}
	}
	if el := time.Since(start); !cut || el > 2*time.Second {
		t.Fatalf("a slow client held the connection %v (cut %v)", el, cut)
	}

	c2, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	c2.Write([]byte("GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: " + strings.Repeat("a", 3*maxHeaderBytes) + "\r\n\r\n"))
	status, err := bufio.NewReader(c2).ReadString('\n')
	if err != nil || !strings.Contains(status, "431") {
		t.Fatalf("over-long header: %q %v", status, err)
	}
}

// The connection cap holds further connections in the queue until one
// closes.
func TestLimitListener(t *testing.T) {
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := newLimitListener(inner, 1)
	defer ln.Close()
	accepted := make(chan net.Conn, 2)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				close(accepted)
				return
			}
			accepted <- c
		}
	}()
	for range 2 {
		c, err := net.Dial("tcp", inner.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
	}
	first := <-accepted
	select {
	case <-accepted:
		t.Fatal("a second connection was accepted past the cap")
	case <-time.After(100 * time.Millisecond):
	}
	first.Close()
	first.Close() // a second Close frees nothing more
	select {
	case c := <-accepted:
		c.Close()
	case <-time.After(2 * time.Second):
		t.Fatal("the queued connection was not accepted after a slot freed")
	}
	ln.Close()
	if _, ok := <-accepted; ok {
		t.Fatal("Accept went on after Close")
	}
}
