package serve

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Every request leaves one JSON line with its time, client, method,
// endpoint, known parameters, status and duration.
func TestAuditLines(t *testing.T) {
	ts := newTestServer(t, setup{rate: "60/min"})
	ts.get(t, "/api/generate?length=20&special=true")
	ts.post(t, "/api/validate", `{"password":"hunter2hunter2","policy":{"min_length":12,"require":["digits","special"]}}`)
	ts.call(t, "GET", "/api/generate", "", "-")
	ts.get(t, "/nope")
	ts.get(t, "/api/generate?bogus=1")
	lines := strings.Split(strings.TrimSpace(ts.audit.String()), "\n")
	if len(lines) != 5 {
		t.Fatalf("%d audit lines, want 5:\n%s", len(lines), ts.audit)
	}
	type entry struct {
		Time     time.Time         `json:"time"`
		Client   string            `json:"client"`
		Method   string            `json:"method"`
		Endpoint string            `json:"endpoint"`
		Params   map[string]string `json:"params"`
		Status   int               `json:"status"`
		Duration *float64          `json:"duration_ms"`
	}
	var es []entry
	for _, l := range lines {
		var e entry
		dec := json.NewDecoder(strings.NewReader(l))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil {
			t.Fatalf("audit line %q: %v", l, err)
		}
		if time.Since(e.Time) > time.Minute || e.Client != "127.0.0.1" || e.Duration == nil || *e.Duration < 0 {
			t.Errorf("audit line %q", l)
		}
		es = append(es, e)
	}
	for i, want := range []struct {
		method, endpoint string
		params           map[string]string
		status           int
	}{
		{"GET", "/api/generate", map[string]string{"length": "20", "special": "true"}, 200},
		{"POST", "/api/validate", map[string]string{"policy.min_length": "12", "policy.require": "digits,special"}, 200},
		{"GET", "/api/generate", map[string]string{}, 401},
		{"GET", "/nope", map[string]string{}, 404},
		{"GET", "/api/generate", map[string]string{}, 400},
	} {
		e := es[i]
		if e.Method != want.method || e.Endpoint != want.endpoint || e.Status != want.status || len(e.Params) != len(want.params) {
			t.Errorf("line %d: %+v, want %+v", i, e, want)
		}
		for k, v := range want.params {
			if e.Params[k] != v {
				t.Errorf("line %d: %s=%q, want %q", i, k, e.Params[k], v)
			}
		}
	}
}

// No generated or submitted password reaches the audit log, however the
// request goes: passwords, passphrases, PINs, lists, valid and invalid
// validate bodies, and a password put where a parameter goes.
func TestAuditNeverHoldsPasswords(t *testing.T) {
	ts := newTestServer(t, setup{})
	var secrets []string
	for _, q := range []string{"", "?special=true&length=64", "?count=100", "?words=6&count=20", "?pin=16&count=50"} {
		r := ts.get(t, "/api/generate"+q)
		if pw, ok := r.json["password"].(string); ok {
			secrets = append(secrets, pw)
		} else {
			secrets = append(secrets, strs(t, r.json["passwords"])...)
		}
	}
	submitted := []string{"Submitted-Secret-9f8e7d", "Second-Submitted-Secret-1a2b", "Third-Secret-In-A-Bad-Body"}
	ts.post(t, "/api/validate", `{"password":"`+submitted[0]+`"}`)
	ts.post(t, "/api/validate", `{"password":"`+submitted[1]+`","policy":{"min_length":30,"min_score":4}}`)
	ts.post(t, "/api/validate", `{"password":"`+submitted[2]+`","policy":{"bogus":1}}`)
	ts.get(t, "/api/generate?password=Query-Secret-77&length=20")
	secrets = append(append(secrets, submitted...), "Query-Secret-77")
	if len(secrets) < 170 {
		t.Fatalf("only %d secrets", len(secrets))
	}
	log := ts.audit.String()
	for _, s := range secrets {
		if strings.Contains(log, s) {
			t.Fatalf("the audit log holds the password %q:\n%s", s, log)
		}
	}
	if strings.Contains(log, "password") {
		t.Errorf("the audit log names a password field:\n%s", log)
	}
}

func TestAuditTruncatesAndEscapes(t *testing.T) {
	var b syncBuffer
	a := &auditLog{w: &b}
	a.write(&auditEntry{
		start: time.Now(), client: "192.0.2.1", method: "GET\n", endpoint: "/" + strings.Repeat("x", 500) + "\"",
		params: []param{{"exclude", strings.Repeat("\x00", 100)}}, status: 404,
	}, time.Now())
	line := b.String()
	var m map[string]any
	if err := json.Unmarshal([]byte(line), &m); err != nil {
		t.Fatalf("not JSON: %q", line)
	}
	if len(m["endpoint"].(string)) != maxAuditPath || len(m["params"].(map[string]any)["exclude"].(string)) != maxAuditValue {
		t.Errorf("not truncated: %s", line)
	}
	if strings.Count(line, "\n") != 1 {
		t.Errorf("a control character broke the line: %q", line)
	}
}

// With a delay, lines are gathered and written together: after the delay,
// when 32 KiB have gathered, or on flush at shutdown.
func TestAuditBatching(t *testing.T) {
	var b syncBuffer
	a := &auditLog{w: &b, delay: 30 * time.Millisecond}
	e := &auditEntry{start: time.Now(), client: "192.0.2.1", method: "GET", endpoint: "/healthz", status: 200}
	for range 3 {
		a.write(e, time.Now())
	}
	if b.String() != "" {
		t.Fatal("written before the delay")
	}
	deadline := time.Now().Add(5 * time.Second)
	for strings.Count(b.String(), "\n") != 3 {
		if time.Now().After(deadline) {
			t.Fatalf("not written after the delay: %q", b.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	// Past 32 KiB the lines go out at once.
	n := 3
	for ; len(b.String()) < auditFlushBytes; n++ {
		a.write(e, time.Now())
	}
	a.write(e, time.Now())
	a.flush()
	if got := strings.Count(b.String(), "\n"); got != n+1 {
		t.Fatalf("%d lines after flush, want %d", got, n+1)
	}
}

// TestAuditEscapesTerminalControls: a path from anyone who connects
// reaches the audit log, on the terminal by default, with its C1 controls
// (U+009B is CSI to some terminals) and direction overrides escaped; the
// line still reads back as the same text.
func TestAuditEscapesTerminalControls(t *testing.T) {
	ts := newTestServer(t, setup{})
	ts.call(t, http.MethodGet, "/x%C2%9B2J%E2%80%AEy", "", "-")
	line := ts.audit.String()
	if strings.Contains(line, "\u009b") || strings.Contains(line, "\u202e") || !strings.Contains(line, `\u009b2J\u202ey`) {
		t.Errorf("audit line: %q", line)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(line), &m); err != nil || m["endpoint"] != "/x\u009b2J\u202ey" {
		t.Errorf("reads back as %q (%v)", m["endpoint"], err)
	}
}
