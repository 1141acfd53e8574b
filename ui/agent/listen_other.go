//go:build !unix

package agent

import (
	"errors"
	"net"
)

// listen fails: see prepareDir.
func listen(string) (*net.UnixListener, func(), error) { return nil, nil, errors.ErrUnsupported }
