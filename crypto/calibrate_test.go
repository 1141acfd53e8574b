package crypto

import (
	"errors"
	"math"
	"testing"
	"time"
)

func TestCalibrateRejects(t *testing.T) {
	tests := []struct {
		name          string
		target        time.Duration
		memoryKiB     uint32
		parallelism   uint8
		minIterations uint32
		kdfErr        bool // the error wraps ErrKDFParams
	}{
		{"zero target", 0, MinMemoryKiB, 1, 1, false},
		{"negative target", -time.Second, MinMemoryKiB, 1, 1, false},
		{"memory too low", time.Millisecond, MinMemoryKiB - 1, 1, 1, true},
		{"memory too high", time.Millisecond, MaxMemoryKiB + 1, 1, 1, true},
		{"zero lanes", time.Millisecond, MinMemoryKiB, 0, 1, true},
		{"too many lanes", time.Millisecond, MinMemoryKiB, MaxParallelism + 1, 1, true},
		{"minimum above the maximum", time.Millisecond, MinMemoryKiB, 1, MaxIterations + 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, d, err := Calibrate(tt.target, tt.memoryKiB, tt.parallelism, tt.minIterations)
			if err == nil {
				t.Fatalf("Calibrate = %+v, %v, nil; want an error", p, d)
			}
			if p != (KDFParams{}) || d != 0 {
				t.Errorf("Calibrate returned %+v, %v with its error", p, d)
			}
			if errors.Is(err, ErrKDFParams) != tt.kdfErr {
				t.Errorf("Calibrate error %q: wraps ErrKDFParams = %v, want %v", err, !tt.kdfErr, tt.kdfErr)
			}
		})
	}
}

// TestCalibrate runs a real, cheap calibration: 8 MiB with a tiny target, so
// the minimum number of iterations decides.
func TestCalibrate(t *testing.T) {
	for _, minIter := range []uint32{0, 1, 3} {
		p, d, err := Calibrate(time.Millisecond, MinMemoryKiB, 2, minIter)
		if err != nil {
			t.Fatalf("Calibrate(min %d): %v", minIter, err)
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("Calibrate(min %d) returned invalid %+v: %v", minIter, p, err)
		}
		if p.MemoryKiB != MinMemoryKiB || p.Parallelism != 2 {
			t.Errorf("Calibrate(min %d) changed memory or lanes: %+v", minIter, p)
		}
		if p.Iterations < max(minIter, MinIterations) {
			t.Errorf("Calibrate(min %d) returned %d iterations", minIter, p.Iterations)
		}
		if d <= 0 {
			t.Errorf("Calibrate(min %d) measured %v", minIter, d)
		}
	}
}

// TestIterationsFor checks the extrapolation without timing anything.
func TestIterationsFor(t *testing.T) {
	tests := []struct {
		name        string
		target, one time.Duration
		min         uint32
		want        uint32
	}{
		{"exact", 500 * time.Millisecond, 100 * time.Millisecond, 1, 5},
		{"rounds down", 550 * time.Millisecond, 100 * time.Millisecond, 1, 5},
		{"minimum wins", 100 * time.Millisecond, 100 * time.Millisecond, 3, 3},
		{"zero minimum means one", time.Millisecond, time.Second, 0, 1},
		{"capped at the maximum", time.Hour, time.Millisecond, 3, MaxIterations},
		{"instant pass counts as 1µs", time.Millisecond, 0, 1, MaxIterations},
		// 2^32 passes: the quotient used to be converted to uint32 before
		// clamping and wrapped to 0 on amd64, giving the minimum.
		{"quotient 2^32", time.Duration(1<<32) * 10 * time.Millisecond, 10 * time.Millisecond, 3, MaxIterations},
		{"longest target", time.Duration(math.MaxInt64), time.Microsecond, 3, MaxIterations},
		{"minimum above the maximum", time.Millisecond, time.Second, 1000, MaxIterations},
	}
	for _, tt := range tests {
		if got := iterationsFor(tt.target, tt.one, tt.min); got != tt.want {
			t.Errorf("%s: iterationsFor(%v, %v, %d) = %d, want %d", tt.name, tt.target, tt.one, tt.min, got, tt.want)
		}
	}
}

func TestMeasure(t *testing.T) {
	if d := Measure(KDFParams{MemoryKiB: MinMemoryKiB, Iterations: 1, Parallelism: 1}); d <= 0 {
		t.Fatalf("Measure = %v", d)
	}
}

// TestEstimateIterations checks the extrapolation from one and two passes,
// including measurements disturbed by a busy machine.
func TestEstimateIterations(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name     string
		one, two time.Duration
		want     uint32
	}{
		{"fixed part half a pass", 150 * ms, 250 * ms, 4}, // pass 100, fixed 50: 450/100
		{"no fixed part", 100 * ms, 200 * ms, 5},          // pass 100
		{"fixed part one pass", 200 * ms, 300 * ms, 4},    // pass 100, fixed 100
		{"slow first measurement", 400 * ms, 410 * ms, 3}, // pass ≥ 136.7, not 10 (which gave 30 passes)
		{"two faster than one", 300 * ms, 200 * ms, 4},    // pass 66.7, fixed 233: 267/66.7
		{"tiny passes", 1 * ms, 2 * ms, 100},              // capped at MaxIterations
		{"one pass over target", 900 * ms, 1800 * ms, 3},  // the minimum
		{"zero durations", 0, 0, MaxIterations},           // a pass counts as 1µs
	}
	for _, tt := range tests {
		if got := estimateIterations(500*ms, tt.one, tt.two, 3); got != tt.want {
			t.Errorf("%s: estimateIterations(500ms, %v, %v, 3) = %d, want %d", tt.name, tt.one, tt.two, got, tt.want)
		}
	}
}
