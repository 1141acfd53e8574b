//go:build race

package agent

// raceEnabled reports whether the tests run under the race detector, which
// makes the 10,000-entry import several times slower: it imports fewer,
// larger entries then, in as many frames.
const raceEnabled = true
