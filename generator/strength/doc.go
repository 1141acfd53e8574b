// Package strength rates how hard passwords are to guess, and holds the
// policy for master passwords. Every front end (the app, the commands, the
// audit, the local API) rates and names strength through it.
//
// # The estimator
//
// [Estimate] is passtea's implementation of zxcvbn as published (Wheeler,
// "zxcvbn: Low-Budget Password Strength Estimation", USENIX Security 2016),
// following the reference release, zxcvbn 4.4.2:
//
//   - matching: words of six ranked frequency lists and of the caller's
//     user inputs, as typed, reversed, and with l33t substitutions undone;
//     walks on qwerty, dvorak, keypad and Mac keypad; repeats (greedy and
//     lazy, the base rated recursively); sequences of code points with a
//     constant step; recent years; dates with and without separators;
//   - guesses for each match, with zxcvbn's formulas;
//   - the search for the sequence of matches (and brute-force runs) that
//     covers the password with the fewest guesses, l!·∏guesses + D^(l−1);
//   - the score 0–4 ([Score]), crack times in four scenarios, and
//     feedback with 4.4.2's texts.
//
// The comparison test (compare_test.go) holds it to 4.4.2 on 11,600
// passwords: for ASCII ones its guesses, score and feedback are 4.4.2's
// exactly.
//
// # Decisions
//
// Characters: passtea counts Unicode code points and lowercases them one
// by one. zxcvbn 4.4.2 works on UTF-16 code units (an emoji counts as two
// characters) and lowercases whole strings (İ becomes two characters), so
// they disagree on some non-ASCII passwords; passtea's guesses are then
// never higher than 4.4.2's in the comparison corpus.
//
// Years: 4.4.2's recent-year pattern stops at 2019 and its dates are
// rated against the current year; passtea does the same, so "2024" is a
// date (20/2/2004), not a recent year. Extending the pattern would rate
// passwords with recent years lower than zxcvbn does.
//
// User inputs: each input is a word, lowercase, as in zxcvbn; passtea also
// adds its parts when it holds spaces or punctuation (an e-mail address
// adds its user and domain names), since entries and vault names are
// rarely single words. A feedback warning names words from the inputs,
// which 4.4.2 leaves without one.
//
// Bounded work: a password is rated on its first [MaxAnalyzed] (100)
// characters, and l33t matching tries at most 128 readings of the
// substitutions (4.4.2 tries all: 736 for a string of every l33t
// character; people's passwords have a few, 66 at most in the corpus).
// The worst inputs found take about 9 ms of CPU, typical 16-character
// passwords about 0.05 ms (BenchmarkEstimate*). Rating a prefix can only
// underestimate a long password; the cap on readings can overestimate a
// crafted one (a word spelt with many kinds of l33t characters is then
// missed), never a password like those of the corpus.
//
// Loading: the frequency lists come from the module
// github.com/trustelem/zxcvbn (package frequency), whose lists are 4.4.2's
// word for word (MIT licence); this package builds its lookup table from
// them on the first estimate or [Warm] (about 4 ms, 0.8 MB), never at
// process start. Importing the module's package does cost every passtea
// process, whatever it runs: its package variable is a map literal of
// []string, built at init by copying 1.52 MB of string headers to the heap
// (GODEBUG=inittrace=1: 1,524,112 bytes, 8 allocations), 1.1–1.5 ms of
// CPU time and 405–410 minor page faults here, a third of `passtea gen`'s
// start (ui/cli/gen.go). Package initialisation cannot be deferred, and
// no module found that the Go proxy serves publishes 4.4.2's lists as
// static data (embedded files or string constants, free until read):
// the other Go ports carry zxcvbn 1's lists (nbutton23/zxcvbn-go and its
// forks), the proxy refuses the one fork of trustelem/zxcvbn found
// (eljamo/zxcvbn), and the ports to other languages are not Go modules. The
// lists are not copied into this tree (issue 14), so the cost stays until
// such a module exists. The keyboard graphs are built from drawings of the
// layouts (keyboards.go) on first use.
//
// Memory: a process that rates many passwords (an audit of 10,000
// entries) keeps the lookup tables live all along and allocates for each
// estimate, and with the garbage collector's pacing its peak heap is a
// multiple of both. So the lookup tables are hash tables of 16-bit ranks
// over the module's own strings, 740 KB (a Go map of the 94,000
// words took 5.1 MB), and the search makes a Match only for the
// bruteforce runs of the sequence it returns, not for each of the
// n(n+1)/2 it tries: an audit allocates about 11 KB for each entry (20
// generated characters) instead of 71 KB.
//
// # Reports
//
// [Result.Report] and [EntropyReport] give front ends one shape for typed
// and generated secrets, with crack times at a fast hash ([FastHashRate])
// and against the vault's key derivation. [ScoreName] is the one set of
// names for scores; [FormatCrackTime] says durations.
//
// # Master passwords
//
// [CheckMasterBytes] says which bytes a new master password may hold;
// [CheckMaster] applies the strength policy, with NIST SP 800-63B's
// checks against a breached-password list ([BreachList], such as package
// hibp's offline list) and against the user's own details.
package strength
