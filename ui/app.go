// Package ui is passtea's interactive app, built with Bubble Tea.
//
// One root model, [App], owns the shared state (the unlocked vault, the
// clipboard, the idle timer) and routes messages: global keys first,
// window sizes to every screen, everything else to the active screen. Each
// screen lives in its own file with its model, messages and commands:
// create.go, unlock.go, entries.go, entry.go, form.go, generate.go and
// settings.go. Keys are in keys.go, the theme in styles.go.
//
// # Files of the root
//
//   - config.go: [Config], [New] and [Run].
//   - app.go: the root model and its routing; view.go: its frame.
//   - common.go: the state every screen reads, and how screens ask the
//     root for something.
//   - messages.go: the requests of screens, and commands on the vault that
//     more than one screen starts.
//   - session.go: unlocking, the results of saves, locking and quitting.
//   - autolock.go: the idle timer; copy.go: the clipboard and its clear.
//   - status.go: the status line; text.go: cutting and formatting text.
//
// Slow work runs in commands: the key derivation, saving, the clipboard.
// While a command works on the vault, the app takes no other action on it
// (a [vault.Vault] is not safe for concurrent use).
package ui

import (
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/passtea/passtea/generator"
)

// App is the root model: it owns the shared state and the screens, and
// routes every message. Build it with [New].
type App struct {
	c *common

	screen   screen
	prev     screen // where esc goes back to from the generator and settings
	showHelp bool
	help     help.Model

	loadErr  error // a vault that cannot be read at all
	create   createModel
	unlock   unlockModel
	entries  entriesModel
	entry    entryModel
	form     formModel
	generate generateModel
	settings settingsModel

	status       string
	statusKind   statusKind
	clip         clipState
	lastActivity time.Time
	idleGen      int
	queued       []tea.KeyPressMsg // keys typed while busy
	quitting     bool
}

var _ tea.Model = App{}

// maxQueued is how many keys typed while the vault is busy are kept.
const maxQueued = 64

// Init reads the vault file, and builds the strength estimator's
// dictionaries in the background (about 60 ms, done before anyone types).
func (a App) Init() tea.Cmd {
	return tea.Batch(readFileCmd(a.c.path, a.c.cfg.VaultOptions), tea.RequestBackgroundColor, warmStrengthCmd)
}

// warmStrengthCmd loads the strength estimator so that the first keystroke
// in a password field does not pay for it.
func warmStrengthCmd() tea.Msg {
	generator.Warm()
	return nil
}

// Update routes msg. Keys typed while the vault was busy are handled as
// soon as it is free again.
func (a App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	wasBusy := a.c.busy
	next, cmd := a.update(msg)
	a = next.(App)
	if !wasBusy || a.c.busy || len(a.queued) == 0 {
		return a, cmd
	}
	cmds := []tea.Cmd{cmd}
	for len(a.queued) > 0 && !a.c.busy {
		k := a.queued[0]
		a.queued = a.queued[1:]
		next, c := a.update(k)
		a = next.(App)
		cmds = append(cmds, c)
	}
	return a, tea.Batch(cmds...)
}

func (a App) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.c.width, a.c.height = msg.Width, msg.Height
		a.help.SetWidth(msg.Width)
		a.resize()
		return a, nil

	case tea.BackgroundColorMsg:
		a.c.setStyles(msg.IsDark())
		a.help.Styles = a.c.styles.Help
		a.restyle()
		return a, nil

	case tea.KeyPressMsg:
		return a.handleKey(msg)

	case tea.PasteMsg:
		a.lastActivity = a.c.now()

	case vaultFileReadMsg:
		return a.fileRead(msg)

	case statusMsg:
		a.setStatus(msg.kind, msg.text)
		return a, nil

	case navigateMsg:
		return a.navigate(msg)

	case backMsg:
		return a.back()

	case lockRequestedMsg:
		return a.lock("locked")

	case quitRequestedMsg:
		return a.quit()

	case idleTickMsg:
		return a.idleTicked(msg)

	case copyRequestMsg:
		return a.copy(msg)
	case copiedMsg:
		return a.copied(msg)
	case clipTickMsg:
		return a.clipTicked(msg)
	case clipboardClearedMsg:
		return a.clipboardCleared(msg)

	case vaultUnlockedMsg:
		took := a.c.now().Sub(a.unlock.start)
		var cmd tea.Cmd
		a.unlock, cmd = a.unlock.Update(msg)
		return a.opened(msg.vault, msg.err, took, msg.note, cmd)
	case kdfCalibratedMsg:
		if msg.err != nil {
			a.c.busy = false
			if a.quitting {
				return a.quit()
			}
		}
	case vaultCreatedMsg:
		took := a.c.now().Sub(a.create.start)
		var cmd tea.Cmd
		a.create, cmd = a.create.Update(msg)
		return a.opened(msg.vault, msg.err, took, "created the vault", cmd)
	case vaultRefreshedMsg:
		return a.refreshed(msg)
	case passwordChosenMsg:
		a.generate.leaveForm()
		a.screen = screenForm
		var cmd tea.Cmd
		a.form, cmd = a.form.Update(msg)
		a.resize()
		return a, cmd
	case entrySavedMsg:
		return a.saved(msg)
	case entryDeletedMsg:
		return a.deleted(msg)
	case settingsSavedMsg:
		return a.settingsSaved(msg)
	}
	return a.route(msg)
}

// route sends msg to the active screen.
func (a App) route(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch a.screen {
	case screenCreate:
		a.create, cmd = a.create.Update(msg)
	case screenUnlock:
		a.unlock, cmd = a.unlock.Update(msg)
	case screenEntries:
		a.entries, cmd = a.entries.Update(msg)
	case screenEntry:
		a.entry, cmd = a.entry.Update(msg)
	case screenForm:
		a.form, cmd = a.form.Update(msg)
	case screenGenerate:
		a.generate, cmd = a.generate.Update(msg)
	case screenSettings:
		a.settings, cmd = a.settings.Update(msg)
	}
	return a.handleRequests(cmd)
}

// handleRequests handles what the screen asked for during its Update.
func (a App) handleRequests(cmd tea.Cmd) (tea.Model, tea.Cmd) {
	cmds := []tea.Cmd{cmd}
	for len(a.c.requests) > 0 {
		req := a.c.requests[0]
		a.c.requests = a.c.requests[1:]
		next, c := a.Update(req)
		a = next.(App)
		cmds = append(cmds, c)
	}
	return a, tea.Batch(cmds...)
}

// capturing reports whether the active screen takes typed text, so that
// printable keys such as ? and q belong to it.
func (a App) capturing() bool {
	switch a.screen {
	case screenLoading:
		return false
	case screenCreate, screenUnlock, screenForm:
		return true
	case screenEntries:
		return a.entries.capturing()
	case screenGenerate:
		return a.generate.capturing()
	case screenSettings:
		return a.settings.capturing()
	case screenEntry:
		return a.entry.capturing()
	}
	return false
}

func (a App) handleKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := a.c.keys
	a.lastActivity = a.c.now()
	if matches(msg, k.Quit) {
		return a.quit()
	}
	if a.c.busy {
		// A save or key derivation is under way: the key waits for it.
		if len(a.queued) < maxQueued {
			a.queued = append(a.queued, msg)
		}
		return a, nil
	}
	if matches(msg, k.Help) && (!a.capturing() || msg.String() == "f1") {
		a.showHelp = !a.showHelp
		a.resize()
		return a, nil
	}
	if a.showHelp && matches(msg, k.Back) {
		a.showHelp = false
		a.resize()
		return a, nil
	}
	if matches(msg, k.QuitQ) && !a.capturing() && a.form.c == nil {
		// q quits where nothing typed would be lost (the generator may
		// have been opened from the form).
		return a.quit()
	}
	if a.screen == screenLoading && a.loadErr != nil && matches(msg, k.Back) {
		return a.quit()
	}
	return a.route(msg)
}

func (a App) navigate(msg navigateMsg) (tea.Model, tea.Cmd) {
	if a.c.vault == nil {
		return a, nil
	}
	var cmd tea.Cmd
	switch msg.to {
	case screenEntries:
		a.entries.setEntries(a.c.vault.Entries())
	case screenEntry:
		var err error
		a.entry, err = newEntryModel(a.c, msg.id)
		if err != nil {
			a.setStatus(statusErr, err.Error())
			return a, nil
		}
	case screenForm:
		if msg.isNew {
			a.form = newFormModel(a.c, nil)
		} else {
			e, err := a.c.vault.ByID(msg.id)
			if err != nil {
				a.setStatus(statusErr, err.Error())
				return a, nil
			}
			a.form = newFormModel(a.c, &e)
		}
		a.form.from = a.screen
		cmd = a.form.Init()
	case screenGenerate:
		if a.screen == screenForm {
			a.generate.enterForm()
		} else {
			a.generate.leaveForm()
			a.prev = a.screen
		}
		cmd = a.generate.Init()
	case screenSettings:
		a.settings = newSettingsModel(a.c)
		a.prev = a.screen
	}
	a.screen = msg.to
	a.resize()
	return a, cmd
}

func (a App) back() (tea.Model, tea.Cmd) {
	switch a.screen {
	case screenEntry:
		a.entry = entryModel{} // drop the opened secret
		a.screen = screenEntries
	case screenForm:
		a.screen = screenEntries
		if a.form.from == screenEntry {
			var err error
			if a.entry, err = newEntryModel(a.c, a.form.id); err == nil {
				a.screen = screenEntry
			}
		}
		a.form = formModel{} // drop what was typed
	case screenGenerate:
		if a.generate.forForm {
			a.generate.leaveForm()
			a.screen = screenForm
			break
		}
		a.screen = a.prev
	case screenSettings:
		a.screen = a.prev
		a.settings = settingsModel{}
	}
	a.resize()
	if a.screen == screenEntries {
		// Fold in what other passtea processes saved, before the entries
		// are shown again.
		return a, a.c.refreshCmd()
	}
	return a, nil
}

// resize gives every screen its new size.
func (a *App) resize() {
	h := a.c.bodyHeight(a.helpLines())
	w := a.c.width
	a.create.resize(w, h)
	a.unlock.resize(w, h)
	a.entries.resize(w, h)
	a.entry.resize(w, h)
	a.form.resize(w, h)
	a.generate.resize(w, h)
	a.settings.resize(w, h)
}

func (a *App) restyle() {
	a.create.restyle()
	a.unlock.restyle()
	a.entries.restyle()
	a.form.restyle()
	a.generate.restyle()
	a.settings.restyle()
}

// matches reports whether msg is one of b's keys.
func matches(msg tea.KeyPressMsg, b ...key.Binding) bool {
	return key.Matches(msg, b...)
}
