package generator

// Statistics helpers for the uniformity tests, and checks that they work.

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Tests draw from seeded ChaCha8 streams, so each run sees the same numbers
// and a pass or failure is reproducible. pass and fail are the p-value
// thresholds: a sound sampler must reach pass, a biased one must go below fail.
const (
	pass = 1e-4
	fail = 1e-9
)

func seeded(seed uint64) *rand.ChaCha8 {
	var s [32]byte
	for i := range 8 {
		s[i] = byte(seed >> (8 * i))
	}
	return rand.NewChaCha8(s)
}

// chiSquare returns the statistic and p-value of observed counts against
// expected counts (same total).
func chiSquare(observed []int, expected []float64) (stat, p float64) {
	df := -1
	for i, o := range observed {
		if expected[i] == 0 {
			if o != 0 {
				return math.Inf(1), 0
			}
			continue
		}
		d := float64(o) - expected[i]
		stat += d * d / expected[i]
		df++
	}
	return stat, gammaQ(float64(df)/2, stat/2)
}

// chiSquareUniform is chiSquare against equal expected counts.
func chiSquareUniform(observed []int) (stat, p float64) {
	total := 0
	for _, o := range observed {
		total += o
	}
	exp := make([]float64, len(observed))
	for i := range exp {
		exp[i] = float64(total) / float64(len(observed))
	}
	return chiSquare(observed, exp)
}

// gammaQ is the regularized upper incomplete gamma function Q(a, x), the
// chi-square survival function at 2x with 2a degrees of freedom (Numerical
// Recipes, 6.2).
func gammaQ(a, x float64) float64 {
	if x <= 0 {
		return 1
	}
	lg, _ := math.Lgamma(a)
	front := math.Exp(-x + a*math.Log(x) - lg)
	if x < a+1 {
		sum, del, ap := 1/a, 1/a, a
		for range 100000 {
			ap++
			del *= x / ap
			sum += del
			if math.Abs(del) < math.Abs(sum)*1e-15 {
				break
			}
		}
		return 1 - sum*front
	}
	const tiny = 1e-300
	b := x + 1 - a
	c, d := 1/tiny, 1/b
	h := d
	for i := 1.0; i < 100000; i++ {
		an := -i * (i - a)
		b += 2
		d = an*d + b
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = b + an/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < 1e-15 {
			break
		}
	}
	return front * h
}

func TestGammaQ(t *testing.T) {
	// Chi-square critical values at p = 0.05 and 0.001 from standard tables.
	for _, c := range []struct {
		df        int
		stat, p   float64
		tolerance float64
	}{
		{1, 3.841, 0.05, 1e-3},
		{10, 18.307, 0.05, 1e-3},
		{100, 124.342, 0.05, 1e-3},
		{93, 116.511, 0.05, 2e-3},
		{1, 10.828, 0.001, 1e-5},
		{7775, 7775, 0.5, 0.01},
	} {
		if got := gammaQ(float64(c.df)/2, c.stat/2); math.Abs(got-c.p) > c.tolerance {
			t.Errorf("p(χ²=%v, df=%d) = %v, want %v", c.stat, c.df, got, c.p)
		}
	}
}

// The character test below draws a million characters; here the same test
// is shown to catch the classic modulo bias (byte % 94).
func TestChiSquareCatchesModuloBias(t *testing.T) {
	r := seeded(1)
	counts := make([]int, 94)
	buf := make([]byte, 1_000_000)
	r.Read(buf)
	for _, b := range buf {
		counts[int(b)%94]++
	}
	if _, p := chiSquareUniform(counts); p > fail {
		t.Fatalf("modulo bias not caught: p = %v", p)
	}
}
