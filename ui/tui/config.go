package tui

// This file is the way in: what the app needs from outside ([Config]),
// building the root model ([New]) and running it on the terminal ([Run]).

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

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
	opts := []tea.ProgramOption{tea.WithContext(ctx)}
	if noColor(os.Getenv) {
		opts = append(opts, tea.WithColorProfile(colorprofile.Ascii))
	}
	p := tea.NewProgram(New(cfg), opts...)
	m, err := p.Run()
	if a, ok := m.(App); ok {
		// A signal or the context may have ended the program behind the
		// app's back: the clipboard must not keep a password.
		if cerr := a.cleanup(os.Stdout); cerr != nil && err == nil {
			err = fmt.Errorf("clear the clipboard: %w", cerr)
		}
	}
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// noColor reports whether NO_COLOR asks for no colours. Any value that is
// not empty does (https://no-color.org); Bubble Tea's own detection takes
// only values such as "1" or "true", not "yes".
func noColor(getenv func(string) string) bool {
	return getenv("NO_COLOR") != ""
}
