package serve

// Uniformity through the HTTP endpoint: a chi-square test of character
// frequencies in generated passwords against their exact expectation.
//
// The well-known Express example maps each random byte b to pool[b % n]. For
// its default pool of n = 62 characters, 256 = 4·62 + 8, so the first 8
// characters (a–h) come up 5 times in 256 and the other 54 only 4 times: a
// to h are 25% more likely than the rest. TestExpressModuloBiasFails runs
// that mapping through the same statistic, at the same sample size, and
// shows it fails by far; the endpoint must pass.

import (
	"crypto/rand"
	"math"
	"strings"
	"testing"

	"github.com/passtea/passtea/generator"
)

// pUniform is the p-value below which a sample counts as not uniform: a
// sound generator fails once in a million runs.
const pUniform = 1e-6

// chiSquareP returns the chi-square statistic of observed against expected
// counts and its p-value, by the Wilson–Hilferty approximation (accurate to
// a few per cent of p for the 60 to 90 degrees of freedom used here).
func chiSquareP(observed []int, expected []float64) (stat, p float64) {
	for i, o := range observed {
		d := float64(o) - expected[i]
		stat += d * d / expected[i]
	}
	k := float64(len(observed) - 1)
	z := (math.Cbrt(stat/k) - (1 - 2/(9*k))) / math.Sqrt(2/(9*k))
	return stat, 0.5 * math.Erfc(z/math.Sqrt2)
}

// tally counts each pool character in passwords fetched from the endpoint
// until at least chars characters are seen.
func tally(t *testing.T, ts *testServer, query, pool string, chars int) []int {
	t.Helper()
	counts := make([]int, len(pool))
	seen := 0
	for seen < chars {
		r := ts.get(t, "/api/generate?"+query)
		if r.status != 200 {
			t.Fatalf("status %d: %s", r.status, r.raw)
		}
		for _, pw := range strs(t, r.json["passwords"]) {
			for _, c := range []byte(pw) {
				i := strings.IndexByte(pool, c)
				if i < 0 {
					t.Fatalf("%q is outside the pool", c)
				}
				counts[i]++
				seen++
			}
		}
	}
	return counts
}

func total(counts []int) (n int) {
	for _, c := range counts {
		n += c
	}
	return n
}

// Without require_each every one of the 88 characters (all four classes)
// is equally likely.
func TestHTTPUniformAllClasses(t *testing.T) {
	ts := newTestServer(t, setup{})
	pool := generator.LowerChars + generator.UpperChars + generator.DigitChars + SpecialChars
	counts := tally(t, ts, "special=true&require_each=false&length=128&count=100", pool, 300_000)
	exp := make([]float64, len(pool))
	for i := range exp {
		exp[i] = float64(total(counts)) / float64(len(pool))
	}
	if stat, p := chiSquareP(counts, exp); p < pUniform {
		t.Fatalf("chi-square %.1f, p = %.2g: not uniform", stat, p)
	}
}

// defaultExpected is the exact probability of each character of the
// default pool at one position of a default password (16 characters,
// uniform among those with a lowercase letter, an uppercase letter and a
// digit): for a character of class c, the number of valid strings that
// start with it over the number of valid strings, both by
// inclusion–exclusion over the classes left out.
func defaultExpected(length int) (pool string, prob []float64) {
	sizes := []float64{26, 26, 10}
	n := 62.0
	// valid counts strings of length L that hold every class in req
	// (bit set).
	valid := func(L int, req int) float64 {
		sum := 0.0
		for t := range 8 {
			if t&^req != 0 {
				continue
			}
			m, sign := n, 1.0
			for c := range 3 {
				if t&(1<<c) != 0 {
					m -= sizes[c]
					sign = -sign
				}
			}
			sum += sign * math.Pow(m, float64(L))
		}
		return sum
	}
	all := valid(length, 0b111)
	pool = generator.LowerChars + generator.UpperChars + generator.DigitChars
	for c, set := range []string{generator.LowerChars, generator.UpperChars, generator.DigitChars} {
		p := valid(length-1, 0b111&^(1<<c)) / all
		for range set {
			prob = append(prob, p)
		}
	}
	return pool, prob
}

// The defaults through the endpoint: frequencies match the exact
// expectation under require_each (digits a little more frequent than
// letters, as the rule demands).
func TestHTTPUniformDefaults(t *testing.T) {
	ts := newTestServer(t, setup{})
	pool, prob := defaultExpected(defaultLength)
	sum := 0.0
	for _, p := range prob {
		sum += p
	}
	if math.Abs(sum-1) > 1e-12 {
		t.Fatalf("expected probabilities add up to %v", sum)
	}
	counts := tally(t, ts, "count=100", pool, 240_000)
	exp := make([]float64, len(pool))
	for i := range exp {
		exp[i] = prob[i] * float64(total(counts))
	}
	if stat, p := chiSquareP(counts, exp); p < pUniform {
		t.Fatalf("chi-square %.1f, p = %.2g: not uniform over valid passwords", stat, p)
	}
}

// expressPassword is the Express example's mapping: pool[bytes[i] % n].
func expressPassword(pool string, length int) string {
	b := make([]byte, length)
	rand.Read(b)
	out := make([]byte, length)
	for i := range b {
		out[i] = pool[int(b[i])%len(pool)]
	}
	return string(out)
}

// The same statistic at the same sample size rejects the modulo mapping of
// the Express example for its default pool: the test above has the power
// to see that bias.
func TestExpressModuloBiasFails(t *testing.T) {
	pool := generator.LowerChars + generator.UpperChars + generator.DigitChars
	counts := make([]int, len(pool))
	for seen := 0; seen < 240_000; seen += 16 {
		for _, c := range []byte(expressPassword(pool, 16)) {
			counts[strings.IndexByte(pool, c)]++
		}
	}
	exp := make([]float64, len(pool))
	for i := range exp {
		exp[i] = float64(total(counts)) / float64(len(pool))
	}
	stat, p := chiSquareP(counts, exp)
	if p >= pUniform {
		t.Fatalf("chi-square %.1f, p = %.2g: the modulo bias went unseen", stat, p)
	}
	t.Logf("modulo mapping: chi-square %.0f on 61 degrees of freedom, p = %.2g", stat, p)
}
