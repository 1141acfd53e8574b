package tui

// This file holds the state every screen reads: the theme, the keys, the
// size, the clock, the unlocked vault and the settings. Screens hold a
// pointer to it and only read; the root alone writes it.

import (
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/passtea/passtea/generator"
	"github.com/passtea/passtea/vault"
)

// common is the state every screen reads.
type common struct {
	cfg    Config
	styles Styles
	keys   keyMap
	width  int
	height int
	now    func() time.Time
	path   string
	vault  Store // nil unless unlocked
	gen    *generator.Generator
	// genOpts are the generator's options, shared by the generator screen
	// and the form's ctrl+g.
	genOpts generator.Options

	clipClear time.Duration
	autoLock  time.Duration
	// kdfTime is how long one derivation with the vault's parameters
	// takes here, as the vault measured it at unlock (0 when unknown).
	kdfTime time.Duration
	// kdfParams are the parameters of the vault file (locked or not).
	kdfParams vault.KDFParams
	// formatVersion is the vault file's format version, once read.
	formatVersion int
	// keyFile is the key file that opened (or created) the vault, "" for
	// none: changing the password keeps it.
	keyFile string
	// busy is set while a command works on the vault; keys wait.
	busy bool
	// noColor: NO_COLOR is set, so colours carry no meaning.
	noColor bool
	// after returns the command that delivers msg after d (tea.Tick),
	// or nil when timers are off; tests record what it is asked.
	after func(d time.Duration, msg tea.Msg) tea.Cmd
	// audit is the last audit and the one under way (auditrun.go).
	audit auditState
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
// measured time, else the calibration target (0: unknown).
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

// spinnerTick starts a spinner's ticks, unless timers are off.
func (c *common) spinnerTick(start tea.Cmd) tea.Cmd {
	if c.cfg.NoTimers {
		return nil
	}
	return start
}

func newSpinner(c *common) spinner.Model {
	return spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(lipgloss.NewStyle().Foreground(c.styles.Accent)))
}

// working is the line of slow work under way: the spinner, what it does
// (wrapped to w cells) and the time since start.
func (c *common) working(sp spinner.Model, what string, w int, start time.Time) string {
	return sp.View() + " " + wrap(what, w) + " " + c.styles.Dim.Render(formatSeconds(c.now().Sub(start)))
}
