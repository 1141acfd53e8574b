package serve

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRoutingAndHeaders(t *testing.T) {
	ts := newTestServer(t, setup{rate: "600/min"})
	for _, tc := range []struct {
		method, path, token string
		status              int
		want                string
	}{
		{"GET", "/api/generate", testToken, 200, ""},
		{"POST", "/api/validate", testToken, 200, ""},
		{"GET", "/healthz", "-", 200, ""},
		{"GET", "/api/openapi.json", "-", 200, ""},
		{"GET", "/", testToken, 404, "no such endpoint"},
		{"GET", "/api/generate/", testToken, 404, "no such endpoint"},
		{"GET", "/API/GENERATE", testToken, 404, "no such endpoint"},
		{"POST", "/api/generate", testToken, 405, "use GET for /api/generate"},
		{"DELETE", "/api/generate", testToken, 405, "use GET"},
		{"GET", "/api/validate", testToken, 405, "use POST for /api/validate"},
		{"POST", "/healthz", "-", 405, "use GET"},
		{"OPTIONS", "/api/generate", testToken, 405, "use GET"},
		{"GET", "/api/generate", "-", 401, "needs a bearer token"},
		{"GET", "/api/generate", "wrong-token-of-enough-length", 401, "the bearer token is not valid"},
		{"GET", "/api/generate", testToken + "x", 401, "not valid"},
		{"GET", "/api/generate", "", 401, "needs a bearer token"}, // "Bearer " with nothing after
		{"POST", "/api/validate", "-", 401, "needs a bearer token"},
	} {
		t.Run(tc.method+" "+tc.path+" "+tc.token, func(t *testing.T) {
			body := ""
			if tc.method == "POST" {
				body = `{"password":"abcdefgh"}`
			}
			r := ts.call(t, tc.method, tc.path, body, tc.token)
			if tc.want != "" {
				wantError(t, r, tc.status, tc.want)
			} else if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.raw)
			}
			if got := r.header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control %q, want no-store", got)
			}
			if got := r.header.Get("Content-Type"); got != "application/json" {
				t.Errorf("Content-Type %q", got)
			}
			if r.header.Get("Access-Control-Allow-Origin") != "" {
				t.Error("CORS header without --cors-origin")
			}
			switch tc.status {
			case 405:
				if r.header.Get("Allow") == "" {
					t.Error("405 without Allow")
				}
			case 401:
				if !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
					t.Error("401 without WWW-Authenticate: Bearer")
				}
			}
		})
	}
	req, _ := http.NewRequest("GET", ts.URL+"/api/generate", nil)
	req.Header.Set("Authorization", "bearer "+testToken)
	if r := doRequest(t, ts.Client(), req); r.status != 200 {
		t.Errorf("lowercase bearer scheme: %d", r.status)
	}
}

func TestHealthz(t *testing.T) {
	ts := newTestServer(t, setup{})
	if r := ts.call(t, "GET", "/healthz", "", "-"); r.raw != "{\"status\":\"ok\"}\n" {
		t.Errorf("healthz %q", r.raw)
	}
}

// With --rate 60/min the burst is 10: ten pass, the rest get 429 with a
// Retry-After of one second (one token a second), never a 5xx; a client
// without the token is limited by its address, separately.
func TestRateLimit(t *testing.T) {
	ts := newTestServer(t, setup{rate: "60/min"})
	var mu sync.Mutex
	counts := map[int]int{}
	var wg sync.WaitGroup
	start := time.Now()
	for range 50 {
		wg.Go(func() {
			r := ts.get(t, "/api/generate")
			mu.Lock()
			counts[r.status]++
			mu.Unlock()
			if r.status == 429 {
				if r.header.Get("Retry-After") != "1" {
					t.Errorf("Retry-After %q, want 1", r.header.Get("Retry-After"))
				}
				if !strings.Contains(r.json["error"].(string), "too many requests") {
					t.Errorf("429 body %s", r.raw)
				}
			}
		})
	}
	wg.Wait()
	// A token comes back every second while the 50 requests run.
	most := 10 + int(time.Since(start).Seconds())
	if counts[200] < 10 || counts[200] > most || counts[429] != 50-counts[200] {
		t.Fatalf("statuses %v, want 10 (to %d) of 200 and the rest 429", counts, most)
	}
	// Health and the document are not limited.
	if r := ts.call(t, "GET", "/healthz", "", "-"); r.status != 200 {
		t.Errorf("healthz under the limit: %d", r.status)
	}
	// Wrong tokens are limited by address, in their own bucket: ten 401s,
	// then 429s (a token may come back meanwhile).
	limited := 0
	for i := range 20 {
		r := ts.call(t, "GET", "/api/generate", "", "nope-nope-nope-nope")
		switch {
		case i < 10 && r.status != 401:
			t.Fatalf("bad token %d: %d, want 401", i, r.status)
		case r.status == 429:
			limited++
		case r.status != 401:
			t.Fatalf("bad token %d: %d", i, r.status)
		}
	}
	if limited < 5 {
		t.Fatalf("%d of 10 requests past the burst limited", limited)
	}
}

// Without authentication the limit is per client address.
func TestRateLimitPerAddress(t *testing.T) {
	ts := newTestServer(t, setup{noAuth: true, rate: "1/min"})
	if r := ts.call(t, "GET", "/api/generate", "", "-"); r.status != 200 {
		t.Fatalf("first: %d", r.status)
	}
	r := ts.call(t, "GET", "/api/generate", "", "-")
	wantError(t, r, 429, "too many requests")
	if ra, _ := strconv.Atoi(r.header.Get("Retry-After")); ra < 59 || ra > 60 {
		t.Errorf("Retry-After %q, want 60", r.header.Get("Retry-After"))
	}
	// Another address has its own bucket.
	req, _ := http.NewRequest("GET", "/api/generate", nil)
	req.RemoteAddr = "192.0.2.7:5555"
	rec := httptest.NewRecorder()
	ts.svc.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Errorf("another address: %d", rec.Code)
	}
}

func TestCORS(t *testing.T) {
	const origin = "https://portal.example.com"
	ts := newTestServer(t, setup{origin: origin})
	send := func(method, from string) response {
		req, _ := http.NewRequest(method, ts.URL+"/api/generate", nil)
		req.Header.Set("Origin", from)
		if method == "OPTIONS" {
			req.Header.Set("Access-Control-Request-Method", "GET")
			req.Header.Set("Access-Control-Request-Headers", "authorization")
		} else {
			req.Header.Set("Authorization", "Bearer "+testToken)
		}
		return doRequest(t, ts.Client(), req)
	}
	r := send("GET", origin)
	if r.status != 200 || r.header.Get("Access-Control-Allow-Origin") != origin || r.header.Get("Vary") != "Origin" ||
		r.header.Get("Access-Control-Expose-Headers") != "Retry-After" {
		t.Errorf("named origin: %d %v", r.status, r.header)
	}
	r = send("OPTIONS", origin)
	if r.status != 204 || r.header.Get("Access-Control-Allow-Methods") != "GET" || !strings.Contains(r.header.Get("Access-Control-Allow-Headers"), "Authorization") {
		t.Errorf("preflight: %d %v", r.status, r.header)
	}
	for _, other := range []string{"https://evil.example", "null", "https://portal.example.com.evil.example"} {
		if r := send("GET", other); r.header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("origin %s allowed", other)
		}
		if r := send("OPTIONS", other); r.status != 405 || r.header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("preflight from %s: %d", other, r.status)
		}
	}
}

func TestParseOrigin(t *testing.T) {
	for in, want := range map[string]string{
		"":                             "",
		"https://portal.example.com":   "https://portal.example.com",
		"https://Portal.Example.com/":  "https://portal.example.com",
		"http://localhost:3000":        "http://localhost:3000",
		"*":                            "error",
		"portal.example.com":           "error",
		"https://portal.example.com/x": "error",
		"ftp://portal.example.com":     "error",
		"https://u:p@portal.example":   "error",
		"https://portal.example.com?a": "error",
		"https://":                     "error",
	} {
		got, err := parseOrigin(in)
		if err != nil {
			got = "error"
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Errorf("%q: %v is not a ConfigError", in, err)
			}
		}
		if got != want {
			t.Errorf("parseOrigin(%q) = %q, want %q", in, got, want)
		}
	}
}

// With --no-auth on loopback, a Host that is not loopback (a DNS name
// rebound to 127.0.0.1 by a web page) is refused.
func TestHostCheck(t *testing.T) {
	ts := newTestServer(t, setup{noAuth: true, hostCheck: true})
	for host, ok := range map[string]bool{
		"localhost:8787": true, "127.0.0.1:8787": true, "[::1]:8787": true, "LOCALHOST": true, "127.1.2.3": true,
		"evil.example:8787": false, "192.0.2.1": false, "localhost.evil.example": false,
	} {
		req, _ := http.NewRequest("GET", ts.URL+"/api/generate", nil)
		req.Host = host
		r := doRequest(t, ts.Client(), req)
		if ok != (r.status == 200) {
			t.Errorf("Host %s: %d %s", host, r.status, r.raw)
		}
		if !ok {
			wantError(t, r, 400, "Host header")
		}
	}
}

// The OpenAPI document is valid JSON, version 3.1, and describes exactly
// the routes, methods and generate parameters the handler serves, with the
// same bounds and defaults.
func TestOpenAPIMatchesHandler(t *testing.T) {
	var doc struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]struct {
			Parameters []struct {
				Name   string `json:"name"`
				Schema struct {
					Default any `json:"default"`
					Min     any `json:"minimum"`
					Max     any `json:"maximum"`
				} `json:"schema"`
			} `json:"parameters"`
		} `json:"paths"`
	}
	ts := newTestServer(t, setup{})
	r := ts.call(t, "GET", "/api/openapi.json", "", "-")
	if err := json.Unmarshal([]byte(r.raw), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	var docPaths, handlerPaths []string
	for p, ops := range doc.Paths {
		for m := range ops {
			docPaths = append(docPaths, strings.ToUpper(m)+" "+p)
		}
	}
	for p, rt := range routes() {
		handlerPaths = append(handlerPaths, rt.method+" "+p)
	}
	sort.Strings(docPaths)
	sort.Strings(handlerPaths)
	if !slices.Equal(docPaths, handlerPaths) {
		t.Errorf("document has %v, handler %v", docPaths, handlerPaths)
	}
	var names []string
	want := map[string][3]any{
		"length": {16.0, 4.0, 128.0}, "count": {1.0, 1.0, 100.0}, "words": {nil, 3.0, 32.0}, "pin": {nil, 4.0, 32.0},
		"lowercase": {true, nil, nil}, "uppercase": {true, nil, nil}, "digits": {true, nil, nil}, "special": {false, nil, nil},
		"require_each": {true, nil, nil}, "capitalize": {false, nil, nil}, "separator": {"-", nil, nil}, "exclude": {"", nil, nil},
	}
	for _, p := range doc.Paths["/api/generate"]["get"].Parameters {
		names = append(names, p.Name)
		if got := [3]any{p.Schema.Default, p.Schema.Min, p.Schema.Max}; got != want[p.Name] {
			t.Errorf("%s: default, minimum, maximum %v, want %v", p.Name, got, want[p.Name])
		}
	}
	sort.Strings(names)
	all := slices.Clone(allParams)
	sort.Strings(all)
	if !slices.Equal(names, all) {
		t.Errorf("document parameters %v, handler %v", names, all)
	}
	// The bounds in the document are the handler's.
	if want["length"][1] != float64(minLength) || want["length"][2] != float64(maxLength) || want["count"][2] != float64(maxCount) ||
		want["words"][1] != float64(minWords) || want["words"][2] != float64(maxWords) || want["pin"][1] != float64(minPIN) || want["pin"][2] != float64(maxPIN) {
		t.Error("the expected bounds above differ from the handler's constants")
	}
}
