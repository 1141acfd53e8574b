// Package audit checks the health of a vault's passwords: which are weak,
// reused, old, known from breaches or missing, and which entries hold a
// merge conflict nobody has looked at. Every front end (`passtea audit`,
// the app's audit view and badges) runs the same [Run] and shows its
// [Report]; this package prints nothing and never imports ui.
//
//	rep, err := audit.Run(ctx, v.Each, audit.Options{Breaches: audit.Offline(list)})
//	for _, r := range rep.Found() { ... r.Entry.Name, r.Findings ... }
//
// Run takes the entries through a function of the shape of
// [vault.Vault.Each], which opens each secret page once: a front end that
// only has Entries and Secret can wrap them (see [EachOf]).
//
// # Findings
//
// The names are those of [vault.Findings]; an entry stores the findings
// its owner accepted (vault.Change.Accepted), and those are reported in
// [Result.Accepted], never in [Result.Findings].
//
//   - weak: zxcvbn's score (package strength) below 3, with the entry's
//     name, username and URL hosts as the words an attacker tries first;
//     or too short for its alphabet: a fast offline attack tries every
//     string like it within a year (see below).
//   - reused: the same password in two or more live entries.
//   - old: the password has not changed for longer than Options.MaxAge
//     (a year by default).
//   - breached: the password is in a Pwned Passwords list (package hibp),
//     offline, or online only when the caller asks ([Online]).
//   - missing: the password is empty.
//   - conflict: a merge kept two concurrent values of a field
//     (vault.Entry.Conflict) and nobody has reviewed the entry since.
//
// # Decisions
//
// Weak, and random strings. zxcvbn rates what it cannot explain by words,
// keyboard walks, dates, repeats or sequences as brute force at 10 guesses
// a character, whatever the characters are: a random string scores 3 from
// 9 characters and 4 from 10. That is fair to random strings at the
// lengths generators use (a 16-character generated password is never
// "weak"), but it calls 9 random lowercase letters (42 bits) or 10 random
// digits (33 bits) strong, although a fast offline attack tries every such
// string within seconds to hours. So a second rule bounds what any
// password can be worth: trying every string of its length over the
// character classes it uses (lowercase 26, uppercase 26, digits 10, ASCII
// symbols and space 33, anything else counted generously as 1,000) must
// take at least a year at [strength.FastHashRate] (10¹⁰ guesses a
// second), that is about 58 bits ([MinAlphabetBits]); below that the
// password is weak, whatever zxcvbn says. The bound holds for every
// password, random or not (structure only makes a password easier to
// guess), and counting whole classes gives a random string the most credit
// it could deserve, so the rule never flags a random string that a
// generator with those classes could have made safe at that length. In
// practice it flags what is short for its alphabet: 12 lowercase letters
// (56 bits), 17 digits (56 bits), 8 characters of all four classes (52
// bits, which zxcvbn already calls weak); 9 of all four classes (59 bits)
// and 13 lowercase letters (61 bits) pass. It can only add weak findings
// to zxcvbn's, never remove one; [Finding.AlphabetBits] says when it was
// the reason.
//
// Reused. Passwords are compared by HMAC-SHA-256 under a random key made
// for each run, in memory: nothing stores or prints a password or a digest
// that outlives the run, and equal passwords are found without comparing
// them one by one. The finding names the other entries
// ([Finding.ReusedWith]), never the password.
//
// Old. When the password last changed is the Replaced time of the latest
// password in the entry's history, or the entry's Created time when the
// history holds none (a password set aside by a merge has no Replaced time
// and does not count). A negative MaxAge turns the check off.
//
// Breached. Offline lists are looked up by binary search (hibp.List), a
// few hundred bytes read per password whatever the list's size; each
// distinct password is looked up once. Online lookups ([Online]) send the
// first 5 hex characters of each distinct password's SHA-1 to the Pwned
// Passwords range API and nothing else; a caller must say so before it
// starts them. A lookup that fails fails the run: an audit that could not
// check a password must not say it is clean.
//
// Severity. breached and reused are high (attackers try breached
// passwords first, and one breach opens every account that shares a
// password); weak is high at scores 0 and 1, medium otherwise; conflict is
// medium (a value may be the wrong one); old and missing are low (an empty
// password is often on purpose: an entry for a one-time code or notes).
// An entry's severity is its highest finding's.
//
// Cost. zxcvbn dominates (about 0.04 ms per password, 10,000 entries in
// about 0.4 s on one core), so estimates run on every CPU; breach lookups
// run eight at a time. Passwords live in memory until Run returns, as Go
// strings, which cannot be wiped.
//
// Memory. A run keeps about 300 bytes for each entry (its report) and
// allocates about 11 KB, nearly all of it the estimator's short-lived
// matches (TestRunMemory, BenchmarkRun10000). What a process keeps live
// counts several times over: the commands let the heap grow to five times
// its live size between collections (ui/cli, shortLivedGC), so the
// estimator's tables (5.1 MB before they were made compact), a 4 KB list
// slab per entry from vault.Vault.Each and a Match for every bruteforce
// run the estimator tried (60 of the 71 KB allocated per entry, part of
// it live at each concurrent collection) took `passtea audit` of 10,000
// entries to 138–143 MB of RSS, 55–60 MB beyond `passtea ls` (82.5 MB,
// most of it the key derivation's 64 MiB). Without them it peaks at about
// 88 MB, and no collector tuning is needed.
package audit
