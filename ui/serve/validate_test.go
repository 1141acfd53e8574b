package serve

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fakeList is a breached list holding one password.
type fakeList struct {
	bad   string
	fail  bool
	calls atomic.Int32
}

func (f *fakeList) Breached(pw string) (bool, error) {
	f.calls.Add(1)
	if f.fail {
		return false, errors.New("list unreadable")
	}
	return pw == f.bad, nil
}

func TestValidate(t *testing.T) {
	list := &fakeList{bad: "P@ssw0rd-2019!"}
	ts := newTestServer(t, setup{breached: list})
	for _, tc := range []struct {
		name, body string
		valid      bool
		errors     []string
		breached   any // nil: not checked
	}{
		{"default policy passes", `{"password":"correct horse battery staple"}`, true, nil, false},
		{"default policy: 8 characters", `{"password":"Xq7#"}`, false, []string{"shorter than 8 characters"}, false},
		{"default policy: breached", `{"password":"P@ssw0rd-2019!"}`, false, []string{"found in a list of breached passwords"}, true},
		{"null policy is the default", `{"password":"Xq7#","policy":null}`, false, []string{"shorter than 8 characters"}, false},
		{"empty policy has no rules", `{"password":"Xq7#","policy":{"check_breached":false}}`, true, nil, nil},
		{"policy replaces the default", `{"password":"abc","policy":{"min_length":2}}`, true, nil, false},
		{"all rules", `{"password":"abc","policy":{"min_length":4,"max_length":10,"require":["lowercase","uppercase","digits","special"],"min_score":3}}`,
			false, []string{"shorter than 4 characters", "no uppercase letter", "no digit", "no special character", "strength 0 of 4 is below the required 3"}, false},
		{"max length", `{"password":"abcdefghijk","policy":{"max_length":10}}`, false, []string{"longer than 10 characters"}, false},
		{"breached unchecked", `{"password":"P@ssw0rd-2019!","policy":{"check_breached":false}}`, true, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := ts.post(t, "/api/validate", tc.body)
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r.raw)
			}
			if r.json["valid"] != tc.valid || !slices.Equal(strs(t, r.json["errors"]), append([]string{}, tc.errors...)) {
				t.Errorf("valid %v errors %v, want %v %q", r.json["valid"], r.json["errors"], tc.valid, tc.errors)
			}
			if r.json["breached"] != tc.breached {
				t.Errorf("breached %v, want %v", r.json["breached"], tc.breached)
			}
			for _, k := range []string{"score", "guesses_log10", "warning", "suggestions"} {
				if _, ok := r.json[k]; !ok {
					t.Errorf("no %s in %s", k, r.raw)
				}
			}
		})
	}
}

// The strength fields are the estimator's.
func TestValidateStrength(t *testing.T) {
	ts := newTestServer(t, setup{})
	r := ts.post(t, "/api/validate", `{"password":"password"}`)
	want := estimate("password")
	if r.json["score"] != float64(want.score) || r.json["warning"] != want.warning || len(strs(t, r.json["suggestions"])) != len(want.suggestions) {
		t.Errorf("got %s, want %+v", r.raw, want)
	}
	if r.json["score"] != 0.0 || r.json["warning"] == "" {
		t.Errorf("password: score %v warning %q, want 0 and a warning", r.json["score"], r.json["warning"])
	}
	r = ts.post(t, "/api/validate", `{"password":"vT9#qL2!mZ8@wR4$"}`)
	if r.json["score"] != 4.0 || r.json["guesses_log10"].(float64) < 10 {
		t.Errorf("random 16 characters: %s", r.raw)
	}
	if _, ok := r.json["breached"]; ok {
		t.Error("breached reported without a list")
	}
}

func TestValidateErrors(t *testing.T) {
	ts := newTestServer(t, setup{breached: &fakeList{fail: true}})
	for _, tc := range []struct{ body, want string }{
		{``, "the body is not valid JSON"},
		{`{`, "the body is not valid JSON"},
		{`{"password":"abc"`, "the body is not valid JSON"},
		{`{"password":"abc",}`, "the body is not valid JSON"},
		{`[]`, "the body must be a JSON object"},
		{`"password"`, "the body must be a JSON object"},
		{`{"password":"abcdefgh"} {}`, "one JSON object and nothing after it"},
		{`{}`, "password is missing"},
		{`{"password":""}`, "password must be a non-empty string"},
		{`{"password":null}`, "password must be a non-empty string"},
		{`{"password":12345678}`, "password must be a string"},
		{`{"password":"abcdefgh","password":"abcdefgh"}`, `field "password" is given more than once`},
		{`{"Password":"abcdefgh"}`, `unknown field "Password"`},
		{`{"password":"abcdefgh","policy":[]}`, "policy must be a JSON object"},
		{`{"password":"abcdefgh","policy":{"minimum":3}}`, `unknown field "policy.minimum"`},
		{`{"password":"abcdefgh","policy":{"min_length":"8"}}`, "policy.min_length must be a whole number"},
		{`{"password":"abcdefgh","policy":{"min_length":8.5}}`, "policy.min_length must be a whole number"},
		{`{"password":"abcdefgh","policy":{"min_length":-1}}`, "policy.min_length must be a whole number from 0 to 4096"},
		{`{"password":"abcdefgh","policy":{"max_length":4097}}`, "policy.max_length must be a whole number from 0 to 4096"},
		{`{"password":"abcdefgh","policy":{"min_score":5}}`, "policy.min_score must be a whole number from 0 to 4"},
		{`{"password":"abcdefgh","policy":{"min_score":null}}`, "policy.min_score must be a whole number from 0 to 4"},
		{`{"password":"abcdefgh","policy":{"min_length":10,"max_length":9}}`, "policy.max_length is below policy.min_length"},
		{`{"password":"abcdefgh","policy":{"require":"digits"}}`, "policy.require must be a list of class names"},
		{`{"password":"abcdefgh","policy":{"require":["symbols"]}}`, `unknown class "symbols"`},
		{`{"password":"abcdefgh","policy":{"check_breached":"yes"}}`, "policy.check_breached must be true or false"},
		{`{"password":"abcdefgh","policy":{"min_length":1,"min_length":2}}`, `field "min_length" is given more than once`},
	} {
		t.Run(tc.body, func(t *testing.T) {
			r := ts.post(t, "/api/validate", tc.body)
			wantError(t, r, 400, tc.want)
			if strings.Contains(r.raw, "abcdefgh") {
				t.Errorf("the error quotes the password: %s", r.raw)
			}
		})
	}
	// A list that cannot be read is the server's problem, said plainly.
	r := ts.post(t, "/api/validate", `{"password":"abcdefgh"}`)
	wantError(t, r, 500, "could not be checked against the breached list")
}

// Bodies over 4 KiB: refused by their Content-Length before reading, and
// when sent chunked (no length) after reading 4 KiB + 1.
func TestValidateBodyCap(t *testing.T) {
	ts := newTestServer(t, setup{})
	ok := `{"password":"` + strings.Repeat("a", maxBody-len(`{"password":""}`)) + `"}`
	if r := ts.post(t, "/api/validate", ok); r.status != 200 {
		t.Fatalf("a body of exactly %d bytes: status %d %s", len(ok), r.status, r.raw)
	}
	big := `{"password":"` + strings.Repeat("a", maxBody) + `"}`
	wantError(t, ts.post(t, "/api/validate", big), 413, "larger than 4096 bytes")
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/validate", &chunked{s: big})
	req.Header.Set("Authorization", "Bearer "+testToken)
	r := doRequest(t, ts.Client(), req)
	wantError(t, r, 413, "larger than 4096 bytes")
	if req.ContentLength != 0 || req.TransferEncoding != nil {
		t.Fatal("the request was not sent chunked")
	}
}

// chunked is a reader of unknown length, so that the client sends it with
// chunked transfer encoding.
type chunked struct{ s string }

func (c *chunked) Read(p []byte) (int, error) {
	if c.s == "" {
		return 0, io.EOF
	}
	n := copy(p, c.s)
	c.s = c.s[n:]
	return n, nil
}

// Strength estimates run a few at a time: a request waits for a slot, and
// one whose client gives up meanwhile ends without an estimate.
func TestValidateWaitsForEstimateSlot(t *testing.T) {
	ts := newTestServer(t, setup{})
	for range cap(ts.svc.estimating) {
		ts.svc.estimating <- struct{}{}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", ts.URL+"/api/validate", strings.NewReader(`{"password":"abcdefgh"}`))
	req.Header.Set("Authorization", "Bearer "+testToken)
	if resp, err := ts.Client().Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("answered %d while every slot was taken", resp.StatusCode)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(ts.audit.String(), `"status":503`) {
		if time.Now().After(deadline) {
			t.Fatalf("the abandoned request did not end:\n%s", ts.audit)
		}
		time.Sleep(10 * time.Millisecond)
	}
	<-ts.svc.estimating
	if r := ts.post(t, "/api/validate", `{"password":"abcdefgh"}`); r.status != 200 {
		t.Fatalf("with a slot free: %d", r.status)
	}
}
