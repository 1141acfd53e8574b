package tui

// Tests of the audit behind the badges and the audit screen: the planted
// findings and nothing else, accepting, cancelling, both stores.

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/passtea/passtea/audit"
	"github.com/passtea/passtea/generator/strength"
	"github.com/passtea/passtea/vault"
)

// auditHIBP is the Pwned Passwords test list of package hibp: real SHA-1s
// of "password", "123456", "qwerty", "letmein", "iloveyou", "P@ssw0rd",
// "Tr0ub4dor&3", "correct horse battery staple", "passtea-breached-test"
// (made-up counts) and 300 fillers.
var auditHIBP = filepath.Join("..", "..", "generator", "strength", "hibp", "testdata", "pwned-sha1.txt")

// planted are the entries of the audit's test vault, with the findings
// the audit must report and the badge the list must show.
var planted = []struct {
	name, password string
	old            bool
	want           []string
	badge          string
}{
	{"clean/one", "vG7#qL2!xW9$mR4&tZ8k", false, nil, ""},
	{"weak/common", "sunshine1", false, []string{"weak"}, "  W"},
	{"reused/mail", "Qm4!zR8@wT2#kP6$yB3n", false, []string{"reused"}, " R"},
	{"reused/shop", "Qm4!zR8@wT2#kP6$yB3n", false, []string{"reused"}, " R"},
	{"old/forum", "bN8$rK3!mF6#zS1@dJ4q", true, []string{"old"}, ""},
	{"breached/phrase", "correct horse battery staple", false, []string{"breached"}, "B"},
	{"breached/weak-old", "P@ssw0rd", true, []string{"breached", "weak", "old"}, "B W"},
	{"missing", "", false, []string{"missing"}, ""},
}

// auditConfig is a test configuration whose remembered breached-password
// list is a copy of auditHIBP in the test's directory (a relative path,
// the same in every golden), and a vault holding planted: the old ones
// made two years before the tests' time, and one in the trash, which the
// audit skips.
func auditConfig(t *testing.T) Config {
	t.Helper()
	list, err := os.ReadFile(auditHIBP)
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := testConfig(t)
	if err := os.WriteFile("pwned.txt", list, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg.BreachList = func() (string, error) { return "pwned.txt", nil }
	plantVault(t, cfg)
	return cfg
}

func plantVault(t testing.TB, cfg Config) {
	t.Helper()
	var items []vault.NewEntry
	for _, p := range planted {
		it := vault.NewEntry{Name: p.name, Secret: vault.Secret{Password: p.password}}
		if p.old {
			it.Created = testTime.AddDate(-2, 0, 0)
			it.Modified = it.Created
		}
		items = append(items, it)
	}
	items = append(items, vault.NewEntry{Name: "trash/weak", Secret: vault.Secret{Password: "123456"}})
	makeVault(t, cfg, items...)
	v, err := vault.Open(cfg.VaultPath, []byte(testMaster), cfg.VaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Lock()
	e, err := v.Get("trash/weak")
	if err == nil {
		err = v.Delete(e.ID)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// findingNames are the names of fs.
func findingNames(fs []audit.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Name)
	}
	return out
}

// badgeText is the letters of b, in their cells, without trailing spaces.
func badgeText(b badge) string {
	var sb strings.Builder
	for _, k := range badgeKinds {
		if b&k.bit != 0 {
			sb.WriteString(k.letter)
		} else {
			sb.WriteString(" ")
		}
	}
	return strings.TrimRight(sb.String(), " ")
}

// wantPlanted fails unless the report and the badges show exactly what
// was planted.
func wantPlanted(t *testing.T, a *App) {
	t.Helper()
	st := &a.c.audit
	if st.report == nil || st.running() {
		t.Fatalf("no report after the unlock (running %v, err %v)", st.running(), st.err)
	}
	if !st.report.BreachChecked || st.list != "pwned.txt" || st.listErr != nil {
		t.Errorf("breached passwords not checked against the list: %v, %q, %v", st.report.BreachChecked, st.list, st.listErr)
	}
	if len(st.report.Results) != len(planted) {
		t.Errorf("%d entries audited, want %d (the trash is skipped)", len(st.report.Results), len(planted))
	}
	live := a.list().live
	for _, p := range planted {
		i := slices.IndexFunc(live, func(e vault.Entry) bool { return e.Name == p.name })
		if i < 0 {
			t.Fatalf("%q not listed", p.name)
		}
		r, _ := st.report.Result(live[i].ID)
		if got := findingNames(r.Findings); !slices.Equal(got, p.want) {
			t.Errorf("%q: findings %v, want %v", p.name, got, p.want)
		}
		if got := badgeText(st.badge(live[i])); got != p.badge {
			t.Errorf("%q: badge %q, want %q", p.name, got, p.badge)
		}
	}
}

// noPlantedSecret fails if frame shows a planted password.
func noPlantedSecret(t *testing.T, frame string) {
	t.Helper()
	for _, p := range planted {
		if p.password != "" && strings.Contains(frame, p.password) {
			t.Fatalf("the frame shows the password of %q:\n%s", p.name, frame)
		}
	}
}

// The audit runs after the unlock, finds what was planted and nothing
// else, and the list shows the badges on the right rows.
func TestAuditFindsPlanted(t *testing.T) {
	cfg := auditConfig(t)
	a := unlockModel(t, cfg)
	wantPlanted(t, a)
	a = step(t, a, windowSize(120, 30))
	frame := plainFrame(a.render())
	noPlantedSecret(t, frame)
	for _, p := range planted {
		if p.badge == "" {
			continue
		}
		var line string
		for _, l := range strings.Split(frame, "\n") {
			if strings.Contains(l, " "+p.name+" ") {
				line = l
			}
		}
		if !strings.HasSuffix(line, " "+p.badge) {
			t.Errorf("the row of %q does not show %q: %q", p.name, p.badge, line)
		}
	}

	a = step(t, a, keys("a")...)
	if a.active != screenAudit {
		t.Fatalf("a opened %s, want the audit screen", a.active)
	}
	frame = plainFrame(a.render())
	noPlantedSecret(t, frame)
	for _, text := range []string{
		"7 of 8 entries with findings: 5 high, 2 low.",
		"checked offline against pwned.txt",
		"breached/phrase", "reused/shop", "seen 98,000 times in breaches",
		"the same password as 1 other entry: reused/mail", "weak, 1 of 4: this is a very common password",
		"unchanged for 2 years, since 2024-03-14", "no password",
	} {
		if !strings.Contains(frame, text) {
			t.Errorf("the audit screen does not show %q:\n%s", text, frame)
		}
	}
	// enter opens the entry of the row; esc comes back to the audit.
	a = step(t, a, keys("enter")...)
	if a.active != screenEntry || a.entryS().e.Name != "breached/phrase" {
		t.Fatalf("enter opened %s", a.active)
	}
	a = step(t, a, keys("esc")...)
	if a.active != screenAudit {
		t.Fatalf("esc from the entry went to %s, want the audit", a.active)
	}
	a = step(t, a, keys("esc")...)
	if a.active != screenEntries {
		t.Fatalf("esc from the audit went to %s, want the list", a.active)
	}
}

// selectFinding moves the audit screen's cursor to the finding of name.
func selectFinding(t *testing.T, a *App, name, finding string) *App {
	t.Helper()
	au := a.screens[screenAudit].(*auditScreen)
	for i, r := range au.rows {
		if r.entry.Name == name && r.finding.Name == finding {
			au.cursor = i
			return a
		}
	}
	t.Fatalf("no row for %s of %s", finding, name)
	return a
}

// storedAccepted reads what the vault file holds of the entry's accepted
// findings.
func storedAccepted(t *testing.T, cfg Config, name string) []string {
	t.Helper()
	v, err := vault.Open(cfg.VaultPath, []byte(testMaster), cfg.VaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Lock()
	e, err := v.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	return e.Accepted
}

// a accepts the selected finding, in the vault; a again reports it again.
func TestAuditAcceptAndUnaccept(t *testing.T) {
	cfg := auditConfig(t)
	a := unlockModel(t, cfg)
	a = step(t, a, keys("a")...)
	a = selectFinding(t, a, "breached/weak-old", audit.Weak)
	report := a.c.audit.report
	a = step(t, a, keys("a")...)
	if got := storedAccepted(t, cfg, "breached/weak-old"); !slices.Equal(got, []string{"weak"}) {
		t.Fatalf("stored accepted findings %v, want [weak]", got)
	}
	if a.c.audit.report != report {
		t.Error("accepting ran a new audit; the report should change in place")
	}
	e, _ := a.c.vault.Get("breached/weak-old")
	if got := badgeText(a.c.audit.badge(e)); got != "B" {
		t.Errorf("badge after accepting weak: %q, want %q", got, "B")
	}
	r, _ := a.c.audit.report.Result(e.ID)
	if got := findingNames(r.Findings); !slices.Equal(got, []string{"breached", "old"}) {
		t.Errorf("findings after accepting weak: %v", got)
	}
	a.statusKind = statusInfo
	frame := plainFrame(a.render())
	if !strings.Contains(frame, "; 1 accepted.") || !strings.Contains(frame, "Accepted") {
		t.Errorf("the accepted finding is not shown as such:\n%s", frame)
	}

	// The cursor stayed on the finding, now under Accepted: a reports it
	// again.
	au := a.screens[screenAudit].(*auditScreen)
	if sel, _ := au.selected(); !sel.accepted || sel.finding.Name != audit.Weak {
		t.Fatalf("selected after accepting: %+v", sel)
	}
	if h := au.keys.Accept.Help(); h.Desc != "report again" {
		t.Errorf("a's help on an accepted finding: %q", h.Desc)
	}
	a = step(t, a, keys("a")...)
	if got := storedAccepted(t, cfg, "breached/weak-old"); len(got) != 0 {
		t.Fatalf("stored accepted findings %v after reporting again", got)
	}
	e, _ = a.c.vault.Get("breached/weak-old")
	if got := badgeText(a.c.audit.badge(e)); got != "B W" {
		t.Errorf("badge after reporting weak again: %q", got)
	}
	if !strings.Contains(a.status, "weak is reported again for breached/weak-old") {
		t.Errorf("status %q", a.status)
	}
}

// An entry changed since the audit is not touched (IfRevision).
func TestAuditAcceptChangedEntry(t *testing.T) {
	cfg := auditConfig(t)
	a := unlockModel(t, cfg)
	a = step(t, a, keys("a")...)
	a = selectFinding(t, a, "weak/common", audit.Weak)
	e, _ := a.c.vault.Get("weak/common")
	user := "changed elsewhere"
	if _, err := a.c.vault.Edit(e.ID, vault.Change{Username: &user}); err != nil {
		t.Fatal(err)
	}
	a = step(t, a, keys("a")...)
	if a.statusKind != statusErr || !strings.Contains(a.status, "changed since the audit; r audits again") {
		t.Errorf("status %q", a.status)
	}
	if got := storedAccepted(t, cfg, "weak/common"); len(got) != 0 {
		t.Errorf("stored accepted %v for an entry changed since the audit", got)
	}
}

// A save runs a new audit; until it ends, a changed entry shows no badge.
func TestAuditAfterSave(t *testing.T) {
	cfg := auditConfig(t)
	a := unlockModel(t, cfg)
	a = step(t, a, keys("down", "down", "down", "down", "down", "down", "down")...)
	if e, _ := a.list().current(); e.Name != "weak/common" {
		t.Fatalf("on %q", e.Name)
	}
	a = step(t, a, keys("e")...)
	a.form().setPassword("Zt9!pW3#vK7$qM2@xR5n")
	gen := a.c.audit.gen
	a = step(t, a, keys("ctrl+s")...)
	if a.c.audit.gen == gen {
		t.Fatal("no new audit after a save")
	}
	e, _ := a.c.vault.Get("weak/common")
	if r, _ := a.c.audit.report.Result(e.ID); len(r.Findings) != 0 || a.c.audit.badge(e) != 0 {
		t.Errorf("after a strong password: findings %v, badge %q", findingNames(r.Findings), badgeText(a.c.audit.badge(e)))
	}
}

// The audit run the screen asked for (r) stops when the screen is left,
// and a lock stops any; their late results are dropped. An audit started
// for the badges goes on when the screen is left.
func TestAuditCancelled(t *testing.T) {
	cfg := auditConfig(t)
	a := unlockModel(t, cfg)
	a = step(t, a, keys("a")...)
	report := a.c.audit.report

	// r: read the secrets, then leave before the check ends.
	check := readAll(t, a, keyMsg("r"))
	run := a.c.audit.run
	if run == nil || !run.asked || !run.checking {
		t.Fatalf("no check under way after r: %+v", run)
	}
	if f := plainFrame(a.render()); !strings.Contains(f, "auditing 8 entries… 0.0 s") || strings.Contains(f, "audit again") {
		t.Errorf("the audit under way is not shown, or r still offered:\n%s", f)
	}
	a = step(t, a, keys("esc")...)
	if a.c.audit.running() || run.ctx.Err() == nil {
		t.Fatal("leaving the audit screen did not cancel its audit")
	}
	for _, msg := range runCmd(check) {
		if m, ok := msg.(auditDoneMsg); !ok || !errors.Is(m.err, context.Canceled) {
			t.Errorf("the cancelled check ended with %#v", msg)
		}
		a.Update(msg)
	}
	if a.c.audit.report != report {
		t.Error("a cancelled audit replaced the report")
	}

	// A run for the badges (after a change) goes on when the screen that
	// showed it is left.
	a = step(t, a, keys("a")...)
	a.c.audit.revs = nil // as if an entry changed
	a.list().setEntries(slices.Clone(a.list().live))
	check = readAll(t, a, tea.WindowSizeMsg{Width: 80, Height: 24})
	if run = a.c.audit.run; run == nil || run.asked {
		t.Fatalf("no audit for the badges: %+v", run)
	}
	a = step(t, a, keys("esc")...)
	if !a.c.audit.running() {
		t.Fatal("leaving the audit screen cancelled the audit for the badges")
	}

	// A lock stops it, and forgets the report.
	a = step(t, a, keys("L")...)
	if a.c.audit.running() || run.ctx.Err() == nil || a.c.audit.report != nil {
		t.Fatal("the lock did not stop the audit and drop the report")
	}
	for _, msg := range runCmd(check) {
		a.Update(msg)
	}
	if a.c.audit.report != nil {
		t.Error("a late result came back after the lock")
	}
}

// readAll sends msg, runs the slices of reads that follow, and returns the
// check's command without running it.
func readAll(t *testing.T, a *App, msg tea.Msg) tea.Cmd {
	t.Helper()
	_, cmd := a.Update(msg)
	for range 100 {
		if a.c.audit.run == nil || a.c.audit.run.checking {
			return cmd
		}
		var next tea.Cmd
		for _, m := range runCmd(cmd) {
			if _, ok := m.(auditReadMsg); !ok {
				t.Fatalf("%T while reading", m)
			}
			_, c := a.Update(m)
			next = tea.Batch(next, c)
		}
		cmd = next
	}
	t.Fatal("the reads do not end")
	return nil
}

// The audit works on the agent's copy too (a Store that is not a
// *vault.Vault).
func TestAuditThroughTheAgent(t *testing.T) {
	cfg, _ := testConfig(t)
	heldBy(t, &cfg)
	a := New(cfg)
	a = step(t, a, append(runCmd(a.Init()), windowSize(80, 24))...)
	if _, ok := a.c.vault.(agentCopy); !ok {
		t.Fatalf("not opened through the agent: %T", a.c.vault)
	}
	rep := a.c.audit.report
	if rep == nil || len(rep.Results) != len(sampleEntries()) {
		t.Fatalf("report %+v", rep)
	}
	reused := 0
	for _, e := range a.list().live {
		if a.c.audit.badge(e) == badgeReused {
			reused++
		}
	}
	if reused != 4 {
		t.Errorf("%d entries with the reused badge, want 4", reused)
	}
	if rep.BreachChecked {
		t.Error("breached passwords checked without a list")
	}
	a = step(t, a, keys("a")...)
	if f := plainFrame(a.render()); !strings.Contains(strings.Join(strings.Fields(f), " "), "The app never looks passwords up online.") {
		t.Errorf("the screen does not say breached passwords were not checked:\n%s", f)
	}
}

// BenchmarkAudit10k is an audit of 10,000 entries in the app, from r on
// the audit screen to the report: reading the secrets in slices, then
// the check.
func BenchmarkAudit10k(b *testing.B) {
	cfg, _ := testConfig(b)
	makeVault(b, cfg, manyNewEntries(10000)...)
	benchAudit(b, unlockModel(b, cfg))
}

// benchAudit times r on the audit screen of a, unlocked.
func benchAudit(b *testing.B, a *App) {
	if a.c.audit.report == nil || len(a.c.audit.report.Results) != 10000 {
		b.Fatal("no report of 10,000 entries")
	}
	a = step(b, a, keys("a")...)
	b.ResetTimer()
	for b.Loop() {
		a = step(b, a, keys("r")...)
		if a.c.audit.running() || a.c.audit.report == nil {
			b.Fatal("the audit did not end")
		}
	}
}

// TestNewMasterCheckedAgainstTheRememberedList: a new master password
// that passes every other check is refused when the remembered list of
// breached passwords holds it, as the commands refuse it.
func TestNewMasterCheckedAgainstTheRememberedList(t *testing.T) {
	cfg := auditConfig(t)
	const phrase = "correct horse battery staple"
	if err := cfg.checkMaster([]byte(phrase)); !errors.Is(err, strength.ErrWeakPassword) {
		t.Fatalf("with the remembered list: %v, want a refusal", err)
	}
	cfg.BreachList = nil
	if err := cfg.checkMaster([]byte(phrase)); err != nil {
		t.Fatalf("without a list: %v", err)
	}
}
