//go:build !linux && !darwin && !freebsd

package agent

import (
	"errors"
	"net"
)

// peerCheck reports whether this system tells who connects.
const peerCheck = false

// peerUID fails: this system gives no way to check the user at the other
// end of a unix socket that golang.org/x/sys supports, so the agent does
// not run here (see the package doc, "Security").
func peerUID(*net.UnixConn) (int, error) { return -1, errors.ErrUnsupported }
