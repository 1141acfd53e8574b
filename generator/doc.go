// Package generator makes passwords, passphrases and PINs that are uniform
// over exactly the set its options describe, says exactly how large that set
// is, and estimates the strength of passwords people type.
//
// It is pure: randomness comes from the [io.Reader] given to [New]
// (crypto/rand by default), and nothing reads the environment or prints.
//
//	g := generator.New(nil)
//	opts := generator.DefaultOptions() // 20 characters, one of each class
//	pw, err := g.Generate(opts)
//	bits, err := generator.Entropy(opts) // 130.9
//
// # Randomness
//
// Random bytes are read in batches, 256 bytes at first and doubling up to
// 64 KiB, so one password costs one small read and bulk generation few
// system calls. Bytes become integers below a bound n by Lemire's
// multiply-and-reject method, never by a modulo: for a uniform 64-bit x, the
// high word of x·n is exactly uniform once draws whose low word is below
// 2⁶⁴ mod n are rejected. Characters and words are cut k at a time from one
// draw (batched, Brackett-Rozinsky and Lemire 2024): x·n = d₁·2⁶⁴ + r₁,
// r₁·n = d₂·2⁶⁴ + r₂, …, which is the same method for the bound nᵏ; k is
// chosen to minimise the bytes used (9 characters of 94 per 8 bytes, about
// 20 bytes per default password, close to the 16.4 its entropy needs).
//
// # Character passwords
//
// The alphabet A is [Options.Charset] if set, else the union of the enabled
// classes ([LowerChars], [UpperChars], [DigitChars], [SymbolChars]: 26, 26,
// 10 and 32 characters), minus [Options.Exclude] and, with
// [Options.NoAmbiguous], minus [AmbiguousChars] ("Il1|O0o"). Every character
// belongs to one class by [ClassOf]; s_c is the number of characters of
// class c in A, n = |A|, L the length, and R the required classes (with
// [Options.RequireEach], every class with s_c > 0; none otherwise). The
// number of possible passwords is, by inclusion–exclusion over the required
// classes T left out,
//
//	N = Σ_{T ⊆ R} (−1)^|T| · (n − Σ_{c∈T} s_c)^L
//
// computed with big integers, and the entropy is log₂ N. For the defaults
// (L = 20, all four classes required) N = 2585908648140078948280078326668093030400,
// 130.9 bits, against 131.1 bits for 94^20 without the requirement: the rule
// costs 0.17 bits, and an entropy that ignored it would overstate the
// strength.
//
// Every one of the N strings is equally likely. The sampler is rejection
// sampling: for a set W ⊆ R of "witness" classes it proposes a string by
// picking |W| distinct positions uniformly, putting a uniform character of
// each witness class at its position and a uniform character of A
// everywhere else. A string x with count_c(x) characters of class c is
// proposed with probability proportional to Π_{c∈W} count_c(x), the number
// of witness placements that give it, so keeping it when the classes of R
// not in W are present and then with probability 1 / Π_{c∈W} count_c(x)
// leaves every valid string equally likely. W = ∅ is plain rejection of
// whole candidates (the defaults keep 89% of them); W is chosen per options
// to maximise the acceptance rate N / ((L)_|W| · Π_{c∈W} s_c · n^(L−|W|)),
// which keeps it above 1/8 in every case the tests try, even when a
// required class is rare (say one digit allowed among thousands of
// characters) and plain rejection would keep almost nothing. Without the correction step, witnesses are the familiar
// "insert one character of each class at a random position", which is not
// uniform; the tests show the difference.
//
// Unicode in [Options.Charset]: any printable characters are allowed except
// combining marks (they would merge with their neighbour, so that two
// different strings look the same); duplicates count once. Non-ASCII
// characters form the class [ClassOther] for RequireEach.
//
// # Passphrases
//
// [Options.Words] words are drawn independently and uniformly (repeats
// allowed) from the EFF large wordlist of [WordListSize] = 7,776 words
// (github.com/sethvargo/go-diceware), joined by [Options.Separator].
// [Options.Capitalize] capitalizes every word, a fixed transformation that
// adds nothing. [Options.WithNumber] appends one digit to one word: the
// (word, digit) pair is uniform among 10·w choices, and the digit always goes
// right after its word, never also before the next, so no string arises from
// two placements. The count is
//
//	N = 7776^w · (10·w if WithNumber, else 1)
//
// which is exact because a passphrase reads back into its words, digit and
// digit position in only one way: the EFF large list is prefix-free (no word
// begins another, which the tests check), hence {word + separator} ∪
// {word + digit + separator} is a prefix code for any separator without
// digits. This holds even for an empty separator or one made of letters, so
// only digits are refused, and only with WithNumber. Six words give 77.5
// bits, or 83.5 with a number.
//
// # PINs
//
// [Options.Length] decimal digits, N = 10^L.
//
// # Strength
//
// How strong a typed password is, and the policy for master passwords,
// live in the package generator/strength (passtea's own zxcvbn 4.4.2).
// A generated secret's strength is its exact entropy ([Entropy];
// strength.EntropyReport turns it into a report), not a zxcvbn guess,
// which would misjudge a random string that happens to contain a word.
package generator
