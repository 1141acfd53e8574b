//go:build !unix

package agent

import "errors"

// prepareDir fails: the agent needs unix sockets in a directory only its
// user can enter.
func prepareDir(string) error { return errors.ErrUnsupported }

// checkDir fails like prepareDir.
func checkDir(string) error { return errors.ErrUnsupported }
