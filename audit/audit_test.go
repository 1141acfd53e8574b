package audit

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/passtea/passtea/generator/strength/hibp"
	"github.com/passtea/passtea/vault"
)

// testList is the small Pwned Passwords list of package hibp's tests: the
// real SHA-1s of "password", "123456", "qwerty", "letmein", "iloveyou",
// "P@ssw0rd", "Tr0ub4dor&3", "correct horse battery staple" and
// "passtea-breached-test", with made-up counts.
var testList = filepath.Join("..", "generator", "strength", "hibp", "testdata", "pwned-sha1.txt")

var now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// planted is a vault's worth of entries, each with the findings the audit
// must report for it (accepted ones after a "+").
type planted struct {
	entry  vault.Entry
	secret vault.Secret
	want   []string
	accept []string
}

func id(n int) vault.ID { return vault.ID{byte(n)} }

func plantedEntries() []planted {
	recent := now.Add(-30 * 24 * time.Hour)
	longAgo := now.Add(-3 * 365 * 24 * time.Hour)
	const strong = "vG7#qL2!xW9$mR4&tZ8k" // 20 random characters
	const shared = "Qm4!zR8@wT2#kP6$yB3n"
	ps := []planted{
		{entry: vault.Entry{Name: "clean"}, secret: vault.Secret{Password: strong}},
		{entry: vault.Entry{Name: "weak"}, secret: vault.Secret{Password: "sunshine1"}, want: []string{Weak}},
		{entry: vault.Entry{Name: "weak/from-name", Username: "marguerite"}, secret: vault.Secret{Password: "Marguerite1987"}, want: []string{Weak}},
		{entry: vault.Entry{Name: "reused/a"}, secret: vault.Secret{Password: shared}, want: []string{Reused}},
		{entry: vault.Entry{Name: "reused/b"}, secret: vault.Secret{Password: shared}, want: []string{Reused}},
		{entry: vault.Entry{Name: "old", Created: longAgo}, secret: vault.Secret{Password: "hT5#nV9!cX3@pL7$wQ2m"}, want: []string{Old}},
		{entry: vault.Entry{Name: "old/changed-recently", Created: longAgo},
			secret: vault.Secret{Password: "bN8$rK3!mF6#zS1@dJ4q", History: []vault.OldValue{
				{Kind: vault.KindPassword, Value: "before", Set: longAgo, Replaced: recent},
				{Kind: vault.KindNotes, Value: "notes", Set: longAgo, Replaced: longAgo.Add(time.Hour)},
			}}},
		{entry: vault.Entry{Name: "old/changed-long-ago", Created: longAgo},
			secret: vault.Secret{Password: "fY2@kW7!sH5#vM9$gC1x", History: []vault.OldValue{
				{Kind: vault.KindPassword, Value: "first", Set: longAgo, Replaced: longAgo.Add(24 * time.Hour)},
				{Kind: vault.KindPassword, Value: "set aside by a merge", Set: recent},
			}}, want: []string{Old}},
		{entry: vault.Entry{Name: "breached/phrase"}, secret: vault.Secret{Password: "correct horse battery staple"}, want: []string{Breached}},
		{entry: vault.Entry{Name: "breached/test"}, secret: vault.Secret{Password: "passtea-breached-test"}, want: []string{Breached}},
		{entry: vault.Entry{Name: "breached/weak"}, secret: vault.Secret{Password: "P@ssw0rd"}, want: []string{Breached, Weak}},
		{entry: vault.Entry{Name: "missing"}, secret: vault.Secret{}, want: []string{Missing}},
		{entry: vault.Entry{Name: "conflict", Conflict: true}, secret: vault.Secret{Password: "jR6!tD3#nB8@xK5$pV2w"}, want: []string{Conflict}},
		{entry: vault.Entry{Name: "short-random"}, secret: vault.Secret{Password: "qzkvjwmxtrbd"}, want: []string{Weak}},
		{entry: vault.Entry{Name: "accepted", Accepted: []string{Weak, Old}}, secret: vault.Secret{Password: "letmein"}, want: []string{Breached}, accept: []string{Weak}},
	}
	for i := range ps {
		ps[i].entry.ID = id(i + 1)
		if ps[i].entry.Created.IsZero() {
			ps[i].entry.Created = recent
		}
	}
	return ps
}

func eachOf(ps []planted) EachFunc {
	return func(fn func(vault.Entry, vault.Secret) error) error {
		for _, p := range ps {
			if err := fn(p.entry, p.secret); err != nil {
				return err
			}
		}
		return nil
	}
}

func openTestList(t *testing.T) *hibp.List {
	t.Helper()
	l, err := hibp.Open(testList)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func names(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Name)
	}
	slices.Sort(out)
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// Every planted finding is found, and nothing else.
func TestRunFindsPlanted(t *testing.T) {
	ps := plantedEntries()
	// A deleted entry is not audited, however weak.
	deleted := planted{entry: vault.Entry{ID: id(99), Name: "trash", Deleted: true}, secret: vault.Secret{Password: "123456"}}
	rep, err := Run(context.Background(), eachOf(append(ps, deleted)), Options{Now: now, Breaches: Offline(openTestList(t))})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != len(ps) {
		t.Fatalf("%d results, want %d", len(rep.Results), len(ps))
	}
	if !rep.BreachChecked || rep.Lookups != len(ps)-2 { // one empty, one pair shared
		t.Errorf("BreachChecked %v, Lookups %d; want true, %d", rep.BreachChecked, rep.Lookups, len(ps)-2)
	}
	for i, p := range ps {
		r := rep.Results[i]
		if r.Entry.Name != p.entry.Name {
			t.Fatalf("result %d is %q, want %q", i, r.Entry.Name, p.entry.Name)
		}
		if got, want := names(r.Findings), sorted(p.want); !slices.Equal(got, want) {
			t.Errorf("%s: findings %v, want %v", p.entry.Name, got, want)
		}
		if got, want := names(r.Accepted), sorted(p.accept); !slices.Equal(got, want) {
			t.Errorf("%s: accepted %v, want %v", p.entry.Name, got, want)
		}
		for i := 1; i < len(r.Findings); i++ {
			if r.Findings[i].Severity > r.Findings[i-1].Severity {
				t.Errorf("%s: findings not most severe first: %+v", p.entry.Name, r.Findings)
			}
		}
	}
	found := rep.Found()
	if len(found) != 13 {
		t.Errorf("Found() has %d entries, want 13", len(found))
	}
	for i := 1; i < len(found); i++ {
		if found[i].Severity() > found[i-1].Severity() {
			t.Errorf("Found() not most severe first at %d", i)
		}
	}
	if rep.AcceptedCount() != 1 {
		t.Errorf("AcceptedCount %d, want 1", rep.AcceptedCount())
	}
}

// The details of each finding.
func TestRunFindingDetails(t *testing.T) {
	ps := plantedEntries()
	rep, err := Run(context.Background(), eachOf(ps), Options{Now: now, Breaches: Offline(openTestList(t))})
	if err != nil {
		t.Fatal(err)
	}
	get := func(name, finding string) Finding {
		t.Helper()
		for _, r := range rep.Results {
			if r.Entry.Name == name {
				for _, f := range append(r.Findings, r.Accepted...) {
					if f.Name == finding {
						return f
					}
				}
			}
		}
		t.Fatalf("%s has no %s finding", name, finding)
		return Finding{}
	}
	if f := get("reused/a", Reused); !slices.Equal(f.ReusedWith, []vault.ID{id(5)}) || f.Severity != High {
		t.Errorf("reused/a: %+v, want ReusedWith reused/b, high", f)
	}
	if f := get("breached/phrase", Breached); f.Count != 400 || f.Severity != High {
		t.Errorf("breached/phrase: %+v, want count 400 (the test list's), high", f)
	}
	if f := get("old/changed-long-ago", Old); !f.Changed.Equal(now.Add(-3*365*24*time.Hour + 24*time.Hour)) {
		t.Errorf("old/changed-long-ago changed %v, want when the first password was replaced", f.Changed)
	}
	if f := get("weak", Weak); f.Score >= 3 || f.AlphabetBits != 0 || f.Warning == "" {
		t.Errorf("weak: %+v, want a score below 3, a warning, no alphabet bits", f)
	}
	if f := get("short-random", Weak); f.Score < 3 || math.Abs(f.AlphabetBits-12*math.Log2(26)) > 1e-9 || f.Severity != Medium {
		t.Errorf("short-random: %+v, want zxcvbn's score ≥ 3, 12·log2(26) bits, medium", f)
	}
	if f := get("weak/from-name", Weak); f.Score >= 3 {
		t.Errorf("weak/from-name: %+v: the username is an input", f)
	}
	if f := get("missing", Missing); f.Severity != Low {
		t.Errorf("missing: %+v, want low", f)
	}
}

// Without a list nothing is breached; the old check follows MaxAge.
func TestRunOptions(t *testing.T) {
	ps := plantedEntries()
	count := func(rep *Report, finding string) int {
		n := 0
		for _, r := range rep.Results {
			if r.Has(finding) {
				n++
			}
		}
		return n
	}
	rep, err := Run(context.Background(), eachOf(ps), Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if rep.BreachChecked || count(rep, Breached) != 0 || count(rep, Old) != 2 || rep.MaxAge != DefaultMaxAge {
		t.Errorf("no list: checked %v, %d breached, %d old, max age %v", rep.BreachChecked, count(rep, Breached), count(rep, Old), rep.MaxAge)
	}
	if rep, _ = Run(context.Background(), eachOf(ps), Options{Now: now, MaxAge: -1}); count(rep, Old) != 0 || rep.MaxAge != 0 {
		t.Errorf("MaxAge -1: %d old, max age %v", count(rep, Old), rep.MaxAge)
	}
	if rep, _ = Run(context.Background(), eachOf(ps), Options{Now: now, MaxAge: 7 * 24 * time.Hour}); count(rep, Old) != len(ps)-2 {
		t.Errorf("MaxAge a week: %d old, want every entry with a password", count(rep, Old))
	}
}

func TestAlphabetBits(t *testing.T) {
	for _, tc := range []struct {
		pw   string
		size float64
	}{
		{"abcdefgh", 26}, {"ABCDEFGH", 26}, {"abcdEFGH", 52}, {"abcd1234", 36},
		{"ab12CD!?", 95}, {"a b", 59}, {"é", 1000}, {"aé", 1026},
	} {
		want := float64(len([]rune(tc.pw))) * math.Log2(tc.size)
		if got := alphabetBits(tc.pw); math.Abs(got-want) > 1e-9 {
			t.Errorf("alphabetBits(%q) = %v, want %v", tc.pw, got, want)
		}
	}
	if MinAlphabetBits < 58 || MinAlphabetBits > 58.2 {
		t.Errorf("MinAlphabetBits = %v, want about 58.1", MinAlphabetBits)
	}
}

// Random strings are weak only when short for their alphabet; generated
// passwords of usual lengths never are. zxcvbn rates every string here
// that is not weak at 3 or more.
func TestWeakRandomStrings(t *testing.T) {
	for _, tc := range []struct {
		pw   string
		weak bool
	}{
		{"x7Kq2m!Z", true},              // 8 of four classes: 52 bits (zxcvbn: 2)
		{"x7Kq2m!Zp", false},            // 9: 59 bits
		{"qzkvjwmxt", true},             // 9 lowercase: 42 bits (zxcvbn: 3)
		{"qzkvjwmxtrbd", true},          // 12 lowercase: 56 bits
		{"qzkvjwmxtrbdf", false},        // 13 lowercase: 61 bits
		{"kX9mQ2vL7pR4wE5n", false},     // 16 alphanumeric
		{"vG7#qL2!xW9$mR4&tZ8k", false}, // passtea gen's default
		{"4829301756", true},            // 10 digits: 33 bits (zxcvbn: 3)
		{"48293017561938472", true},     // 17 digits: 56 bits
		{"482930175619384726", false},   // 18 digits: 60 bits
	} {
		_, weak := weakness(tc.pw, nil)
		if weak != tc.weak {
			t.Errorf("weakness(%q) = %v, want %v", tc.pw, weak, tc.weak)
		}
	}
}

// Online lookups send five hex digits of each distinct password's SHA-1
// and nothing else.
func TestRunOnline(t *testing.T) {
	ps := plantedEntries()
	var mu sync.Mutex
	var asked []string
	prefix := regexp.MustCompile(`^/range/[0-9A-F]{5}$`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.URL.RequestURI())
		mu.Unlock()
		if !prefix.MatchString(r.URL.RequestURI()) || r.Method != http.MethodGet {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		p := strings.TrimPrefix(r.URL.Path, "/range/")
		h := hibp.HashOf("correct horse battery staple").String()
		if p == h[:5] {
			fmt.Fprintf(w, "%s:4000\r\n", h[5:])
		}
		fmt.Fprintf(w, "%035X:0\r\n", 1) // padding
	}))
	defer srv.Close()
	c := &hibp.Client{BaseURL: srv.URL, HTTPClient: srv.Client()}
	rep, err := Run(context.Background(), eachOf(ps), Options{Now: now, Breaches: Online(c)})
	if err != nil {
		t.Fatal(err)
	}
	if len(asked) != len(ps)-2 || rep.Lookups != len(asked) {
		t.Errorf("%d requests, Lookups %d; want one per distinct password, %d", len(asked), rep.Lookups, len(ps)-2)
	}
	for _, a := range asked {
		if !prefix.MatchString(a) {
			t.Errorf("asked %q, want /range/ and 5 hex digits", a)
		}
	}
	var breached []string
	for _, r := range rep.Results {
		if r.Has(Breached) {
			breached = append(breached, r.Entry.Name)
		}
	}
	if !slices.Equal(breached, []string{"breached/phrase"}) {
		t.Errorf("breached: %v, want breached/phrase", breached)
	}
}

type failingList struct{}

func (failingList) CountHash(context.Context, hibp.Hash) (int64, error) {
	return 0, errors.New("the disk is on fire")
}

// An audit that could not look a password up fails rather than call it
// clean; so does one whose entries cannot be read, or one cancelled.
func TestRunFailures(t *testing.T) {
	ps := plantedEntries()
	if _, err := Run(context.Background(), eachOf(ps), Options{Breaches: failingList{}}); err == nil || !strings.Contains(err.Error(), "the disk is on fire") {
		t.Errorf("failing list: %v", err)
	}
	broken := func(fn func(vault.Entry, vault.Secret) error) error { return vault.ErrLocked }
	if _, err := Run(context.Background(), broken, Options{}); !errors.Is(err, vault.ErrLocked) {
		t.Errorf("failing Each: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, eachOf(ps), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// EachOf fetches each entry's secret.
func TestEachOf(t *testing.T) {
	ps := plantedEntries()[:3]
	var entries []vault.Entry
	secrets := map[vault.ID]vault.Secret{}
	for _, p := range ps {
		entries = append(entries, p.entry)
		secrets[p.entry.ID] = p.secret
	}
	rep, err := Run(context.Background(), EachOf(entries, func(id vault.ID) (vault.Secret, error) { return secrets[id], nil }), Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(rep.Results[1].Findings); !slices.Equal(got, []string{Weak}) {
		t.Errorf("weak through EachOf: %v", got)
	}
	failing := EachOf(entries, func(vault.ID) (vault.Secret, error) { return vault.Secret{}, vault.ErrNotFound })
	if _, err := Run(context.Background(), failing, Options{}); !errors.Is(err, vault.ErrNotFound) {
		t.Errorf("failing secret: %v", err)
	}
}

// The finding names are the vault's.
func TestFindingNamesAreTheVaults(t *testing.T) {
	if got := []string{Weak, Reused, Old, Breached, Missing, Conflict}; !slices.Equal(got, vault.Findings) {
		t.Errorf("names %v, vault.Findings %v", got, vault.Findings)
	}
}
