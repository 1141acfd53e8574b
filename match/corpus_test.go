package match

// The corpus test: 512 realistic entries (testdata/corpus.csv: services with
// their groups, usernames, URLs and tags, as people keep them) and, for the
// queries people type, the entries that must come first, the entries that
// are relevant, and how many matches are tolerated in all.
//
// Before this package, both front ends matched an unlimited subsequence of
// all fields joined; on this corpus that matched (app and `ls` alike):
//
//	gh 163, zoom 25, git 145, bank 36, mail 163, aws 379, pay 130, vpn 32,
//	gmail 52, wgh 75, nf 88
//
// and `ls` listed them in name order, the app by a score that put "camping
// hub" above "github" for "gh".

import (
	"encoding/csv"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/passtea/passtea/vault"
)

// loadCorpus reads testdata/corpus.csv, in name order.
func loadCorpus(t testing.TB) []vault.Entry {
	t.Helper()
	f, err := os.Open("testdata/corpus.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []vault.Entry
	for _, r := range recs[1:] {
		out = append(out, vault.Entry{Name: r[0], Username: r[1], URLs: []string{r[2]}, Tags: strings.Fields(r[3])})
	}
	slices.SortStableFunc(out, func(a, b vault.Entry) int { return vault.CompareNames(a.Name, b.Name) })
	return out
}

func TestCorpus(t *testing.T) {
	es := loadCorpus(t)
	if len(es) != 512 {
		t.Fatalf("%d entries in the corpus, want 512", len(es))
	}
	ix := NewIndex(es)
	for _, tc := range []struct {
		query string
		// top are the first results, in order.
		top []string
		// relevant must all match (beyond top).
		relevant []string
		// most is the most matches tolerated.
		most int
	}{
		{
			query: "gh",
			top:   []string{"tokens/gh-cli", "servers/gh-runner-01", "servers/gh-runner-02", "ghcr.io", "ghost blog", "github", "work/github"},
			relevant: []string{"old/github old", "personal/github", "tokens/github actions", "work/github enterprise",
				"clients/northwind/github"},
			most: 14,
		},
		{
			query: "zoom",
			top:   []string{"zoom", "work/zoom", "personal/zoom", "clients/northwind/zoom"},
			relevant: []string{"work/zoom admin", "work/zoom rooms", "tokens/zoom api", "family/zoom grandma",
				"zoominfo", "old/zoomerang"},
			most: 12,
		},
		{
			query: "git",
			top:   []string{"gitea", "github", "gitlab", "work/github", "work/gitlab"},
			relevant: []string{"personal/github", "work/github enterprise", "tokens/github actions", "tokens/gitlab ci",
				"clients/contoso/gitlab", "clients/northwind/github", "tokens/gh-cli"},
			most: 18,
		},
		{
			query:    "bank",
			top:      []string{"personal/bank", "bank of america", "family/bank joint", "deutsche bank", "citibank"},
			relevant: []string{"barclays", "chase", "hsbc", "ing", "monzo", "n26", "wells fargo", "credit agricole"},
			most:     13,
		},
		{
			query:    "mail",
			top:      []string{"servers/mail relay", "mailchimp", "zoho mail", "yahoo mail", "gmail", "fastmail", "protonmail"},
			relevant: []string{"work/email", "personal/email", "old/hotmail", "outlook", "tutanota", "hey"},
			most:     16,
		},
		{
			query:    "aws",
			top:      []string{"clients/northwind/aws", "aws root", "aws console", "work/aws billing", "work/aws console"},
			relevant: nil,
			most:     6,
		},
		{
			query: "amazon",
			top:   []string{"amazon", "personal/amazon"},
			// Their URLs are at amazon.com.
			relevant: []string{"kindle", "aws root", "aws console", "work/aws console"},
			most:     6,
		},
		{
			query: "wgh",
			top:   []string{"work/github", "work/github enterprise"},
			most:  2,
		},
		{
			query: "work git",
			top:   []string{"work/github", "work/gitlab", "work/github enterprise"},
			// Tagged work: clients/… and servers/…
			relevant: []string{"clients/contoso/gitlab", "clients/northwind/github"},
			most:     7,
		},
		{
			query: "nflx",
			top:   []string{"netflix", "family/netflix", "personal/netflix"},
			most:  3,
		},
	} {
		hits := ix.Search(Parse(tc.query), nil)
		got := make([]string, len(hits))
		for i, h := range hits {
			got[i] = es[h.Index].Name
		}
		if len(got) < len(tc.top) || !slices.Equal(got[:len(tc.top)], tc.top) {
			t.Errorf("%q: top %q, want %q", tc.query, got[:min(len(got), len(tc.top))], tc.top)
		}
		for _, r := range tc.relevant {
			if !slices.Contains(got, r) {
				t.Errorf("%q: %q does not match", tc.query, r)
			}
		}
		if len(got) > tc.most {
			t.Errorf("%q: %d matches, want at most %d: %q", tc.query, len(got), tc.most, got)
		}
		t.Logf("%q: %d of %d", tc.query, len(got), len(es))
	}
}
