package clipboard

import (
	"testing"
	"time"
)

func TestClearBefore(t *testing.T) {
	now := time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)
	step := now.Add(4 * time.Second) // the code's time step ends
	for _, tc := range []struct {
		name    string
		delay   time.Duration
		expires time.Time
		want    time.Duration
	}{
		{"expires first", 20 * time.Second, step, 4 * time.Second},
		{"delay first", 2 * time.Second, step, 2 * time.Second},
		{"never cleared but expires", 0, step, 4 * time.Second},
		{"does not expire", 20 * time.Second, time.Time{}, 20 * time.Second},
		{"never, does not expire", 0, time.Time{}, 0},
		{"whole seconds", 20 * time.Second, now.Add(4400 * time.Millisecond), 4 * time.Second},
		{"at least a second", 20 * time.Second, now.Add(200 * time.Millisecond), time.Second},
		{"already expired", 20 * time.Second, now.Add(-time.Second), time.Second},
	} {
		if got := ClearBefore(tc.delay, tc.expires, now); got != tc.want {
			t.Errorf("%s: ClearBefore(%v, now%+v) = %v, want %v", tc.name, tc.delay, tc.expires.Sub(now), got, tc.want)
		}
	}
}
