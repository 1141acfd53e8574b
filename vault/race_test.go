//go:build race

package vault

// raceEnabled reports whether the tests run under the race detector, which
// makes each argon2 derivation and each child process several times slower:
// the crash test then kills fewer children.
const raceEnabled = true
