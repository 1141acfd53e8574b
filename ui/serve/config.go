package serve

import "fmt"

// Defaults of [Config].
const (
	// DefaultListen is the address listened on when neither Listen nor
	// Socket is set.
	DefaultListen = "127.0.0.1:8787"
	// DefaultRate is the rate limit when Rate is empty.
	DefaultRate = "60/min"
)

// Config is everything `passtea serve` can be told: each field is one flag
// of the command, passed through as given. [Run] checks them all before it
// listens.
type Config struct {
	// Listen (--listen ADDR) is the TCP address, host:port; DefaultListen
	// when both Listen and Socket are empty. A host that is not loopback
	// (127.0.0.0/8, ::1, localhost) needs TLSCert and TLSKey.
	Listen string
	// Socket (--socket PATH) is a unix socket to listen on instead of TCP.
	// Its directory must be one only this user can enter; the socket is
	// made mode 0600 and removed on shutdown.
	Socket string
	// TLSCert and TLSKey (--tls-cert FILE, --tls-key FILE) are PEM files of
	// the certificate chain and its key; both or neither.
	TLSCert, TLSKey string
	// TokenFile (--token-file FILE) holds the bearer token. When empty it is
	// [DefaultTokenFile]. A missing file is created with a new random token,
	// mode 0600; an existing one must not be readable by others.
	TokenFile string
	// NoAuth (--no-auth) serves without a token; allowed on loopback or a
	// unix socket only.
	NoAuth bool
	// Rate (--rate) is the rate limit per token (per client address with
	// NoAuth): "N/s", "N/min" or "N/hour" (also "sec", "second", "m",
	// "minute", "h"), or "off"; [DefaultRate] when empty. The burst is ten
	// seconds' worth of requests, at least 1.
	Rate string
	// AuditLog (--audit-log FILE) is a file to append the audit log to, as
	// JSON lines, created mode 0600; empty means the log writer of [Run].
	AuditLog string
	// CORSOrigin (--cors-origin ORIGIN) is the one origin, as
	// scheme://host[:port], whose pages may call the API from a browser;
	// empty means none.
	CORSOrigin string
	// Breached, when not nil, is the offline list of breached passwords
	// (--hibp FILE) that /api/validate checks.
	Breached BreachedList
}

// BreachedList says whether a password is in a list of passwords known from
// breaches. It must be safe for concurrent use, and its errors must not
// contain the password.
type BreachedList interface {
	Breached(password string) (bool, error)
}

// ConfigError says what is wrong with a [Config]: a usage error, meant for
// the user as is (the command exits 2).
type ConfigError struct {
	// Reason is a short lowercase explanation that names the flags.
	Reason string
}

// Error returns the reason.
func (e *ConfigError) Error() string { return e.Reason }

func configErr(format string, args ...any) error {
	return &ConfigError{Reason: fmt.Sprintf(format, args...)}
}
