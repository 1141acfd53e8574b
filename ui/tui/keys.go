package tui

// This file holds every key binding. Screens react to keys only through
// these bindings, and switch them on and off as their state changes (as
// bubbles/list does), so that the help shows exactly the keys that work.

import (
	"charm.land/bubbles/v2/key"
)

func bind(keys []string, helpKey, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, desc))
}

// keyMap holds the bindings of the root and of every screen.
type keyMap struct {
	global   globalKeys
	create   createKeys
	unlock   unlockKeys
	entries  entriesKeys
	entry    entryKeys
	form     formKeys
	generate generateKeys
	settings settingsKeys
	audit    auditKeys
}

// globalKeys are the root's.
type globalKeys struct {
	Quit      key.Binding // ctrl+c, everywhere
	Help      key.Binding // ? where keys are not text
	HelpF1    key.Binding // f1, everywhere
	CloseHelp key.Binding // esc while the full help shows
	QuitQ     key.Binding // q where nothing typed would be lost
	Yes, No   key.Binding // the answer to "quit and discard?"
}

type createKeys struct {
	Next, Create, Switch, Up, Down, Back, AcceptWeak key.Binding
	Toggle, NewAnyway, QuitEsc, Written              key.Binding
}

type unlockKeys struct {
	Unlock, Switch, QuitEsc key.Binding
}

type entriesKeys struct {
	Up, Down, PageUp, PageDown, Home, End                  key.Binding
	Open, Filter, ClearFilter, Take, New, Edit, Delete     key.Binding
	CopyPass, CopyUser, Generator, Settings, Lock, Yes, No key.Binding
	Trash, Restore, Purge                                  key.Binding
	CopyOTP                                                key.Binding // the highlighted entry has a one-time code
	Audit                                                  key.Binding
}

type entryKeys struct {
	Reveal, History, Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	CopyPass, CopyUser, Edit, Delete, Generator, Lock, Back  key.Binding
	Next, Prev, CopySel                                      key.Binding
	CopyOTP                                                  key.Binding // the entry has a one-time code
	Yes, No                                                  key.Binding
}

type formKeys struct {
	Save, Next, Prev, NextEnter, Up, Down, GenFill, GenOpen, ShowPass, Cancel key.Binding
	AddRow, RemoveRow, Conceal                                                key.Binding
	Yes, No                                                                   key.Binding
	// The answers when the entry changed or went away elsewhere.
	Reload, KeepMine, SaveAsNew, Discard key.Binding
}

type generateKeys struct {
	Regenerate, Longer, Shorter, Mode, ModeBack, Copy, Use, Back key.Binding
	Lower, Upper, Digits, Symbols, Ambiguous, Exclude            key.Binding
	Capitalize, Number, Separator, DoneExclude, CancelExclude    key.Binding
}

type auditKeys struct {
	Up, Down, PageUp, PageDown, Home, End key.Binding
	Open, Accept, Again, Back, Lock       key.Binding
}

type settingsKeys struct {
	Up, Down, Less, More, Change, Back, Lock key.Binding
	// While asking for passwords.
	Next, Prev, Submit, AcceptWeak, Cancel key.Binding
}

func defaultKeyMap() keyMap {
	var k keyMap
	k.global = globalKeys{
		Quit:      bind([]string{"ctrl+c"}, "ctrl+c", "quit"),
		Help:      bind([]string{"?"}, "?", "more"),
		HelpF1:    bind([]string{"f1"}, "f1", "more"),
		CloseHelp: bind([]string{"esc"}, "esc", "close help"),
		QuitQ:     bind([]string{"q"}, "q", "quit"),
		Yes:       bind([]string{"y", "Y"}, "y", "quit and discard"),
		No:        bind([]string{"n", "N", "esc"}, "n", "stay"),
	}
	k.create = createKeys{
		Next:       bind([]string{"enter"}, "enter", "next"),
		Create:     bind([]string{"enter"}, "enter", "create vault"),
		Switch:     bind([]string{"tab", "shift+tab"}, "tab", "switch field"),
		Up:         bind([]string{"up"}, "↑", "previous field"),
		Down:       bind([]string{"down"}, "↓", "next field"),
		Back:       bind([]string{"esc"}, "esc", "back to the password"),
		AcceptWeak: bind([]string{"ctrl+y"}, "ctrl+y", "use weak password"),
		Toggle:     bind([]string{"space"}, "space", "no recovery code"),
		NewAnyway:  bind([]string{"ctrl+n"}, "ctrl+n", "create a new vault anyway"),
		QuitEsc:    bind([]string{"esc"}, "esc", "quit"),
		Written:    bind([]string{"enter"}, "enter", "I have written it down"),
	}
	k.unlock = unlockKeys{
		Unlock:  bind([]string{"enter"}, "enter", "unlock"),
		Switch:  bind([]string{"tab", "shift+tab"}, "tab", "key file"),
		QuitEsc: bind([]string{"esc"}, "esc", "quit"),
	}
	k.entries = entriesKeys{
		Up:          bind([]string{"up", "k", "ctrl+p"}, "↑/k", "up"),
		Down:        bind([]string{"down", "j", "ctrl+n"}, "↓/j", "down"),
		PageUp:      bind([]string{"pgup", "ctrl+b"}, "pgup", "page up"),
		PageDown:    bind([]string{"pgdown", "ctrl+f"}, "pgdn", "page down"),
		Home:        bind([]string{"home"}, "home", "first"),
		End:         bind([]string{"end", "G"}, "end/G", "last"),
		Open:        bind([]string{"enter"}, "enter", "open"),
		Filter:      bind([]string{"/"}, "/", "filter"),
		ClearFilter: bind([]string{"esc"}, "esc", "clear filter"),
		Take:        bind([]string{"enter"}, "enter", "open"),
		New:         bind([]string{"n"}, "n", "new"),
		Edit:        bind([]string{"e"}, "e", "edit"),
		Delete:      bind([]string{"d"}, "d", "to the trash"),
		Trash:       bind([]string{"t"}, "t", "trash"),
		Restore:     bind([]string{"r"}, "r", "restore"),
		Purge:       bind([]string{"d"}, "d", "erase for good"),
		CopyPass:    bind([]string{"c"}, "c", "copy password"),
		CopyUser:    bind([]string{"u"}, "u", "copy username"),
		CopyOTP:     bind([]string{"o"}, "o", "copy one-time code"),
		Generator:   bind([]string{"g"}, "g", "generator"),
		Settings:    bind([]string{","}, ",", "settings"),
		Audit:       bind([]string{"a"}, "a", "audit"),
		Lock:        bind([]string{"L"}, "L", "lock"),
		Yes:         bind([]string{"y", "Y"}, "y", "to the trash"),
		No:          bind([]string{"n", "N", "esc"}, "n", "keep"),
	}
	k.entry = entryKeys{
		Reveal:    bind([]string{"r"}, "r", "reveal/hide"),
		History:   bind([]string{"h"}, "h", "history/notes"),
		Next:      bind([]string{"tab"}, "tab", "next value"),
		Prev:      bind([]string{"shift+tab"}, "shift+tab", "previous value"),
		CopySel:   bind([]string{"enter"}, "enter", "copy"),
		Up:        bind([]string{"up", "k"}, "↑/k", "scroll up"),
		Down:      bind([]string{"down", "j"}, "↓/j", "scroll down"),
		PageUp:    bind([]string{"pgup", "ctrl+b"}, "pgup", "page up"),
		PageDown:  bind([]string{"pgdown", "ctrl+f", "space"}, "pgdn", "page down"),
		Top:       bind([]string{"home"}, "home", "top"),
		Bottom:    bind([]string{"end", "G"}, "end/G", "bottom"),
		CopyPass:  bind([]string{"c"}, "c", "copy password"),
		CopyUser:  bind([]string{"u"}, "u", "copy username"),
		CopyOTP:   bind([]string{"o"}, "o", "copy code"),
		Edit:      bind([]string{"e"}, "e", "edit"),
		Delete:    bind([]string{"d"}, "d", "to the trash"),
		Generator: bind([]string{"g"}, "g", "generator"),
		Lock:      bind([]string{"L"}, "L", "lock"),
		Back:      bind([]string{"esc"}, "esc", "back"),
		Yes:       bind([]string{"y", "Y"}, "y", "to the trash"),
		No:        bind([]string{"n", "N", "esc"}, "n", "keep"),
	}
	k.form = formKeys{
		Save:      bind([]string{"ctrl+s"}, "ctrl+s", "save"),
		Next:      bind([]string{"tab"}, "tab", "next field"),
		Prev:      bind([]string{"shift+tab"}, "shift+tab", "previous field"),
		NextEnter: bind([]string{"enter"}, "enter", "next field"),
		Up:        bind([]string{"up"}, "↑", "previous field"),
		Down:      bind([]string{"down"}, "↓", "next field"),
		GenFill:   bind([]string{"ctrl+g"}, "ctrl+g", "generate password"),
		GenOpen:   bind([]string{"ctrl+o"}, "ctrl+o", "generator options"),
		ShowPass:  bind([]string{"ctrl+r"}, "ctrl+r", "show/hide password"),
		AddRow:    bind([]string{"ctrl+n"}, "ctrl+n", "add field"),
		RemoveRow: bind([]string{"ctrl+x"}, "ctrl+x", "remove field"),
		Conceal:   bind([]string{"ctrl+t"}, "ctrl+t", "concealed/plain"),
		Cancel:    bind([]string{"esc"}, "esc", "cancel"),
		Yes:       bind([]string{"y", "Y"}, "y", "discard"),
		No:        bind([]string{"n", "N", "esc"}, "n", "keep editing"),
		Reload:    bind([]string{"r"}, "r", "reload theirs"),
		KeepMine:  bind([]string{"k"}, "k", "save mine over theirs"),
		SaveAsNew: bind([]string{"s"}, "s", "save as a new entry"),
		Discard:   bind([]string{"d"}, "d", "discard mine"),
	}
	k.generate = generateKeys{
		Regenerate:    bind([]string{"space"}, "space", "new"),
		Longer:        bind([]string{"right", "+", "="}, "→/+", "longer"),
		Shorter:       bind([]string{"left", "-"}, "←/-", "shorter"),
		Mode:          bind([]string{"tab", "m"}, "tab", "mode"),
		ModeBack:      bind([]string{"shift+tab"}, "shift+tab", "previous mode"),
		Copy:          bind([]string{"c", "enter"}, "c/enter", "copy"),
		Use:           bind([]string{"enter"}, "enter", "use in form"),
		Back:          bind([]string{"esc"}, "esc", "back"),
		Lower:         bind([]string{"a"}, "a", "a–z"),
		Upper:         bind([]string{"A"}, "A", "A–Z"),
		Digits:        bind([]string{"0"}, "0", "0–9"),
		Symbols:       bind([]string{"!", "s"}, "!", "symbols"),
		Ambiguous:     bind([]string{"l"}, "l", "no look-alikes"),
		Exclude:       bind([]string{"x"}, "x", "exclude…"),
		Capitalize:    bind([]string{"C"}, "C", "capitalize"),
		Number:        bind([]string{"#"}, "#", "add digit"),
		Separator:     bind([]string{"S"}, "S", "separator"),
		DoneExclude:   bind([]string{"enter"}, "enter", "done"),
		CancelExclude: bind([]string{"esc"}, "esc", "done"),
	}
	k.audit = auditKeys{
		Up:       bind([]string{"up", "k"}, "↑/k", "up"),
		Down:     bind([]string{"down", "j"}, "↓/j", "down"),
		PageUp:   bind([]string{"pgup", "ctrl+b"}, "pgup", "page up"),
		PageDown: bind([]string{"pgdown", "ctrl+f"}, "pgdn", "page down"),
		Home:     bind([]string{"home"}, "home", "first"),
		End:      bind([]string{"end", "G"}, "end/G", "last"),
		Open:     bind([]string{"enter"}, "enter", "open entry"),
		Accept:   bind([]string{"a"}, "a", "accept"),
		Again:    bind([]string{"r"}, "r", "audit again"),
		Back:     bind([]string{"esc"}, "esc", "back"),
		Lock:     bind([]string{"L"}, "L", "lock"),
	}
	k.settings = settingsKeys{
		Up:         bind([]string{"up", "k"}, "↑/k", "up"),
		Down:       bind([]string{"down", "j"}, "↓/j", "down"),
		Less:       bind([]string{"left", "h", "-"}, "←", "less"),
		More:       bind([]string{"right", "l", "+"}, "→", "more"),
		Change:     bind([]string{"enter"}, "enter", "change"),
		Back:       bind([]string{"esc"}, "esc", "back"),
		Lock:       bind([]string{"L"}, "L", "lock"),
		Next:       bind([]string{"tab", "down"}, "tab", "next field"),
		Prev:       bind([]string{"shift+tab", "up"}, "shift+tab", "previous field"),
		Submit:     bind([]string{"enter"}, "enter", "next/confirm"),
		AcceptWeak: bind([]string{"ctrl+y"}, "ctrl+y", "use weak password"),
		Cancel:     bind([]string{"esc"}, "esc", "cancel"),
	}
	return k
}

// bindingsHelp adapts lists of bindings to bubbles/help.
type bindingsHelp struct {
	short []key.Binding
	full  [][]key.Binding
}

func (b bindingsHelp) ShortHelp() []key.Binding  { return b.short }
func (b bindingsHelp) FullHelp() [][]key.Binding { return b.full }

// oneLine is the help of a state whose keys all fit the short help.
func oneLine(short ...key.Binding) bindingsHelp {
	return bindingsHelp{short: short, full: [][]key.Binding{short}}
}

// enable switches bindings on or off.
func enable(on bool, bs ...*key.Binding) {
	for _, b := range bs {
		b.SetEnabled(on)
	}
}
