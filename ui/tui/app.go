// Package tui is passtea's interactive app, built with Bubble Tea.
//
// # Shape
//
// One root model, [App], owns the shared state and routes every message.
// The screens sit in a table (screen.go): each implements one small
// interface (update, view, help, resize, restyle, capturing, title) in a
// file of its own (create.go, unlock.go, entries.go, entry.go, form.go
// with formrows.go, generate.go, settings.go, auditview.go, loading.go),
// with its messages and commands. secret.go is the input of master
// passwords; otpcode.go and otpform.go are the one-time codes of the entry
// screen, the list and the form.
//
// The root owns everything shared: the unlocked vault, whether a command
// is busy with it, the generator's options, the settings, the timers
// (auto-lock, the clipboard countdown) and the clipboard. Screens read that
// state through a pointer to common and never write it. What a screen
// wants done it returns from update as intents (goTo, goBack, say,
// copyValue, work on the vault, setGenOptions, …), which the root carries
// out at once, before the next message, so that a key typed right after
// "open" reaches the opened screen.
//
// Routing: global keys first (ctrl+c, help, q), then the active screen;
// window sizes to every screen; results of work on the vault to the root,
// which frees the vault, locks if another process changed its key, and
// hands the result to the screen that asked.
//
// # Adding a screen
//
// Write a file with a type implementing screen and its constructor, add a
// screenID, build the screen in App.goTo (and say in App.goBack where it
// returns), give its keys a struct in keys.go, and its frames goldens in
// screens_test.go.
//
// # Files of the root
//
//   - config.go: [Config], [New] and [Run]; signals_*.go: the signals that
//     end the app with the clipboard cleared.
//   - screen.go: the screen interface, the table's rows, the intents;
//     common.go: the state screens read.
//   - app.go: the root model and its routing; intents.go: carrying out
//     the intents.
//   - view.go: the frame and the help; status.go: the status line.
//   - session.go: the vault file, unlocking, creating, locking, quitting,
//     the results of work; draft.go: a form kept while locked.
//   - autolock.go: the idle timer; copy.go: the clipboard and its clear.
//   - keys.go: every binding; styles.go: the theme; strength.go: the
//     meters; text.go: cutting and wrapping text.
//   - auditrun.go: the audit behind the audit screen (auditview.go,
//     auditwords.go) and the list's badges (badges.go); auditaccept.go:
//     accepting a finding.
//
// # Secrets in memory
//
// Decision: what Go lets us wipe is wiped, the rest is dropped. The master
// password is typed into secretInput (secret.go), whose runes are zeroed
// after every try, when a question is cancelled, and on lock and quit
// (App.wipeScreens); the bytes handed to the unlock are wiped once the key
// is derived. An opened entry's values are Go strings (the vault's API,
// the text inputs of the form, lipgloss's rendering all copy them), which
// cannot be overwritten: a lock drops every screen that holds them, and
// the garbage collector frees them at its own pace. The audit reads every
// password and holds them, as Go strings, until its check ends; a lock
// cancels it and drops them, and its report holds none. The last frame drawn
// before the program ends shows nothing of the vault, for terminals
// without an alternate screen.
//
// # One-time codes
//
// Decision: the entry screen shows a time-based one-time code in clear,
// live, as 1Password and KeePassXC do on their entry views, while the
// password stays masked until r. A code is worth little alone and for at
// most its period (the account wants the password too, and a server
// refuses a code once used or expired), and it is read off the screen to
// be typed elsewhere: hiding it behind a key every 30 seconds would cost
// more than it protects. The key it is made from is another matter: it is
// never drawn, not in the entry (no key reveals it) nor in the form (dots,
// even with ctrl+r; a stored code is described, "TOTP, SHA1, 6 digits,
// every 30 s"). A counter-based (HOTP) code is shown only when o asks for
// it, since showing one uses it up: its counter is saved first
// (vault.NextHOTP), as by `passtea otp`. The code is redrawn by a tick
// that runs only while the entry screen is shown; a tick that finds
// another screen (the entry left, the vault locked) ends its chain
// (otpcode.go).
//
// Stored text (names, usernames, URLs, notes, fields) is drawn through
// package ui/term: an escape sequence in a hostile vault is shown as \x1b,
// never sent to the terminal.
//
// Slow work runs in commands: the key derivation, saving, the clipboard.
// While a command works on the vault, the app takes no other action on it
// (a [vault.Vault] is not safe for concurrent use): keys typed meanwhile
// wait, and are handled in order when it is done.
//
// # The audit
//
// Decision: the badges come from an audit the app runs itself, in the
// background, after the unlock and whenever the entries change (a save,
// a delete, what another process saved), so that the unlock never waits
// for it; the report is kept in the shared state until the lock, and a
// finding accepted on the audit screen changes it in place. The secrets
// are read in slices of a few milliseconds of the vault's time (keys
// wait for one slice at most), the check runs in a command: 10,000
// entries take about a second and a half, almost all of it zxcvbn. An
// entry changed since the report shows no badge until the next one.
// Breached passwords are looked up offline only, in the list that
// `passtea audit --hibp` remembered (package ui/breachlist): the app has
// no setting that would let it go online, and says so.
package tui

import (
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/passtea/passtea/generator/strength"
	"github.com/passtea/passtea/vault"
)

// App is the root model: it owns the shared state and the screens, and
// routes every message. Build it with [New].
type App struct {
	c *common

	screens [numScreens]screen
	active  screenID
	// from is, for each screen, the one it was opened from (goBack).
	from [numScreens]screenID

	keys     globalKeys
	showHelp bool
	help     help.Model

	status       string
	statusKind   statusKind
	clip         clipState
	lastActivity time.Time
	idleGen      int
	queued       []tea.KeyPressMsg // keys typed while busy
	quitting     bool
	confirmQuit  bool // "quit and discard your unsaved changes?" is on screen

	// file is the vault file as read at start (or at the last lock), for
	// the next unlock; stamp tells whether it changed on disk since.
	file  *vault.File
	stamp fileStamp
	// draft is the form kept while the vault is locked (draft.go).
	draft *formDraft
	// creating is the vault being created (its master password), between
	// the calibration and the creation; created is what the status line
	// says once it is open.
	creating    *createVault
	createdNote string
	// prep is the memory of the next key derivation, made ready while the
	// master password is typed (see prepareKDF).
	prep interface{ Release() }
	// lockAfterWork is the note of an auto-lock that waits for the work
	// under way (a save it interrupted); abandoned says what a save given
	// up that way did not save, for Run to report after a quit.
	lockAfterWork string
	abandoned     string
	// done: the program is ending; the last frame shows nothing.
	done bool
}

var _ tea.Model = (*App)(nil)

// maxQueued is how many keys typed while the vault is busy are kept.
const maxQueued = 64

// Init opens the vault through the agent when it holds it, else reads
// the vault file (see startCmd), and builds the strength estimator's
// dictionaries in the background (about 60 ms, done before anyone types).
func (a *App) Init() tea.Cmd {
	return tea.Batch(startCmd(a.c.path, a.c.cfg.Agent, a.c.cfg.VaultOptions), tea.RequestBackgroundColor, warmStrengthCmd)
}

// warmStrengthCmd loads the strength estimator so that the first keystroke
// in a password field does not pay for it.
func warmStrengthCmd() tea.Msg {
	strength.Warm()
	return nil
}

// Update routes msg. Keys typed while the vault was busy are handled as
// soon as it is free again.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	wasBusy := a.c.busy
	cmd := a.update(msg)
	if wasBusy && !a.c.busy {
		cmds := []tea.Cmd{cmd}
		for len(a.queued) > 0 && !a.c.busy {
			k := a.queued[0]
			a.queued = a.queued[1:]
			cmds = append(cmds, a.update(k))
		}
		cmd = tea.Batch(cmds...)
	}
	cmd = tea.Batch(cmd, a.auditNext())
	a.updateKeys()
	return a, cmd
}

func (a *App) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.c.width, a.c.height = msg.Width, msg.Height
		a.help.SetWidth(msg.Width)
		a.resize()
		return nil
	case tea.BackgroundColorMsg:
		a.c.setStyles(msg.IsDark())
		a.help.Styles = a.c.styles.Help
		for _, s := range a.screens {
			if s != nil {
				s.restyle()
			}
		}
		return nil
	case tea.KeyPressMsg:
		return a.handleKey(msg)
	case tea.PasteMsg:
		a.lastActivity = a.c.now()
	case vaultFileReadMsg:
		return a.fileRead(msg)
	case vaultUnlockedMsg:
		return a.unlocked(msg)
	case kdfCalibratedMsg:
		return a.calibrated(msg)
	case vaultCreatedMsg:
		return a.created(msg)
	case workResult:
		return a.workDone(msg)
	case idleTickMsg:
		return a.idleTicked(msg)
	case copiedMsg:
		return a.copied(msg)
	case clipTickMsg:
		return a.clipTicked(msg)
	case clipboardClearedMsg:
		return a.clipboardCleared(msg)
	case auditDoneMsg:
		return a.auditDone(msg)
	}
	return a.route(msg)
}

// route sends msg to the active screen and carries out what it asks.
func (a *App) route(msg tea.Msg) tea.Cmd {
	s := a.screens[a.active]
	if s == nil {
		return nil
	}
	return a.carryOut(s.update(msg))
}

// carryOut runs a screen's reply: its intents, in order, then its command.
func (a *App) carryOut(r reply) tea.Cmd {
	cmds := []tea.Cmd{r.cmd}
	for _, in := range r.intents {
		cmds = append(cmds, a.do(in))
	}
	return tea.Batch(cmds...)
}

// capturing reports whether the active screen takes printable keys.
func (a *App) capturing() bool {
	s := a.screens[a.active]
	return s != nil && s.capturing()
}

// updateKeys switches the root's bindings to what works now.
func (a *App) updateKeys() {
	g := &a.keys
	capturing := a.capturing()
	enable(!a.confirmQuit, &g.Quit, &g.HelpF1)
	enable(!a.confirmQuit && !capturing, &g.Help)
	enable(a.showHelp && !a.confirmQuit, &g.CloseHelp)
	// q quits where nothing typed would be lost: not in text, and not
	// with a form open under the generator.
	enable(!a.confirmQuit && !capturing && a.screens[screenForm] == nil && a.draft == nil, &g.QuitQ)
	enable(a.confirmQuit, &g.Yes, &g.No)
}

func (a *App) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	g := a.keys
	a.lastActivity = a.c.now()
	switch {
	case a.confirmQuit:
		a.confirmQuit = false
		if key.Matches(msg, g.Yes) {
			return a.quit()
		}
		a.setStatus(statusInfo, "")
		return nil
	case key.Matches(msg, g.Quit):
		if what := a.unsaved(); what != "" {
			a.confirmQuit = true
			a.setStatus(statusInfo, "")
			return nil
		}
		return a.quit()
	case a.c.busy:
		// A save or key derivation is under way: the key waits for it.
		if len(a.queued) < maxQueued {
			a.queued = append(a.queued, msg)
		}
		return nil
	case key.Matches(msg, g.Help, g.HelpF1):
		a.showHelp = !a.showHelp
		a.resize()
		return nil
	case key.Matches(msg, g.CloseHelp):
		a.showHelp = false
		a.resize()
		return nil
	case key.Matches(msg, g.QuitQ):
		return a.quit()
	}
	if a.statusKind != statusCopy {
		// The last action's result is old news once the user acts again.
		a.setStatus(statusInfo, "")
	}
	return a.route(msg)
}

// unsaved names what a quit would lose: a form with changes, or one kept
// while the vault is locked. "" when nothing.
func (a *App) unsaved() string {
	if f, ok := a.screens[screenForm].(*formScreen); ok && f.dirty() {
		return f.title()
	}
	if a.draft != nil {
		return "a kept draft"
	}
	return ""
}

// resize gives every screen its new size.
func (a *App) resize() {
	h := a.c.bodyHeight(a.helpLines())
	for _, s := range a.screens {
		if s != nil {
			s.resize(a.c.width, h)
		}
	}
}

// show makes id the active screen, built as s.
func (a *App) show(id screenID, s screen) {
	a.screens[id] = s
	a.active = id
	a.resize()
}
