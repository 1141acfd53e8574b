package serve

// This file works out where to listen and enforces the rules that depend on
// it: TLS off loopback, --no-auth only where nobody else can connect.

import (
	"net"
	"net/netip"
	"strconv"
	"strings"
)

// endpoint is where the server listens.
type endpoint struct {
	network  string // "tcp" or "unix"
	address  string // host:port with localhost resolved, or the socket path
	loopback bool   // TCP on a loopback address
}

// tls reports whether the config asks for TLS.
func (c Config) tls() bool { return c.TLSCert != "" || c.TLSKey != "" }

// parseEndpoint applies the listening rules of c: one of Listen and Socket,
// TLS (both files) when listening off loopback, and NoAuth only on loopback
// or a socket.
func parseEndpoint(c Config) (endpoint, error) {
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return endpoint{}, configErr("give both --tls-cert and --tls-key, or neither")
	}
	if c.Socket != "" {
		if c.Listen != "" {
			return endpoint{}, configErr("give --listen or --socket, not both")
		}
		if c.tls() {
			return endpoint{}, configErr("--tls-cert and --tls-key apply to --listen, not to --socket")
		}
		return endpoint{network: "unix", address: c.Socket}, nil
	}
	listen := c.Listen
	if listen == "" {
		listen = DefaultListen
	}
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return endpoint{}, configErr("--listen %q is not host:port (e.g. %s)", listen, DefaultListen)
	}
	if n, err := strconv.ParseUint(port, 10, 16); err != nil || strconv.FormatUint(n, 10) != port {
		return endpoint{}, configErr("--listen %q: the port must be a number from 0 to 65535", listen)
	}
	e := endpoint{network: "tcp"}
	if strings.EqualFold(host, "localhost") {
		// Not resolved: /etc/hosts could send localhost anywhere.
		host = "127.0.0.1"
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		e.loopback = ip.IsLoopback() && ip.Zone() == ""
	}
	e.address = net.JoinHostPort(host, port)
	if !e.loopback && !c.tls() {
		return endpoint{}, configErr("listening on %s, which is not loopback, needs TLS: give --tls-cert and --tls-key, or listen on 127.0.0.1 or a --socket", listen)
	}
	if !e.loopback && c.NoAuth {
		return endpoint{}, configErr("--no-auth is allowed only on a loopback address or a --socket, not on %s", listen)
	}
	return e, nil
}

// scheme is the URL scheme clients use.
func (e endpoint) scheme(tls bool) string {
	if tls {
		return "https"
	}
	return "http"
}
