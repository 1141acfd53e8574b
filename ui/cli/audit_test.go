package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/passtea/passtea/generator/strength/hibp"
	"github.com/passtea/passtea/ui/breachlist"
	"github.com/passtea/passtea/vault"
)

// The Pwned Passwords test lists of package hibp, built from the real
// SHA-1s of "password", "123456", "qwerty", "letmein", "iloveyou",
// "P@ssw0rd", "Tr0ub4dor&3", "correct horse battery staple" and
// "passtea-breached-test" (made-up counts) and 300 fillers.
var testHIBPFile = filepath.Join("..", "..", "generator", "strength", "hibp", "testdata", "pwned-sha1.txt")

// rangesFor writes the test list as a directory of range files (the
// downloader's other layout) holding 00000.txt and the ranges of the
// passwords given, and returns its path.
func rangesFor(t *testing.T, passwords ...string) string {
	t.Helper()
	b, err := os.ReadFile(testHIBPFile)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ranges := map[string]*strings.Builder{"00000": {}}
	for _, pw := range passwords {
		ranges[hibp.HashOf(pw).Prefix()] = &strings.Builder{}
	}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\r\n") {
		if r := ranges[line[:5]]; r != nil {
			r.WriteString(line[5:] + "\n")
		}
	}
	for prefix, r := range ranges {
		writeTestFile(t, dir, prefix+".txt", r.String())
	}
	return dir
}

// plantedPasswords are the entries of the audit test vault: name,
// password, and the findings audit must report.
var plantedPasswords = []struct {
	name, password string
	old            bool
	want           []string
}{
	{"clean/one", "vG7#qL2!xW9$mR4&tZ8k", false, nil},
	{"clean/two", "hT5#nV9!cX3@pL7$wQ2m", false, nil},
	{"weak/common", "sunshine1", false, []string{"weak"}},
	{"weak/short", "qzkvjwmxtrbd", false, []string{"weak"}},
	{"reused/mail", "Qm4!zR8@wT2#kP6$yB3n", false, []string{"reused"}},
	{"reused/shop", "Qm4!zR8@wT2#kP6$yB3n", false, []string{"reused"}},
	{"reused/bank", "Qm4!zR8@wT2#kP6$yB3n", false, []string{"reused"}},
	{"old/forum", "bN8$rK3!mF6#zS1@dJ4q", true, []string{"old"}},
	{"breached/phrase", "correct horse battery staple", false, []string{"breached"}},
	{"breached/test", "passtea-breached-test", false, []string{"breached"}},
	{"breached/weak-old", "P@ssw0rd", true, []string{"breached", "old", "weak"}},
	{"missing", "", false, []string{"missing"}},
}

// auditVault makes a vault holding plantedPasswords (old ones created two
// years ago) and an entry in the trash, which audit must skip.
func auditVault(t *testing.T) *testVault {
	t.Helper()
	v := newTestVault(t)
	vt, err := vault.Open(v.path, []byte(testMaster), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer vt.Lock()
	var items []vault.NewEntry
	for _, p := range plantedPasswords {
		it := vault.NewEntry{Name: p.name, Secret: vault.Secret{Password: p.password}}
		if p.old {
			it.Created = time.Now().Add(-2 * 365 * 24 * time.Hour)
			it.Modified = it.Created
		}
		items = append(items, it)
		v.secret(p.password)
	}
	items = append(items, vault.NewEntry{Name: "trash/weak", Secret: vault.Secret{Password: "123456"}})
	if err := vt.AddMany(items); err != nil {
		t.Fatal(err)
	}
	trash, err := vt.Get("trash/weak")
	if err != nil {
		t.Fatal(err)
	}
	if err := vt.Delete(trash.ID); err != nil {
		t.Fatal(err)
	}
	return v
}

// auditRun runs passtea on v with XDG_CONFIG_HOME set to config, where the
// remembered list lives, and checks that no password reaches stdout or
// stderr.
func auditRun(v *testVault, config string, args ...string) cliResult {
	v.t.Helper()
	full := append([]string{"--vault", v.path, "--password-file", v.pwFile}, args...)
	r := runCLI(v.t, cliEnv{vars: map[string]string{"XDG_CONFIG_HOME": config}}, full...)
	noSecretsIn(v.t, "stderr of passtea "+strings.Join(args, " "), r.stderr, v.secrets...)
	for _, s := range v.secrets {
		// Passwords of entries never reach stdout (the master password and
		// the entries' are in v.secrets; "" never matches).
		if s != "" && strings.Contains(r.stdout, s) && !slices.Contains([]string{"missing"}, s) {
			v.t.Errorf("stdout of passtea %s holds a secret: %q", strings.Join(args, " "), r.stdout)
		}
	}
	return r
}

func decodeAudit(t *testing.T, r cliResult) auditJSON {
	t.Helper()
	var out auditJSON
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&out); err != nil {
		t.Fatalf("audit --json: %v\n%s", err, r.stdout)
	}
	return out
}

// findingsByName maps each entry with findings to their sorted names.
func findingsByName(out auditJSON) map[string][]string {
	got := map[string][]string{}
	for _, r := range out.Results {
		for _, f := range r.Findings {
			got[r.Name] = append(got[r.Name], f.Finding)
		}
		slices.Sort(got[r.Name])
	}
	return got
}

// audit finds every planted weak, reused, old, breached and missing
// password, and nothing else.
func TestAuditFindsPlanted(t *testing.T) {
	v := auditVault(t)
	config := t.TempDir()
	var passwords []string
	for _, p := range plantedPasswords {
		passwords = append(passwords, p.password)
	}
	for _, list := range []string{testHIBPFile, rangesFor(t, passwords...)} {
		r := auditRun(v, config, "audit", "--json", "--hibp", list)
		wantCode(t, r, exitFindings)
		out := decodeAudit(t, r)
		want := map[string][]string{}
		for _, p := range plantedPasswords {
			if p.want != nil {
				want[p.name] = p.want
			}
		}
		if got := findingsByName(out); !equalFindings(got, want) {
			t.Errorf("%s: findings\n%v\nwant\n%v", list, got, want)
		}
		if out.Entries != len(plantedPasswords) || out.Found != len(want) || out.BreachList != "offline" || out.MaxAgeDays != 365 || out.Accepted != 0 {
			t.Errorf("%s: summary %+v", list, out)
		}
	}
}

func equalFindings(a, b map[string][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !slices.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

// The JSON gives each finding its details, most severe entries first.
func TestAuditJSONShape(t *testing.T) {
	v := auditVault(t)
	r := auditRun(v, t.TempDir(), "audit", "--json", "--hibp", testHIBPFile)
	var raw map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"entries", "found", "accepted", "breach_list", "max_age_days", "results"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("no %q in %s", k, r.stdout)
		}
	}
	out := decodeAudit(t, r)
	rank := map[string]int{"high": 3, "medium": 2, "low": 1}
	for i, res := range out.Results {
		if i > 0 && rank[res.Severity] > rank[out.Results[i-1].Severity] {
			t.Errorf("results not most severe first: %s after %s", res.Name, out.Results[i-1].Name)
		}
		if _, err := vault.ParseID(res.ID); err != nil || res.Accepted == nil {
			t.Errorf("%s: id %q, accepted %v", res.Name, res.ID, res.Accepted)
		}
		for _, f := range res.Findings {
			switch f.Finding {
			case "breached":
				if f.Count <= 0 || f.Severity != "high" {
					t.Errorf("%s: %+v", res.Name, f)
				}
			case "reused":
				if len(f.ReusedWith) != 2 || slices.Contains(f.ReusedWith, res.Name) || !strings.HasPrefix(f.ReusedWith[0], "reused/") {
					t.Errorf("%s: reused with %v", res.Name, f.ReusedWith)
				}
			case "weak":
				if f.Score == nil || (res.Name == "weak/short") != (f.AlphabetBits > 0) {
					t.Errorf("%s: %+v", res.Name, f)
				}
			case "old":
				if f.Changed == nil || time.Since(*f.Changed) < 365*24*time.Hour || f.Severity != "low" {
					t.Errorf("%s: %+v", res.Name, f)
				}
			}
		}
	}
}

// The table lists severity, entry and findings, and sums up.
func TestAuditTable(t *testing.T) {
	v := auditVault(t)
	r := auditRun(v, t.TempDir(), "audit", "--hibp", testHIBPFile)
	wantCode(t, r, exitFindings)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if !regexp.MustCompile(`^SEVERITY +ENTRY +FINDINGS$`).MatchString(lines[0]) {
		t.Errorf("header %q", lines[0])
	}
	for _, want := range []string{
		`high +breached/phrase +breached \(seen 400 times\)`,
		`high +breached/test +breached \(seen once\)`,
		`high +breached/weak-old +breached \(seen 98,000 times\); weak \(very weak, 0 of 4: .*\); old \(unchanged since \d{4}-\d\d-\d\d\)`,
		`high +reused/bank +reused \(also reused/mail, reused/shop\)`,
		`high +weak/common +weak \(weak, 1 of 4: this is a very common password\)`,
		`medium +weak/short +weak \(56 bits: too short for its characters\)`,
		`low +missing +missing \(no password\)`,
		`low +old/forum +old \(unchanged since`,
	} {
		if !regexp.MustCompile("(?m)^" + want).MatchString(r.stdout) {
			t.Errorf("no line like %q in\n%s", want, r.stdout)
		}
	}
	if last := lines[len(lines)-1]; last != "10 of 12 entries have findings: 7 high, 1 medium, 2 low." {
		t.Errorf("summary %q", last)
	}
	if strings.Contains(r.stdout, "clean/") || strings.Contains(r.stdout, "trash/") {
		t.Errorf("clean or deleted entries listed:\n%s", r.stdout)
	}
}

// Exit status 0 when nothing is found, 3 when something is, 1 on failure,
// 2 for usage.
func TestAuditExitStatus(t *testing.T) {
	v := newTestVault(t)
	v.add("clean", "vG7#qL2!xW9$mR4&tZ8k")
	config := t.TempDir()
	r := auditRun(v, config, "audit")
	wantCode(t, r, 0)
	if want := "No findings in 1 entry. Breached passwords were not checked: give a Pwned Passwords list with --hibp FILE, or use --online.\n"; r.stdout != want {
		t.Errorf("stdout %q, want %q", r.stdout, want)
	}
	r = auditRun(v, config, "audit", "--hibp", testHIBPFile)
	wantCode(t, r, 0)
	if r.stdout != "No findings in 1 entry.\n" {
		t.Errorf("stdout %q", r.stdout)
	}
	v.add("weak", "sunshine1")
	wantCode(t, auditRun(v, config, "audit"), exitFindings)

	notAList := writeTestFile(t, t.TempDir(), "list.txt", "this is not a list\n")
	wantOneLineError(t, auditRun(v, t.TempDir(), "audit", "--hibp", notAList), 1)
	wantOneLineError(t, auditRun(v, t.TempDir(), "audit", "--hibp", filepath.Join(t.TempDir(), "none.txt")), 1)
	for _, args := range [][]string{
		{"audit", "--online", "--hibp", testHIBPFile},
		{"audit", "--max-age", "soon"},
		{"audit", "--max-age", "-3d"},
		{"audit", "extra"},
		{"audit", "--accept", "weak"},
		{"audit", "--accept", "weak", "bogus"},
		{"audit", "--accept", "--unaccept", "weak", "weak"},
		{"audit", "--accept", "weak", "weak", "--json"},
	} {
		wantOneLineError(t, auditRun(v, config, args...), 2)
	}
	wantOneLineError(t, auditRun(v, config, "audit", "--accept", "nobody", "weak"), 1)
}

// --max-age decides which passwords are old; 0 turns the check off.
func TestAuditMaxAge(t *testing.T) {
	v := auditVault(t)
	config := t.TempDir()
	old := func(args ...string) []string {
		t.Helper()
		out := decodeAudit(t, auditRun(v, config, append([]string{"audit", "--json"}, args...)...))
		var names []string
		for name, fs := range findingsByName(out) {
			if slices.Contains(fs, "old") {
				names = append(names, name)
			}
		}
		slices.Sort(names)
		return names
	}
	if got := old("--max-age", "3y"); len(got) != 0 {
		t.Errorf("--max-age 3y: old %v", got)
	}
	if got := old("--max-age", "0"); len(got) != 0 {
		t.Errorf("--max-age 0: old %v", got)
	}
	if got := old("--max-age", "700d"); !slices.Equal(got, []string{"breached/weak-old", "old/forum"}) {
		t.Errorf("--max-age 700d: old %v", got)
	}
	if got := old("--max-age", "1ns"); len(got) != len(plantedPasswords)-1 {
		t.Errorf("--max-age 1ns: old %v, want every entry with a password", got)
	}
}

// Accepted findings are kept in the vault and no longer reported;
// --unaccept reports them again.
func TestAuditAccept(t *testing.T) {
	v := auditVault(t)
	config := t.TempDir()
	r := auditRun(v, config, "audit", "--accept", "weak/common", "weak")
	wantCode(t, r, 0)
	wantStderr(t, r, "weak/common: weak accepted")
	if got := v.contents(testMaster)["weak/common"].Accepted; !slices.Equal(got, []string{"weak"}) {
		t.Errorf("accepted in the vault: %v", got)
	}
	wantStderr(t, auditRun(v, config, "audit", "--accept", "weak/common", "weak"), "already accepted")
	out := decodeAudit(t, auditRun(v, config, "audit", "--json"))
	if _, listed := findingsByName(out)["weak/common"]; listed || out.Accepted != 1 {
		t.Errorf("accepted weak still reported: %v, accepted %d", findingsByName(out)["weak/common"], out.Accepted)
	}
	// Accepting one finding leaves the others reported.
	wantCode(t, auditRun(v, config, "audit", "--accept", "breached/weak-old", "old"), 0)
	out = decodeAudit(t, auditRun(v, config, "audit", "--json", "--hibp", testHIBPFile))
	for _, res := range out.Results {
		if res.Name == "breached/weak-old" && !slices.Equal(res.Accepted, []string{"old"}) {
			t.Errorf("breached/weak-old accepted %v, want old", res.Accepted)
		}
	}
	if got := findingsByName(out)["breached/weak-old"]; !slices.Equal(got, []string{"breached", "weak"}) {
		t.Errorf("breached/weak-old findings %v", got)
	}
	r = auditRun(v, config, "audit", "--unaccept", "weak/common", "weak")
	wantCode(t, r, 0)
	wantStderr(t, r, "reported again")
	out = decodeAudit(t, auditRun(v, config, "audit", "--json"))
	if got := findingsByName(out)["weak/common"]; !slices.Equal(got, []string{"weak"}) {
		t.Errorf("after --unaccept: %v", got)
	}
	wantStderr(t, auditRun(v, config, "audit", "--unaccept", "weak/common", "weak"), "already reported")
}

// --hibp is remembered for later audits, until --hibp none.
func TestAuditRemembersList(t *testing.T) {
	v := auditVault(t)
	config := t.TempDir()
	breached := func(r cliResult) int {
		t.Helper()
		n := 0
		for _, fs := range findingsByName(decodeAudit(t, r)) {
			if slices.Contains(fs, "breached") {
				n++
			}
		}
		return n
	}
	r := auditRun(v, config, "audit", "--json", "--hibp", testHIBPFile)
	wantStderr(t, r, "remembered")
	if breached(r) != 3 {
		t.Errorf("with --hibp: %d breached", breached(r))
	}
	r = auditRun(v, config, "audit", "--json")
	if breached(r) != 3 || strings.Contains(r.stderr, "remembered") || decodeAudit(t, r).BreachList != "offline" {
		t.Errorf("with the remembered list: %d breached, stderr %q", breached(r), r.stderr)
	}
	abs, _ := filepath.Abs(testHIBPFile)
	if b, _ := os.ReadFile(filepath.Join(config, "passtea", "hibp-list")); string(b) != abs+"\n" {
		t.Errorf("setting holds %q, want %q", b, abs)
	}
	r = auditRun(v, config, "audit", "--json", "--hibp", "none")
	if breached(r) != 0 || decodeAudit(t, r).BreachList != "none" {
		t.Errorf("after --hibp none: %d breached", breached(r))
	}
	if r = auditRun(v, config, "audit", "--json"); breached(r) != 0 {
		t.Errorf("forgotten list still used")
	}
	// A remembered list that went away is an error that says what to do.
	moved := filepath.Join(t.TempDir(), "pwned.txt")
	b, _ := os.ReadFile(testHIBPFile)
	writeTestFile(t, filepath.Dir(moved), "pwned.txt", string(b))
	wantCode(t, auditRun(v, config, "audit", "--hibp", moved), exitFindings)
	os.Remove(moved)
	r = auditRun(v, config, "audit")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "--hibp none")
}

// New master passwords are checked against the remembered list.
func TestMasterPasswordBreachedWithRememberedList(t *testing.T) {
	config := t.TempDir()
	dir := t.TempDir()
	breachedMaster := writeTestFile(t, dir, "master", "correct horse battery staple\n")
	init := func(name string) cliResult {
		return runCLI(t, cliEnv{vars: map[string]string{"XDG_CONFIG_HOME": config}},
			append([]string{"--vault", filepath.Join(dir, name), "--password-file", breachedMaster, "init"}, cheapKDF...)...)
	}
	wantCode(t, init("before.passtea"), 0) // no list yet: it passes the other checks
	inConfig := func(k string) string { return map[string]string{"XDG_CONFIG_HOME": config}[k] }
	if _, _, err := breachlist.Remember(inConfig, testHIBPFile); err != nil {
		t.Fatal(err)
	}
	r := init("after.passtea")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "breached passwords")
	// A remembered list that is gone is a warning, not a refusal.
	if _, _, err := breachlist.Remember(inConfig, filepath.Join(dir, "gone.txt")); err != nil {
		t.Fatal(err)
	}
	r = init("gone.passtea")
	wantCode(t, r, 0)
	wantStderr(t, r, "warning: not checking the list of breached passwords")
}

// --online asks the range API (here a local server) for 5 hex digits per
// distinct password and says so first.
func TestAuditOnline(t *testing.T) {
	v := auditVault(t)
	var mu sync.Mutex
	var asked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.URL.RequestURI())
		mu.Unlock()
		h := hibp.HashOf("correct horse battery staple").String()
		if r.URL.Path == "/range/"+h[:5] {
			fmt.Fprintf(w, "%s:12\r\n", h[5:])
		}
		fmt.Fprintf(w, "%035X:0\r\n", 7)
	}))
	defer srv.Close()
	var stdout, stderr bytes.Buffer
	e := &env{stdout: &stdout, stderr: &stderr, getenv: func(k string) string {
		return map[string]string{"HOME": t.TempDir()}[k]
	}}
	err := runAudit(context.Background(), e, &globals{vaultPath: v.path, passwordFile: v.pwFile},
		auditOptions{online: true, json: true, maxAge: ageValue(365 * 24 * time.Hour), hibpURL: srv.URL})
	if status, ok := err.(*exitStatus); !ok || status.code != exitFindings {
		t.Fatalf("err %v", err)
	}
	if !strings.Contains(stderr.String(), "the first 5 hex characters of its SHA-1 go to "+srv.URL) ||
		!strings.Contains(stderr.String(), "asked the Pwned Passwords API about 9 passwords") {
		t.Errorf("stderr %q", stderr.String())
	}
	if len(asked) != 9 { // 12 entries: one without a password, three sharing one
		t.Errorf("%d requests: %v", len(asked), asked)
	}
	for _, a := range asked {
		if !regexp.MustCompile(`^/range/[0-9A-F]{5}$`).MatchString(a) {
			t.Errorf("asked %q", a)
		}
	}
	var out auditJSON
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	got := findingsByName(out)
	if !slices.Equal(got["breached/phrase"], []string{"breached"}) || slices.Contains(got["breached/test"], "breached") || out.BreachList != "online" {
		t.Errorf("online findings %v (%s)", got, out.BreachList)
	}
}

func TestAgeValue(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"90d": 90 * 24 * time.Hour, "26w": 26 * 7 * 24 * time.Hour, "1y": 365 * 24 * time.Hour,
		"1.5y": 547*24*time.Hour + 12*time.Hour, "2160h": 2160 * time.Hour, "0": 0, "off": 0,
	} {
		var a ageValue
		if err := a.Set(in); err != nil || time.Duration(a) != want {
			t.Errorf("Set(%q) = %v, %v; want %v", in, time.Duration(a), err, want)
		}
	}
	for _, in := range []string{"", "d", "x", "3x", "-1d", "-5h", "1e9y"} {
		var a ageValue
		if err := a.Set(in); err == nil {
			t.Errorf("Set(%q) accepted", in)
		}
	}
	a := ageValue(365 * 24 * time.Hour)
	if a.String() != "365d" {
		t.Errorf("String %q", a.String())
	}
}

// Stored text a terminal would act on is quoted in the table.
func TestAuditText(t *testing.T) {
	for in, want := range map[string]string{
		"work/github":   "work/github",
		"bank\u202egro": `"bank\u202egro"`,
		"a\x1b]0;x\x07": `"a\x1b]0;x\a"`,
		"naïve café":    "naïve café",
	} {
		if got := auditText(in); got != want {
			t.Errorf("auditText(%q) = %s, want %s", in, got, want)
		}
	}
}
