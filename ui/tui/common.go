package tui

// This file holds what every screen shares: the screens' names, and the
// state they read through a pointer (the theme, the keys, the size, the
// clock and the unlocked vault), with the helpers screens use to ask the
// root for something.

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/passtea/passtea/generator"
	"github.com/passtea/passtea/vault"
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

// spinnerTick starts a spinner's ticks, unless timers are off.
func (c *common) spinnerTick(start tea.Cmd) tea.Cmd {
	if c.cfg.NoTimers {
		return nil
	}
	return start
}
