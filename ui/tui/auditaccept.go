package tui

// This file accepts a finding of the audit screen (or reports an accepted
// one again): saved in the entry (vault.Change.Accepted) through the
// vault's usual edit, then changed in the report in place.

import (
	"errors"
	"fmt"
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/passtea/passtea/audit"
	"github.com/passtea/passtea/ui/term"
	"github.com/passtea/passtea/vault"
)

// acceptWork accepts finding for the entry e, as audited (or reports it
// again when accept is false), through the vault's usual edit with
// IfRevision: an entry changed since the audit is not touched.
func acceptWork(e vault.Entry, finding string, accept bool) func(Store) workResult {
	acc := slices.DeleteFunc(slices.Clone(e.Accepted), func(f string) bool { return f == finding })
	if accept {
		acc = append(acc, finding)
	}
	return func(v Store) workResult {
		got, err := v.Edit(e.ID, vault.Change{Accepted: &acc, IfRevision: e.Revision})
		es, err := entriesAfter(v, err)
		return auditAcceptedMsg{name: e.Name, finding: finding, accept: accept, entry: got, entries: es, err: err}
	}
}

// auditAcceptedMsg says a finding was accepted (or reported again), or
// why not.
type auditAcceptedMsg struct {
	name, finding string
	accept        bool
	entry         vault.Entry
	entries       []vault.Entry
	err           error
}

func (m auditAcceptedMsg) workErr() error { return m.err }
func (auditAcceptedMsg) failed() string   { return "not saved" }

// accepted moves the finding in the report to or from the accepted ones,
// so that the screen and the badges show it at once without a new run.
func (a *App) accepted(res auditAcceptedMsg) tea.Cmd {
	name := term.Line(res.name)
	switch {
	case errors.Is(res.err, vault.ErrChanged):
		a.setStatus(statusErr, fmt.Sprintf("not saved: %s changed since the audit; r audits again", name))
		return nil
	case res.err != nil:
		a.setStatus(statusErr, res.failed()+": "+res.err.Error())
		return nil
	}
	st := &a.c.audit
	if st.report != nil {
		for i, r := range st.report.Results {
			if r.Entry.ID == res.entry.ID {
				r = moveFinding(r, res.finding, res.accept)
				r.Entry = res.entry
				st.report.Results[i] = r
				st.setResult(r)
			}
		}
		st.version++
	}
	if l, ok := a.screens[screenEntries].(*entriesScreen); ok {
		l.setEntries(res.entries)
	}
	if res.accept {
		a.setStatus(statusOK, fmt.Sprintf("accepted %s for %s: audits no longer report it", res.finding, name))
	} else {
		a.setStatus(statusOK, fmt.Sprintf("%s is reported again for %s", res.finding, name))
	}
	return nil
}

// moveFinding moves the finding called name from r's findings to its
// accepted ones (accept) or back, keeping both in severity order.
func moveFinding(r audit.Result, name string, accept bool) audit.Result {
	from, to := &r.Findings, &r.Accepted
	if !accept {
		from, to = to, from
	}
	i := slices.IndexFunc(*from, func(f audit.Finding) bool { return f.Name == name })
	if i < 0 {
		return r
	}
	f := (*from)[i]
	*from = slices.Delete(slices.Clone(*from), i, i+1)
	*to = append(slices.Clone(*to), f)
	audit.SortFindings(*to)
	return r
}
