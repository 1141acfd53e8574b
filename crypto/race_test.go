//go:build race

package crypto

// raceEnabled reports whether the tests run under the race detector, which
// slows argon2's Go loops several times over: the 256 MiB derivations are
// skipped then, as they exercise no concurrency the smaller ones do not.
const raceEnabled = true
