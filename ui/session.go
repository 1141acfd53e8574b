package ui

// This file is the vault's life in the app: the file read at start, the
// vault taken over once unlocked or created, the results of saves, and the
// lock and the quit that drop every decrypted thing. A save that finds the
// vault's key changed by another process locks, since only unlocking again
// gets the new key.

import (
	"errors"
	"fmt"
	"io"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/passtea/passtea/vault"
)

// conflictNotice is what the unlock screen says after another process
// changed the vault's key.
const conflictNotice = "Another passtea process changed the vault's master password or key. Unlock it again with the current master password."

func (a App) fileRead(msg vaultFileReadMsg) (tea.Model, tea.Cmd) {
	switch {
	case errors.Is(msg.err, vault.ErrNoVault):
		a.screen = screenCreate
		a.create = newCreateModel(a.c)
		return a, a.create.Init()
	case msg.err != nil:
		a.loadErr = msg.err
		a.screen = screenLoading
		return a, nil
	}
	a.screen = screenUnlock
	a.unlock = newUnlockModel(a.c)
	a.unlock.params = msg.file.Params()
	return a, a.unlock.Init()
}

// opened ends an unlock or a create that took took: on success the vault's
// entries are shown, with note in the status line (or how the unlock went).
// cmd is the screen's own.
func (a App) opened(v *vault.Vault, err error, took time.Duration, note string, cmd tea.Cmd) (tea.Model, tea.Cmd) {
	a.c.busy = false
	if err == nil {
		a.c.kdfTime = took
		a, cmd = a.unlocked(v, note)
	}
	if a.quitting {
		return a.quit()
	}
	return a, cmd
}

// unlocked takes over a freshly unlocked or created vault.
func (a App) unlocked(v *vault.Vault, note string) (App, tea.Cmd) {
	a.c.vault = v
	a.c.clipClear = durationSetting(v, settingClipboardClear, defaultClipboardClear)
	a.c.autoLock = durationSetting(v, settingAutoLock, defaultAutoLock)
	a.entries = newEntriesModel(a.c)
	a.entries.setEntries(v.Entries())
	a.screen = screenEntries
	a.lastActivity = a.c.now()
	a.showHelp = false
	a.resize()
	switch {
	case note != "":
		a.setStatus(statusOK, note)
	default:
		a.setStatus(statusOK, fmt.Sprintf("unlocked in %s", formatSeconds(a.c.kdfTime)))
	}
	cmd := a.idleTick()
	return a, cmd
}

// lock drops the decrypted state and shows the unlock screen.
func (a App) lock(note string) (App, tea.Cmd) {
	clear := a.clearClipboard()
	a.clip.what, a.clip.name = "", "" // an entry's name is decrypted state too
	params := a.unlock.params
	if a.c.vault != nil {
		params = a.c.vault.Params()
		a.c.vault.Lock()
		a.c.vault = nil
	}
	a.idleGen++
	a.queued = nil
	a.entry = entryModel{}
	a.form = formModel{}
	a.entries = newEntriesModel(a.c)
	a.settings = settingsModel{}
	a.generate.leaveForm()
	a.showHelp = false
	a.screen = screenUnlock
	a.unlock = newUnlockModel(a.c)
	a.unlock.params = params
	a.resize()
	a.setStatus(statusInfo, note)
	return a, tea.Batch(clear, a.unlock.Init())
}

// lockOnConflict locks the vault if err says another process changed its
// key, since only unlocking again gets the new one. what says what did not
// happen ("not saved"). It reports whether it locked.
func (a App) lockOnConflict(err error, what string) (App, tea.Cmd, bool) {
	if !errors.Is(err, vault.ErrConflict) {
		return a, nil, false
	}
	a, cmd := a.lock("")
	a.unlock.notice = conflictNotice
	a.setStatus(statusErr, what+": the vault's key was changed by another passtea process")
	return a, cmd, true
}

// quit clears the clipboard, locks the vault and ends the program. Work on
// the vault and a copy under way finish first.
func (a App) quit() (App, tea.Cmd) {
	if a.c.busy || a.clip.inFlight != 0 {
		a.quitting = true
		a.setStatus(statusInfo, "quitting once the work under way ends…")
		return a, nil
	}
	clear := a.clearClipboard()
	if a.c.vault != nil {
		a.c.vault.Lock()
		a.c.vault = nil
	}
	a.idleGen++
	return a, tea.Sequence(clear, tea.Quit)
}

// cleanup is the last word when the program ended without a quit the app
// saw (a signal, a cancelled context): it locks the vault and clears a
// pending copy, here and now since no command runs any more, writing what
// the terminal needs to tty.
func (a App) cleanup(tty io.Writer) error {
	if a.c.vault != nil {
		a.c.vault.Lock()
		a.c.vault = nil
	}
	if !a.clip.pending {
		return nil
	}
	_, err := clearNow(a.clip, a.c.cfg, tty)
	return err
}

// finished ends a command on the vault: it is free again, a quit that
// waited for it goes ahead, and a key that another process changed (err)
// locks, since only unlocking again gets the new one; what says what did
// not happen. It reports whether the app quits or locked.
func (a App) finished(err error, what string) (App, tea.Cmd, bool) {
	a.c.busy = false
	if a.quitting {
		a, cmd := a.quit()
		return a, cmd, true
	}
	return a.lockOnConflict(err, what)
}

// refreshed shows the entries read again from disk.
func (a App) refreshed(msg vaultRefreshedMsg) (tea.Model, tea.Cmd) {
	const what = "could not read the vault again"
	if a, cmd, done := a.finished(msg.err, what); done {
		return a, cmd
	}
	if msg.err != nil {
		a.setStatus(statusErr, what+": "+msg.err.Error())
		return a, nil
	}
	a.entries.setEntries(msg.entries)
	return a, nil
}

// saved handles the end of an add or edit. A failure keeps the form as it
// was typed, and says why in the status line.
func (a App) saved(msg entrySavedMsg) (tea.Model, tea.Cmd) {
	if a, cmd, done := a.finished(msg.err, "not saved"); done {
		return a, cmd
	}
	if msg.err != nil {
		var cmd tea.Cmd
		a.form, cmd = a.form.Update(msg)
		a.setStatus(statusErr, "not saved: "+msg.err.Error())
		return a, cmd
	}
	a.form = formModel{}
	verb := "saved "
	if msg.added {
		verb = "added "
	}
	a = a.showList(msg.entries, verb+msg.entry.Name)
	a.entries.selectID(msg.entry.ID)
	return a, nil
}

// deleted handles the end of a delete, from the list or the entry.
func (a App) deleted(msg entryDeletedMsg) (tea.Model, tea.Cmd) {
	if a, cmd, done := a.finished(msg.err, "not deleted"); done {
		return a, cmd
	}
	if msg.err != nil {
		a.setStatus(statusErr, "not deleted: "+msg.err.Error())
		return a, nil
	}
	a.entry = entryModel{}
	return a.showList(msg.entries, "deleted "+msg.name), nil
}

// showList goes back to the entries, as saved, with note in the status line.
func (a App) showList(entries []vault.Entry, note string) App {
	a.entries.setEntries(entries)
	a.setStatus(statusOK, note)
	a.screen = screenEntries
	a.resize()
	return a
}

// settingsSaved ends a change on the settings screen, which shows how it
// went.
func (a App) settingsSaved(msg settingsSavedMsg) (tea.Model, tea.Cmd) {
	if a, cmd, done := a.finished(msg.err, "not changed"); done {
		return a, cmd
	}
	return a.route(msg)
}

// durationSetting reads a duration from the vault's settings.
func durationSetting(v *vault.Vault, name string, def time.Duration) time.Duration {
	s, ok := v.Setting(name)
	if !ok {
		return def
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return def
	}
	return d
}
