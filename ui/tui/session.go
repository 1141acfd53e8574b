package tui

// This file is the vault's life in the app: the file read at start, the
// unlock and the creation, the results of work on the vault, and the lock
// and the quit that drop every decrypted thing. A change that finds the
// vault's key changed by another process locks, since only unlocking again
// gets the new key.

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/passtea/passtea/crypto/keyfile"
	"github.com/passtea/passtea/ui/term"
	"github.com/passtea/passtea/vault"
)

// conflictNotice is what the unlock screen says after another process
// changed the vault's key.
const conflictNotice = "Another passtea process changed the vault's master password or key. Unlock it again with the current master password."

// fileStamp is what tells whether a file changed on disk: its size and
// modification time.
type fileStamp struct {
	size int64
	mod  time.Time
}

func stampOf(path string) fileStamp {
	fi, err := os.Stat(path)
	if err != nil {
		return fileStamp{}
	}
	return fileStamp{size: fi.Size(), mod: fi.ModTime()}
}

type (
	// vaultFileReadMsg carries the vault file as read, or why it was not;
	// or, at start, the vault the agent holds (held).
	vaultFileReadMsg struct {
		file  *vault.File
		stamp fileStamp
		err   error
		held  Store
	}
	// vaultRefreshedMsg carries the entries after a refresh from disk.
	vaultRefreshedMsg struct {
		entries []vault.Entry
		err     error
	}
)

func (m vaultRefreshedMsg) workErr() error { return m.err }
func (vaultRefreshedMsg) failed() string   { return "could not read the vault again" }

// readFileCmd reads the vault file, without a password.
func readFileCmd(path string, opts *vault.Options) tea.Cmd {
	return func() tea.Msg {
		stamp := stampOf(path)
		f, err := vault.ReadFile(path, opts)
		return vaultFileReadMsg{file: f, stamp: stamp, err: err}
	}
}

// startCmd opens the vault at start: the agent's copy when the agent
// holds it (its entries read here, off the app's loop), else the file
// read for the unlock.
func startCmd(path string, agent Agent, opts *vault.Options) tea.Cmd {
	read := readFileCmd(path, opts)
	if agent == nil {
		return read
	}
	return func() tea.Msg {
		if v, err := agent.Held(path); err == nil {
			if _, err := v.Entries(); err == nil {
				return vaultFileReadMsg{held: v}
			}
			v.Lock()
		}
		return read()
	}
}

// fileRead takes the file read at start (or after a lock) for the next
// unlock: no file means the create screen, an unreadable one an error.
func (a *App) fileRead(msg vaultFileReadMsg) tea.Cmd {
	if a.c.vault != nil {
		return nil // unlocked meanwhile
	}
	if msg.held != nil {
		return a.opened(msg.held, 0, "opened through the agent (L locks it there too)")
	}
	switch {
	case errors.Is(msg.err, vault.ErrNoVault):
		if a.active == screenLoading {
			c := newCreateScreen(a.c)
			var nv *vault.NoVaultError
			if errors.As(msg.err, &nv) && nv.Backup != "" {
				// The backup may be the only copy of a vault: say so,
				// and create one only if the user insists.
				c.backup = nv.Error()
			}
			a.show(screenCreate, c)
			a.prepareKDF(a.newVaultLayout())
			return c.focusCmd()
		}
		return nil
	case msg.err != nil:
		if a.active == screenLoading {
			a.screens[screenLoading].(*loadingScreen).failed(msg.err)
			return nil
		}
		return nil // the unlock reads it again, and says why it cannot
	}
	a.file, a.stamp = msg.file, msg.stamp
	a.c.kdfParams = msg.file.Params()
	a.c.formatVersion = msg.file.FormatVersion()
	switch a.active {
	case screenUnlock:
		// Locked again: the memory for the next unlock is made ready
		// while the password is typed.
		a.prepareKDF(a.c.kdfParams)
		return nil
	case screenLoading:
		u := newUnlockScreen(a.c)
		a.show(screenUnlock, u)
		a.prepareKDF(a.c.kdfParams)
		return u.focusCmd()
	}
	return nil
}

// prepareKDF starts making the memory of a derivation with p ready while
// a password is typed (vault.PrepareKDF): the derivation after enter takes
// it. Another layout lets the previous preparation go.
func (a *App) prepareKDF(p vault.KDFParams) {
	a.prep = vault.PrepareKDF(p)
}

// releaseKDF lets a preparation nobody took go (a no-op once a derivation
// took it): the screen that asked for a password is gone.
func (a *App) releaseKDF() {
	if a.prep != nil {
		a.prep.Release()
		a.prep = nil
	}
}

// newVaultLayout is the memory and lanes of a new vault's derivation: the
// configured parameters, else the defaults (calibration changes only the
// passes).
func (a *App) newVaultLayout() vault.KDFParams {
	if a.c.cfg.KDF != nil {
		return a.c.cfg.KDF.Params
	}
	return vault.DefaultKDF
}

// startUnlock unlocks the file read before with password and the key file
// at keyPath, in a command.
func (a *App) startUnlock(password []byte, keyPath string) tea.Cmd {
	a.c.keyFile = keyPath
	f, stamp := a.file, a.stamp
	if f == nil {
		// Not read (yet): read it in the command.
		path, opts := a.c.path, a.c.cfg.VaultOptions
		read := func() tea.Msg {
			var err error
			if f, err = vault.ReadFile(path, opts); err != nil {
				clear(password)
				return vaultUnlockedMsg{err: err}
			}
			return unlockCmd(f, stampOf(path), password, keyPath, opts)()
		}
		a.c.busy = true
		return read
	}
	a.c.busy = true
	return unlockCmd(f, stamp, password, keyPath, a.c.cfg.VaultOptions)
}

// unlocked takes over a freshly unlocked vault, or shows why it did not
// open.
func (a *App) unlocked(msg vaultUnlockedMsg) tea.Cmd {
	a.c.busy = false
	cmd := a.route(msg) // the unlock screen
	if msg.err != nil {
		// A wrong password leaves the file as it was, for the next try.
		if a.quitting {
			return a.quit()
		}
		if a.c.kdfParams != (vault.KDFParams{}) {
			a.prepareKDF(a.c.kdfParams) // the derivation took the last
		}
		return cmd
	}
	a.releaseKDF()
	a.file = nil // an opened file is spent
	note := msg.note
	if note == "" {
		note = "unlocked in " + formatSeconds(msg.vault.KDFTime())
	}
	return tea.Batch(cmd, a.opened(msg.vault, msg.vault.KDFTime(), note))
}

// startCreate creates the vault, calibrating the key derivation first
// unless settings are given.
func (a *App) startCreate(in createVault) tea.Cmd {
	a.c.busy = true
	if in.settings != nil {
		return createCmd(a.c.path, in, *in.settings, a.c.cfg.VaultOptions)
	}
	a.creating = &in
	target := a.c.cfg.CalibrateTarget
	return func() tea.Msg {
		p, took, err := vault.Calibrate(target, vault.DefaultKDF.MemoryKiB, vault.DefaultKDF.Parallelism)
		return kdfCalibratedMsg{settings: vault.KDFSettings{Params: p}, took: took, err: err}
	}
}

// createCmd creates the vault in.
func createCmd(path string, in createVault, settings vault.KDFSettings, opts *vault.Options) tea.Cmd {
	return func() tea.Msg {
		defer clear(in.password)
		creds := vault.Credentials{Password: in.password}
		if in.keyFile != "" {
			key, _, err := keyfile.ReadFile(in.keyFile)
			if err != nil {
				return vaultCreatedMsg{err: &keyFileError{in.keyFile, err}}
			}
			defer clear(key)
			creds.KeyFile = key
		}
		nv := vault.NewVault{Credentials: creds, KDF: settings, RecoveryCode: in.recoveryCode, MoveBackup: in.moveBackup}
		v, code, err := vault.Create(path, nv, opts)
		if err == nil {
			_, err = v.Entries()
		}
		return vaultCreatedMsg{vault: v, code: code, keyFile: in.keyFile, err: err}
	}
}

// calibrated goes on with the creation once the parameters are known.
func (a *App) calibrated(msg kdfCalibratedMsg) tea.Cmd {
	in := a.creating
	a.creating = nil
	cmd := a.route(msg)
	if msg.err != nil || a.quitting || in == nil {
		if in != nil {
			clear(in.password)
		}
		a.c.busy = false
		if a.quitting {
			return a.quit()
		}
		return cmd
	}
	a.c.kdfTime = msg.took
	return tea.Batch(cmd, createCmd(a.c.path, *in, msg.settings, a.c.cfg.VaultOptions))
}

// created takes over the new vault; its recovery code, if any, is shown
// first, until the user says it is written down.
func (a *App) created(msg vaultCreatedMsg) tea.Cmd {
	a.c.busy = false
	cmd := a.route(msg)
	if msg.err != nil {
		if a.quitting {
			return a.quit()
		}
		return cmd
	}
	a.releaseKDF()
	a.c.vault = msg.vault // locked by a quit from here on
	a.c.keyFile = msg.keyFile
	a.createdNote = "created the vault"
	for _, n := range msg.vault.Notices() {
		a.createdNote += "; " + term.Line(n)
	}
	if msg.keyFile != "" && a.c.cfg.RememberKeyFile != nil {
		if err := a.c.cfg.RememberKeyFile(msg.keyFile); err != nil {
			a.createdNote += "; could not remember the key file: " + err.Error()
		} else {
			a.createdNote += "; remembered its key file"
		}
	}
	if a.quitting {
		return a.quit()
	}
	if msg.code != "" {
		return cmd // the create screen shows the code
	}
	return tea.Batch(cmd, a.recoveryCodeWritten())
}

// recoveryCodeWritten opens the new vault.
func (a *App) recoveryCodeWritten() tea.Cmd {
	if a.c.vault == nil || a.active != screenCreate {
		return nil
	}
	return a.opened(a.c.vault, a.c.kdfTime, a.createdNote)
}

// opened shows the entries of a vault just unlocked or created, with note
// in the status line; a draft kept while locked is put back in its form.
func (a *App) opened(v Store, kdfTime time.Duration, note string) tea.Cmd {
	a.c.vault = v
	a.c.kdfParams, _ = kdfOf(v)
	if kdfTime > 0 {
		a.c.kdfTime = kdfTime
	}
	a.c.clipClear = durationSetting(v, settingClipboardClear, a.c.cfg.defaultClipClear())
	a.c.autoLock = durationSetting(v, settingAutoLock, defaultAutoLock)
	entries := newEntriesScreen(a.c)
	es, _ := v.Entries() // every page was loaded with the unlock
	entries.setEntries(es)
	a.screens = [numScreens]screen{screenEntries: entries}
	a.lastActivity = a.c.now()
	a.showHelp = false
	a.show(screenEntries, entries)
	a.setStatus(statusOK, note)
	if a.quitting {
		return a.quit()
	}
	return tea.Batch(a.idleTick(), a.restoreDraft())
}

// lock drops the decrypted state and shows the unlock screen. A form with
// changes is kept, out of every screen, until the next unlock (draft.go).
func (a *App) lock(note string) tea.Cmd {
	clearCmd := a.clearClipboard()
	a.clip.what, a.clip.name = "", "" // an entry's name is decrypted state too
	a.keepDraft()
	if a.c.vault != nil {
		a.c.kdfParams, _ = kdfOf(a.c.vault)
		a.c.vault.Lock()
		a.c.vault = nil
	}
	if a.c.cfg.Agent != nil {
		a.c.cfg.Agent.Lock(a.c.path)
	}
	a.idleGen++
	a.queued = nil
	a.showHelp = false
	a.confirmQuit = false
	a.lockAfterWork = ""
	a.dropAudit()
	a.wipeScreens()
	u := newUnlockScreen(a.c)
	u.notice = a.draftNotice()
	a.screens = [numScreens]screen{}
	a.show(screenUnlock, u)
	a.setStatus(statusInfo, note)
	return tea.Batch(clearCmd, u.focusCmd(), readFileCmd(a.c.path, a.c.cfg.VaultOptions))
}

// wiper is a screen that holds a secret it can wipe (a password typed).
type wiper interface{ wipe() }

// wipeScreens wipes what the screens hold of secrets before they are
// dropped: the master-password inputs' runes. What Go does not let us
// wipe (strings: an opened entry's values, the text inputs' copies, the
// garbage collector's old copies) is only dropped; see the package doc.
func (a *App) wipeScreens() {
	for _, s := range a.screens {
		if w, ok := s.(wiper); ok {
			w.wipe()
		}
	}
}

// quit clears the clipboard, locks the vault and ends the program, on a
// last frame that shows nothing of the vault (a terminal without an
// alternate screen keeps it). A save that waits for another passtea's lock
// is abandoned (vault.Interrupt); other work on the vault and a copy under
// way finish first.
func (a *App) quit() tea.Cmd {
	if a.c.busy || a.clip.inFlight != 0 {
		if a.c.busy && a.c.vault != nil {
			a.c.vault.Interrupt()
		}
		a.quitting = true
		a.setStatus(statusInfo, "quitting once the work under way ends…")
		return nil
	}
	clearCmd := a.clearClipboard()
	if a.c.vault != nil {
		a.c.vault.Lock()
		a.c.vault = nil
	}
	if a.creating != nil {
		clear(a.creating.password)
		a.creating = nil
	}
	a.releaseKDF()
	a.dropAudit()
	a.wipeScreens()
	a.draft = nil
	a.idleGen++
	a.done = true
	a.screens = [numScreens]screen{}
	return tea.Sequence(clearCmd, tea.Quit)
}

// startWork runs fn on the vault in a command; keys wait until its result.
func (a *App) startWork(fn func(Store) workResult) tea.Cmd {
	v := a.c.vault
	if v == nil {
		return nil
	}
	a.c.busy = true
	return func() tea.Msg { return fn(v) }
}

// refresh folds in what other passtea processes saved.
func (a *App) refresh() tea.Cmd {
	return a.startWork(func(v Store) workResult {
		es, err := entriesAfter(v, v.Refresh())
		return vaultRefreshedMsg{entries: es, err: err}
	})
}

// workDone ends work on the vault: it is free again, a quit that waited for
// it goes ahead, and a key that another process changed locks, since only
// unlocking again gets the new one. Then the result goes where it belongs.
func (a *App) workDone(res workResult) tea.Cmd {
	a.c.busy = false
	abandoned := errors.Is(res.workErr(), vault.ErrInterrupted)
	if abandoned {
		a.abandoned = res.failed() + ": the save was abandoned while another passtea process held the vault's lock"
	}
	if a.quitting {
		return a.quit()
	}
	if note := a.lockAfterWork; note != "" {
		if abandoned {
			note += "; " + a.abandoned
			a.abandoned = "" // said here
		}
		return a.lock(note)
	}
	if err := res.workErr(); errors.Is(err, vault.ErrLocked) && a.c.vault != nil {
		// The agent's copy was locked (its timeout, passtea lock).
		cmd := a.lock("")
		a.setStatus(statusErr, res.failed()+": the agent locked the vault")
		return cmd
	}
	if err := res.workErr(); errors.Is(err, vault.ErrConflict) {
		cmd := a.lock("")
		a.screens[screenUnlock].(*unlockScreen).notice = strings.TrimSpace(conflictNotice + " " + a.draftNotice())
		a.setStatus(statusErr, res.failed()+": the vault's key was changed by another passtea process")
		return cmd
	}
	if a.c.vault == nil {
		return nil // locked meanwhile
	}
	if cmd, ok := a.auditWorkDone(res); ok {
		return cmd
	}
	switch res := res.(type) {
	case vaultRefreshedMsg:
		if res.err != nil {
			a.setStatus(statusErr, res.failed()+": "+res.err.Error())
			return nil
		}
		a.screens[screenEntries].(*entriesScreen).setEntries(res.entries)
		return nil
	case entrySavedMsg:
		if !res.ok() {
			return a.route(res) // the form says why
		}
		verb := "saved "
		if res.added {
			verb = "added "
		}
		a.screens[screenForm], a.screens[screenEntry] = nil, nil
		a.showList(res.entries, verb+res.entry.Name)
		a.screens[screenEntries].(*entriesScreen).selectID(res.entry.ID)
		return nil
	case entryDeletedMsg:
		if res.err != nil {
			a.setStatus(statusErr, res.failed()+": "+res.err.Error())
			return nil
		}
		a.screens[screenEntry] = nil
		a.showList(res.entries, "moved "+term.Line(res.name)+" to the trash (t shows it)")
		return nil
	case trashChangedMsg:
		if res.err != nil {
			a.setStatus(statusErr, res.failed()+": "+res.err.Error())
			return nil
		}
		l := a.screens[screenEntries].(*entriesScreen)
		l.setEntries(res.entries)
		l.setTrash(res.trash)
		a.setStatus(statusOK, res.note)
		return nil
	case entryResolvedMsg:
		if res.err != nil {
			a.setStatus(statusErr, res.failed()+": "+res.err.Error())
		}
		return nil
	case settingSavedMsg:
		if res.err != nil {
			if res.name == settingClipboardClear {
				a.c.clipClear = res.old
			} else {
				a.c.autoLock = res.old
			}
			a.setStatus(statusErr, res.failed()+": "+res.err.Error())
			return nil
		}
		a.setStatus(statusOK, res.note)
		return nil
	}
	return a.route(res)
}

// showList goes back to the entries, as saved, with note in the status line.
func (a *App) showList(entries []vault.Entry, note string) {
	l := a.screens[screenEntries].(*entriesScreen)
	l.setEntries(entries)
	a.show(screenEntries, l)
	a.setStatus(statusOK, note)
}

// cleanup is the last word when the program ended without a quit the app
// saw (a signal, a cancelled context): it locks the vault and clears every
// pending copy, here and now since no command runs any more.
func (a *App) cleanup() error {
	if a.c.vault != nil {
		a.c.vault.Lock()
		a.c.vault = nil
	}
	if err := a.c.cfg.Copier.ClearAll(); err != nil {
		return fmt.Errorf("clear the clipboard: %w", err)
	}
	return nil
}

// durationSetting reads a duration from the vault's settings.
func durationSetting(v Store, name string, def time.Duration) time.Duration {
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

// entriesAfter lists the vault's entries for the message that reports a
// change; the change's own error comes first.
func entriesAfter(v Store, err error) ([]vault.Entry, error) {
	es, lerr := v.Entries()
	if err == nil {
		err = lerr
	}
	return es, err
}
