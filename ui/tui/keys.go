package tui

// This file holds every key binding. Screens match keys against these
// bindings only, so that the help shows exactly what works.

import (
	"charm.land/bubbles/v2/key"
)

func bind(keys []string, helpKey, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, desc))
}

// keyMap holds the bindings of all screens.
type keyMap struct {
	// Everywhere.
	Quit key.Binding // ctrl+c
	Help key.Binding // ?
	Back key.Binding // esc

	// Lists and scrolling.
	Up, Down, PageUp, PageDown, Home, End key.Binding

	// Entries.
	Open, Filter, ClearFilter, New, Edit, Delete, CopyPass, CopyUser, Generator, Lock, QuitQ, Settings key.Binding
	Yes, No                                                                                            key.Binding

	// Entry detail.
	Reveal, History key.Binding

	// Create and unlock.
	Submit, NextField, AcceptWeak key.Binding

	// Form.
	Save, Tab, ShiftTab, GenFill, GenOpen, ShowPass key.Binding

	// Generator.
	Mode, Longer, Shorter, Regenerate, Copy, Use, Lower, Upper, Digits, Symbols, Ambiguous, Exclude, Capitalize, Number, Separator key.Binding

	// Settings.
	Change key.Binding
}

func defaultKeyMap() keyMap {
	return keyMap{
		Quit: bind([]string{"ctrl+c"}, "ctrl+c", "quit"),
		Help: bind([]string{"?", "f1"}, "?", "help"),
		Back: bind([]string{"esc"}, "esc", "back"),

		Up:       bind([]string{"up", "k", "ctrl+p"}, "↑/k", "up"),
		Down:     bind([]string{"down", "j", "ctrl+n"}, "↓/j", "down"),
		PageUp:   bind([]string{"pgup", "ctrl+b"}, "pgup", "page up"),
		PageDown: bind([]string{"pgdown", "ctrl+f"}, "pgdn", "page down"),
		Home:     bind([]string{"home"}, "home", "first"),
		End:      bind([]string{"end", "G"}, "end/G", "last"),

		Open:        bind([]string{"enter"}, "enter", "open"),
		Filter:      bind([]string{"/"}, "/", "filter"),
		ClearFilter: bind([]string{"esc"}, "esc", "clear filter"),
		New:         bind([]string{"n"}, "n", "new"),
		Edit:        bind([]string{"e"}, "e", "edit"),
		Delete:      bind([]string{"d"}, "d", "delete"),
		CopyPass:    bind([]string{"c"}, "c", "copy password"),
		CopyUser:    bind([]string{"u"}, "u", "copy username"),
		Generator:   bind([]string{"g"}, "g", "generator"),
		Lock:        bind([]string{"L"}, "L", "lock"),
		QuitQ:       bind([]string{"q"}, "q", "quit"),
		Settings:    bind([]string{","}, ",", "settings"),
		Yes:         bind([]string{"y", "Y"}, "y", "yes"),
		No:          bind([]string{"n", "N", "esc"}, "n", "no"),

		Reveal:  bind([]string{"r"}, "r", "reveal/hide"),
		History: bind([]string{"h"}, "h", "history"),

		Submit:     bind([]string{"enter"}, "enter", "submit"),
		NextField:  bind([]string{"tab", "down"}, "tab", "next field"),
		AcceptWeak: bind([]string{"ctrl+y"}, "ctrl+y", "use weak password"),

		Save:     bind([]string{"ctrl+s"}, "ctrl+s", "save"),
		Tab:      bind([]string{"tab"}, "tab", "next field"),
		ShiftTab: bind([]string{"shift+tab"}, "shift+tab", "previous field"),
		GenFill:  bind([]string{"ctrl+g"}, "ctrl+g", "generate password"),
		GenOpen:  bind([]string{"ctrl+o"}, "ctrl+o", "generator options"),
		ShowPass: bind([]string{"ctrl+r"}, "ctrl+r", "show/hide password"),

		Mode:       bind([]string{"tab", "m"}, "tab", "mode"),
		Longer:     bind([]string{"right", "+", "="}, "→/+", "longer"),
		Shorter:    bind([]string{"left", "-"}, "←/-", "shorter"),
		Regenerate: bind([]string{"space"}, "space", "regenerate"),
		Copy:       bind([]string{"c", "enter"}, "c/enter", "copy"),
		Use:        bind([]string{"enter"}, "enter", "use in form"),
		Lower:      bind([]string{"a"}, "a", "a–z"),
		Upper:      bind([]string{"A"}, "A", "A–Z"),
		Digits:     bind([]string{"0"}, "0", "0–9"),
		Symbols:    bind([]string{"!", "s"}, "!", "symbols"),
		Ambiguous:  bind([]string{"l"}, "l", "no look-alikes"),
		Exclude:    bind([]string{"x"}, "x", "exclude…"),
		Capitalize: bind([]string{"C"}, "C", "capitalize"),
		Number:     bind([]string{"#"}, "#", "add digit"),
		Separator:  bind([]string{"S"}, "S", "separator"),

		Change: bind([]string{"enter"}, "enter", "change"),
	}
}

// bindingsHelp adapts a list of bindings to bubbles/help.
type bindingsHelp struct {
	short []key.Binding
	full  [][]key.Binding
}

func (b bindingsHelp) ShortHelp() []key.Binding  { return b.short }
func (b bindingsHelp) FullHelp() [][]key.Binding { return b.full }

// oneLine is the help of a screen whose keys all fit the short help.
func oneLine(short ...key.Binding) bindingsHelp {
	return bindingsHelp{short: short, full: [][]key.Binding{short}}
}

// as returns b with another description, for the short help line.
func as(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}
