package clipboard

import "time"

// ClearBefore returns the delay to pass to [Copier.Copy] for a value that
// stops being of use at expires (a one-time code at the end of its time
// step): the sooner of delay (0: never) and the time left until expires,
// rounded to whole seconds as the clearer counts, and at least a second. A
// zero expires (a value that does not expire) leaves delay as it is.
func ClearBefore(delay time.Duration, expires, now time.Time) time.Duration {
	if expires.IsZero() {
		return delay
	}
	left := expires.Sub(now).Round(time.Second)
	if delay == 0 || left < delay {
		return max(left, time.Second)
	}
	return delay
}
