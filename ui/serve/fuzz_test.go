package serve

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/passtea/passtea/generator"
)

// FuzzGenerateQuery: any query string is either refused with a 400 message
// (one line, of bounded length) or gives options, which the generator
// refuses with a reason or uses to make a value that passes the output
// check.
func FuzzGenerateQuery(f *testing.F) {
	for _, s := range []string{
		"", "length=20", "special=true&exclude=%21%40", "words=6&separator=%20&capitalize=1", "pin=6&count=5",
		"length=8&length=9", "lowercase=false&uppercase=false&digits=false", "exclude=%FF", "a=%zz", "x;y",
		"count=100&special=yes&require_each=no", "words=3&separator=",
	} {
		f.Add(s)
	}
	g := generator.New(nil)
	f.Fuzz(func(t *testing.T, q string) {
		var e auditEntry
		req, err := parseGenerate(q, &e)
		if err != nil {
			var re *requestError
			if !errors.As(err, &re) || re.msg == "" || strings.ContainsAny(re.msg, "\n\r") || len(re.msg) > 400 {
				t.Fatalf("bad refusal %q", err)
			}
			return
		}
		if req.count < 1 || req.count > maxCount {
			t.Fatalf("count %d", req.count)
		}
		s, err := g.Append(nil, req.opts)
		var oe *generator.OptionsError
		if errors.As(err, &oe) {
			return // the handler answers 400 with the reason
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := g.Check(req.opts, s); err != nil {
			t.Fatalf("check: %v", err)
		}
		if len(s) > maxSecretBytes(req.opts) {
			t.Fatalf("%d bytes, bound %d", len(s), maxSecretBytes(req.opts))
		}
	})
}

// FuzzValidateBody: any body is refused with a 400 message that never
// quotes the password, or parses into a policy with sane bounds.
func FuzzValidateBody(f *testing.F) {
	for _, s := range []string{
		`{"password":"abcdefgh"}`, `{"password":"x","policy":null}`,
		`{"password":"x","policy":{"min_length":3,"max_length":9,"require":["digits"],"min_score":2,"check_breached":false}}`,
		`{"password":"x","password":"y"}`, `[]`, `{"policy":{"require":["special","special"]}}`, `{"password":"\u00e9\ud800"}`,
		`{"password":"abc"}{}`, `{"password":"abc","policy":{"min_length":1e3}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if len(body) > maxBody {
			return
		}
		var e auditEntry
		req, err := parseValidate(body, &e)
		if err != nil {
			var re *requestError
			if !errors.As(err, &re) || re.msg == "" || strings.ContainsAny(re.msg, "\n\r") {
				t.Fatalf("bad refusal %q", err)
			}
			return
		}
		p := req.policy
		if req.password == "" || p.MinLength < 0 || p.MaxLength < 0 || p.MinLength > maxPolicyLength ||
			p.MaxLength > maxPolicyLength || p.MinScore < 0 || p.MinScore > 4 || (p.MaxLength > 0 && p.MaxLength < p.MinLength) {
			t.Fatalf("accepted %+v", req)
		}
		if !utf8.ValidString(req.password) {
			t.Fatal("password is not valid UTF-8")
		}
		for _, v := range e.params {
			if len(req.password) >= 4 && strings.Contains(v.value, req.password) && !strings.Contains(v.name, "require") {
				t.Fatalf("audit parameter %v holds the password", v)
			}
		}
		if bytes.Contains(body, []byte(`"password"`)) && len(e.params) > 5 {
			t.Fatalf("%d audit parameters", len(e.params))
		}
	})
}
