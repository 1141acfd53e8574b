package generator

// This file checks that the lazily loading copy of zxcvbn-go in
// internal/zxcvbn rates passwords exactly as upstream does, and that it
// loads nothing at process start.

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	upadjacency "github.com/ccojocar/zxcvbn-go/adjacency"
	upfrequency "github.com/ccojocar/zxcvbn-go/frequency"
	"github.com/ccojocar/zxcvbn-go/match"
	upmatching "github.com/ccojocar/zxcvbn-go/matching"
	upscoring "github.com/ccojocar/zxcvbn-go/scoring"

	"github.com/passtea/passtea/generator/internal/zxcvbn/adjacency"
	"github.com/passtea/passtea/generator/internal/zxcvbn/frequency"
	"github.com/passtea/passtea/generator/internal/zxcvbn/matching"
	"github.com/passtea/passtea/generator/internal/zxcvbn/scoring"
)

func TestZxcvbnDataMatchesUpstream(t *testing.T) {
	lists := frequency.Lists()
	if len(lists) != len(upfrequency.Lists) {
		t.Errorf("%d frequency lists, upstream %d", len(lists), len(upfrequency.Lists))
	}
	for name, l := range lists {
		up := upfrequency.Lists[name]
		if l.Name != up.Name || len(l.List) == 0 || !slices.Equal(l.List, up.List) {
			t.Errorf("frequency list %s (%d words) differs from upstream's (%d words)", name, len(l.List), len(up.List))
		}
	}
	graphs := adjacency.GraphMap()
	if len(graphs) != len(upadjacency.GraphMap) {
		t.Errorf("%d adjacency graphs, upstream %d", len(graphs), len(upadjacency.GraphMap))
	}
	for name, g := range graphs {
		up := upadjacency.GraphMap[name]
		if g.Name != up.Name || len(g.Graph) == 0 || !reflect.DeepEqual(g.Graph, up.Graph) || !sameFloat(g.CalculateAvgDegree(), up.CalculateAvgDegree()) {
			t.Errorf("adjacency graph %s differs from upstream's", name)
		}
	}
}

// FuzzStrengthMatchesUpstream: for any password and user inputs, the copy
// finds the same matches as upstream zxcvbn-go, scores them the same, and
// Strength's score and guesses are those of upstream's matches. Upstream
// orders its dictionaries by map iteration, so matches are compared as sets.
func FuzzStrengthMatchesUpstream(f *testing.F) {
	for _, s := range [][2]string{
		{"", ""}, {"password", ""}, {"Password1", ""}, {"PASSWORD", ""},
		{"P@ssw0rd1990", ""}, {"Tr0ub4dor&3", ""}, {"h0rs3r4d1sh", ""},
		{"correcthorsebatterystaple", ""}, {"iloveyou", ""}, {"trustno1", ""},
		{"monkey123", ""}, {"dragon!!", ""}, {"qwerty123", ""},
		{"qwertyuiop", ""}, {"1qaz2wsx", ""}, {"zxcvbnm,./", ""},
		{"QWErty", ""}, {"7894561230", ""}, {"147258369", ""}, {"aoeuidhtns", ""},
		{"11/12/1990", ""}, {"1990-12-11", ""}, {"19901211", ""},
		{"jennifer1", ""}, {"smithjones", ""}, {"michaelJordan23", ""},
		{"aaaaaaa", ""}, {"abcdefg", ""}, {"9876543210", ""}, {"ZYXWVU", ""},
		{"kX9#mQ2$vL7@pR4!", ""}, {"éü€😀 naïve", ""}, {"\xff\xfe", ""},
		{strings.Repeat("4@8({[<3&6!|1+7%2$5", 4), ""},
		{"octopusgarden", "Octopus garden"}, {"alice1985!", "alice example.com"},
	} {
		f.Add(s[0], s[1])
	}
	upFilterL33t := func(m match.Matcher) bool { return m.ID != upmatching.L33TMatcherName }
	f.Fuzz(func(t *testing.T, pw, user string) {
		// What Strength analyses: MaxAnalyzed characters, maxL33t for
		// l33t. Longer inputs only make the fuzzer slow.
		pw = cut(pw, MaxAnalyzed)
		l33t := cut(pw, maxL33t)
		inputs := strings.Fields(user)

		got := matching.Omnimatch(pw, inputs, matching.FilterL33tMatcher)
		want := upmatching.Omnimatch(pw, inputs, upmatching.FilterL33tMatcher)
		sameMatchSets(t, "matches", got, want)
		gotL33t := matching.Omnimatch(l33t, nil, onlyL33t)
		wantL33t := upmatching.Omnimatch(l33t, nil, upFilterL33t)
		sameMatchSets(t, "l33t matches", gotL33t, wantL33t)

		// Scoring the same matches.
		all := append(got, gotL33t...)
		g := scoring.MinimumEntropyMatchSequence(pw, all)
		w := upscoring.MinimumEntropyMatchSequence(pw, all)
		if g.Password != w.Password || !sameFloat(g.Entropy, w.Entropy) || !sameFloat(g.CrackTime, w.CrackTime) ||
			g.CrackTimeDisplay != w.CrackTimeDisplay || g.Score != w.Score || g.CalcTime != w.CalcTime ||
			!slices.Equal(matchKeys(g.MatchSequence), matchKeys(w.MatchSequence)) {
			t.Fatalf("%q: scoring %+v, upstream %+v", pw, g, w)
		}

		// Strength against upstream's own matches (the minimum entropy
		// does not depend on their order).
		up := upscoring.MinimumEntropyMatchSequence(pw, append(want, wantL33t...))
		r := Strength(pw, 0, inputs...)
		if r.Score != up.Score || r.GuessesLog10 != up.Entropy*math.Log10(2) {
			t.Fatalf("%q %q: score %d, log10 guesses %v; upstream %d, %v", pw, inputs, r.Score, r.GuessesLog10, up.Score, up.Entropy*math.Log10(2))
		}
	})
}

func cut(s string, n int) string {
	if utf8.RuneCountInString(s) > n {
		return string([]rune(s)[:n])
	}
	return s
}

func sameMatchSets(t *testing.T, what string, got, want []match.Match) {
	t.Helper()
	g, w := matchKeys(got), matchKeys(want)
	slices.Sort(g)
	slices.Sort(w)
	if !slices.Equal(g, w) {
		t.Fatalf("%s differ from upstream:\n%s\nupstream:\n%s", what, strings.Join(g, "\n"), strings.Join(w, "\n"))
	}
}

// matchKeys describes matches exactly (entropies by their bits, so that NaN
// equals NaN).
func matchKeys(ms []match.Match) []string {
	keys := make([]string, len(ms))
	for i, m := range ms {
		keys[i] = fmt.Sprintf("%d-%d %q %q %q %#x", m.I, m.J, m.Pattern, m.DictionaryName, m.Token, math.Float64bits(m.Entropy))
	}
	return keys
}

func sameFloat(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

// The copy builds nothing at process start: no package of this module
// allocates more than a little at init (upstream's frequency allocates
// 10 MB, matching 8 MB). Runs this test binary again, with no tests, under
// GODEBUG=inittrace=1.
func TestZxcvbnLoadsLazily(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	line := regexp.MustCompile(`(?m)^init (github\.com/passtea/passtea/\S+) @.*?, (\d+) bytes`)
	found := false
	for _, m := range line.FindAllStringSubmatch(string(out), -1) {
		found = found || strings.HasPrefix(m[1], "github.com/passtea/passtea/generator/internal/zxcvbn/")
		if n, _ := strconv.Atoi(m[2]); n > 64<<10 {
			t.Errorf("init of %s allocates %d bytes", m[1], n)
		}
	}
	if !found {
		t.Fatalf("no init trace of the zxcvbn copy in:\n%s", out)
	}
}

// The generator does not import the upstream packages whose init is costly.
func TestNoUpstreamZxcvbnInit(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	out, err := exec.Command(gobin, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	allowed := []string{"data", "match", "utils/math"} // no init cost
	for _, p := range strings.Fields(string(out)) {
		sub, ok := strings.CutPrefix(p, "github.com/ccojocar/zxcvbn-go")
		if ok && !slices.Contains(allowed, strings.TrimPrefix(sub, "/")) {
			t.Errorf("generator imports %s, whose init builds dictionaries", p)
		}
	}
}

// Warm and Strength may run at the same time, also while the first call
// builds the dictionaries (go test -race -run TestWarmConcurrent).
func TestWarmConcurrent(t *testing.T) {
	const pw = "P@ssw0rd1990"
	reports := make([]Report, 8)
	var wg sync.WaitGroup
	for i := range reports {
		wg.Go(func() {
			if i%2 == 0 {
				Warm()
			}
			reports[i] = Strength(pw, 0)
		})
	}
	wg.Wait()
	want := Strength(pw, 0)
	for _, r := range reports {
		if !reportsEqual(r, want) {
			t.Errorf("%+v, want %+v", r, want)
		}
	}
}
