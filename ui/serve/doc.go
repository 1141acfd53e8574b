// Package serve is `passtea serve`: a small HTTP service that generates
// passwords, passphrases and PINs and checks passwords against a policy,
// for identity tools, developer portals and CI. It is a front end like
// ui/cli: it parses requests, calls [generator] and renders JSON. It never
// opens a vault.
//
// The command passes its flags into a [Config] and calls [Run]:
//
//	err := serve.Run(ctx, serve.Config{Listen: listen, Rate: rate, ...}, os.Stderr)
//
// # API
//
//	GET  /api/generate     length (16; 4–128), lowercase, uppercase, digits (true),
//	                       special (false; !@#$%^&*()_+-=[]{}|;:,.<>?), exclude,
//	                       require_each (true), words (3–32) + separator (-) + capitalize,
//	                       pin (4–32), count (1–100)
//	                       → {"password", "length" | "words", "entropy_bits"}
//	                         ("passwords": [...] when count is given)
//	POST /api/validate     {"password", "policy": {min_length, max_length, require,
//	                       min_score, check_breached}}
//	                       → {"valid", "errors", "score", "guesses_log10", "warning",
//	                          "suggestions", "breached" (when checked)}
//	GET  /healthz          {"status": "ok"}
//	GET  /api/openapi.json the OpenAPI 3.1 description (openapi.json)
//
// The names and defaults of /api/generate are those of the well-known
// Express and FastAPI examples, so their clients work unchanged; what
// differs is underneath. Characters are uniform over the pool (the
// generator's multiply-and-reject sampling, not bytes[i] % pool.length),
// exclusions are a set difference (not characters spliced into a regular
// expression), require_each keeps the result uniform among the strings that
// satisfy it, entropy_bits is exact, and every value is checked against the
// request ([generator.Generator.Check]) before it is returned. Unknown,
// repeated and malformed parameters are refused rather than ignored: a
// typo such as lenght=32 must not quietly give 16 characters. Bounds:
// words and pin have floors (3 words ≈ 38.8 bits, 4 digits) like length's,
// so the service never hands out a secret weaker than the examples' floor
// by mistake.
//
// Without a policy /api/validate applies NIST SP 800-63B's floor (at least
// 8 characters, and not breached when the server has the list); a policy
// replaces it: rules it leaves out do not apply. The strength estimate
// comes from one function, estimate, the only place to change when the
// strength estimator is replaced.
//
// # Security
//
//   - Authentication: a bearer token, required unless --no-auth, which is
//     refused off loopback or a unix socket. The token is 32 random bytes,
//     base64url, made on first start in a 0600 file
//     ([DefaultTokenFile]); Run prints the file's path, never the token.
//     Tokens are compared as SHA-256 digests in constant time, so neither
//     content nor length leaks through timing.
//   - Transport: listening off loopback requires TLS (TLS 1.2 or later);
//     "localhost" is taken as 127.0.0.1, not resolved. A unix socket is made
//     0600 inside a directory only this user can enter (mode 0700), so the
//     socket's own mode is never the only protection; a stale socket is
//     replaced, a live one is not.
//   - DNS rebinding: with --no-auth on loopback TCP, a request whose Host is
//     not localhost or a loopback address is refused, so a web page cannot
//     reach the API through a name rebound to 127.0.0.1.
//   - Rate limiting: a token bucket per token (per client address without
//     authentication, per /64 for IPv6; failed authentications are limited
//     per address too), 429 with Retry-After. The table of buckets is
//     bounded (65,536, least recently used evicted; idle buckets that have
//     refilled are dropped first), so a flood of client addresses cannot
//     grow memory; at worst it resets idle clients' buckets. /healthz and
//     the document are neither authenticated nor limited: they return the
//     same bytes to everyone.
//   - Errors are JSON {"error": "..."} that say what was wrong with the
//     request and nothing about the implementation. Every response carries
//     Cache-Control: no-store and X-Content-Type-Options: nosniff. CORS
//     headers go only to the one --cors-origin, if any. Errors that
//     net/http itself answers before the handler (a malformed request line,
//     headers over 8 KiB: 431) are its plain-text ones.
//   - Limits: bodies 4 KiB (413, checked against Content-Length first),
//     headers 8 KiB, 16,384 open connections (more wait in the kernel's
//     queue), strength estimates (some 250 KB of allocation each) two per
//     CPU at a time, others waiting; timeouts of 5 s for headers (slowloris), 10 s to read a
//     request and to write an answer, 120 s idle; on SIGINT or SIGTERM
//     requests in flight get 5 s to finish.
//   - Secrets: no password reaches the audit log, an error or the process
//     log. Answers holding passwords are built in pooled buffers that are
//     wiped after use; this is best effort, as net/http copies the answer
//     into its own buffers.
//
// # Audit log
//
// One JSON line per request: time, client (address, or "unix"), method,
// endpoint, params (the known parameters of /api/generate, or the policy
// of /api/validate; never a password), status, duration_ms. It goes to
// --audit-log (appended, created 0600) or the log writer of Run. Lines are
// gathered for up to 50 ms and written together, one write for many
// requests: the last 50 ms are lost if the process is killed outright (a
// shutdown writes them). Write errors are ignored rather than stopping the
// service.
//
// # Load
//
// testdata/load/run.sh measures the service side by side with the Express
// example (wrk, 2 threads, 64 keep-alive connections, --rate off, auth on),
// holds 10,000 connections (wrk -c 10000, and TestLoadConnections, which
// opens 10,000 connections, holds them all and sends two requests on
// each), and sends a burst over the default limit (TestLoadBurst: 429s,
// never a 5xx). The load tests run only when PASSTEA_LOAD_ADDR names a
// server:
//
//	ulimit -n 20000
//	PASSTEA_SERVE="passtea serve" EXPRESS_APP=/tmp/express/app.js ui/serve/testdata/load/run.sh
//	PASSTEA_LOAD_ADDR=127.0.0.1:8787 PASSTEA_LOAD_TOKEN=$(cat ~/.config/passtea/serve-token) \
//	    go test ./ui/serve -run TestLoad -v
//
// BenchmarkGenerateDefaults and BenchmarkValidate16 measure the handler
// alone.
package serve
