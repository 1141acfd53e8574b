package tui

// This file runs the audit (package audit) behind the list's badges and
// the audit screen. The root starts one after the unlock and whenever the
// entries change (a save, a delete, what another process saved), so that
// the unlock does not wait for it and the badges follow the vault:
//
//   - The secrets are read in slices of at most auditSlice of the vault's
//     time, as work on the vault (which is not safe for concurrent use):
//     keys typed meanwhile wait for one slice at most, and are handled
//     between slices. That keeps both stores quick to type in, also the
//     agent's, which answers one secret per round trip.
//   - Then audit.Run checks them in a command, off the app's loop, with a
//     context that a lock, a newer run or leaving the audit screen (for a
//     run the screen asked for) cancels; a stale result is dropped by its
//     generation.
//
// The passwords read are held, as Go strings, from the first slice until
// the check ends (a lock drops them); the report holds none.

import (
	"context"
	"errors"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/passtea/passtea/audit"
	"github.com/passtea/passtea/generator/strength/hibp"
	"github.com/passtea/passtea/ui/term"
	"github.com/passtea/passtea/vault"
)

// auditSlice is the longest the audit holds the vault to read secrets
// before keys typed meanwhile are handled.
const auditSlice = 8 * time.Millisecond

// auditState is the last audit and the one under way. The root writes it;
// the entries screen (badges) and the audit screen read it.
type auditState struct {
	// report is the last audit that finished, nil before the first.
	report *audit.Report
	// revs are the revisions the report audited, by entry.
	revs map[vault.ID]uint64
	// badges are the report's unaccepted weak, reused and breached
	// findings, by entry.
	badges map[vault.ID]badge
	// list is the offline breached-password list the report used ("":
	// none remembered); listErr why it was not used.
	list    string
	listErr error
	// err is why the last run failed.
	err error
	// run is the audit under way, nil when none; reading says the
	// vault is busy reading its secrets (not saving).
	run     *auditRun
	reading bool
	// basis is the list of live entries the last run started from;
	// tried says a run started at all.
	basis []vault.Entry
	tried bool
	gen   int
	// version counts the changes of the report (a new one, a finding
	// accepted), for the screen that shows it.
	version int
}

// auditRun is one audit under way.
type auditRun struct {
	gen    int
	ctx    context.Context
	cancel context.CancelFunc
	basis  []vault.Entry // the entries audited
	read   []auditItem   // the entries whose secrets are read
	// checking: every secret is read, audit.Run is under way.
	checking bool
	// asked: the audit screen asked for it; leaving the screen cancels it.
	asked   bool
	started time.Time
}

// auditItem is an entry with the part of its secret the audit uses.
type auditItem struct {
	entry  vault.Entry
	secret vault.Secret
}

// running reports whether an audit is under way.
func (st *auditState) running() bool { return st.run != nil }

// stop cancels the run under way, if any, and drops what it read.
func (st *auditState) stop() {
	if st.run != nil {
		st.run.cancel()
		st.run = nil
	}
}

// changed reports whether live, the list's entries, differs from what
// the last run started from or the report audited.
func (st *auditState) changed(live []vault.Entry) bool {
	if !st.tried {
		return true
	}
	if len(live) == len(st.basis) && (len(live) == 0 || &live[0] == &st.basis[0]) {
		return false
	}
	if st.revs == nil || len(live) != len(st.revs) {
		return true
	}
	for _, e := range live {
		if rev, ok := st.revs[e.ID]; !ok || rev != e.Revision {
			return true
		}
	}
	st.basis = live // the same entries: no need to compare again
	return false
}

// startAudit starts a run over live, cancelling the one under way.
func (a *App) startAudit(live []vault.Entry, asked bool) {
	st := &a.c.audit
	st.stop()
	st.gen++
	ctx, cancel := context.WithCancel(context.Background())
	st.run = &auditRun{gen: st.gen, ctx: ctx, cancel: cancel, basis: live, asked: asked, started: a.c.now()}
	st.basis, st.tried, st.err = live, true, nil
}

// auditAgain starts a new audit of the listed entries for the audit
// screen.
func (a *App) auditAgain() tea.Cmd {
	if l, ok := a.screens[screenEntries].(*entriesScreen); ok && !a.c.audit.running() {
		a.startAudit(l.live, true)
	}
	return nil
}

// auditLeft cancels the run the audit screen asked for, now that it is
// gone; the last report stays.
func (a *App) auditLeft() {
	if r := a.c.audit.run; r != nil && r.asked {
		a.c.audit.stop()
	}
}

// dropAudit cancels the run under way and forgets the report: entry
// names are decrypted state.
func (a *App) dropAudit() {
	a.c.audit.stop()
	a.c.audit = auditState{}
}

// auditNext moves the audit on whenever the vault is free: it starts a
// run when the entries changed, reads the next slice of secrets, or
// starts the check once they are read. The root calls it after every
// message.
func (a *App) auditNext() tea.Cmd {
	st := &a.c.audit
	if a.c.vault == nil || a.c.busy || a.quitting {
		return nil
	}
	if st.run == nil {
		l, ok := a.screens[screenEntries].(*entriesScreen)
		if !ok || !st.changed(l.live) {
			return nil
		}
		a.startAudit(l.live, false)
	}
	r := st.run
	switch {
	case r.checking:
		return nil
	case len(r.read) < len(r.basis):
		st.reading = true
		return a.startWork(auditReadWork(r.gen, r.basis[len(r.read):]))
	}
	r.checking = true
	items := r.read
	r.read = nil
	return auditCheckCmd(r.ctx, r.gen, items, a.c.now(), a.c.cfg.BreachList)
}

// auditReadWork reads the secrets of entries, in order, for at most
// auditSlice.
func auditReadWork(gen int, entries []vault.Entry) func(Store) workResult {
	return func(v Store) workResult {
		start := time.Now()
		var read []auditItem
		for _, e := range entries {
			s, err := v.Secret(e.ID)
			if err != nil {
				return auditReadMsg{gen: gen, err: fmt.Errorf("read %s: %w", term.Line(e.Name), err)}
			}
			read = append(read, auditItem{entry: e, secret: auditSecret(s)})
			if time.Since(start) >= auditSlice {
				break
			}
		}
		return auditReadMsg{gen: gen, read: read}
	}
}

// auditSecret keeps what the audit uses of s: the password, and when
// earlier passwords were replaced (for the old check).
func auditSecret(s vault.Secret) vault.Secret {
	out := vault.Secret{Password: s.Password}
	for _, h := range s.History {
		if h.Kind == vault.KindPassword {
			out.History = append(out.History, vault.OldValue{Kind: h.Kind, Set: h.Set, Replaced: h.Replaced})
		}
	}
	return out
}

// auditReadMsg carries a slice of secrets read, or why they were not.
type auditReadMsg struct {
	gen  int
	read []auditItem
	err  error
}

// workErr is the error, but a read given up for a quit or a lock
// (vault.Interrupt) is no failure: nothing was being saved.
func (m auditReadMsg) workErr() error {
	if errors.Is(m.err, vault.ErrInterrupted) {
		return nil
	}
	return m.err
}
func (auditReadMsg) failed() string { return "audit stopped" }

// auditCheckCmd runs the audit of items off the app's loop, against the
// remembered offline breached-password list when there is one.
func auditCheckCmd(ctx context.Context, gen int, items []auditItem, now time.Time, breachList func() (string, error)) tea.Cmd {
	return func() tea.Msg {
		msg := auditDoneMsg{gen: gen}
		opts := audit.Options{Now: now}
		if breachList != nil {
			msg.list, msg.listErr = breachList()
		}
		if msg.list != "" && msg.listErr == nil {
			l, err := hibp.Open(msg.list)
			if err != nil {
				msg.listErr = err
			} else {
				defer l.Close()
				opts.Breaches = audit.Offline(l)
			}
		}
		each := func(fn func(vault.Entry, vault.Secret) error) error {
			for _, it := range items {
				if err := fn(it.entry, it.secret); err != nil {
					return err
				}
			}
			return nil
		}
		msg.report, msg.err = audit.Run(ctx, each, opts)
		return msg
	}
}

// auditDoneMsg carries the report of a run, or why there is none.
type auditDoneMsg struct {
	gen     int
	report  *audit.Report
	err     error
	list    string
	listErr error
}

// auditDone keeps the report of the run under way; a cancelled or
// superseded run's result is dropped.
func (a *App) auditDone(msg auditDoneMsg) tea.Cmd {
	st := &a.c.audit
	if st.run == nil || msg.gen != st.run.gen {
		return nil
	}
	st.run.cancel()
	st.run = nil
	if msg.err != nil {
		st.err = msg.err
		return nil
	}
	st.report, st.list, st.listErr = msg.report, msg.list, msg.listErr
	st.version++
	st.revs = make(map[vault.ID]uint64, len(msg.report.Results))
	st.badges = map[vault.ID]badge{}
	for _, r := range msg.report.Results {
		st.setResult(r)
	}
	return nil
}

// setResult records r's revision and badge.
func (st *auditState) setResult(r audit.Result) {
	st.revs[r.Entry.ID] = r.Entry.Revision
	if b := badgeOf(r); b != 0 {
		st.badges[r.Entry.ID] = b
	} else {
		delete(st.badges, r.Entry.ID)
	}
}

// badge returns the badge of e, none when the entry changed since the
// report.
func (st *auditState) badge(e vault.Entry) badge {
	if rev, ok := st.revs[e.ID]; !ok || rev != e.Revision {
		return 0
	}
	return st.badges[e.ID]
}

// auditWorkDone takes the results of the audit's work on the vault; it
// reports whether res was one.
func (a *App) auditWorkDone(res workResult) (tea.Cmd, bool) {
	st := &a.c.audit
	switch res := res.(type) {
	case auditReadMsg:
		st.reading = false
		if st.run == nil || res.gen != st.run.gen {
			return nil, true
		}
		if res.err != nil {
			st.stop()
			if !errors.Is(res.err, vault.ErrInterrupted) {
				st.err = res.err
			}
			return nil, true
		}
		st.run.read = append(st.run.read, res.read...)
		return nil, true
	case auditAcceptedMsg:
		return a.accepted(res), true
	}
	return nil, false
}
