package tui

// This file carries out what screens ask of the root (see screen.go): the
// only place where shared state changes at a screen's request.

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/passtea/passtea/vault"
)

// do carries out one intent.
func (a *App) do(in intent) tea.Cmd {
	switch in := in.(type) {
	case goTo:
		return a.goTo(in)
	case goBack:
		return a.goBack()
	case say:
		a.setStatus(in.kind, in.text)
	case lockNow:
		return a.lock("locked")
	case quitNow:
		return a.quit()
	case copyValue:
		return a.copy(in)
	case work:
		return a.startWork(in.fn)
	case unlockWith:
		return a.startUnlock(in.password, in.keyFile)
	case createVault:
		return a.startCreate(in)
	case ackRecoveryCode:
		return a.recoveryCodeWritten()
	case setGenOptions:
		a.c.genOpts = in.opts
	case setSetting:
		return a.setSetting(in)
	case usePassword:
		return a.usePassword(in.password)
	case useKDFTime:
		a.c.kdfTime = in.d
	case auditAgain:
		return a.auditAgain()
	default:
		panic(fmt.Sprintf("internal error: unknown intent %T", in))
	}
	return nil
}

// goTo opens a screen.
func (a *App) goTo(in goTo) tea.Cmd {
	if a.c.vault == nil {
		return nil
	}
	from := a.active
	var s screen
	var cmd tea.Cmd
	resolve := false
	switch in.to {
	case screenEntries:
		s = a.screens[screenEntries]
	case screenEntry:
		e, err := newEntryScreen(a.c, in.id)
		if err != nil {
			a.setStatus(statusErr, err.Error())
			return nil
		}
		s = e
		cmd = e.tick()
		if e.e.Conflict {
			// Seen now: the mark goes (the screen still says it).
			resolve = true
		}
	case screenForm:
		var e *vault.Entry
		if !in.newEntry {
			got, err := a.c.vault.ByID(in.id)
			if err != nil {
				a.setStatus(statusErr, err.Error())
				return nil
			}
			e = &got
		}
		f := newFormScreen(a.c, e, from)
		cmd = f.focusCmd()
		s = f
	case screenGenerate:
		s = newGenerateScreen(a.c, from == screenForm)
	case screenSettings:
		s = newSettingsScreen(a.c)
	case screenAudit:
		au := newAuditScreen(a.c)
		cmd = au.tick()
		s = au
	default:
		panic(fmt.Sprintf("internal error: go to %s", in.to))
	}
	if in.to != from {
		a.from[in.to] = from
	}
	a.setStatus(statusInfo, "")
	a.show(in.to, s)
	if resolve {
		return tea.Batch(cmd, a.startWork(resolveWork(in.id)))
	}
	return cmd
}

// goBack leaves the active screen for the one it was opened from. The
// screen is dropped with what it held (an opened secret, what was typed).
func (a *App) goBack() tea.Cmd {
	left := a.active
	to := a.from[left]
	a.screens[left] = nil
	if left == screenAudit {
		a.auditLeft()
	}
	switch to {
	case screenEntry:
		// Open it again: it may have just been edited.
		if old, ok := a.screens[screenEntry].(*entryScreen); ok {
			if e, err := newEntryScreen(a.c, old.e.ID); err == nil {
				a.show(screenEntry, e)
				return e.tick()
			}
		}
	case screenForm:
		if f, ok := a.screens[screenForm].(*formScreen); ok {
			a.show(screenForm, f)
			return f.focusCmd()
		}
	case screenSettings, screenGenerate, screenAudit:
		if a.screens[to] != nil {
			a.show(to, a.screens[to])
			return nil
		}
	}
	a.screens[screenEntry] = nil
	a.show(screenEntries, a.screens[screenEntries])
	// Fold in what other passtea processes saved, before the entries are
	// shown again.
	return a.refresh()
}

// usePassword takes the generator's password back to the form.
func (a *App) usePassword(pw string) tea.Cmd {
	f, ok := a.screens[screenForm].(*formScreen)
	if !ok {
		return nil
	}
	a.screens[screenGenerate] = nil
	a.show(screenForm, f)
	return f.setPassword(pw)
}

// setSetting applies a duration setting at once and saves it; a failed
// save puts the old value back (settingSaved).
func (a *App) setSetting(in setSetting) tea.Cmd {
	var applied *time.Duration
	switch in.name {
	case settingClipboardClear:
		applied = &a.c.clipClear
	case settingAutoLock:
		applied = &a.c.autoLock
	default:
		panic("internal error: unknown setting " + in.name)
	}
	old := *applied
	*applied = in.value
	name, value, note := in.name, in.value.String(), in.note
	return a.startWork(func(v Store) workResult {
		return settingSavedMsg{name: name, old: old, note: note, err: v.SetSetting(name, value)}
	})
}

// settingSavedMsg says whether a setting was saved.
type settingSavedMsg struct {
	name string
	old  time.Duration
	note string
	err  error
}

func (m settingSavedMsg) workErr() error { return m.err }
func (settingSavedMsg) failed() string   { return "not changed" }
