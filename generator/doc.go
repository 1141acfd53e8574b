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
// # Strength of typed passwords
//
// [Strength] asks zxcvbn (the Go port github.com/ccojocar/zxcvbn-go, whose
// model is zxcvbn 1.0's) for the minimum-entropy match sequence. The guesses
// are 2^entropy; crack times are guesses / rate, at [FastHashRate] (10¹⁰/s)
// and at the vault's own rate, 1 / (time of one key derivation) on one
// machine like this one. Score is the port's: its crack time at 10⁴
// guesses/s on half the space, stepping at 10², 10⁴, 10⁶ and 10⁸ seconds
// (score 3 needs about 34 bits). Warnings and suggestions follow zxcvbn 4's
// feedback, which the port lacks. Two defects of the port are worked around:
// its date matches carry no pattern name (they are named here), and its
// l33t matches carry the decoded word instead of a flag (they are recognised
// by comparing with what was typed). Its l33t matcher tries every
// combination of substitutions, so it sees only the first 20 characters, and
// the whole analysis only the first [MaxAnalyzed]; either can only
// underestimate a password.
//
// The port builds its dictionaries in package init functions, about 70 ms
// that every passtea command would pay at start, even those that never rate
// a password. Strength uses a copy of the port's packages
// (generator/internal/zxcvbn, identical but for that) that builds them on the
// first estimate instead; [Warm] builds them ahead, for callers that would
// rather not make the first keystroke wait.
//
// A generated secret's strength is its exact entropy: [EntropyReport], not a
// zxcvbn guess, which would misjudge a random string that happens to contain
// a word.
//
// # Master passwords
//
// [CheckMasterPassword] refuses a new master password shorter than
// [MinMasterLength] (12) characters or with a score below [MinMasterScore]
// (3), with a [*WeakPasswordError] that says why and never contains the
// password. Callers let the user insist (--allow-weak).
package generator
