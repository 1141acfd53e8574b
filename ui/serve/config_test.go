package serve

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestParseEndpoint(t *testing.T) {
	tlsOn := Config{TLSCert: "c.pem", TLSKey: "k.pem"}
	for _, tc := range []struct {
		name string
		cfg  Config
		want string // network address loopback, or the error's words
	}{
		{"default", Config{}, "tcp 127.0.0.1:8787 true"},
		{"loopback", Config{Listen: "127.0.0.1:9000"}, "tcp 127.0.0.1:9000 true"},
		{"other loopback", Config{Listen: "127.0.0.2:9000"}, "tcp 127.0.0.2:9000 true"},
		{"ipv6 loopback", Config{Listen: "[::1]:9000"}, "tcp [::1]:9000 true"},
		{"localhost, not resolved", Config{Listen: "LocalHost:9000"}, "tcp 127.0.0.1:9000 true"},
		{"port 0", Config{Listen: "127.0.0.1:0"}, "tcp 127.0.0.1:0 true"},
		{"no-auth on loopback", Config{Listen: "127.0.0.1:9000", NoAuth: true}, "tcp 127.0.0.1:9000 true"},
		{"socket", Config{Socket: "/run/user/1000/passtea.sock"}, "unix /run/user/1000/passtea.sock false"},
		{"no-auth on a socket", Config{Socket: "/tmp/x/s", NoAuth: true}, "unix /tmp/x/s false"},
		{"all interfaces with TLS", Config{Listen: "0.0.0.0:8443", TLSCert: "c", TLSKey: "k"}, "tcp 0.0.0.0:8443 false"},
		{"loopback with TLS", Config{Listen: "127.0.0.1:8443", TLSCert: "c", TLSKey: "k"}, "tcp 127.0.0.1:8443 true"},
		{"all interfaces without TLS", Config{Listen: "0.0.0.0:8787"}, "not loopback, needs TLS"},
		{"empty host without TLS", Config{Listen: ":8787"}, "not loopback, needs TLS"},
		{"ipv6 any without TLS", Config{Listen: "[::]:8787"}, "not loopback, needs TLS"},
		{"LAN address without TLS", Config{Listen: "192.168.1.5:8787"}, "needs TLS"},
		{"hostname without TLS", Config{Listen: "example.com:8787"}, "needs TLS"},
		{"zoned without TLS", Config{Listen: "[fe80::1%lo]:8787"}, "needs TLS"},
		{"no-auth off loopback", Config{Listen: "0.0.0.0:8443", NoAuth: true, TLSCert: "c", TLSKey: "k"}, "--no-auth is allowed only on a loopback address or a --socket"},
		{"cert without key", Config{TLSCert: "c"}, "give both --tls-cert and --tls-key"},
		{"key without cert", Config{TLSKey: "k"}, "give both"},
		{"listen and socket", Config{Listen: "127.0.0.1:1", Socket: "/tmp/s"}, "give --listen or --socket, not both"},
		{"TLS on a socket", Config{Socket: "/tmp/s", TLSCert: tlsOn.TLSCert, TLSKey: tlsOn.TLSKey}, "apply to --listen, not to --socket"},
		{"no port", Config{Listen: "127.0.0.1"}, "is not host:port"},
		{"bad port", Config{Listen: "127.0.0.1:http"}, "the port must be a number"},
		{"big port", Config{Listen: "127.0.0.1:65536"}, "the port must be a number"},
		{"signed port", Config{Listen: "127.0.0.1:+80"}, "the port must be a number"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := parseEndpoint(tc.cfg)
			got := fmt.Sprintf("%s %s %v", e.network, e.address, e.loopback)
			if err != nil {
				var ce *ConfigError
				if !errors.As(err, &ce) {
					t.Fatalf("%v is not a ConfigError", err)
				}
				got = err.Error()
				if !strings.Contains(got, tc.want) {
					t.Fatalf("error %q, want %q", got, tc.want)
				}
				return
			}
			if got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestParseRate(t *testing.T) {
	for _, tc := range []struct {
		in        string
		perSecond float64
		burst     float64
		err       string
	}{
		{"", 1, 10, ""},
		{"60/min", 1, 10, ""},
		{"600/min", 10, 100, ""},
		{"600/MINUTE", 10, 100, ""},
		{"600/m", 10, 100, ""},
		{"5/s", 5, 50, ""},
		{"5/sec", 5, 50, ""},
		{"5/second", 5, 50, ""},
		{"3600/hour", 1, 10, ""},
		{"1/h", 1.0 / 3600, 1, ""},
		{"1000000/s", 1e6, 1e7, ""},
		{"off", 0, 0, ""},
		{"OFF", 0, 0, ""},
		{"0/min", 0, 0, "allows nothing"},
		{"1000001/s", 0, 0, "above"},
		{"60", 0, 0, "is not N/s"},
		{"60/day", 0, 0, "is not N/s"},
		{"-1/min", 0, 0, "is not N/s"},
		{"1.5/min", 0, 0, "is not N/s"},
		{"60 / min", 0, 0, "is not N/s"},
		{"/min", 0, 0, "is not N/s"},
		{"99999999999/s", 0, 0, "is not N/s"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			r, err := parseRate(tc.in)
			if tc.err != "" {
				var ce *ConfigError
				if !errors.As(err, &ce) || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want a ConfigError saying %q", err, tc.err)
				}
				return
			}
			if err != nil || r.perSecond != tc.perSecond || r.burst != tc.burst {
				t.Fatalf("got %+v %v, want %v/s burst %v", r, err, tc.perSecond, tc.burst)
			}
		})
	}
}

func TestLimiter(t *testing.T) {
	l := newLimiter(rate{perSecond: 2, burst: 3}, 100)
	t0 := time.Unix(1000, 0)
	for i := range 3 {
		if ok, _ := l.allow("a", t0); !ok {
			t.Fatalf("request %d of the burst refused", i)
		}
	}
	ok, wait := l.allow("a", t0)
	if ok || wait != 500*time.Millisecond {
		t.Fatalf("over the burst: %v, wait %v; want refused, 500ms", ok, wait)
	}
	if retryAfter(wait) != "1" || retryAfter(1500*time.Millisecond) != "2" || retryAfter(0) != "1" {
		t.Error("Retry-After rounds up to whole seconds, at least 1")
	}
	if ok, _ := l.allow("b", t0); !ok {
		t.Fatal("another key shares the bucket")
	}
	if ok, _ := l.allow("a", t0.Add(499*time.Millisecond)); ok {
		t.Fatal("allowed before a token was back")
	}
	if ok, _ := l.allow("a", t0.Add(500*time.Millisecond)); !ok {
		t.Fatal("refused after a token was back")
	}
	// A long pause refills to the burst, no more.
	t1 := t0.Add(time.Hour)
	for i := range 3 {
		if ok, _ := l.allow("a", t1); !ok {
			t.Fatalf("after a pause, request %d refused", i)
		}
	}
	if ok, _ := l.allow("a", t1); ok {
		t.Fatal("the bucket refilled past its burst")
	}
	// A clock that steps back takes nothing away and gives nothing.
	if ok, _ := l.allow("a", t0); ok {
		t.Fatal("a clock step back refilled the bucket")
	}
}

// A flood of distinct client addresses never grows the table past its
// bound, and buckets of clients that keep coming stay.
func TestLimiterBounded(t *testing.T) {
	const max = 1000
	l := newLimiter(rate{perSecond: 1, burst: 2}, max)
	t0 := time.Unix(1000, 0)
	l.allow("steady", t0)
	l.allow("steady", t0)
	for i := range 100_000 {
		now := t0.Add(time.Duration(i) * time.Microsecond)
		l.allow(fmt.Sprintf("203.0.%d.%d", i>>8, i&255), now)
		if i%100 == 0 {
			l.allow("steady", now) // keeps it recent (and empty)
		}
		if len(l.buckets) > max {
			t.Fatalf("%d buckets after %d addresses, bound %d", len(l.buckets), i+1, max)
		}
	}
	if ok, _ := l.allow("steady", t0.Add(100*time.Millisecond)); ok {
		t.Fatal("the steady client's empty bucket was evicted by the flood")
	}
	// Idle buckets that have refilled go first, keeping the table small
	// once the flood stops.
	later := t0.Add(time.Hour)
	for i := range 10 {
		l.allow(fmt.Sprintf("198.51.100.%d", i), later)
	}
	if n := len(l.buckets); n > max-10 {
		t.Errorf("%d buckets: refilled ones were not dropped first", n)
	}
	// The list and the map agree.
	n := 0
	for b := l.head; b != nil; b = b.next {
		if l.buckets[b.key] != b {
			t.Fatal("list and map disagree")
		}
		n++
	}
	if n != len(l.buckets) {
		t.Fatalf("list has %d, map %d", n, len(l.buckets))
	}
}

func TestClientKey(t *testing.T) {
	for in, want := range map[string]string{
		"192.0.2.1:5555":               "192.0.2.1",
		"[2001:db8:1:2:3:4:5:6]:443":   "2001:db8:1:2::/64",
		"[2001:db8:1:2:ffff::1]:443":   "2001:db8:1:2::/64",
		"[::ffff:192.0.2.1]:80":        "192.0.2.1",
		"@":                            "unix",
		"":                             "unix",
		"[fe80::1%eth0]:80":            "fe80::/64",
		"not-an-address:80":            "unix",
		"127.0.0.1:1":                  "127.0.0.1",
		"[::1]:1":                      "::/64",
		"[2001:db8::1]:1":              "2001:db8::/64",
		"[2001:db8:0:0:1::1]:1":        "2001:db8::/64",
		"[2001:db8:0:1::1]:1":          "2001:db8:0:1::/64",
		"[2001:db8:aaaa:bbbb::9]:1234": "2001:db8:aaaa:bbbb::/64",
	} {
		if got := clientKey(in); got != want {
			t.Errorf("clientKey(%q) = %q, want %q", in, got, want)
		}
	}
}
