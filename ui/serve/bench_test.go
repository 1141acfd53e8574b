package serve

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// benchHandler measures the handler alone (no network), with the audit
// log going nowhere.
func benchHandler(b *testing.B, method, target, body string) {
	svc := newService([]byte(testToken), rate{}, &auditLog{w: io.Discard}, "", nil, false)
	b.ReportAllocs()
	for b.Loop() {
		var rd io.Reader
		if body != "" {
			rd = strings.NewReader(body)
		}
		req := httptest.NewRequest(method, target, rd)
		req.Header.Set("Authorization", "Bearer "+testToken)
		rec := httptest.NewRecorder()
		svc.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkGenerateDefaults is GET /api/generate with the defaults.
func BenchmarkGenerateDefaults(b *testing.B) { benchHandler(b, "GET", "/api/generate", "") }

// BenchmarkGenerateCount100 is 100 passwords of 16 characters in one
// request.
func BenchmarkGenerateCount100(b *testing.B) {
	benchHandler(b, "GET", "/api/generate?count=100", "")
}

// BenchmarkValidate16 is POST /api/validate of a 16-character password,
// mostly the strength estimate.
func BenchmarkValidate16(b *testing.B) {
	benchHandler(b, "POST", "/api/validate", `{"password":"Tr0ub4dor&3xyzAB"}`)
}
