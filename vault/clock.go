// This file holds stamps: a hybrid logical clock that orders changes across
// machines whose clocks disagree (FORMAT.md, "Stamps").

package vault

import "time"

// stampBits is how many low bits of a stamp count within one millisecond.
const stampBits = 16

// stampOf returns the smallest stamp of the millisecond of t.
func stampOf(t time.Time) uint64 {
	ms := t.UnixMilli()
	if ms < 1 {
		return 1 // before 1970: stamps must be positive
	}
	return uint64(ms) << stampBits
}

// stampTime is the wall-clock time a stamp was made at (to the millisecond).
func stampTime(s uint64) time.Time {
	if s == 0 {
		return time.Time{}
	}
	return time.UnixMilli(int64(s >> stampBits)).UTC()
}

// clock issues stamps: each higher than every stamp issued or seen before.
type clock struct {
	last uint64
	now  func() time.Time
}

// next returns a new stamp.
func (c *clock) next() uint64 {
	c.last = max(stampOf(c.now()), c.last+1)
	return c.last
}

// see raises the clock to a stamp read from a file.
func (c *clock) see(s uint64) { c.last = max(c.last, s) }
