package audit

// This file looks passwords up in a breached-password list, offline or
// online.

import (
	"context"
	"crypto/sha256"
	"fmt"
	"slices"
	"sync"

	"github.com/passtea/passtea/generator/strength/hibp"
)

// Breaches is a list of breached passwords, looked up by SHA-1. It must be
// safe for concurrent use, and its errors must not hold a password.
// *hibp.Client (online) is one; [Offline] makes one of an offline list.
type Breaches interface {
	// CountHash reports how often the password with SHA-1 h was seen in
	// breaches, 0 when never.
	CountHash(ctx context.Context, h hibp.Hash) (int64, error)
}

// Offline makes an offline Pwned Passwords list a [Breaches].
func Offline(l *hibp.List) Breaches { return offline{l} }

type offline struct{ l *hibp.List }

func (o offline) CountHash(_ context.Context, h hibp.Hash) (int64, error) { return o.l.CountHash(h) }

// Online is the Pwned Passwords range API as a [Breaches]: each lookup
// sends the first 5 hex characters of a password's SHA-1 and nothing else
// (see hibp.Client). Use it only when the user asked to go online; c nil
// means the zero Client (the real API).
func Online(c *hibp.Client) Breaches {
	if c == nil {
		c = &hibp.Client{}
	}
	return c
}

// lookupWorkers is how many breach lookups run at a time: enough to keep
// two CPUs busy on an offline list, and to overlap online round trips
// without pressing on the API.
const lookupWorkers = 8

// checkBreached looks every distinct password up once, in hash order (the
// reads of an offline list then move forward through the file), and
// returns how many it looked up.
func checkBreached(ctx context.Context, items []*item, list Breaches) (int, error) {
	type lookup struct {
		hash  hibp.Hash
		items []*item
		count int64
	}
	byDigest := map[[sha256.Size]byte]*lookup{}
	var lookups []*lookup
	for _, it := range items {
		if it.password == "" {
			continue
		}
		l := byDigest[it.digest]
		if l == nil {
			l = &lookup{hash: hibp.HashOf(it.password)}
			byDigest[it.digest] = l
			lookups = append(lookups, l)
		}
		l.items = append(l.items, it)
	}
	slices.SortFunc(lookups, func(a, b *lookup) int { return slices.Compare(a.hash[:], b.hash[:]) })

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan *lookup)
	var wg sync.WaitGroup
	for range lookupWorkers {
		wg.Go(func() {
			for l := range next {
				n, err := list.CountHash(ctx, l.hash)
				if err != nil {
					cancel(err)
					continue
				}
				l.count = n
			}
		})
	}
	for _, l := range lookups {
		if ctx.Err() != nil {
			break
		}
		next <- l
	}
	close(next)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return 0, fmt.Errorf("audit: look passwords up in the breached-password list: %w", err)
	}
	for _, l := range lookups {
		if l.count > 0 {
			for _, it := range l.items {
				it.found = append(it.found, Finding{Name: Breached, Severity: High, Count: l.count})
			}
		}
	}
	return len(lookups), nil
}
