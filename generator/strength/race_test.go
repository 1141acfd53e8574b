//go:build race

package strength

// raceEnabled is set when tests run with the race detector, which makes
// the long comparison ten times slower: it then rates a sample.
const raceEnabled = true
