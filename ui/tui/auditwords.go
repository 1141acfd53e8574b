package tui

// This file holds the words of the audit screen: how breached passwords
// were looked up, and each finding in a few words, never the password.

import (
	"fmt"
	"strings"
	"time"

	"github.com/passtea/passtea/audit"
	"github.com/passtea/passtea/generator/strength"
	"github.com/passtea/passtea/ui/term"
	"github.com/passtea/passtea/ui/words"
)

// breachNote says how breached passwords were looked up, or why not.
func (m *auditScreen) breachNote() string {
	st := &m.c.audit
	switch {
	case st.listErr != nil && st.list != "":
		return "Breached passwords were not checked: the remembered list " + term.Line(shortenPath(st.list)) + " does not open (" + term.Line(st.listErr.Error()) + ")."
	case st.listErr != nil:
		return "Breached passwords were not checked: " + term.Line(st.listErr.Error()) + "."
	case st.list != "":
		return "Breached: checked offline against " + term.Line(shortenPath(st.list)) + "."
	}
	return "Breached passwords were not checked: no Pwned Passwords list is remembered (passtea audit --hibp FILE remembers one). The app never looks passwords up online."
}

// detail says a finding in a few words; never the password.
func (m *auditScreen) detail(r auditRow) string {
	f := r.finding
	switch f.Name {
	case audit.Breached:
		if f.Count == 1 {
			return "seen once in breaches"
		}
		return "seen " + words.Thousands(f.Count) + " times in breaches"
	case audit.Reused:
		var names []string
		for _, id := range f.ReusedWith {
			if o, ok := m.rep.Result(id); ok {
				names = append(names, term.Line(o.Entry.Name))
			}
		}
		n := len(f.ReusedWith)
		if len(names) > 3 {
			names = append(names[:3], fmt.Sprintf("%d more", len(names)-3))
		}
		return fmt.Sprintf("the same password as %d other entr%s: %s", n, map[bool]string{true: "y", false: "ies"}[n == 1], strings.Join(names, ", "))
	case audit.Weak:
		if f.AlphabetBits > 0 {
			return fmt.Sprintf("%.0f bits: too short for its characters", f.AlphabetBits)
		}
		d := fmt.Sprintf("%s, %d of 4", strength.ScoreName(f.Score), f.Score)
		if f.Warning != "" {
			d += ": " + strings.ToLower(f.Warning[:1]) + strings.TrimSuffix(f.Warning[1:], ".")
		}
		return d
	case audit.Old:
		loc := m.c.cfg.Location
		if loc == nil {
			loc = time.Local
		}
		return "unchanged for " + age(m.c.now().Sub(f.Changed)) + ", since " + f.Changed.In(loc).Format("2006-01-02")
	case audit.Missing:
		return "no password"
	case audit.Conflict:
		return "a merge kept two values: open it to review"
	}
	return ""
}

// entriesCount is "1 entry" or "n entries".
func entriesCount(n int) string {
	if n == 1 {
		return "1 entry"
	}
	return words.Thousands(int64(n)) + " entries"
}

// age says how long d is in days (under 60), months (under two years)
// or years of 365 days, rounded down.
func age(d time.Duration) string {
	days := int(d.Hours() / 24)
	switch {
	case days < 60:
		return fmt.Sprintf("%d day%s", days, plural(days))
	case days < 2*365:
		return fmt.Sprintf("%d months", days*12/365)
	}
	return fmt.Sprintf("%d years", days/365)
}
