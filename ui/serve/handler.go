package serve

// This file holds the HTTP handler: routing, the headers every response
// gets, JSON errors, CORS, authentication and the rate limit, in front of
// the endpoints.

import (
	"net"
	"net/http"
	"net/netip"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/passtea/passtea/generator"
)

// service is the http.Handler of the API.
type service struct {
	auth     *tokenAuth // nil with --no-auth
	limit    *limiter   // nil with --rate off
	audit    *auditLog
	origin   string // the --cors-origin, or empty
	breached BreachedList
	// hostCheck refuses requests whose Host is not a loopback name: with
	// --no-auth on loopback, a web page could otherwise reach the API
	// through a DNS name rebound to 127.0.0.1.
	hostCheck bool

	gens sync.Pool // *generator.Generator, which is not safe for concurrent use
	// estimating holds a slot per strength estimate running: each
	// allocates some 250 KB, so thousands of connections validating at
	// once must not all be inside one.
	estimating chan struct{}
}

var _ http.Handler = (*service)(nil)

// route is one endpoint.
type route struct {
	method string
	// open routes need no token and are not rate limited: they return
	// the same few bytes to everyone.
	open    bool
	handler func(s *service, w http.ResponseWriter, r *http.Request, e *auditEntry) int
}

// routes maps paths to endpoints; made on first use.
var routes = sync.OnceValue(func() map[string]route {
	return map[string]route{
		"/api/generate":     {method: http.MethodGet, handler: (*service).generate},
		"/api/validate":     {method: http.MethodPost, handler: (*service).validate},
		"/healthz":          {method: http.MethodGet, open: true, handler: (*service).health},
		"/api/openapi.json": {method: http.MethodGet, open: true, handler: (*service).openAPI},
	}
})

// newService makes the handler. token is nil for no authentication, rate
// the zero rate for no limit.
func newService(token []byte, rt rate, audit *auditLog, origin string, breached BreachedList, hostCheck bool) *service {
	s := &service{audit: audit, origin: origin, breached: breached, hostCheck: hostCheck}
	if token != nil {
		s.auth = newTokenAuth(token)
	}
	if rt.perSecond > 0 {
		s.limit = newLimiter(rt, maxBuckets)
	}
	s.gens.New = func() any { return generator.New(nil) }
	s.estimating = make(chan struct{}, 2*runtime.GOMAXPROCS(0))
	return s
}

func (s *service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e := auditEntry{start: time.Now(), client: clientKey(r.RemoteAddr), method: r.Method, endpoint: r.URL.Path}
	h := w.Header()
	h["Cache-Control"] = []string{"no-store"}
	h["X-Content-Type-Options"] = []string{"nosniff"}
	e.status = s.serve(w, r, &e)
	s.audit.write(&e, time.Now())
}

// serve answers r and returns the status it wrote.
func (s *service) serve(w http.ResponseWriter, r *http.Request, e *auditEntry) int {
	if s.hostCheck && !loopbackHost(r.Host) {
		return writeError(w, http.StatusBadRequest, "the Host header must be localhost or a loopback address")
	}
	rt, ok := routes()[r.URL.Path]
	if !ok {
		return writeError(w, http.StatusNotFound, "no such endpoint: see /api/openapi.json")
	}
	if s.origin != "" && r.Header.Get("Origin") == s.origin {
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", s.origin)
		h.Set("Access-Control-Expose-Headers", "Retry-After")
		h.Add("Vary", "Origin")
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			h.Set("Access-Control-Allow-Methods", rt.method)
			h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
			h.Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
			return http.StatusNoContent
		}
	}
	if r.Method != rt.method {
		w.Header().Set("Allow", rt.method)
		return writeError(w, http.StatusMethodNotAllowed, "use "+rt.method+" for "+r.URL.Path)
	}
	if !rt.open {
		key := "token"
		if s.auth != nil {
			switch s.auth.check(r.Header.Get("Authorization")) {
			case authMissing:
				if st, limited := s.limited(w, "addr "+e.client); limited {
					return st
				}
				w.Header().Set("WWW-Authenticate", `Bearer realm="passtea"`)
				return writeError(w, http.StatusUnauthorized, "this endpoint needs a bearer token: send Authorization: Bearer <token>")
			case authInvalid:
				if st, limited := s.limited(w, "addr "+e.client); limited {
					return st
				}
				w.Header().Set("WWW-Authenticate", `Bearer realm="passtea", error="invalid_token"`)
				return writeError(w, http.StatusUnauthorized, "the bearer token is not valid")
			}
		} else {
			key = "addr " + e.client
		}
		if st, limited := s.limited(w, key); limited {
			return st
		}
	}
	return rt.handler(s, w, r, e)
}

// limited takes a request from key's bucket, or answers 429.
func (s *service) limited(w http.ResponseWriter, key string) (int, bool) {
	if s.limit == nil {
		return 0, false
	}
	ok, wait := s.limit.allow(key, time.Now())
	if ok {
		return 0, false
	}
	w.Header().Set("Retry-After", retryAfter(wait))
	return writeError(w, http.StatusTooManyRequests, "too many requests: retry after the number of seconds in Retry-After"), true
}

// clientKey is the client of a remote address for the audit log and the
// rate limit: the IP address; for IPv6 its /64 network, which one client
// typically holds whole; "unix" for a unix socket.
func clientKey(remote string) string {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		return "unix"
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return "unix"
	}
	ip = ip.Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}

// loopbackHost reports whether a Host header names this machine.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// writeError answers with status and {"error": msg}.
func writeError(w http.ResponseWriter, status int, msg string) int {
	b := append([]byte(`{"error":`), appendString(nil, msg)...)
	writeJSON(w, status, append(b, "}\n"...))
	return status
}

// writeJSON answers with status and body.
func writeJSON(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h["Content-Type"] = []string{"application/json"}
	w.WriteHeader(status)
	w.Write(body) //nolint:errcheck // the client went away
}

func (s *service) health(w http.ResponseWriter, _ *http.Request, _ *auditEntry) int {
	writeJSON(w, http.StatusOK, []byte(`{"status":"ok"}`+"\n"))
	return http.StatusOK
}
