package strength

import (
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tzadjacency "github.com/trustelem/zxcvbn/adjacency"
	"github.com/trustelem/zxcvbn/frequency"
)

// Vectors of zxcvbn 4.4.2's test/test-scoring.coffee.
func TestUppercaseVariations(t *testing.T) {
	for _, c := range []struct {
		word string
		want float64
	}{
		{"a", 1}, {"A", 2}, {"abcdef", 1}, {"Abcdef", 2}, {"abcdeF", 2}, {"ABCDEF", 2},
		{"aBcdef", nCk(6, 1)}, {"aBcDef", nCk(6, 1) + nCk(6, 2)}, {"ABCDEf", nCk(6, 1)},
		{"aBCDEf", nCk(6, 1) + nCk(6, 2)}, {"ABCdef", nCk(6, 1) + nCk(6, 2) + nCk(6, 3)},
	} {
		if got := uppercaseVariations([]rune(c.word)); got != c.want {
			t.Errorf("uppercaseVariations(%q) = %v, want %v", c.word, got, c.want)
		}
	}
}

func TestL33tVariations(t *testing.T) {
	for _, c := range []struct {
		word string
		want float64
		sub  map[rune]rune
	}{
		{"4", 2, map[rune]rune{'4': 'a'}}, {"4pple", 2, map[rune]rune{'4': 'a'}},
		{"4bcet", 2, map[rune]rune{'4': 'a'}}, {"a8cet", 2, map[rune]rune{'8': 'b'}},
		{"abce+", 2, map[rune]rune{'+': 't'}}, {"48cet", 4, map[rune]rune{'4': 'a', '8': 'b'}},
		{"a4a4aa", nCk(6, 2) + nCk(6, 1), map[rune]rune{'4': 'a'}},
		{"4a4a44", nCk(6, 2) + nCk(6, 1), map[rune]rune{'4': 'a'}},
		{"a44att+", (nCk(4, 2) + nCk(4, 1)) * nCk(3, 1), map[rune]rune{'4': 'a', '+': 't'}},
		{"Aa44aA", nCk(6, 2) + nCk(6, 1), map[rune]rune{'4': 'a'}}, // case does not count
	} {
		m := &Match{Token: c.word, L33t: true, sub: c.sub}
		if got := l33tVariations(m); got != c.want {
			t.Errorf("l33tVariations(%q) = %v, want %v", c.word, got, c.want)
		}
	}
}

func TestPatternGuesses(t *testing.T) {
	e := &estimator{year: 2026}
	for _, c := range []struct {
		m    *Match
		want float64
	}{
		{&Match{Pattern: Sequence, Token: "ab", n: 2, Ascending: true}, 4 * 2},
		{&Match{Pattern: Sequence, Token: "XYZ", n: 3, Ascending: true}, 26 * 3},
		{&Match{Pattern: Sequence, Token: "4567", n: 4, Ascending: true}, 10 * 4},
		{&Match{Pattern: Sequence, Token: "7654", n: 4}, 10 * 4 * 2},
		{&Match{Pattern: Sequence, Token: "ZYX", n: 3}, 4 * 3 * 2},
		{&Match{Pattern: Regex, Token: "1972", n: 4, Year: 1972}, 2026 - 1972},
		{&Match{Pattern: Regex, Token: "2019", n: 4, Year: 2019}, minYearSpace},
		{&Match{Pattern: Date, Token: "1123", n: 4, Year: 1923}, 365 * (2026 - 1923)},
		{&Match{Pattern: Date, Token: "1/1/2020", n: 8, Year: 2020, Separator: "/"}, 365 * minYearSpace * 4},
		{&Match{Pattern: Repeat, Token: "abab", n: 4, RepeatCount: 2, baseGuesses: 9}, 18},
		{&Match{Pattern: Dictionary, Token: "aaaaa", n: 5, Rank: 32}, 32},
		{&Match{Pattern: Dictionary, Token: "AAAaaa", n: 6, Rank: 32}, 32 * uppercaseVariations([]rune("AAAaaa"))},
		{&Match{Pattern: Dictionary, Token: "aaa", n: 3, Rank: 32, Reversed: true}, 64},
		{&Match{Pattern: Bruteforce, Token: "x", n: 1}, 11},
	} {
		if got := e.guessesOf(c.m, c.m.n); got != c.want {
			t.Errorf("%s %q: %v guesses, want %v", c.m.Pattern, c.m.Token, got, c.want)
		}
	}
	// A part shorter than the password costs at least 50 (10 for one
	// character).
	if g := e.guessesOf(&Match{Pattern: Sequence, Token: "ab", n: 2, Ascending: true}, 5); g != 50 {
		t.Errorf("sub-match floor: %v", g)
	}
	// Spatial: with no turns or shifts, starts * degree * (len-1).
	st := keyboardStats()[0]
	m := &Match{Pattern: Spatial, Graph: "qwerty", Token: "zxcvbn", n: 6, Turns: 1}
	if got, want := spatialGuesses(m), st.starts*st.degree*5; math.Abs(got/want-1) > 1e-12 {
		t.Errorf("spatial: %v, want %v", got, want)
	}
	m.ShiftedCount, m.Token = 2, "ZxCvbn"
	if got, want := spatialGuesses(m), st.starts*st.degree*5*(nCk(6, 2)+nCk(6, 1)); math.Abs(got/want-1) > 1e-12 {
		t.Errorf("shifted spatial: %v, want %v", got, want)
	}
}

// The keyboard graphs built from the layouts are zxcvbn 4.4.2's
// adjacency_graphs (as trustelem's port publishes them).
func TestKeyboardGraphs(t *testing.T) {
	for _, g := range keyboards() {
		want := tzadjacency.Graphs[g.name]
		if want == nil {
			t.Fatalf("no reference graph %s", g.name)
		}
		got := map[string][]string{}
		for c, next := range g.adj {
			got[string(c)] = next
		}
		if !reflect.DeepEqual(got, want.Graph) {
			t.Errorf("graph %s differs from 4.4.2's", g.name)
		}
		if math.Abs(g.averageDegree()-want.AverageDegree) > 1e-12 {
			t.Errorf("%s: average degree %v, want %v", g.name, g.averageDegree(), want.AverageDegree)
		}
	}
	st := keyboardStats()
	if st[0].starts != 94 || st[1].starts != 15 {
		t.Errorf("starting positions %v", st)
	}
}

func TestLexicon(t *testing.T) {
	lx := lists()
	if lx.maxLen != 23 {
		t.Errorf("longest word %d", lx.maxLen)
	}
	for _, c := range []struct {
		word string
		list int
		rank uint16
	}{{"123456", 0, 1}, {"password", 0, 2}, {"the", 1, 1}, {"mary", 2, 1}, {"smith", 3, 1}, {"you", 4, 1}, {"james", 5, 1}} {
		if r := lx.ranks([]byte(c.word))[c.list]; r != c.rank {
			t.Errorf("%s in %s: rank %d, want %d", c.word, listNames[c.list], r, c.rank)
		}
	}
	// Every word of every list is found at its rank, in every list that
	// holds it, and nowhere else.
	in := map[string]ranks{}
	for d, name := range listNames {
		for i, w := range frequency.FrequencyLists[name] {
			r := in[w]
			r[d] = uint16(i + 1)
			in[w] = r
		}
	}
	if len(in) < 90000 {
		t.Errorf("%d words", len(in))
	}
	for w, want := range in {
		if got := lx.ranks([]byte(w)); got != want {
			t.Fatalf("%q: ranks %v, want %v", w, got, want)
		}
	}
	for _, w := range []string{"", "passteaqz", "zzqxj7", "Password"} {
		if got := lx.ranks([]byte(w)); got != (ranks{}) {
			t.Errorf("%q: ranks %v, want none", w, got)
		}
	}
}

func TestEstimateSequences(t *testing.T) {
	for _, c := range []struct {
		pw       string
		patterns string
		score    int
	}{
		{"", "", 0},
		{"password", "dictionary", 0},
		{"drowssap", "dictionary", 0},
		{"P4ssw0rd", "dictionary", 0},
		{"qwertyuiop", "dictionary", 0}, // a common password
		{"zxcvbnm,./", "spatial", 1},
		{"hjkl;poiu", "spatial", 1},
		{"aaaaaaaaaa", "repeat", 0},
		{"abcabcabc", "repeat", 0},
		{"abcdefg", "sequence", 0},
		{"9753", "sequence", 0},
		{"1990", "regex", 0},
		{"11/12/1990", "date", 1},
		{"correcthorsebatterystaple", "dictionary+dictionary+dictionary+dictionary", 4},
		{"kX9#mQ2$vL7@pR4!", "bruteforce", 4},
	} {
		r := Estimate(c.pw)
		var ps []string
		for _, m := range r.Sequence {
			ps = append(ps, string(m.Pattern))
		}
		if got := strings.Join(ps, "+"); got != c.patterns || r.Score != c.score {
			t.Errorf("%q: %s, score %d; want %s, score %d", c.pw, got, r.Score, c.patterns, c.score)
		}
		if r.Score != Score(r.Guesses) || r.GuessesLog10 != math.Log10(r.Guesses) {
			t.Errorf("%q: %+v", c.pw, r)
		}
	}
	if r := Estimate(""); r.Guesses != 1 || len(r.Sequence) != 0 {
		t.Errorf("empty: %+v", r)
	}
}

func TestFeedback(t *testing.T) {
	for _, c := range []struct {
		pw          string
		warning     string
		suggestions []string // each must be present
	}{
		{"", "", []string{sugFewWords, sugNoNeed}},
		{"password", warnTop10, []string{sugExtraWord}},
		{"Password", warnTop10, []string{sugCaps}},
		{"PASSWORD", warnTop10, []string{sugAllCaps}},
		{"P@ssw0rd", warnSimilar, []string{sugCaps, sugL33t}},
		{"drowssap", warnSimilar, []string{sugReversed}},
		{"123456", warnTop10, nil},
		{"baseball", warnTop100, nil},
		{"soccer1", warnCommon, nil},
		{"ytrewq", warnSimilar, []string{sugReversed}},
		{"municipality", warnWord, nil},
		{"aaaaaaaaa", warnRepeat1, []string{sugRepeat}},
		{"abcabcabc", warnRepeat, []string{sugRepeat}},
		{"abcdefghij", warnSequence, []string{sugSequence}},
		{"1991", warnYears, []string{sugYears, sugOwnYears}},
		{"11/12/1990", warnDates, []string{sugDates}},
		{"zxcvbnm,./", warnRow, []string{sugSpatial}},
		{"hjkl;poiu", warnKeyboard, []string{sugSpatial}},
		{"jennifer", warnNamesSole, nil},
		{"smithjones", warnNames, nil},
	} {
		r := Estimate(c.pw)
		if r.Feedback.Warning != c.warning {
			t.Errorf("%q: warning %q, want %q", c.pw, r.Feedback.Warning, c.warning)
		}
		for _, s := range c.suggestions {
			if !slices.Contains(r.Feedback.Suggestions, s) {
				t.Errorf("%q: suggestions %q lack %q", c.pw, r.Feedback.Suggestions, s)
			}
		}
	}
	for _, pw := range []string{"correcthorsebatterystaple", "kX9#mQ2$vL7@pR4!"} {
		if f := Estimate(pw).Feedback; f.Warning != "" || f.Suggestions == nil || len(f.Suggestions) != 0 {
			t.Errorf("%q: feedback %+v", pw, f)
		}
	}
}

func TestUserInputs(t *testing.T) {
	plain := Estimate("octopusgarden")
	with := Estimate("octopusgarden", "Octopus", "garden")
	if with.Guesses >= plain.Guesses || with.Feedback.Warning != warnUserInput {
		t.Errorf("user inputs: %+v, without %+v", with, plain)
	}
	// Parts of an input count: the address gives "zorblax".
	if r := Estimate("zorblax2024", "zorblax@example.com"); r.Sequence[0].DictionaryName != userInputsName {
		t.Errorf("parts of inputs: %+v", r.Sequence)
	}
	d, longest := userDictionary([]string{"Alice Smith", "alice", strings.Repeat("x", MaxAnalyzed+1)})
	if !reflect.DeepEqual(d, map[string]int{"alice smith": 1, "alice": 4, "smith": 3}) || longest != 11 {
		t.Errorf("user dictionary %v, longest %d", d, longest)
	}
}

// Long passwords are rated on their first MaxAnalyzed characters.
func TestLongInput(t *testing.T) {
	long := strings.Repeat("4@8({[<3&6!|1+7%2$5", 1000)
	start := time.Now()
	r := Estimate(long)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
	cut := Estimate(string([]rune(long)[:MaxAnalyzed]))
	if !r.Truncated || cut.Truncated || r.Guesses != cut.Guesses {
		t.Errorf("long input: truncated %v, %v guesses; first %d characters %v", r.Truncated, r.Guesses, MaxAnalyzed, cut.Guesses)
	}
}

func TestScoreThresholds(t *testing.T) {
	for i, bound := range []float64{1e3, 1e6, 1e8, 1e10} {
		if Score(bound+4.9) != i || Score(bound+5) != i+1 {
			t.Errorf("bound %g: %d, %d", bound, Score(bound+4.9), Score(bound+5))
		}
	}
	names := []string{ScoreName(-1), ScoreName(0), ScoreName(1), ScoreName(2), ScoreName(3), ScoreName(4), ScoreName(9)}
	if strings.Join(names, ",") != "very weak,very weak,weak,fair,strong,very strong,very strong" {
		t.Errorf("names %q", names)
	}
}

func TestCrackTimes(t *testing.T) {
	res := Estimate("correcthorsebatterystaple")
	r := res.Report(500 * time.Millisecond)
	if !r.VaultKnown() || r.VaultGuessesPerSecond != 2 || r.Exact || r.Score != 4 || r.Suggestions != nil {
		t.Fatalf("%+v", r)
	}
	g := res.Guesses
	if math.Abs(r.CrackSecondsFastHash/(g/FastHashRate)-1) > 1e-9 || math.Abs(r.CrackSecondsVault/(g/2)-1) > 1e-9 {
		t.Errorf("crack times %v, %v for %v guesses", r.CrackSecondsFastHash, r.CrackSecondsVault, g)
	}
	ct := res.CrackTimes
	for _, c := range [][2]float64{{ct.OnlineThrottled, 100.0 / 3600}, {ct.OnlineUnthrottled, 10}, {ct.OfflineSlowHash, 1e4}, {ct.OfflineFastHash, 1e10}} {
		if math.Abs(c[0]/(g/c[1])-1) > 1e-9 {
			t.Errorf("crack time %v at %v/s for %v guesses", c[0], c[1], g)
		}
	}
	if w := Estimate("password").Report(0); w.VaultKnown() || w.Warning != warnTop10 || len(w.Suggestions) == 0 {
		t.Errorf("weak report %+v", w)
	}
	e := EntropyReport(130.9, time.Second)
	if !e.Exact || e.Score != 4 || e.Warning != "" || e.Suggestions != nil || math.Abs(e.GuessesLog10-130.9*math.Log10(2)) > 1e-9 {
		t.Errorf("entropy report %+v", e)
	}
	huge := EntropyReport(26847.6, time.Second)
	if huge.CrackSecondsFastHash != math.MaxFloat64 || huge.CrackSecondsVault != math.MaxFloat64 || huge.Score != 4 {
		t.Errorf("huge entropy: %+v", huge)
	}
	// 2^22 ≈ 4.2·10⁶ guesses: score 2, as Estimate would give.
	if s := EntropyReport(22, 0).Score; s != 2 {
		t.Errorf("22 bits: score %d", s)
	}
}

func TestFormatCrackTime(t *testing.T) {
	for _, c := range []struct {
		s    float64
		want string
	}{
		{math.NaN(), "less than a second"}, {0, "less than a second"}, {0.9, "less than a second"},
		{1, "1 second"}, {59, "59 seconds"}, {60, "1 minute"}, {3 * 3600, "3 hours"},
		{3.4 * 86400, "3 days"}, {40 * 86400, "1 month"}, {5 * 365.25 * 86400, "5 years"},
		{99 * 365.25 * 86400, "99 years"}, {100 * 365.25 * 86400, "centuries"},
		{math.MaxFloat64, "centuries"}, {math.Inf(1), "centuries"},
	} {
		if got := FormatCrackTime(c.s); got != c.want {
			t.Errorf("FormatCrackTime(%v) = %q, want %q", c.s, got, c.want)
		}
	}
}

// The app rates passwords from tea commands, possibly several at once.
func TestConcurrent(t *testing.T) {
	want := Estimate("P@ssw0rd1990", "alice")
	done := make(chan Result)
	for range 8 {
		go func() { done <- Estimate("P@ssw0rd1990", "alice") }()
	}
	for range 8 {
		if r := <-done; !reflect.DeepEqual(r, want) {
			t.Errorf("%+v, want %+v", r, want)
		}
	}
}

func TestResultJSON(t *testing.T) {
	b, err := json.Marshal(Estimate("P@ssw0rd1990"))
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"guesses_log10":`, `"score":1`, `"pattern":"dictionary"`, `"l33t":true`, `"regex_name":"recent_year"`, `"offline_fast_hashing_1e10_per_second":`, `"warning":"This is similar to a commonly used password"`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON lacks %s: %s", key, b)
		}
	}
}

// FuzzEstimate: any input is rated without panicking, and its sequence
// covers the analysed password from left to right.
func FuzzEstimate(f *testing.F) {
	for _, s := range []string{"", "password", "P@ssw0rd1990", "qwerty123", "11/12/1990", "éü€😀 naïve", "\xff\xfe", "aaa\naaa", "İstanbul", "abcabcabc"} {
		f.Add(s, "")
	}
	f.Add("alice1985!", "alice example.com")
	f.Fuzz(func(t *testing.T, pw, user string) {
		r := Estimate(pw, user)
		runes := []rune(pw)
		if len(runes) > MaxAnalyzed {
			runes = runes[:MaxAnalyzed]
		}
		var b strings.Builder
		next := 0
		for _, m := range r.Sequence {
			if m.I != next || m.J < m.I || m.Guesses < 1 {
				t.Fatalf("%q: bad match %+v", pw, m)
			}
			b.WriteString(m.Token)
			next = m.J + 1
		}
		if next != len(runes) || b.String() != string(runes) {
			t.Fatalf("%q: sequence covers %q", pw, b.String())
		}
		if r.Guesses < 1 || r.Score != Score(r.Guesses) || (r.Truncated != (utf8.RuneCountInString(pw) > MaxAnalyzed)) {
			t.Fatalf("%q: %+v", pw, r)
		}
	})
}
