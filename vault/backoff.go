// This file holds the unlock backoff: after a few wrong passwords in a
// row, each next try waits longer, up to a minute. The count lives in a
// small file beside the vault (VAULT.tries: no secret, just a count and a
// time), so restarting passtea or switching between the app and the
// commands does not reset it. The owner is never locked out for good.

package vault

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// FreeTries is how many wrong passwords in a row are accepted without a
// wait.
const FreeTries = 3

// RetryDelay is the wait after failures wrong tries in a row: none for the
// first FreeTries, then 2 s, doubling up to a minute.
func RetryDelay(failures int) time.Duration {
	if failures < FreeTries {
		return 0
	}
	return min(2*time.Second<<min(failures-FreeTries, 5), time.Minute)
}

// ErrBackoff is matched by a [*BackoffError].
var ErrBackoff = errors.New("too many wrong tries")

// BackoffError says how long to wait before the next try is accepted.
type BackoffError struct {
	Failures int
	Wait     time.Duration
}

func (e *BackoffError) Error() string {
	return fmt.Sprintf("%d wrong tries in a row: wait %s before the next", e.Failures, e.Wait.Round(time.Second))
}

// Unwrap makes errors.Is(err, ErrBackoff) true.
func (e *BackoffError) Unwrap() error { return ErrBackoff }

// withBackoff runs open, one try at the vault's key (Unlock, Recover),
// once the backoff allows a try: a wrong try is counted; a right one clears
// the count, and the opened vault's key is held out of swap.
func (f *File) withBackoff(open func() (*Vault, error)) (*Vault, error) {
	if f.opts != nil && f.opts.noBackoff {
		return open()
	}
	tr := readTries(f.path)
	if err := tr.wait(f.opts.now()); err != nil {
		return nil, err
	}
	v, err := open()
	switch {
	case errors.Is(err, ErrWrongPassword):
		tr.failed(f.opts.now())
	case err == nil:
		tr.succeeded()
		holdKey(v.key)
	}
	return v, err
}

// tries is the record of recent wrong tries of a vault.
type tries struct {
	path     string
	failures int
	last     time.Time
}

// readTries reads path.tries; a missing or unreadable file is no failures.
func readTries(path string) tries {
	t := tries{path: path + ".tries"}
	b, err := os.ReadFile(t.path)
	if err != nil || len(b) > 64 {
		return t
	}
	f := strings.Fields(string(b))
	if len(f) != 2 {
		return t
	}
	n, err1 := strconv.Atoi(f[0])
	s, err2 := strconv.ParseInt(f[1], 10, 64)
	if err1 == nil && err2 == nil && n > 0 {
		t.failures, t.last = min(n, 1000), time.Unix(s, 0)
	}
	return t
}

// wait returns the backoff error if a try now must wait.
func (t tries) wait(now time.Time) error {
	d := RetryDelay(t.failures)
	if until := t.last.Add(d); d > 0 && now.Before(until) {
		return &BackoffError{Failures: t.failures, Wait: until.Sub(now)}
	}
	return nil
}

// failed records one more wrong try (best effort: a read-only directory
// only loses the backoff).
func (t tries) failed(now time.Time) {
	data := fmt.Sprintf("%d %d\n", t.failures+1, now.Unix())
	tmp := t.path + ".tmp"
	if os.WriteFile(tmp, []byte(data), 0o600) == nil {
		os.Rename(tmp, t.path)
	}
}

// succeeded forgets the wrong tries.
func (t tries) succeeded() {
	if t.failures > 0 {
		os.Remove(t.path)
	}
}
