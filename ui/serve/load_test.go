package serve

// Load tests against a running server, skipped unless PASSTEA_LOAD_ADDR
// names one (see testdata/load/run.sh, which starts servers and runs these):
//
//	PASSTEA_LOAD_ADDR    host:port of the server
//	PASSTEA_LOAD_TOKEN   its bearer token (none: no Authorization header)
//	PASSTEA_LOAD_CONNS   connections for TestLoadConnections (10000)
//	PASSTEA_LOAD_BURST   requests for TestLoadBurst (1000)
//
// Raise the open-file limit first (ulimit -n 20000): each connection is a
// file descriptor here and in the server.

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func loadTarget(t *testing.T) (addr, request string) {
	addr = os.Getenv("PASSTEA_LOAD_ADDR")
	if addr == "" {
		t.Skip("set PASSTEA_LOAD_ADDR to run load tests against a server")
	}
	auth := ""
	if tok := os.Getenv("PASSTEA_LOAD_TOKEN"); tok != "" {
		auth = "Authorization: Bearer " + tok + "\r\n"
	}
	return addr, "GET /api/generate HTTP/1.1\r\nHost: localhost\r\n" + auth + "\r\n"
}

func envInt(t *testing.T, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("%s=%q is not a positive number", name, v)
	}
	return n
}

// roundTrip sends req on c and reads the answer.
func roundTrip(c net.Conn, br *bufio.Reader, req string) (*http.Response, error) {
	c.SetDeadline(time.Now().Add(60 * time.Second))
	if _, err := c.Write([]byte(req)); err != nil {
		return nil, err
	}
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		return nil, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp, err
}

// TestLoadConnections opens PASSTEA_LOAD_CONNS connections, holds them all
// open at once, then sends two requests on every one (the second proves
// the first kept it alive). Every request must get a 200.
func TestLoadConnections(t *testing.T) {
	addr, req := loadTarget(t)
	n := envInt(t, "PASSTEA_LOAD_CONNS", 10_000)
	conns := make([]net.Conn, n)
	var dialErrs atomic.Int64
	var wg sync.WaitGroup
	sem := make(chan struct{}, 256)
	start := time.Now()
	for i := range conns {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			c, err := net.DialTimeout("tcp", addr, 30*time.Second)
			if err != nil {
				dialErrs.Add(1)
				return
			}
			conns[i] = c
		})
	}
	wg.Wait()
	defer func() {
		for _, c := range conns {
			if c != nil {
				c.Close()
			}
		}
	}()
	if d := dialErrs.Load(); d > 0 {
		t.Fatalf("%d of %d connections failed to open", d, n)
	}
	t.Logf("%d connections open in %v", n, time.Since(start).Round(time.Millisecond))
	var mu sync.Mutex
	statuses := map[string]int{}
	start = time.Now()
	for _, c := range conns {
		wg.Go(func() {
			br := bufio.NewReader(c)
			for range 2 {
				key := "error"
				resp, err := roundTrip(c, br, req)
				if err == nil {
					key = strconv.Itoa(resp.StatusCode)
				}
				mu.Lock()
				statuses[key]++
				mu.Unlock()
				if err != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	t.Logf("%d requests on %d held connections in %v: %v", 2*n, n, time.Since(start).Round(time.Millisecond), statuses)
	if statuses["200"] != 2*n {
		t.Fatalf("statuses %v, want %d of 200", statuses, 2*n)
	}
}

// TestLoadBurst sends PASSTEA_LOAD_BURST requests over 50 connections to a
// server with a rate limit: some must get 429 with Retry-After, none a
// 5xx or an error.
func TestLoadBurst(t *testing.T) {
	addr, req := loadTarget(t)
	n := envInt(t, "PASSTEA_LOAD_BURST", 1000)
	var mu sync.Mutex
	statuses := map[string]int{}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				mu.Lock()
				statuses["dial error"]++
				mu.Unlock()
				return
			}
			defer c.Close()
			br := bufio.NewReader(c)
			for next.Add(1) <= int64(n) {
				key := "error"
				resp, err := roundTrip(c, br, req)
				if err == nil {
					key = strconv.Itoa(resp.StatusCode)
					if resp.StatusCode == 429 && resp.Header.Get("Retry-After") == "" {
						key = "429 without Retry-After"
					}
				}
				mu.Lock()
				statuses[key]++
				mu.Unlock()
				if err != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	t.Logf("burst of %d: %v", n, statuses)
	for k, v := range statuses {
		if k != "200" && k != "429" {
			t.Errorf("%d answers %s", v, k)
		}
	}
	if statuses["429"] == 0 || statuses["200"]+statuses["429"] != n {
		t.Fatalf("statuses %v: want %d answers, some 429", statuses, n)
	}
}
