package tui

// This file is the way in: what the app needs from outside ([Config]),
// building the root model ([New]) and running it on the terminal ([Run]),
// with the signals that end it.

import (
	"context"
	"errors"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/passtea/passtea/generator"
	"github.com/passtea/passtea/generator/strength"
	"github.com/passtea/passtea/generator/strength/hibp"
	"github.com/passtea/passtea/ui/clipboard"
	"github.com/passtea/passtea/vault"
)

// Config is what the app needs from outside. VaultPath and Copier are
// required; tests fill in the rest to make runs repeatable.
type Config struct {
	// VaultPath is the vault file; it is created if it does not exist.
	VaultPath string
	// KeyFile is the vault's key file (--key-file, or the one passtea
	// config remembers for the vault); "" when none is known. The unlock
	// screen offers it, and lets the user type another.
	KeyFile string
	// RememberKeyFile, when set, records the key file of a vault created
	// in the app, for the next start (passtea config).
	RememberKeyFile func(path string) error
	// Copier copies to the clipboard and arranges the clears
	// (clipboard.NewCopier).
	Copier *clipboard.Copier
	// Clock tells the time (nil: time.Now). Timers still tick in real time;
	// what they show and decide is computed from Clock.
	Clock func() time.Time
	// Rand is the generator's randomness (nil: crypto/rand).
	Rand io.Reader
	// KDF, when set, is used for new vaults instead of calibrating.
	KDF *vault.KDFSettings
	// CalibrateTarget is the time one derivation should take in a new
	// vault; required unless KDF is set. It is what the strength meter of
	// a new master password assumes.
	CalibrateTarget time.Duration
	// Location is the time zone dates are shown in (nil: time.Local).
	Location *time.Location
	// VaultOptions are passed to the vault package.
	VaultOptions *vault.Options
	// NoColor says that colours carry no meaning (NO_COLOR is set): what
	// only colour tells, such as the legend of the generator, is left out.
	NoColor bool
	// User is the user's login name ($USER): a new master password must not
	// be built from it (nor from the vault's file name).
	User string
	// Agent, when set, is the unlock agent: the app opens straight to the
	// list when it holds the vault, and the app's lock (L, auto-lock)
	// locks the agent's copy too.
	Agent Agent
	// BreachList returns the path of the offline Pwned Passwords list the
	// user remembered (package ui/breachlist), "" when none; the audit
	// looks passwords up in it. Nil: no list. The app never goes online.
	BreachList func() (string, error)
	// NoTimers turns off the real-time ticks (spinner, idle, clipboard
	// countdown) so that a test program goes quiet; model-level tests
	// drive the timers with their messages instead.
	NoTimers bool
}

// defaultClipClear is how long a copy stays on the clipboard unless the
// vault's settings say otherwise.
func (Config) defaultClipClear() time.Duration { return clipboard.DefaultClearAfter }

// Defaults and names of the settings kept in the vault.
const (
	defaultAutoLock = 5 * time.Minute

	settingClipboardClear = "tui.clipboard-clear"
	settingAutoLock       = "tui.auto-lock"
)

// New returns the app for cfg.
func New(cfg Config) *App {
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.KDF == nil && cfg.CalibrateTarget <= 0 {
		panic("internal error: tui.Config needs KDF or CalibrateTarget")
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
		clipClear: cfg.defaultClipClear(),
		autoLock:  defaultAutoLock,
		noColor:   cfg.NoColor,
	}
	c.after = func(d time.Duration, msg tea.Msg) tea.Cmd {
		if cfg.NoTimers {
			return nil
		}
		return tea.Tick(d, func(time.Time) tea.Msg { return msg })
	}
	c.setStyles(true)
	a := &App{c: c, keys: c.keys.global, help: help.New()}
	a.help.Styles = c.styles.Help
	a.show(screenLoading, newLoadingScreen(c))
	a.lastActivity = c.now()
	a.updateKeys()
	return a
}

// Run runs the app on the terminal until the user quits. A closed terminal
// (SIGHUP), SIGTERM and SIGQUIT end it too, with the clipboard cleared at
// once; SIGKILL cannot be caught, but every copy's detached clearer clears
// it on time all the same.
func Run(ctx context.Context, cfg Config) error {
	cfg.NoColor = noColor(os.Getenv)
	cfg.User = os.Getenv("USER")
	opts := []tea.ProgramOption{tea.WithContext(ctx)}
	if cfg.NoColor {
		opts = append(opts, tea.WithColorProfile(colorprofile.Ascii))
	}
	a := New(cfg)
	p := tea.NewProgram(a, opts...)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, endSignals...)
	defer signal.Stop(sigs)
	go func() {
		if _, ok := <-sigs; ok {
			// First the clipboard: the terminal may be gone, and the
			// program may not get far.
			cfg.Copier.ClearAll()
			p.Kill()
		}
	}()
	_, err := p.Run()
	// A signal or the context may have ended the program behind the app's
	// back: the vault locks and the clipboard does not keep a password.
	if cerr := a.cleanup(); cerr != nil && err == nil {
		err = cerr
	}
	if errors.Is(err, tea.ErrProgramKilled) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return errors.New("ended by a signal; the vault is locked and the clipboard cleared")
	}
	if err == nil && a.abandoned != "" {
		return errors.New(a.abandoned)
	}
	return err
}

// noColor reports whether NO_COLOR asks for no colours. Any value that is
// not empty does (https://no-color.org); Bubble Tea's own detection takes
// only values such as "1" or "true", not "yes".
func noColor(getenv func(string) string) bool {
	return getenv("NO_COLOR") != ""
}

// checkMaster applies the policy for a new master password (see
// strength.CheckMaster): the vault's file name and the user's name are its
// context, and the remembered list of breached passwords (BreachList), when
// there is one that opens, is checked as the commands check it.
func (cfg Config) checkMaster(pw []byte) error {
	if err := strength.CheckMasterBytes(pw); err != nil {
		return err
	}
	var breached strength.BreachList
	if cfg.BreachList != nil {
		if path, err := cfg.BreachList(); err == nil && path != "" {
			if l, err := hibp.Open(path); err == nil {
				defer l.Close()
				breached = l
			}
		}
	}
	return strength.CheckMaster(string(pw), breached, filepath.Base(cfg.VaultPath), cfg.User)
}
