//go:build race

package vault

// raceEnabled reports whether the tests run under the race detector, which
// makes each key derivation, save and child process several times slower:
// the long tests then do fewer rounds.
const raceEnabled = true
