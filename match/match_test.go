package match

import (
	"fmt"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/passtea/passtea/vault"
)

func names(ix *Index, hits []Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = ix.entries[h.Index].Name
	}
	return out
}

func TestTiers(t *testing.T) {
	es := []vault.Entry{
		{Name: "a-github-mirror"}, // word prefix in the name
		{Name: "digithub"},        // substring in the name
		{Name: "g-i-t-h-u-b"},     // fuzzy in the name
		{Name: "github"},          // exact
		{Name: "github-old"},      // prefix
		{Name: "mirror", URLs: []string{"https://github.com/x"}}, // URL, word start
		{Name: "notes", Tags: []string{"github"}},                // tag
		{Name: "work/github"},                                    // exact group
		{Name: "work/github-ci"},                                 // group prefix
		{Name: "zz", Username: "gi-thub"},                        // fuzzy in the username
	}
	ix := NewIndex(es)
	got := names(ix, ix.Search(Parse("github"), nil))
	want := []string{"github", "work/github", "github-old", "work/github-ci", "a-github-mirror", "digithub",
		"notes", "mirror", "g-i-t-h-u-b", "zz"}
	if !slices.Equal(got, want) {
		t.Fatalf("order\n got %q\nwant %q", got, want)
	}
}

func TestFuzzyLimits(t *testing.T) {
	for _, tc := range []struct {
		field, query string
		ok           bool
	}{
		{"github", "gh", true},         // two letters skipped
		{"GitHub", "gh", true},         // H starts a word
		{"git-hub", "gh", true},        // h starts a word
		{"granite", "git", false},      // three letters skipped
		{"legit hub", "gh", false},     // g does not start a word
		{"google photos", "gh", false}, // h neither near nor at a word start
		{"work/github", "wgh", true},   // g starts a word
		{"netflix", "nflx", true},      // gaps of two, none, one
		{"web01", "w01", true},         // 0 starts a word after a letter
		{"ab", "abc", false},           // not all letters
		{"ba", "ab", false},            // not in order
		{"ümlaut straße", "üs", true},  // non-ASCII letters
		{"ÜMLAUT", "üm", true},         // folded
	} {
		es := []vault.Entry{{Name: tc.field}}
		hits := NewIndex(es).Search(Parse(tc.query), nil)
		if got := len(hits) == 1; got != tc.ok {
			t.Errorf("%q in %q: matched %v, want %v", tc.query, tc.field, got, tc.ok)
		}
	}
}

func TestOtherFieldsMatchAtWordStarts(t *testing.T) {
	es := []vault.Entry{
		{Name: "a", Username: "alice@gmail.com"},
		{Name: "b", URLs: []string{"https://app.datadoghq.com"}},
		{Name: "c", URLs: []string{"https://hub.docker.com"}},
	}
	ix := NewIndex(es)
	for q, want := range map[string][]string{
		"mail":   nil, // inside "gmail"
		"gmail":  {"a"},
		"hq":     nil,
		"docker": {"c"},
		"https":  nil, // the scheme is not matched
		"app":    {"b"},
	} {
		if got := names(ix, ix.Search(Parse(q), nil)); !slices.Equal(got, want) {
			t.Errorf("%q: %q, want %q", q, got, want)
		}
	}
}

func TestNoFuzzyAcrossFields(t *testing.T) {
	ix := NewIndex([]vault.Entry{{Name: "gmail", URLs: []string{"https://example.com/home"}}})
	if hits := ix.Search(Parse("gh"), nil); len(hits) != 0 {
		t.Fatalf("g of the name and h of the URL matched: %v", hits)
	}
}

func TestTermsAndNormalisation(t *testing.T) {
	es := []vault.Entry{{Name: "work/café"}, {Name: "home/café"}, {Name: "work/tea"}}
	ix := NewIndex(es)
	if got := names(ix, ix.Search(Parse("  work   CAFE\u0301 "), nil)); !slices.Equal(got, []string{"work/café"}) {
		t.Fatalf("terms with a decomposed accent: %q", got)
	}
	if got := names(ix, ix.Search(Parse(""), nil)); len(got) != 3 {
		t.Fatalf("empty query: %q", got)
	}
	if !Parse(" \t").Empty() {
		t.Fatal("a query of spaces is not empty")
	}
}

func TestPositions(t *testing.T) {
	es := []vault.Entry{{Name: "work/github", Username: "octocat", URLs: []string{"https://github.com"}, Tags: []string{"dev", "ops"}}}
	ix := NewIndex(es)
	for _, tc := range []struct {
		query string
		want  [numFields][]int
	}{
		{"git", [numFields][]int{FieldName: {5, 6, 7}}},
		{"wgh", [numFields][]int{FieldName: {0, 5, 8}}},
		{"octo", [numFields][]int{FieldUsername: {0, 1, 2, 3}}},
		{"ops", [numFields][]int{FieldTags: {4, 5, 6}}},
		{"work cat", [numFields][]int{FieldName: {0, 1, 2, 3}}}, // cat is a substring of a username: no
	} {
		q := Parse(tc.query)
		if len(ix.Search(q, nil)) == 0 && tc.query != "work cat" {
			t.Fatalf("%q does not match", tc.query)
		}
		if got := ix.Positions(0, q); fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%q: positions %v, want %v", tc.query, got, tc.want)
		}
	}
	// A URL's offsets count its scheme.
	q := Parse("hub")
	ix = NewIndex([]vault.Entry{{Name: "x", URLs: []string{"https://hub.docker.com"}}})
	if got := ix.Positions(0, q)[FieldURL]; !slices.Equal(got, []int{8, 9, 10}) {
		t.Errorf("URL positions %v", got)
	}
}

// TestWithin: searching within the hits of a shorter query finds what a
// full search finds, for every prefix of a few queries.
func TestWithin(t *testing.T) {
	es := loadCorpus(t)
	ix := NewIndex(es)
	for _, q := range []string{"github", "work git", "zoom admin", "nflx", "bank of", "cafe\u0301"} {
		var prev []int
		for n := 1; n <= len(q); n++ {
			pq := Parse(q[:n])
			full := ix.Search(pq, nil)
			var narrowed []Hit
			if prev == nil || !pq.Extends(Parse(q[:n-1])) {
				narrowed = full
			} else {
				narrowed = ix.Search(pq, prev)
			}
			if !slices.Equal(full, narrowed) {
				t.Fatalf("%q: within the hits of %q: %v, full search: %v", q[:n], q[:n-1], names(ix, narrowed), names(ix, full))
			}
			prev = make([]int, len(full))
			for i, h := range full {
				prev[i] = h.Index
			}
		}
	}
}

func TestEntries(t *testing.T) {
	es := []vault.Entry{{Name: "beta"}, {Name: "alpha-beta"}, {Name: "gamma"}}
	got := Entries(es, "beta")
	if len(got) != 2 || got[0].Name != "beta" || got[1].Name != "alpha-beta" {
		t.Fatalf("Entries: %v", got)
	}
}

// FuzzSearch: any query and any field: no panic, positions inside the field
// on rune boundaries, and searching within the hits of a prefix agrees.
func FuzzSearch(f *testing.F) {
	f.Add("work/github", "octocat", "https://github.com", "wgh")
	f.Add("café", "", "", "cafe\u0301")
	f.Add("İstanbul", "ÅSA", "x://", "i̇s")
	f.Fuzz(func(t *testing.T, name, user, url, query string) {
		e := vault.Entry{Name: name, Username: user, URLs: []string{url}, Tags: []string{"t"}}
		ix := NewIndex([]vault.Entry{e})
		q := Parse(query)
		hits := ix.Search(q, nil)
		fields := [numFields]string{name, user, url, "t"}
		for fi, pos := range ix.Positions(0, q) {
			for _, p := range pos {
				if p < 0 || p >= len(fields[fi]) || !utf8.RuneStart(fields[fi][p]) && utf8.ValidString(fields[fi]) {
					t.Fatalf("position %d in field %d %q", p, fi, fields[fi])
				}
			}
		}
		if len(hits) == 1 {
			for n := range len(query) {
				if p := Parse(query[:n]); q.Extends(p) && len(ix.Search(p, nil)) != 1 {
					t.Fatalf("%q matches %q but %q, which it extends, does not", query, name, query[:n])
				}
			}
		}
	})
}

// manyEntries makes n entries of fake data, as the app's benchmarks do.
func manyEntries(n int) []vault.Entry {
	out := make([]vault.Entry, n)
	for i := range out {
		out[i] = vault.Entry{
			Name:     fmt.Sprintf("service-%05d/account", i),
			Username: fmt.Sprintf("user%d@example.com", i),
			URLs:     []string{fmt.Sprintf("https://site%d.example.org/login", i)},
			Tags:     []string{"tag" + fmt.Sprint(i%7)},
		}
	}
	return out
}

// BenchmarkSearch10k is one query over 10,000 entries.
func BenchmarkSearch10k(b *testing.B) {
	ix := NewIndex(manyEntries(10000))
	for _, q := range []string{"9", "s9", "acct", "example"} {
		b.Run(q, func(b *testing.B) {
			pq := Parse(q)
			for b.Loop() {
				ix.Search(pq, nil)
			}
		})
	}
}

// BenchmarkCorpus is one query over the 512-entry corpus.
func BenchmarkCorpus(b *testing.B) {
	ix := NewIndex(loadCorpus(b))
	q := Parse("gh")
	for b.Loop() {
		ix.Search(q, nil)
	}
}

func TestFoldKeepsOffsets(t *testing.T) {
	for _, s := range []string{"ÄBC", "\x85A", "İx", "a\xffB", "ǅ"} {
		if f := fold(s); len(f) != len(s) {
			t.Errorf("fold(%q) = %q: %d bytes, want %d", s, f, len(f), len(s))
		}
	}
}
