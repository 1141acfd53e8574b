package audit

// This file holds the checks: missing and conflict, reused, old and weak.

import (
	"context"
	"math"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/passtea/passtea/generator/strength"
	"github.com/passtea/passtea/vault"
)

func checkMissingAndConflict(items []*item) {
	for _, it := range items {
		if it.password == "" {
			it.found = append(it.found, Finding{Name: Missing, Severity: Low})
		}
		if it.entry.Conflict {
			it.found = append(it.found, Finding{Name: Conflict, Severity: Medium})
		}
	}
}

// checkReused groups the items with a password by its keyed digest.
func checkReused(items []*item) {
	groups := make(map[[32]byte][]*item, len(items))
	for _, it := range items {
		if it.password != "" {
			groups[it.digest] = append(groups[it.digest], it)
		}
	}
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		for _, it := range g {
			f := Finding{Name: Reused, Severity: High}
			for _, other := range g {
				if other != it {
					f.ReusedWith = append(f.ReusedWith, other.entry.ID)
				}
			}
			it.found = append(it.found, f)
		}
	}
}

// passwordChanged is when the current password was set: when the latest
// earlier password was replaced, else when the entry was made.
func passwordChanged(e vault.Entry, s vault.Secret) time.Time {
	var t time.Time
	for _, h := range s.History {
		if h.Kind == vault.KindPassword && h.Replaced.After(t) {
			t = h.Replaced
		}
	}
	if t.IsZero() {
		return e.Created
	}
	return t
}

func checkOld(items []*item, now time.Time, maxAge time.Duration) {
	for _, it := range items {
		if it.password != "" && now.Sub(it.changed) > maxAge {
			it.found = append(it.found, Finding{Name: Old, Severity: Low, Changed: it.changed})
		}
	}
}

// checkWeak rates every password with workers goroutines.
func checkWeak(ctx context.Context, items []*item, workers int) error {
	next := make(chan *item)
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Go(func() {
			for it := range next {
				if f, weak := weakness(it.password, userInputs(it.entry)); weak {
					it.found = append(it.found, f)
				}
			}
		})
	}
	var err error
	for _, it := range items {
		if it.password == "" {
			continue
		}
		if err = ctx.Err(); err != nil {
			break
		}
		next <- it
	}
	close(next)
	wg.Wait()
	return err
}

// weakness rates pw with zxcvbn and by exhaustive search over its alphabet
// (see the package doc).
func weakness(pw string, inputs []string) (Finding, bool) {
	r := strength.Estimate(pw, inputs...)
	f := Finding{Name: Weak, Severity: Medium, Score: r.Score, Warning: r.Feedback.Warning}
	if r.Score <= 1 {
		f.Severity = High
	}
	if r.Score < 3 {
		return f, true
	}
	if bits := alphabetBits(pw); bits < MinAlphabetBits {
		f.AlphabetBits = bits
		return f, true
	}
	return Finding{}, false
}

// MinAlphabetBits is the fewest bits a password's length and alphabet
// must give (see [alphabetBits]): log2 of the guesses an attacker makes in
// a year at [strength.FastHashRate], about 58.1.
var MinAlphabetBits = math.Log2(strength.FastHashRate * 365.25 * 24 * 3600)

// alphabetBits is len(pw) × log2 of the size of the character classes pw
// uses: lowercase 26, uppercase 26, digits 10, ASCII symbols and space 33,
// and 1,000 for anything else.
func alphabetBits(pw string) float64 {
	var lower, upper, digit, symbol, other bool
	n := 0
	for _, c := range pw {
		n++
		switch {
		case 'a' <= c && c <= 'z':
			lower = true
		case 'A' <= c && c <= 'Z':
			upper = true
		case '0' <= c && c <= '9':
			digit = true
		case c >= ' ' && c <= '~':
			symbol = true
		default:
			other = true
		}
	}
	size := 0
	for _, class := range []struct {
		used bool
		size int
	}{{lower, 26}, {upper, 26}, {digit, 10}, {symbol, 33}, {other, 1000}} {
		if class.used {
			size += class.size
		}
	}
	return float64(n) * math.Log2(float64(size))
}

// userInputs are the words of an entry an attacker who targets it tries
// first: its name, username and the hosts of its URLs.
func userInputs(e vault.Entry) []string {
	in := []string{e.Name}
	if e.Username != "" {
		in = append(in, e.Username)
	}
	for _, raw := range e.URLs {
		host := raw
		if u, err := url.Parse(raw); err == nil && u.Hostname() != "" {
			host = u.Hostname()
		}
		host = strings.TrimPrefix(host, "www.")
		if strings.IndexFunc(host, unicode.IsLetter) >= 0 {
			in = append(in, host)
		}
	}
	return in
}
