package hibp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// fakeAPI answers the range API from breachedForTests, with padding, and
// records what it was sent.
type fakeAPI struct {
	mu   sync.Mutex
	seen []string // request paths, headers and bodies
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.seen = append(f.seen, r.URL.String(), fmt.Sprint(r.Header))
	f.mu.Unlock()
	prefix, ok := strings.CutPrefix(r.URL.Path, "/range/")
	if !ok || len(prefix) != 5 || r.Method != http.MethodGet {
		http.NotFound(w, r)
		return
	}
	var b strings.Builder
	for pw, n := range breachedForTests {
		if h := HashOf(pw).String(); h[:5] == prefix {
			fmt.Fprintf(&b, "%s:%d\r\n", h[5:], n)
		}
	}
	fmt.Fprintf(&b, "%035X:%d\r\n", 12345, 17)
	if r.Header.Get("Add-Padding") == "true" {
		for i := range 200 {
			fmt.Fprintf(&b, "%035X:0\r\n", i*99991)
		}
	}
	w.Write([]byte(b.String()))
}

func TestClient(t *testing.T) {
	api := &fakeAPI{}
	srv := httptest.NewServer(api)
	defer srv.Close()
	c := &Client{BaseURL: srv.URL + "/", HTTPClient: srv.Client()}
	ctx := context.Background()
	for pw, want := range breachedForTests {
		if n, err := c.Count(ctx, pw); n != want || err != nil {
			t.Errorf("%q: %d, %v; want %d", pw, n, err, want)
		}
	}
	if n, err := c.Count(ctx, "kX9#mQ2$vL7@pR4!"); n != 0 || err != nil {
		t.Errorf("absent: %d, %v", n, err)
	}
	// A padding entry (count 0) is not a breach.
	var h Hash
	copy(h[:], []byte{0, 0, 0})
	if n, err := c.CountHash(ctx, h); n != 0 || err != nil {
		t.Errorf("padding: %d, %v", n, err)
	}
	// What was sent: a 5-hex prefix and the padding header, never the
	// password or the rest of its hash.
	all := strings.Join(api.seen, "\n")
	for pw := range breachedForTests {
		if h := HashOf(pw).String(); strings.Contains(all, h[5:15]) || strings.Contains(all, pw) {
			t.Errorf("request leaked %q: %s", pw, all)
		}
	}
	if !strings.Contains(all, "/range/5BAA6") || !strings.Contains(all, "Add-Padding:[true]") {
		t.Errorf("requests: %s", all)
	}
}

func TestClientErrors(t *testing.T) {
	for _, c := range []struct {
		name    string
		handler http.HandlerFunc
		want    string
	}{
		{"rate limited", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "slow down", http.StatusTooManyRequests) }, "429"},
		{"garbage", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<html>hello</html>\r\n")) }, "not HASH:COUNT"},
		{"long line", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(strings.Repeat("A", 10000))) }, "longer than"},
		{"huge", func(w http.ResponseWriter, r *http.Request) {
			line := []byte(fmt.Sprintf("%035X:0\r\n", 1))
			for range maxResponse/len(line) + 2 {
				w.Write(line)
			}
		}, "larger than"},
	} {
		srv := httptest.NewServer(c.handler)
		cl := &Client{BaseURL: srv.URL, HTTPClient: srv.Client()}
		_, err := cl.Count(context.Background(), "password")
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "pwned passwords: ") {
			t.Errorf("%s: %v", c.name, err)
		}
		srv.Close()
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	srv := httptest.NewServer(&fakeAPI{})
	defer srv.Close()
	if _, err := (&Client{BaseURL: srv.URL}).Count(ctx, "password"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// FuzzRangeAnswer: any answer is parsed without panicking, and a count is
// only reported for a line holding the suffix.
func FuzzRangeAnswer(f *testing.F) {
	f.Add([]byte("1E4C9B93F3F0682250B6CF8331B7EE68FD8:3\r\n00000000000000000000000000000000001:0\r\n"))
	f.Add([]byte("garbage"))
	f.Add([]byte("\r\n\r\n"))
	suffix := []byte("1E4C9B93F3F0682250B6CF8331B7EE68FD8")
	f.Fuzz(func(t *testing.T, body []byte) {
		n, err := rangeCount(body, suffix)
		if err == nil && n > 0 && !strings.Contains(strings.ToUpper(string(body)), string(suffix)) {
			t.Fatalf("count %d without the suffix", n)
		}
	})
}
