package serve

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

const testToken = "test-token-with-enough-characters"

// syncBuffer is a bytes.Buffer safe for concurrent writers and readers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testServer is a service behind a real listener, with its audit log.
type testServer struct {
	*httptest.Server
	svc   *service
	audit *syncBuffer
}

// setup describes a test service.
type setup struct {
	noAuth    bool
	rate      string // "" for off
	origin    string
	breached  BreachedList
	hostCheck bool
}

func newTestServer(t *testing.T, s setup) *testServer {
	t.Helper()
	rt := rate{}
	if s.rate != "" {
		var err error
		if rt, err = parseRate(s.rate); err != nil {
			t.Fatal(err)
		}
	}
	var token []byte
	if !s.noAuth {
		token = []byte(testToken)
	}
	audit := &syncBuffer{}
	svc := newService(token, rt, &auditLog{w: audit}, s.origin, s.breached, s.hostCheck)
	ts := httptest.NewServer(svc)
	t.Cleanup(ts.Close)
	return &testServer{Server: ts, svc: svc, audit: audit}
}

// response is an answer with its JSON body decoded.
type response struct {
	status int
	header http.Header
	raw    string
	json   map[string]any
}

// call sends a request with the test token (unless token is "-", none).
func (ts *testServer) call(t *testing.T, method, path, body string, token string) response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, ts.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "-" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return doRequest(t, ts.Client(), req)
}

func doRequest(t *testing.T, c *http.Client, req *http.Request) response {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	r := response{status: resp.StatusCode, header: resp.Header, raw: string(raw)}
	if len(raw) > 0 && req.Method != http.MethodHead {
		if err := json.Unmarshal(raw, &r.json); err != nil {
			t.Fatalf("%s %s: body is not a JSON object: %q", req.Method, req.URL.Path, raw)
		}
	}
	return r
}

// get is a GET with the test token.
func (ts *testServer) get(t *testing.T, path string) response {
	t.Helper()
	return ts.call(t, http.MethodGet, path, "", testToken)
}

// post is a POST with the test token.
func (ts *testServer) post(t *testing.T, path, body string) response {
	t.Helper()
	return ts.call(t, http.MethodPost, path, body, testToken)
}

// wantError checks an error answer: its status and that its message
// contains want.
func wantError(t *testing.T, r response, status int, want string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d (body %s)", r.status, status, r.raw)
	}
	msg, _ := r.json["error"].(string)
	if !strings.Contains(msg, want) {
		t.Fatalf("error %q does not say %q", msg, want)
	}
	if len(r.json) != 1 {
		t.Errorf("error body has more than the error: %s", r.raw)
	}
}

// strs returns a JSON list of strings.
func strs(t *testing.T, v any) []string {
	t.Helper()
	list, ok := v.([]any)
	if !ok {
		t.Fatalf("%v is not a list", v)
	}
	out := make([]string, len(list))
	for i, x := range list {
		if out[i], ok = x.(string); !ok {
			t.Fatalf("%v is not a string", x)
		}
	}
	return out
}
