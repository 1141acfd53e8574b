package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/audit"
	"github.com/passtea/passtea/generator/strength"
	"github.com/passtea/passtea/generator/strength/hibp"
	"github.com/passtea/passtea/ui/words"
	"github.com/passtea/passtea/vault"
)

// exitFindings is the exit status of an audit that found something.
const exitFindings = 3

// auditOptions are what `passtea audit` was asked for.
type auditOptions struct {
	hibp     string
	online   bool
	maxAge   ageValue
	json     bool
	accept   bool
	unaccept bool
	// hibpURL is the Pwned Passwords API (tests point it elsewhere).
	hibpURL string
}

func newAuditCmd(e *env, g *globals) *cobra.Command {
	o := auditOptions{maxAge: ageValue(audit.DefaultMaxAge)}
	cmd := &cobra.Command{
		Use:   "audit [--accept|--unaccept NAME FINDING]",
		Short: "Find weak, reused, old and breached passwords",
		Long: `audit checks every entry and lists what it finds, most severe first:

  breached  in a list of breached passwords (--hibp FILE, or --online)   high
  reused    the same password as other entries                           high
  weak      easy to guess (zxcvbn score below 3), or too short for the
            characters it uses (an offline attack would try every such
            string within a year)                                         high/medium
  conflict  a merge kept two values of a field: review the entry          medium
  old       unchanged for longer than --max-age (default 1 year)          low
  missing   no password                                                   low

Breached passwords are found offline in a Pwned Passwords SHA-1 list, as its
downloader writes it (one sorted HASH:COUNT file, or a directory of range
files), without reading it whole. The list given with --hibp is remembered
for later audits, for passtea serve and for new master passwords
(--hibp none forgets it). --online asks the Pwned Passwords range API
instead: for each password it sends the first 5 hex characters of its SHA-1,
never the password nor the rest of its hash. Nothing goes online otherwise.

A finding you accept for an entry (--accept NAME FINDING) is no longer
reported for it; --unaccept undoes that.

Exit status: 0 when nothing is found, 3 when something is, 1 on failure.`,
		Example: `  passtea audit --hibp ~/pwned/pwnedpasswords.txt
  passtea audit --max-age 180d --json | jq -r '.results[].name'
  passtea audit --online
  passtea audit --accept bank/pin weak`,
		Args: usageArgs(cobra.ArbitraryArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case o.accept && o.unaccept:
				return usagef("--accept and --unaccept don't mix")
			case o.accept || o.unaccept:
				if len(args) != 2 {
					return usagef("--accept and --unaccept take an entry name and a finding (%s)", strings.Join(vault.Findings, ", "))
				}
				if n := changedFlag(cmd, "hibp", "online", "max-age", "json"); n != "" {
					return usagef("--%s does not apply to --accept and --unaccept", n)
				}
				return runAccept(e, g, args[0], args[1], o.accept)
			case len(args) > 0:
				return usagef("audit takes no arguments without --accept or --unaccept")
			case o.online && o.hibp != "":
				return usagef("--online and --hibp don't mix: choose one")
			}
			return runAudit(cmd.Context(), e, g, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.hibp, "hibp", "", "look passwords up in the Pwned Passwords list `FILE` (or directory), and remember it")
	f.BoolVar(&o.online, "online", false, "look passwords up online with the Pwned Passwords range API (5 hex characters of each SHA-1)")
	f.Var(&o.maxAge, "max-age", "passwords unchanged for longer than `AGE` are old: 90d, 26w, 1y, 2160h; 0 turns the check off")
	f.BoolVar(&o.json, "json", false, "print one JSON object for scripts")
	f.BoolVar(&o.accept, "accept", false, "accept FINDING for the entry NAME: audits no longer report it")
	f.BoolVar(&o.unaccept, "unaccept", false, "report FINDING for the entry NAME again")
	o.hibpURL = hibp.DefaultBaseURL
	return cmd
}

// changedFlag returns the first of names set on cmd, or "".
func changedFlag(cmd *cobra.Command, names ...string) string {
	for _, n := range names {
		if cmd.Flags().Changed(n) {
			return n
		}
	}
	return ""
}

// runAccept adds finding to (or removes it from) the entry's accepted
// findings.
func runAccept(e *env, g *globals, name, finding string, accept bool) error {
	if !slices.Contains(vault.Findings, finding) {
		return usagef("%q is not a finding: use one of %s", finding, strings.Join(vault.Findings, ", "))
	}
	return withEntry(e, g, true, name, func(v store, en vault.Entry) error {
		acc := slices.Clone(en.Accepted)
		has := slices.Contains(acc, finding)
		switch {
		case accept && has, !accept && !has:
			fmt.Fprintf(e.stderr, "passtea: %s: %s was already %s\n", auditText(en.Name), finding, map[bool]string{true: "accepted", false: "reported"}[accept])
			return nil
		case accept:
			acc = append(acc, finding)
		default:
			acc = slices.DeleteFunc(acc, func(f string) bool { return f == finding })
		}
		if _, err := v.Edit(en.ID, vault.Change{Accepted: &acc, IfRevision: en.Revision}); err != nil {
			return err
		}
		if accept {
			fmt.Fprintf(e.stderr, "passtea: %s: %s accepted: audits no longer report it\n", auditText(en.Name), finding)
		} else {
			fmt.Fprintf(e.stderr, "passtea: %s: %s is reported again\n", auditText(en.Name), finding)
		}
		return nil
	})
}

// entryEacher is a store that hands out every entry with its secret in
// one pass (*vault.Vault opens each secret page once).
type entryEacher interface {
	Each(fn func(vault.Entry, vault.Secret) error) error
}

func runAudit(ctx context.Context, e *env, g *globals, o auditOptions) error {
	opts := audit.Options{MaxAge: time.Duration(o.maxAge)}
	if o.maxAge == 0 {
		opts.MaxAge = -1
	}
	source := "none"
	switch {
	case o.online:
		fmt.Fprintf(e.stderr, "passtea: --online: for each password, the first 5 hex characters of its SHA-1 go to %s; nothing else about it leaves this machine\n", o.hibpURL)
		opts.Breaches = audit.Online(&hibp.Client{BaseURL: o.hibpURL})
		source = "online"
	default:
		l, err := openBreachList(e, o.hibp)
		if err != nil {
			return err
		}
		if l != nil {
			defer l.Close()
			opts.Breaches = audit.Offline(l)
			source = "offline"
		}
	}
	var rep *audit.Report
	err := withVault(e, g, false, func(v store) error {
		each := audit.EachFunc(nil)
		if ev, ok := v.(entryEacher); ok {
			each = ev.Each
		} else {
			entries, err := v.Entries()
			if err != nil {
				return err
			}
			each = audit.EachOf(entries, v.Secret)
		}
		var err error
		rep, err = audit.Run(ctx, each, opts)
		return err
	})
	if err != nil {
		return err
	}
	if o.online {
		fmt.Fprintf(e.stderr, "passtea: asked the Pwned Passwords API about %d passwords\n", rep.Lookups)
	}
	if o.json {
		err = writeAuditJSON(e, rep, source)
	} else {
		err = writeAuditTable(e, rep, source)
	}
	if err != nil {
		return fmt.Errorf("write: %w", err)
	}
	if len(rep.Found()) > 0 {
		return &exitStatus{exitFindings}
	}
	return nil
}

// auditJSON is what audit --json prints: never a password.
type auditJSON struct {
	// Entries is how many entries were audited, Found how many have
	// findings, Accepted how many findings were accepted and left out.
	Entries  int `json:"entries"`
	Found    int `json:"found"`
	Accepted int `json:"accepted"`
	// BreachList is "offline", "online" or "none".
	BreachList string `json:"breach_list"`
	// MaxAgeDays is the age over which a password is old, 0 when off.
	MaxAgeDays float64            `json:"max_age_days"`
	Results    []auditEntryResult `json:"results"`
}

type auditEntryResult struct {
	Name     string         `json:"name"`
	ID       string         `json:"id"`
	Severity string         `json:"severity"`
	Findings []auditFinding `json:"findings"`
	// Accepted names the findings found but accepted.
	Accepted []string `json:"accepted"`
}

type auditFinding struct {
	Finding  string `json:"finding"`
	Severity string `json:"severity"`
	// weak
	Score        *int    `json:"score,omitempty"`
	AlphabetBits float64 `json:"alphabet_bits,omitempty"`
	Warning      string  `json:"warning,omitempty"`
	// reused: the other entries' names
	ReusedWith []string `json:"reused_with,omitempty"`
	// breached: how often the list has seen it
	Count int64 `json:"count,omitempty"`
	// old: when the password last changed
	Changed *time.Time `json:"changed,omitempty"`
}

func writeAuditJSON(e *env, rep *audit.Report, source string) error {
	found := rep.Found()
	out := auditJSON{
		Entries: len(rep.Results), Found: len(found), Accepted: rep.AcceptedCount(),
		BreachList: source, MaxAgeDays: rep.MaxAge.Hours() / 24,
		Results: make([]auditEntryResult, 0, len(found)),
	}
	for _, r := range found {
		res := auditEntryResult{Name: r.Entry.Name, ID: r.Entry.ID.String(), Severity: r.Severity().String(), Accepted: []string{}}
		for _, f := range r.Findings {
			af := auditFinding{Finding: f.Name, Severity: f.Severity.String()}
			switch f.Name {
			case audit.Weak:
				score := f.Score
				af.Score, af.AlphabetBits, af.Warning = &score, roundTenth(f.AlphabetBits), f.Warning
			case audit.Reused:
				af.ReusedWith = reusedNames(rep, f)
			case audit.Breached:
				af.Count = f.Count
			case audit.Old:
				changed := f.Changed.UTC()
				af.Changed = &changed
			}
			res.Findings = append(res.Findings, af)
		}
		for _, f := range r.Accepted {
			res.Accepted = append(res.Accepted, f.Name)
		}
		out.Results = append(out.Results, res)
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func roundTenth(x float64) float64 { return float64(int(x*10+0.5)) / 10 }

// reusedNames are the names of the entries f says share the password.
func reusedNames(rep *audit.Report, f audit.Finding) []string {
	var names []string
	for _, id := range f.ReusedWith {
		if r, ok := rep.Result(id); ok {
			names = append(names, r.Entry.Name)
		}
	}
	return names
}

func writeAuditTable(e *env, rep *audit.Report, source string) error {
	found := rep.Found()
	rows := [][]string{{"SEVERITY", "ENTRY", "FINDINGS"}}
	bySeverity := map[audit.Severity]int{}
	for _, r := range found {
		var texts []string
		for _, f := range r.Findings {
			texts = append(texts, findingText(rep, f))
		}
		rows = append(rows, []string{r.Severity().String(), auditText(r.Entry.Name), strings.Join(texts, "; ")})
		bySeverity[r.Severity()]++
	}
	if len(found) > 0 {
		if err := writeColumns(e.stdout, rows); err != nil {
			return err
		}
	}
	var b strings.Builder
	if len(found) == 0 {
		fmt.Fprintf(&b, "No findings in %s", plural(len(rep.Results), "entry", "entries"))
	} else {
		fmt.Fprintf(&b, "%d of %s", len(found), plural(len(rep.Results), "entry has findings", "entries have findings"))
		var counts []string
		for _, s := range []audit.Severity{audit.High, audit.Medium, audit.Low} {
			if n := bySeverity[s]; n > 0 {
				counts = append(counts, fmt.Sprintf("%d %s", n, s))
			}
		}
		b.WriteString(": " + strings.Join(counts, ", "))
	}
	if n := rep.AcceptedCount(); n > 0 {
		fmt.Fprintf(&b, "; %s not shown", plural(n, "accepted finding", "accepted findings"))
	}
	b.WriteString(".")
	if source == "none" {
		b.WriteString(" Breached passwords were not checked: give a Pwned Passwords list with --hibp FILE, or use --online.")
	}
	_, err := fmt.Fprintln(e.stdout, b.String())
	return err
}

// findingText says a finding in a few words.
func findingText(rep *audit.Report, f audit.Finding) string {
	switch f.Name {
	case audit.Breached:
		if f.Count == 1 {
			return "breached (seen once)"
		}
		return "breached (seen " + words.Thousands(f.Count) + " times)"
	case audit.Reused:
		names := reusedNames(rep, f)
		for i, n := range names {
			names[i] = auditText(n)
		}
		if len(names) > 3 {
			names = append(names[:3], fmt.Sprintf("%d more", len(names)-3))
		}
		return "reused (also " + strings.Join(names, ", ") + ")"
	case audit.Weak:
		if f.AlphabetBits > 0 {
			return fmt.Sprintf("weak (%.0f bits: too short for its characters)", f.AlphabetBits)
		}
		s := fmt.Sprintf("weak (%s, %d of 4", strength.ScoreName(f.Score), f.Score)
		if f.Warning != "" {
			s += ": " + strings.ToLower(f.Warning[:1]) + strings.TrimSuffix(f.Warning[1:], ".")
		}
		return s + ")"
	case audit.Old:
		return "old (unchanged since " + f.Changed.Local().Format("2006-01-02") + ")"
	case audit.Missing:
		return "missing (no password)"
	case audit.Conflict:
		return "conflict (a merge kept two values: review the entry)"
	}
	return f.Name
}

// auditText quotes stored text that holds characters a terminal would act
// on (controls, format characters such as direction overrides); other
// text is shown as it is.
func auditText(s string) string {
	if strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == unicode.ReplacementChar
	}) >= 0 {
		return strconv.QuoteToGraphic(s)
	}
	return s
}

// ageValue is a duration flag that also takes days, weeks and years
// (365 days): 90d, 26w, 1y, or Go's 2160h.
type ageValue time.Duration

func (a *ageValue) String() string {
	d := time.Duration(*a)
	if d%(24*time.Hour) == 0 {
		return strconv.FormatInt(int64(d/(24*time.Hour)), 10) + "d"
	}
	return d.String()
}

func (a *ageValue) Type() string { return "age" }

func (a *ageValue) wants() string {
	return "wants an age such as 90d, 26w, 1y or 2160h, or 0 to turn the check off"
}

var errBadAge = errors.New("want an age such as 90d, 26w, 1y or 2160h")

func (a *ageValue) Set(s string) error {
	units := map[byte]time.Duration{'d': 24 * time.Hour, 'w': 7 * 24 * time.Hour, 'y': 365 * 24 * time.Hour}
	switch {
	case s == "0" || s == "off":
		*a = 0
		return nil
	case s == "":
		return errBadAge
	}
	if unit, ok := units[s[len(s)-1]]; ok && len(s) > 1 {
		n, err := strconv.ParseFloat(s[:len(s)-1], 64)
		if err != nil || n < 0 || n > 1000*365 {
			return errBadAge
		}
		*a = ageValue(time.Duration(n * float64(unit)))
		return nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return errBadAge
	}
	*a = ageValue(d)
	return nil
}
