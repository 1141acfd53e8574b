package strength

import (
	"strings"
	"testing"
	"time"
)

// BenchmarkEstimate16 rates typical 16-character passwords.
func BenchmarkEstimate16(b *testing.B) {
	Warm()
	pws := []string{"P@ssw0rd19901990", "correcthorsebatt", "kX9#mQ2$vL7@pR4!", "qwertyuiop123456", "Jennifer_1985!ab"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Estimate(pws[i%len(pws)])
	}
}

// BenchmarkFirstEstimate is what the first estimate of a process costs:
// building the lexicon from the lists, then one estimate.
func BenchmarkFirstEstimate(b *testing.B) {
	keyboards()
	b.ReportAllocs()
	for b.Loop() {
		e := estimator{words: words{lx: buildLexicon()}, year: 2026}
		e.estimate("P@ssw0rd19901990")
	}
}

// worstCases are inputs chosen to make the matchers work hardest, each
// MaxAnalyzed characters long.
var worstCases = map[string]string{
	"l33t":     strings.Repeat("4@8({[<3691!|70$5+%2", 5),
	"digits":   strings.Repeat("1928374655647382910", 6)[:MaxAnalyzed],
	"repeat":   strings.Repeat("ab", 50),
	"words":    strings.Repeat("a", MaxAnalyzed),
	"dates":    strings.Repeat("1.1.1", 20),
	"keyboard": strings.Repeat("qwertyuiop[]asdfghjkl;'zxcvbnm,./", 4)[:MaxAnalyzed],
	"random":   "kX9#mQ2$vL7@pR4!wE5^nB8&cT1*zY6(hJ3)gF0_dS2+aQ7=uI4[oP9]lK1{jH5}gF8|dS3;aZ6:xC2'vB7\"nM4,mL9.kJ1<",
}

func BenchmarkEstimateWorst(b *testing.B) {
	Warm()
	for name, pw := range worstCases {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				Estimate(pw)
			}
		})
	}
}

// Every worst case is rated quickly, even on a loaded machine with the
// race detector.
func TestWorstCasesBounded(t *testing.T) {
	Warm()
	for name, pw := range worstCases {
		start := time.Now()
		r := Estimate(pw + pw)
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: %v", name, d)
		}
		if !r.Truncated {
			t.Errorf("%s: %d characters not truncated", name, len(pw+pw))
		}
	}
	// A long user input does not lengthen the lookups in the lists.
	start := time.Now()
	Estimate(worstCases["l33t"], strings.Repeat("4@8({[<3691!|70$5+%2", 5))
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("l33t with a long user input: %v", d)
	}
}
