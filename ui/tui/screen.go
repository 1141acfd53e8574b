package tui

// This file is the contract between the root and its screens: the screen
// interface, the table of screens, and what a screen may ask of the root
// (intents). Screens read the shared state (common) and never write it;
// everything that changes it goes through an intent the root carries out.

import (
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/passtea/passtea/generator"
	"github.com/passtea/passtea/vault"
)

// screen is one page of the app. The root keeps every screen in a table
// and routes to the active one; adding a screen is one file and one row of
// newScreens.
type screen interface {
	// update handles a message meant for the screen: keys, its own
	// commands' results, ticks. It changes the screen and returns what it
	// wants done.
	update(msg tea.Msg) reply
	// view draws the body: lines of at most the width last given to
	// resize, as many as fit its height (the frame cuts the rest).
	view() string
	// help returns the keys that work now, for the help line and the
	// full help; disabled bindings are not shown.
	help() help.KeyMap
	// resize gives the screen the size of the body.
	resize(width, height int)
	// restyle takes a new theme (the background turned out light).
	restyle()
	// capturing reports whether printable keys are the screen's (typed
	// text, or the answer to a question), so that ? and q are not global.
	capturing() bool
	// title is the screen's name in the header.
	title() string
}

// screenID names a row of the table.
type screenID int

const (
	screenLoading  screenID = iota // until the vault file is read, or when it cannot be
	screenCreate                   // no vault yet
	screenUnlock                   // locked
	screenEntries                  // the list
	screenEntry                    // one entry
	screenForm                     // add or edit
	screenGenerate                 // the generator
	screenSettings                 // settings
	screenAudit                    // the audit's findings
	numScreens
)

func (s screenID) String() string {
	return [...]string{"loading", "create", "unlock", "entries", "entry", "form", "generate", "settings", "audit"}[s]
}

// reply is what a screen's update returns: a command for Bubble Tea (a
// cursor's blink, a spinner's tick) and intents for the root, which it
// carries out at once, in order, before the next message.
type reply struct {
	cmd     tea.Cmd
	intents []intent
}

// run is a reply of just a command.
func run(cmd tea.Cmd) reply { return reply{cmd: cmd} }

// want is a reply of intents.
func want(in ...intent) reply { return reply{intents: in} }

// and adds a command to r.
func (r reply) and(cmd tea.Cmd) reply {
	r.cmd = tea.Batch(r.cmd, cmd)
	return r
}

// intent is something a screen asks the root to do.
type intent interface{ isIntent() }

type (
	// goTo shows another screen.
	goTo struct {
		to       screenID
		id       vault.ID // the entry, for screenEntry and screenForm
		newEntry bool     // screenForm: add rather than edit
	}
	// goBack leaves the active screen for the one it came from.
	goBack struct{}
	// say puts a line in the status bar.
	say struct {
		kind statusKind
		text string
	}
	// lockNow locks the vault.
	lockNow struct{}
	// quitNow clears the clipboard, locks and ends the program.
	quitNow struct{}
	// copyValue copies value, the what ("password") of the entry name;
	// a value that expires (a one-time code) is cleared by then at the
	// latest.
	copyValue struct {
		what, name, value string
		expires           time.Time
	}
	// work runs fn on the unlocked vault in a command; the app is busy
	// (keys wait) until its result, which must be a workResult, arrives.
	work struct {
		fn func(Store) workResult
	}
	// unlockWith unlocks the vault file read at start with password and
	// the key file at keyFile ("": none).
	unlockWith struct {
		password []byte
		keyFile  string
	}
	// createVault creates the vault with password and the key file at
	// keyFile ("": none), and a recovery code if asked; settings nil
	// means calibrate to the target first. moveBackup moves a VAULT.bak
	// without its vault aside.
	createVault struct {
		password     []byte
		settings     *vault.KDFSettings
		keyFile      string
		recoveryCode bool
		moveBackup   bool
	}
	// ackRecoveryCode: the user has written the recovery code down.
	ackRecoveryCode struct{}
	// setGenOptions makes opts the generator's options.
	setGenOptions struct {
		opts generator.Options
	}
	// setSetting applies a duration setting of the app at once and saves
	// it in the vault; a failed save puts the old value back.
	setSetting struct {
		name  string
		value time.Duration
		note  string // what the status line says once it is saved
	}
	// usePassword takes a password from the generator into the form.
	usePassword struct {
		password string
	}
	// auditAgain starts a new audit, which leaving the audit screen
	// cancels.
	auditAgain struct{}
	// useKDFTime records how long one derivation with the vault's
	// parameters takes here, after a calibration.
	useKDFTime struct {
		d time.Duration
	}
)

func (goTo) isIntent()            {}
func (goBack) isIntent()          {}
func (say) isIntent()             {}
func (lockNow) isIntent()         {}
func (quitNow) isIntent()         {}
func (copyValue) isIntent()       {}
func (work) isIntent()            {}
func (unlockWith) isIntent()      {}
func (createVault) isIntent()     {}
func (ackRecoveryCode) isIntent() {}
func (setGenOptions) isIntent()   {}
func (setSetting) isIntent()      {}
func (usePassword) isIntent()     {}
func (useKDFTime) isIntent()      {}
func (auditAgain) isIntent()      {}

// workResult is the result of a work intent: the root makes the app free
// again, locks if another process changed the vault's key (err is a
// vault.ErrConflict), then hands the result to the screen that asked.
type workResult interface {
	tea.Msg
	workErr() error
	// failed says what did not happen, for the status line ("not saved").
	failed() string
}
