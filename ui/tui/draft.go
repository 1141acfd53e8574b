package tui

// This file keeps a form with changes while the vault is locked, so that
// auto-lock does not throw away what was typed.
//
// Decision: the draft leaves every screen (nothing of it is drawn while
// locked, and no key reaches it) and is kept by the root in memory until
// the next unlock, which opens it again in a form; quitting while locked
// asks first. It is not sealed: the key it could be sealed under is the
// vault's, which locking wipes, and a key kept beside the draft to seal it
// would protect nothing. So a locked app still holds the draft in memory,
// like the rest of what Go cannot wipe (README, "Memory, fully"); what the
// lock guarantees is that nothing decrypted is on screen or reachable by a
// key press without the master password. The draft is dropped on quit.

import (
	tea "charm.land/bubbletea/v2"
)

// keepDraft takes a form with changes out of the screens, for the unlock.
func (a *App) keepDraft() {
	if f, ok := a.screens[screenForm].(*formScreen); ok && f.dirty() {
		a.draft = f.draft()
	}
}

// draftNotice is what the unlock screen says about a kept draft.
func (a *App) draftNotice() string {
	if a.draft == nil {
		return ""
	}
	what := "the new entry"
	if !a.draft.isNew {
		what = a.draft.base.Name
	}
	return "Your unsaved changes to " + what + " are kept in memory until you unlock; quitting discards them."
}

// restoreDraft opens the kept draft in a form again, after an unlock.
func (a *App) restoreDraft() tea.Cmd {
	d := a.draft
	a.draft = nil
	if d == nil {
		return nil
	}
	if !d.isNew {
		if _, err := a.c.vault.ByID(d.base.ID); err != nil {
			// Deleted meanwhile: the form's save offers the ways out.
			d.from = screenEntries
		}
	}
	if d.from != screenEntries {
		d.from = screenEntries // the entry screen it came from is gone
	}
	f := newFormFromDraft(a.c, d)
	a.from[screenForm] = screenEntries
	a.show(screenForm, f)
	a.setStatus(statusOK, "unlocked; your unsaved changes are back")
	return f.focusCmd()
}
