package vault

import (
	"os"
	"testing"
	"time"
)

// TestScaleMillion builds and opens a vault of 1,000,000 entries (the
// limit). It takes tens of seconds: set PASSTEA_SCALE=1 to run it.
func TestScaleMillion(t *testing.T) {
	if os.Getenv("PASSTEA_SCALE") == "" {
		t.Skip("set PASSTEA_SCALE=1 to build a 1,000,000-entry vault")
	}
	start := time.Now()
	v, path := makeBig(t, 999_999)
	t.Logf("AddMany of 1,000,000: %v", time.Since(start))
	fi, _ := os.Stat(path)
	t.Logf("file: %d bytes (%.0f per entry)", fi.Size(), float64(fi.Size())/1e6)
	start = time.Now()
	w := mustOpenKey(t, path, v.key, nil)
	e, err := w.Get("group42/site-654342.example.com")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Secret(e.ID); err != nil {
		t.Fatal(err)
	}
	t.Logf("open and get one: %v", time.Since(start))
	start = time.Now()
	if n := mustLen(t, w); n != 999_999 {
		t.Fatal(n)
	}
	t.Logf("list all: %v", time.Since(start))
	start = time.Now()
	if _, err := w.Add(NewEntry{Name: "one more"}); err != nil {
		t.Fatal(err)
	}
	t.Logf("add one: %v", time.Since(start))
}
