//go:build !unix

package gitsync

import "time"

// lockSync does nothing where flock is missing: two syncs at once may
// fail on git's own index lock, and the next sync finishes the work.
func lockSync(string, time.Duration) (func(), error) { return func() {}, nil }
