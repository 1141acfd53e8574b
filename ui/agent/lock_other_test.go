//go:build !unix

package agent

import "testing"

// holdLock skips: the agent does not run on this system.
func holdLock(t *testing.T, _ string) func() {
	t.Skip("the agent does not run on this system")
	return nil
}
