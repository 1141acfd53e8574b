//go:build !unix

package agent

import (
	"errors"
	"fmt"
)

// Start fails: the agent needs unix sockets in a private directory.
func Start(string, []string, string) error {
	return fmt.Errorf("the agent does not run on this system: %w", errors.ErrUnsupported)
}
