package generator

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ccojocar/zxcvbn-go"
)

func TestStrengthFeedback(t *testing.T) {
	for _, c := range []struct {
		pw          string
		score       int // −1: don't check
		warning     string
		suggestions []string // each must be present
	}{
		{"", 0, "", []string{sugFewWords, sugNoNeed}},
		{"password", 0, warnTop10, []string{sugExtraWord}},
		{"Password", 0, warnTop10, []string{sugCaps}},
		{"PASSWORD", 0, warnTop10, []string{sugAllCaps}},
		{"P@ssw0rd", 0, warnSimilar, []string{sugCaps, sugL33t}},
		{"baseball", 0, warnTop10, nil},
		{"asdfgh", 0, warnTop100, nil},
		{"ytrewq", 0, warnCommon, nil},
		{"horseradish", 0, warnWord, nil},
		{"aaaaaaaaa", 0, warnRepeat, []string{sugRepeat}},
		{"abcdefghij", 0, warnSequence, []string{sugSequence}},
		{"11/12/1990", 1, warnDates, []string{sugDates}},
		{"poiuytrewq", 0, warnRow, []string{sugSpatial}},
		{"xcvbnm,.", 0, warnRow, []string{sugSpatial}},
		{"qwedsazxc", 0, warnKeyboard, []string{sugSpatial}},
		{"jennifer", 0, warnNamesSole, nil},
		{"smithjones", -1, warnNames, nil},
		{"correcthorsebatterystaple", 4, "", nil},
		{"kX9#mQ2$vL7@pR4!", 4, "", nil},
	} {
		r := Strength(c.pw, 0)
		if c.score >= 0 && r.Score != c.score {
			t.Errorf("%q: score %d, want %d", c.pw, r.Score, c.score)
		}
		if r.Warning != c.warning {
			t.Errorf("%q: warning %q, want %q", c.pw, r.Warning, c.warning)
		}
		for _, s := range c.suggestions {
			if !slices.Contains(r.Suggestions, s) {
				t.Errorf("%q: suggestions %q lack %q", c.pw, r.Suggestions, s)
			}
		}
		if r.Score > 2 && len(r.Suggestions) > 0 {
			t.Errorf("%q: score %d but suggestions %q", c.pw, r.Score, r.Suggestions)
		}
		if r.Exact || r.VaultKnown() {
			t.Errorf("%q: %+v", c.pw, r)
		}
	}
}

func TestStrengthUserInputs(t *testing.T) {
	plain := Strength("octopusgarden", 0)
	with := Strength("octopusgarden", 0, "Octopus", "garden")
	if with.GuessesLog10 >= plain.GuessesLog10 || with.Warning != warnUserInput {
		t.Errorf("user inputs: %+v, without %+v", with, plain)
	}
}

// For passwords the split l33t matching leaves whole, Strength agrees with
// zxcvbn-go's own PasswordStrength.
func TestStrengthMatchesZxcvbn(t *testing.T) {
	g := New(seeded(9))
	pws := []string{"password", "P@ssw0rd1990", "Tr0ub4dor&3", "correcthorse", "qwerty123", "11/12/1990", "jennifer1", "zxcvbnm"}
	for range 50 {
		o := DefaultOptions()
		o.Length = 12
		s, _ := g.Generate(o)
		pws = append(pws, s)
	}
	for _, pw := range pws {
		want := zxcvbn.PasswordStrength(pw, nil)
		got := Strength(pw, 0)
		if got.Score != want.Score || math.Abs(got.GuessesLog10-want.Entropy*math.Log10(2)) > 1e-9 {
			t.Errorf("%q: score %d, log10 guesses %v; zxcvbn-go %d, %v", pw, got.Score, got.GuessesLog10, want.Score, want.Entropy*math.Log10(2))
		}
		if s := scoreBits(want.Entropy); s != want.Score {
			t.Errorf("%q: scoreBits(%v) = %d, zxcvbn-go %d", pw, want.Entropy, s, want.Score)
		}
	}
}

func TestScoreBitsThresholds(t *testing.T) {
	// zxcvbn-go: crack time 0.5·2^bits / 10⁴ s; scores step at 10², 10⁴,
	// 10⁶, 10⁸ s, i.e. at log2(2·10⁶), log2(2·10⁸), …
	for i, step := range []float64{2e6, 2e8, 2e10, 2e12} {
		b := math.Log2(step)
		if scoreBits(b-1e-9) != i || scoreBits(b+1e-9) != i+1 {
			t.Errorf("step %d at %.3f bits: %d, %d", i+1, b, scoreBits(b-1e-9), scoreBits(b+1e-9))
		}
	}
}

func TestCrackTimes(t *testing.T) {
	r := Strength("correcthorsebatterystaple", 500*time.Millisecond)
	if !r.VaultKnown() || r.VaultGuessesPerSecond != 2 {
		t.Fatalf("%+v", r)
	}
	g := math.Pow(10, r.GuessesLog10)
	if math.Abs(r.CrackSecondsFastHash/(g/FastHashRate)-1) > 1e-9 || math.Abs(r.CrackSecondsVault/(g/2)-1) > 1e-9 {
		t.Errorf("crack times %v, %v for %v guesses", r.CrackSecondsFastHash, r.CrackSecondsVault, g)
	}
	e := EntropyReport(130.9, time.Second)
	if !e.Exact || e.Score != 4 || e.Warning != "" || e.Suggestions != nil || math.Abs(e.GuessesLog10-130.9*math.Log10(2)) > 1e-9 {
		t.Errorf("entropy report %+v", e)
	}
	huge := EntropyReport(26847.6, time.Second)
	if huge.CrackSecondsFastHash != math.MaxFloat64 || huge.CrackSecondsVault != math.MaxFloat64 {
		t.Errorf("huge entropy: %+v", huge)
	}
	if EntropyReport(22, 0).Score != 1 {
		t.Errorf("22 bits: score %d", EntropyReport(22, 0).Score)
	}
}

// Long passwords are rated on their first MaxAnalyzed characters, quickly.
func TestStrengthLongInput(t *testing.T) {
	long := strings.Repeat("4@8({[<3&6!|1+7%2$5", 1000)
	start := time.Now()
	r := Strength(long, 0)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
	if !reportsEqual(r, Strength(string([]rune(long)[:MaxAnalyzed]), 0)) {
		t.Errorf("long input not cut at %d characters", MaxAnalyzed)
	}
}

func reportsEqual(a, b Report) bool {
	return a.Score == b.Score && a.GuessesLog10 == b.GuessesLog10 && a.Warning == b.Warning && slices.Equal(a.Suggestions, b.Suggestions)
}

func TestFormatCrackTime(t *testing.T) {
	for _, c := range []struct {
		s    float64
		want string
	}{
		{math.NaN(), "less than a second"},
		{0, "less than a second"},
		{0.9, "less than a second"},
		{1, "1 second"},
		{59, "59 seconds"},
		{60, "1 minute"},
		{3 * 3600, "3 hours"},
		{3.4 * 86400, "3 days"},
		{40 * 86400, "1 month"},
		{5 * 365.25 * 86400, "5 years"},
		{99 * 365.25 * 86400, "99 years"},
		{100 * 365.25 * 86400, "centuries"},
		{math.MaxFloat64, "centuries"},
		{math.Inf(1), "centuries"},
	} {
		if got := FormatCrackTime(c.s); got != c.want {
			t.Errorf("FormatCrackTime(%v) = %q, want %q", c.s, got, c.want)
		}
	}
}

func TestCheckMasterPassword(t *testing.T) {
	for _, c := range []struct {
		pw       string
		ok       bool
		tooShort bool
	}{
		{"correct horse battery staple", true, false},
		{"kX9#mQ2$vL7@pR4!", true, false},
		{"kX9#mQ2$vL7", false, true},       // strong but short
		{"Password", false, true},          // both
		{"Passwordpassword", false, false}, // long but common
		{"123456789012345", false, false},
	} {
		err := CheckMasterPassword(c.pw)
		if c.ok {
			if err != nil {
				t.Errorf("%q refused: %v", c.pw, err)
			}
			continue
		}
		var we *WeakPasswordError
		if !errors.As(err, &we) || !errors.Is(err, ErrWeakPassword) {
			t.Fatalf("%q: error %v", c.pw, err)
		}
		if we.TooShort != c.tooShort {
			t.Errorf("%q: TooShort %v", c.pw, we.TooShort)
		}
		msg := err.Error()
		if strings.Contains(msg, c.pw) {
			t.Errorf("%q: message shows the password: %s", c.pw, msg)
		}
		if !strings.HasPrefix(msg, "master password is too") || strings.HasSuffix(msg, ".") {
			t.Errorf("message %q", msg)
		}
		t.Logf("%q: %s", c.pw, msg)
	}
}

// The app rates passwords from tea commands, possibly several at once.
func TestStrengthConcurrent(t *testing.T) {
	want := Strength("P@ssw0rd1990", time.Second)
	done := make(chan Report)
	for range 8 {
		go func() { done <- Strength("P@ssw0rd1990", time.Second) }()
	}
	for range 8 {
		if r := <-done; !reportsEqual(r, want) {
			t.Errorf("%+v, want %+v", r, want)
		}
	}
}
