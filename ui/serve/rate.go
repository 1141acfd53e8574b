package serve

// This file parses --rate and limits requests with token buckets, one per
// token or client address, in a table of bounded size.

import (
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
)

// rate is a parsed --rate: perSecond tokens are added every second, up to
// burst. The zero rate means no limit.
type rate struct {
	perSecond float64
	burst     float64
}

// Bounds of --rate.
const (
	maxRatePerSecond = 1e6
	burstSeconds     = 10 // the burst is this many seconds' worth of requests
)

// rateUnits are the seconds in each unit --rate accepts; made on first use.
var rateUnits = sync.OnceValue(func() map[string]float64 {
	return map[string]float64{
		"s": 1, "sec": 1, "second": 1,
		"m": 60, "min": 60, "minute": 60,
		"h": 3600, "hour": 3600,
	}
})

// parseRate reads "N/unit" or "off"; empty is [DefaultRate].
func parseRate(s string) (rate, error) {
	if s == "" {
		s = DefaultRate
	}
	if strings.EqualFold(s, "off") {
		return rate{}, nil
	}
	num, unit, ok := strings.Cut(s, "/")
	seconds, known := rateUnits()[strings.ToLower(unit)]
	n, err := strconv.ParseUint(num, 10, 32)
	if !ok || !known || err != nil {
		return rate{}, configErr("--rate %q is not N/s, N/min, N/hour or off (e.g. 600/min)", s)
	}
	if n == 0 {
		return rate{}, configErr("--rate %q allows nothing: use off to disable the limit", s)
	}
	per := float64(n) / seconds
	if per > maxRatePerSecond {
		return rate{}, configErr("--rate %q is above %g/s: use off to disable the limit", s, float64(maxRatePerSecond))
	}
	return rate{perSecond: per, burst: math.Max(1, math.Ceil(per*burstSeconds))}, nil
}

// maxBuckets bounds the limiter's table (about 100 bytes a bucket). When
// it is full the least recently used bucket goes: a flood of new client
// addresses can then at worst reset the buckets of idle clients, never grow
// memory.
const maxBuckets = 1 << 16

// limiter holds a token bucket per key, most recently used first.
type limiter struct {
	rate rate
	max  int

	mu         sync.Mutex
	buckets    map[string]*bucket
	head, tail *bucket
}

type bucket struct {
	key        string
	tokens     float64
	last       time.Time
	prev, next *bucket
}

func newLimiter(r rate, max int) *limiter {
	return &limiter{rate: r, max: max, buckets: make(map[string]*bucket)}
}

// allow takes a token from key's bucket at time now. When there is none it
// returns false and how long until there is one.
func (l *limiter) allow(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		l.evict(now)
		b = &bucket{key: key, tokens: l.rate.burst, last: now}
		l.buckets[key] = b
	} else {
		l.unlink(b)
		b.tokens = l.refilled(b, now)
		b.last = now
	}
	l.pushFront(b)
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate.perSecond * float64(time.Second))
}

// refilled is b's token count at now.
func (l *limiter) refilled(b *bucket, now time.Time) float64 {
	elapsed := now.Sub(b.last).Seconds()
	if elapsed <= 0 {
		return b.tokens
	}
	return math.Min(l.rate.burst, b.tokens+elapsed*l.rate.perSecond)
}

// evict makes room for one bucket: it drops a few least recently used
// buckets that have refilled (they are as good as absent), and the least
// recently used one of all when the table is still full.
func (l *limiter) evict(now time.Time) {
	for range 2 {
		if b := l.tail; b != nil && l.refilled(b, now) >= l.rate.burst {
			l.remove(b)
		}
	}
	if len(l.buckets) >= l.max && l.tail != nil {
		l.remove(l.tail)
	}
}

func (l *limiter) remove(b *bucket) {
	l.unlink(b)
	delete(l.buckets, b.key)
}

func (l *limiter) unlink(b *bucket) {
	if b.prev != nil {
		b.prev.next = b.next
	} else {
		l.head = b.next
	}
	if b.next != nil {
		b.next.prev = b.prev
	} else {
		l.tail = b.prev
	}
	b.prev, b.next = nil, nil
}

func (l *limiter) pushFront(b *bucket) {
	b.next = l.head
	if l.head != nil {
		l.head.prev = b
	}
	l.head = b
	if l.tail == nil {
		l.tail = b
	}
}

// retryAfter is the Retry-After header value for a wait: whole seconds,
// rounded up, at least 1.
func retryAfter(d time.Duration) string {
	return strconv.FormatInt(max(1, int64(math.Ceil(d.Seconds()))), 10)
}
