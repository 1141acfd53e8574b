package audit

// This file holds the report's types and Run, which gathers the entries
// and runs the checks.

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"runtime"
	"slices"
	"time"

	"github.com/passtea/passtea/vault"
)

// The findings, named as [vault.Findings] names them.
const (
	Weak     = "weak"
	Reused   = "reused"
	Old      = "old"
	Breached = "breached"
	Missing  = "missing"
	Conflict = "conflict"
)

// DefaultMaxAge is how long a password may stay unchanged before it is
// old, when Options.MaxAge is 0: a year.
const DefaultMaxAge = 365 * 24 * time.Hour

// Severity ranks findings: [High] first.
type Severity int

// The severities, lowest first; 0 means no finding.
const (
	Low Severity = 1 + iota
	Medium
	High
)

// String names the severity: "low", "medium", "high" ("" for 0).
func (s Severity) String() string {
	switch s {
	case Low:
		return "low"
	case Medium:
		return "medium"
	case High:
		return "high"
	}
	return ""
}

// Options say what Run checks.
type Options struct {
	// MaxAge is how long a password may stay unchanged; 0 means
	// DefaultMaxAge, a negative value turns the old check off.
	MaxAge time.Duration
	// Now is the time passwords' ages are measured at; zero means
	// time.Now().
	Now time.Time
	// Breaches is the breached-password list; nil skips the check.
	Breaches Breaches
}

// Finding is one problem with an entry's password. Fields that do not
// belong to its Name are zero.
type Finding struct {
	// Name is Weak, Reused, Old, Breached, Missing or Conflict.
	Name     string
	Severity Severity

	// Score is zxcvbn's score, 0–4 (weak).
	Score int
	// AlphabetBits is set (weak) when the password is too short for its
	// alphabet although zxcvbn rates it 3 or 4: the bits of its length
	// over its character classes (see the package doc).
	AlphabetBits float64
	// Warning is zxcvbn's warning, if any (weak).
	Warning string

	// ReusedWith are the other live entries with the same password, in
	// the order Run saw them (reused).
	ReusedWith []vault.ID

	// Count is how often the list has seen the password in breaches
	// (breached).
	Count int64

	// Changed is when the password last changed (old).
	Changed time.Time
}

// Result is what Run found for one entry.
type Result struct {
	Entry vault.Entry
	// Findings are the problems the entry's owner has not accepted, the
	// most severe first.
	Findings []Finding
	// Accepted are the problems found that the owner accepted
	// (vault.Entry.Accepted), the most severe first.
	Accepted []Finding
}

// Severity is the highest severity of r.Findings, 0 when there are none.
func (r Result) Severity() Severity {
	if len(r.Findings) == 0 {
		return 0
	}
	return r.Findings[0].Severity
}

// Has reports whether r has an unaccepted finding called name.
func (r Result) Has(name string) bool {
	return slices.ContainsFunc(r.Findings, func(f Finding) bool { return f.Name == name })
}

// Report is the outcome of one audit.
type Report struct {
	// Results holds every live entry audited, in the order Run saw them
	// (name order for vault.Vault.Each).
	Results []Result
	// BreachChecked reports whether passwords were looked up in a
	// breached-password list.
	BreachChecked bool
	// Lookups is how many distinct passwords were looked up.
	Lookups int
	// MaxAge is the age over which passwords were old; 0 when that check
	// was off.
	MaxAge time.Duration
}

// Found returns the results with unaccepted findings, most severe first,
// then in the order Run saw them.
func (r *Report) Found() []Result {
	var out []Result
	for _, res := range r.Results {
		if len(res.Findings) > 0 {
			out = append(out, res)
		}
	}
	slices.SortStableFunc(out, func(a, b Result) int { return int(b.Severity() - a.Severity()) })
	return out
}

// AcceptedCount is how many findings were found but accepted.
func (r *Report) AcceptedCount() int {
	n := 0
	for _, res := range r.Results {
		n += len(res.Accepted)
	}
	return n
}

// Result returns the result for the entry id.
func (r *Report) Result(id vault.ID) (Result, bool) {
	for _, res := range r.Results {
		if res.Entry.ID == id {
			return res, true
		}
	}
	return Result{}, false
}

// EachFunc hands every live entry with its secret to fn, stopping at fn's
// first error: the shape of [vault.Vault.Each].
type EachFunc func(fn func(vault.Entry, vault.Secret) error) error

// EachOf is an EachFunc over entries whose secrets are fetched one by one,
// for a front end that has no Each (one secret page opened per entry).
func EachOf(entries []vault.Entry, secret func(vault.ID) (vault.Secret, error)) EachFunc {
	return func(fn func(vault.Entry, vault.Secret) error) error {
		for _, e := range entries {
			s, err := secret(e.ID)
			if err != nil {
				return err
			}
			if err := fn(e, s); err != nil {
				return err
			}
		}
		return nil
	}
}

// item is one entry under audit.
type item struct {
	entry    vault.Entry
	password string
	digest   [sha256.Size]byte // HMAC of the password under the run's key
	changed  time.Time
	found    []Finding
}

// Run audits every live entry each hands over (entries in the trash are
// skipped) and reports what it found. It stops early with ctx's error
// when ctx is done, and fails when each fails or a breach lookup fails.
func Run(ctx context.Context, each EachFunc, opts Options) (*Report, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("audit: make a key: %w", err)
	}
	defer clear(key)
	var items []*item
	mac := hmac.New(sha256.New, key)
	err := each(func(e vault.Entry, s vault.Secret) error {
		if e.Deleted {
			return nil
		}
		// The lists of an entry from Each may be cut from a larger
		// buffer: keep copies, so the audit holds only what it uses.
		e.URLs, e.Tags, e.Accepted = slices.Clone(e.URLs), slices.Clone(e.Tags), slices.Clone(e.Accepted)
		it := &item{entry: e, password: s.Password, changed: passwordChanged(e, s)}
		mac.Reset()
		mac.Write([]byte(s.Password))
		mac.Sum(it.digest[:0])
		items = append(items, it)
		return ctx.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("audit: read the entries: %w", err)
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	maxAge := opts.MaxAge
	if maxAge == 0 {
		maxAge = DefaultMaxAge
	}
	rep := &Report{MaxAge: max(maxAge, 0)}

	checkMissingAndConflict(items)
	checkReused(items)
	if maxAge > 0 {
		checkOld(items, now, maxAge)
	}
	if err := checkWeak(ctx, items, runtime.GOMAXPROCS(0)); err != nil {
		return nil, err
	}
	if opts.Breaches != nil {
		n, err := checkBreached(ctx, items, opts.Breaches)
		if err != nil {
			return nil, err
		}
		rep.BreachChecked, rep.Lookups = true, n
	}

	rep.Results = make([]Result, len(items))
	for i, it := range items {
		rep.Results[i] = result(it)
		it.password = ""
	}
	return rep, nil
}

// order ranks findings of the same severity.
var order = []string{Breached, Reused, Weak, Conflict, Old, Missing}

// SortFindings sorts fs as a [Result] holds them: most severe first, and
// within a severity breached, reused, weak, conflict, old, missing.
func SortFindings(fs []Finding) {
	slices.SortFunc(fs, func(a, b Finding) int {
		if a.Severity != b.Severity {
			return int(b.Severity - a.Severity)
		}
		return slices.Index(order, a.Name) - slices.Index(order, b.Name)
	})
}

// result sorts an item's findings, most severe first, and splits off the
// accepted ones.
func result(it *item) Result {
	r := Result{Entry: it.entry}
	SortFindings(it.found)
	for _, f := range it.found {
		if slices.Contains(it.entry.Accepted, f.Name) {
			r.Accepted = append(r.Accepted, f)
		} else {
			r.Findings = append(r.Findings, f)
		}
	}
	return r
}
