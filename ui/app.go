// Package ui is passtea's interactive app, built with Bubble Tea.
//
// One root model, [App], owns the shared state (the unlocked vault, the
// clipboard, the idle timer) and routes messages: global keys first,
// window sizes to every screen, everything else to the active screen. Each
// screen lives in its own file with its model, messages and commands:
// create.go, unlock.go, entries.go, entry.go, form.go, generate.go and
// settings.go. Keys are in keys.go, the theme in styles.go.
//
// Slow work runs in commands: the key derivation, saving, the clipboard.
// While a command works on the vault, the app takes no other action on it
// (a [vault.Vault] is not safe for concurrent use).
package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/passtea/passtea/generator"
	"github.com/passtea/passtea/ui/clipboard"
	"github.com/passtea/passtea/vault"
)

// Config is what the app needs from outside. Only VaultPath is required;
// tests fill in the rest to make runs repeatable.
type Config struct {
	// VaultPath is the vault file; it is created if it does not exist.
	VaultPath string
	// Clock tells the time (nil: time.Now). Timers still tick in real time;
	// what they show and decide is computed from Clock.
	Clock func() time.Time
	// Rand is the generator's randomness (nil: crypto/rand).
	Rand io.Reader
	// Clipboard receives copies. Nil means OSC 52 through the terminal
	// (Run picks the system clipboard when clipboard.Detect says so).
	Clipboard clipboard.Clipboard
	// Terminal says how OSC 52 reaches the terminal (tmux, screen).
	Terminal clipboard.Terminal
	// LastCopyPath is the file that records passtea's last copy (see
	// clipboard.LastCopy); "" keeps no record.
	LastCopyPath string
	// KDF, when set, is used for new vaults instead of calibrating.
	KDF *vault.KDFSettings
	// CalibrateTarget is the time one derivation should take in a new vault
	// (0: 500 ms).
	CalibrateTarget time.Duration
	// Location is the time zone dates are shown in (nil: time.Local).
	Location *time.Location
	// VaultOptions are passed to the vault package.
	VaultOptions *vault.Options
	// NoTimers turns off the real-time ticks (spinner, idle, clipboard
	// countdown) so that a test program goes quiet; model-level tests
	// drive the timers with their messages instead.
	NoTimers bool
}

// Defaults of the settings kept in the vault.
const (
	defaultClipboardClear = 20 * time.Second
	defaultAutoLock       = 5 * time.Minute

	settingClipboardClear = "tui.clipboard-clear"
	settingAutoLock       = "tui.auto-lock"
)

type screen int

const (
	screenLoading screen = iota
	screenCreate
	screenUnlock
	screenEntries
	screenEntry
	screenForm
	screenGenerate
	screenSettings
)

func (s screen) String() string {
	return [...]string{"loading", "create", "unlock", "entries", "entry", "form", "generate", "settings"}[s]
}

// common is the state every screen reads: the theme, the keys, the size,
// the clock and the unlocked vault. Screens hold a pointer to it.
type common struct {
	cfg    Config
	styles Styles
	keys   keyMap
	width  int
	height int
	now    func() time.Time
	path   string
	vault  *vault.Vault // nil unless unlocked
	gen    *generator.Generator
	// genOpts are the generator's options, shared by the generator screen
	// and the form's ctrl+g.
	genOpts generator.Options

	clipClear time.Duration
	autoLock  time.Duration
	// kdfTime is how long the last derivation with the vault's parameters
	// took, by the app's clock (0 when unknown).
	kdfTime time.Duration

	// busy is set, synchronously in Update, when a command starts working
	// on the vault, and cleared when its result arrives. Keys wait.
	busy bool
	// requests are the screens' requests to the root (see request).
	requests []tea.Msg
}

// setStyles builds the theme for the background.
func (c *common) setStyles(isDark bool) {
	c.styles = newStyles(isDark)
	if c.cfg.NoTimers {
		// A blinking cursor is a timer too.
		c.styles.Input.Cursor.Blink = false
		c.styles.TextArea.Cursor.Blink = false
	}
}

// vaultKDFTime is what strength meters assume one derivation takes: the
// measured time, else the calibration target.
func (c *common) vaultKDFTime() time.Duration {
	if c.kdfTime > 0 {
		return c.kdfTime
	}
	return c.cfg.CalibrateTarget
}

// bodyHeight is the number of lines a screen may fill.
func (c *common) bodyHeight(helpLines int) int {
	return max(c.height-3-helpLines, 3)
}

// App is the root model.
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

type statusKind int

const (
	statusInfo statusKind = iota
	statusOK
	statusErr
	statusCopy // the clipboard countdown
)

var _ tea.Model = App{}

// maxQueued is how many keys typed while the vault is busy are kept.
const maxQueued = 64

// New returns the app for cfg.
func New(cfg Config) App {
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.CalibrateTarget == 0 {
		cfg.CalibrateTarget = 500 * time.Millisecond
	}
	c := &common{
		cfg:       cfg,
		keys:      defaultKeyMap(),
		width:     80,
		height:    24,
		now:       cfg.Clock,
		path:      cfg.VaultPath,
		gen:       generator.New(cfg.Rand),
		genOpts:   generator.DefaultOptions(),
		clipClear: defaultClipboardClear,
		autoLock:  defaultAutoLock,
	}
	c.setStyles(true)
	a := App{c: c, screen: screenLoading, help: help.New()}
	a.help.Styles = c.styles.Help
	a.create = newCreateModel(c)
	a.unlock = newUnlockModel(c)
	a.entries = newEntriesModel(c)
	a.generate = newGenerateModel(c)
	a.lastActivity = c.now()
	return a
}

// Run runs the app on the terminal until the user quits.
func Run(ctx context.Context, cfg Config) error {
	if cfg.Clipboard == nil {
		if m, _ := clipboard.Detect(clipboard.OSEnv()); m == clipboard.MethodSystem {
			cfg.Clipboard = clipboard.System()
		}
	}
	cfg.Terminal = clipboard.DetectTerminal(os.Getenv)
	if cfg.LastCopyPath == "" {
		cfg.LastCopyPath = clipboard.DefaultLastCopyPath(os.Getenv)
	}
	p := tea.NewProgram(New(cfg), tea.WithContext(ctx))
	_, err := p.Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// Messages of the root.
type (
	// vaultFileReadMsg carries the result of reading the vault file at start.
	vaultFileReadMsg struct {
		file *vault.File
		err  error
	}
	// statusMsg puts a line in the status bar.
	statusMsg struct {
		text string
		kind statusKind
	}
	// navigateMsg asks the root to show another screen.
	navigateMsg struct {
		to    screen
		id    vault.ID // the entry, for screenEntry and screenForm (edit)
		isNew bool     // screenForm: a new entry
	}
	// backMsg asks the root to go back from the active screen.
	backMsg struct{}
	// lockRequestedMsg asks the root to lock the vault now.
	lockRequestedMsg struct{}
	// quitRequestedMsg asks the root to clear the clipboard and quit.
	quitRequestedMsg struct{}
	// vaultRefreshedMsg carries the entries after a refresh from disk.
	vaultRefreshedMsg struct {
		entries []vault.Entry
		err     error
	}
	// idleTickMsg checks whether the app has been idle long enough to lock.
	idleTickMsg struct{ gen int }
)

func readFileCmd(path string, opts *vault.Options) tea.Cmd {
	return func() tea.Msg {
		f, err := vault.ReadFile(path, opts)
		return vaultFileReadMsg{file: f, err: err}
	}
}

// request hands msg to the root, which handles it as soon as the screen's
// Update returns: before any other input, so that a key typed right after
// "open" reaches the opened screen. It returns nil, for use as a command.
func (c *common) request(msg tea.Msg) tea.Cmd {
	c.requests = append(c.requests, msg)
	return nil
}

// status asks the root to put a line in the status bar.
func (c *common) status(kind statusKind, format string, args ...any) tea.Cmd {
	return c.request(statusMsg{text: fmt.Sprintf(format, args...), kind: kind})
}

// Init reads the vault file.
func (a App) Init() tea.Cmd {
	return tea.Batch(readFileCmd(a.c.path, a.c.cfg.VaultOptions), tea.RequestBackgroundColor)
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
		if msg.gen != a.idleGen || a.c.vault == nil {
			return a, nil
		}
		if a.c.autoLock > 0 && a.c.now().Sub(a.lastActivity) >= a.c.autoLock && !a.c.busy {
			return a.lock(fmt.Sprintf("locked after %s idle", formatDuration(a.c.autoLock)))
		}
		return a, a.idleTick()

	case copyRequestMsg:
		return a.copy(msg)
	case copiedMsg:
		return a.copied(msg)
	case clipTickMsg:
		return a.clipTicked(msg)
	case clipboardClearedMsg:
		return a.clipboardCleared(msg)

	case vaultUnlockedMsg:
		a.c.busy = false
		took := a.c.now().Sub(a.unlock.start)
		var cmd tea.Cmd
		a.unlock, cmd = a.unlock.Update(msg)
		if msg.err != nil {
			if a.quitting {
				return a.quit()
			}
			return a, cmd
		}
		a.c.kdfTime = took
		a2, cmd := a.unlocked(msg.vault, "")
		if a.quitting {
			return a2.(App).quit()
		}
		return a2, cmd
	case kdfCalibratedMsg:
		if msg.err != nil {
			a.c.busy = false
		}
	case vaultCreatedMsg:
		a.c.busy = false
		took := a.c.now().Sub(a.create.start)
		var cmd tea.Cmd
		a.create, cmd = a.create.Update(msg)
		if msg.err != nil {
			if a.quitting {
				return a.quit()
			}
			return a, cmd
		}
		a.c.kdfTime = took
		a2, cmd := a.unlocked(msg.vault, "created the vault")
		if a.quitting {
			return a2.(App).quit()
		}
		return a2, cmd
	case vaultRefreshedMsg:
		a.c.busy = false
		if a.quitting {
			return a.quit()
		}
		if msg.err != nil {
			a.setStatus(statusErr, "could not read the vault again: "+msg.err.Error())
			return a, nil
		}
		a.entries.setEntries(msg.entries)
		return a, nil
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
		a.c.busy = false
		if a.quitting {
			return a.quit()
		}
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
	if a.screen == screenLoading && a.loadErr != nil && (matches(msg, k.QuitQ) || matches(msg, k.Back)) {
		return a.quit()
	}
	return a.route(msg)
}

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

// unlocked takes over a freshly unlocked or created vault.
func (a App) unlocked(v *vault.Vault, note string) (tea.Model, tea.Cmd) {
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
	case v.Upgrade() != nil && v.Upgrade().Err == nil:
		a.setStatus(statusOK, "unlocked; key derivation upgraded to "+v.Upgrade().To.String())
	case v.Upgrade() != nil:
		a.setStatus(statusErr, "unlocked; could not save the stronger key derivation: "+v.Upgrade().Err.Error())
	default:
		a.setStatus(statusOK, fmt.Sprintf("unlocked in %s", formatSeconds(a.c.kdfTime)))
	}
	return a, a.idleTick()
}

func (a *App) idleTick() tea.Cmd {
	if a.c.cfg.NoTimers {
		return nil
	}
	a.idleGen++
	gen := a.idleGen
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return idleTickMsg{gen: gen} })
}

// lock drops the decrypted state and shows the unlock screen.
func (a App) lock(note string) (tea.Model, tea.Cmd) {
	clear := a.clearClipboard()
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

// quit clears the clipboard, locks the vault and ends the program.
func (a App) quit() (tea.Model, tea.Cmd) {
	if a.c.busy {
		a.quitting = true
		a.setStatus(statusInfo, "saving before quitting…")
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
		if a.form.from == screenEntry {
			var err error
			if a.entry, err = newEntryModel(a.c, a.form.id); err == nil {
				a.screen = screenEntry
				break
			}
		}
		a.screen = screenEntries
		a.form = formModel{}
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
		return a, a.refresh()
	}
	return a, nil
}

// refresh folds in what other passtea processes saved, before the entries
// are shown again.
func (a *App) refresh() tea.Cmd {
	v := a.c.vault
	if v == nil {
		return nil
	}
	a.c.busy = true
	return func() tea.Msg {
		err := v.Refresh()
		return vaultRefreshedMsg{entries: v.Entries(), err: err}
	}
}

// saved handles the end of an add or edit.
func (a App) saved(msg entrySavedMsg) (tea.Model, tea.Cmd) {
	a.c.busy = false
	if a.quitting {
		return a.quit()
	}
	if msg.err != nil {
		a.form, _ = a.form.Update(msg)
		a.setStatus(statusErr, "not saved")
		return a, nil
	}
	a.form = formModel{}
	a.entries.setEntries(msg.entries)
	a.entries.selectID(msg.entry.ID)
	verb := "saved"
	if msg.added {
		verb = "added"
	}
	a.setStatus(statusOK, verb+" "+msg.entry.Name)
	a.screen = screenEntries
	a.resize()
	return a, nil
}

func (a App) deleted(msg entryDeletedMsg) (tea.Model, tea.Cmd) {
	a.c.busy = false
	if a.quitting {
		return a.quit()
	}
	if msg.err != nil {
		a.setStatus(statusErr, "not deleted: "+msg.err.Error())
		return a, nil
	}
	a.entry = entryModel{}
	a.entries.setEntries(msg.entries)
	a.setStatus(statusOK, "deleted "+msg.name)
	a.screen = screenEntries
	a.resize()
	return a, nil
}

func (a *App) setStatus(kind statusKind, text string) {
	a.status, a.statusKind = text, kind
}

// helpKeys returns the bindings of the active screen.
func (a App) helpKeys() help.KeyMap {
	switch a.screen {
	case screenCreate:
		return a.create.help()
	case screenUnlock:
		return a.unlock.help()
	case screenEntries:
		return a.entries.help()
	case screenEntry:
		return a.entry.help()
	case screenForm:
		return a.form.help()
	case screenGenerate:
		return a.generate.help()
	case screenSettings:
		return a.settings.help()
	}
	k := a.c.keys
	return bindingsHelp{short: []key.Binding{k.QuitQ}}
}

func (a App) helpView() string {
	h := a.help
	h.ShowAll = a.showHelp
	lines := strings.Split(h.View(a.helpKeys()), "\n")
	for i, l := range lines {
		// bubbles/help overflows when not even its ellipsis fits.
		lines[i] = truncate(l, a.c.width)
	}
	return strings.Join(lines, "\n")
}

func (a App) helpLines() int {
	return lipgloss.Height(a.helpView())
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
	a.form.restyle()
	a.generate.restyle()
	a.settings.restyle()
}

// View draws the header, the active screen, the status line and the help.
func (a App) View() tea.View {
	var v tea.View
	v.AltScreen = true
	v.WindowTitle = "passtea"
	v.SetContent(a.render())
	return v
}

func (a App) render() string {
	c := a.c
	s := c.styles
	w := c.width
	helpView := a.helpView()
	bodyH := c.bodyHeight(lipgloss.Height(helpView))

	var body, title string
	switch a.screen {
	case screenLoading:
		title = ""
		if a.loadErr != nil {
			body = a.loadErrorView()
		}
	case screenCreate:
		title, body = "new vault", a.create.View()
	case screenUnlock:
		title, body = "unlock", a.unlock.View()
	case screenEntries:
		title, body = "entries", a.entries.View()
	case screenEntry:
		title, body = a.entry.title(), a.entry.View()
	case screenForm:
		title, body = a.form.title(), a.form.View()
	case screenGenerate:
		title, body = "generator", a.generate.View()
	case screenSettings:
		title, body = "settings", a.settings.View()
	}

	header := s.Badge.Render("passtea") + s.Title.Render(title)
	right := "locked"
	if c.vault != nil {
		right = filepath.Base(c.path)
	}
	if gap := w - lipgloss.Width(header) - lipgloss.Width(right) - 1; gap > 0 {
		header += strings.Repeat(" ", gap) + s.HeaderR.Render(right)
	}

	body = fitBody(body, w, bodyH)
	return lipgloss.JoinVertical(lipgloss.Left,
		truncate(header, w),
		"",
		body,
		a.statusView(),
		helpView,
	)
}

func (a App) loadErrorView() string {
	s := a.c.styles
	msg := s.Error.Render("cannot open the vault") + "\n\n" +
		lipgloss.NewStyle().Width(max(a.c.width-4, 20)).Render(a.loadErr.Error()) + "\n\n" +
		s.Dim.Render("No entries are shown. Press q to quit.")
	return lipgloss.NewStyle().Padding(0, 2).Render(msg)
}

// statusView is the line above the help: how the last action went, and for
// the entries the count and the vault path.
func (a App) statusView() string {
	c := a.c
	s := c.styles
	w := c.width
	var left string
	switch a.statusKind {
	case statusErr:
		left = s.Error.Render("✗ " + a.status)
	case statusOK:
		left = s.Success.Render("✓ " + a.status)
	case statusCopy:
		left = s.Success.Render("✓ " + a.copyStatus())
	default:
		left = s.Status.Render(a.status)
	}
	if a.statusKind != statusCopy && a.clip.pending {
		if left != s.Status.Render("") {
			left += s.Status.Render(s.Separator)
		}
		left += s.Status.Render(fmt.Sprintf("clipboard clears in %s", formatSeconds(a.clip.remaining(c.now()))))
	}
	if a.c.busy && a.statusKind != statusErr && a.screen != screenCreate && a.screen != screenUnlock && a.screen != screenSettings {
		left = s.Status.Render("saving…")
	}
	var right string
	if c.vault != nil && (a.screen == screenEntries) {
		right = s.Status.Render(fmt.Sprintf("%s%s%s", a.entries.countText(), s.Separator, shortenPath(c.path)))
	}
	lw, rw := lipgloss.Width(left), lipgloss.Width(right)
	if right != "" && lw+rw+4 > w {
		// The narrow case: the count alone, then nothing.
		right = s.Status.Render(a.entries.countText())
		rw = lipgloss.Width(right)
		if lw+rw+4 > w {
			right, rw = "", 0
		}
	}
	if right == "" {
		return truncate(" "+left, w)
	}
	return " " + left + strings.Repeat(" ", max(w-lw-rw-2, 1)) + right
}

// matches reports whether msg is one of b's keys.
func matches(msg tea.KeyPressMsg, b ...key.Binding) bool {
	return key.Matches(msg, b...)
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

// fitBody pads or cuts s to exactly h lines of at most w cells, so that
// nothing wraps in a narrow window.
func fitBody(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = truncate(l, w)
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// truncate cuts a styled line to w cells.
func truncate(s string, w int) string {
	if lipgloss.Width(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// shortenPath writes the home directory as ~.
func shortenPath(p string) string {
	if home, err := os.UserHomeDir(); err == nil && home != "" && strings.HasPrefix(p, home+string(filepath.Separator)) {
		return "~" + p[len(home):]
	}
	return p
}

// formatSeconds shows a duration as "0.5 s" below 10 s, else "17 s".
func formatSeconds(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	if d < 10*time.Second {
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	return fmt.Sprintf("%d s", int(d.Round(time.Second).Seconds()))
}

// formatDuration shows a setting's duration: "20 s", "5 min", "1 h", "never".
func formatDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return "never"
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	}
	return fmt.Sprintf("%d h", int(d.Hours()))
}
