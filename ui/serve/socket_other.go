//go:build !unix

package serve

import "net"

// listenUnix refuses: this system has no unix sockets with owners and modes
// to rely on.
func listenUnix(string) (net.Listener, error) {
	return nil, configErr("--socket is not supported on this system: use --listen")
}
