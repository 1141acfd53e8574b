package tui

// This file is the input for master passwords and recovery codes. It takes
// what the commands take (strength.CheckMasterBytes is the one policy):
// every character a key or a paste brings, tabs and controls included,
// nothing dropped or changed, up to the length the commands read. The
// bubbles textinput would drop control characters, turn tabs into spaces
// and cut at its CharLimit, and keeps its value where nothing can wipe it;
// this one keeps runes it can wipe.
//
// Typed text goes at the end (there is no cursor to move: nothing of the
// value is shown to place one in); backspace takes the last character,
// ctrl+u and ctrl+w everything. A paste may end with a line break (copied
// with its line): it is dropped; a line break or NUL inside a paste cannot
// be part of a password that must be typed back, so the paste is refused,
// with a message, rather than cut.

import (
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// maxSecretInput is the longest secret the input takes, in bytes: what
// the commands read from a prompt or --password-file.
const maxSecretInput = 64 << 10

// secretInput is a masked one-line input whose value can be wiped.
type secretInput struct {
	prompt  string
	value   []rune
	size    int // the value's length in UTF-8 bytes
	focused bool
	width   int // cells for the mask
	err     string
	styles  Styles
	clear   key.Binding
	erase   key.Binding
}

func newSecretInput(c *common, prompt string) secretInput {
	return secretInput{
		prompt: prompt, width: 32, styles: c.styles,
		clear: key.NewBinding(key.WithKeys("ctrl+u", "ctrl+w")),
		erase: key.NewBinding(key.WithKeys("backspace", "ctrl+h")),
	}
}

func (in *secretInput) Focus() tea.Cmd     { in.focused = true; return nil }
func (in *secretInput) Blur()              { in.focused = false }
func (in *secretInput) SetWidth(w int)     { in.width = w }
func (in *secretInput) SetStyles(s Styles) { in.styles = s }

// Len is the number of characters typed.
func (in *secretInput) Len() int { return len(in.value) }

// Bytes returns the value as new UTF-8 bytes, for the caller to wipe.
func (in *secretInput) Bytes() []byte {
	b := make([]byte, 0, in.size)
	for _, r := range in.value {
		b = utf8.AppendRune(b, r)
	}
	return b
}

// Equal reports whether the input holds the same as other.
func (in *secretInput) Equal(other *secretInput) bool {
	if len(in.value) != len(other.value) {
		return false
	}
	for i := range in.value {
		if in.value[i] != other.value[i] {
			return false
		}
	}
	return true
}

// Wipe zeroes the value and empties the input.
func (in *secretInput) Wipe() {
	clear(in.value)
	in.value = in.value[:0]
	in.size = 0
	in.err = ""
}

// Err is why the last paste or key was refused, or "".
func (in *secretInput) Err() string { return in.err }

// Update takes keys and pastes while focused, and reports whether the
// value changed.
func (in *secretInput) Update(msg tea.Msg) bool {
	if !in.focused {
		return false
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, in.clear):
			in.Wipe()
			return true
		case key.Matches(msg, in.erase):
			if n := len(in.value); n > 0 {
				in.size -= utf8.RuneLen(in.value[n-1])
				in.value[n-1] = 0
				in.value = in.value[:n-1]
				in.err = ""
				return true
			}
			return false
		case msg.Text != "":
			return in.insert(msg.Text)
		}
	case tea.PasteMsg:
		text := strings.TrimRight(msg.Content, "\r\n")
		if strings.ContainsAny(text, "\r\n\x00") {
			in.err = "the paste holds a line break: a master password is one line"
			return false
		}
		return in.insert(text)
	}
	return false
}

// insert adds text at the end, unless it would make the value too long.
func (in *secretInput) insert(text string) bool {
	if in.size+len(text) > maxSecretInput {
		in.err = "longer than 65536 bytes: the commands could not read it"
		return false
	}
	grown := make([]rune, len(in.value), len(in.value)+utf8.RuneCountInString(text))
	copy(grown, in.value)
	clear(in.value) // the old array is garbage now: leave nothing in it
	for _, r := range text {
		grown = append(grown, r)
	}
	in.value, in.size, in.err = grown, in.size+len(text), ""
	return true
}

// View draws the prompt and a dot per character (as many as the width
// holds), and the cursor when focused.
func (in *secretInput) View() string {
	s := in.styles
	prompt := s.Input.Blurred.Prompt.Render(in.prompt)
	if in.focused {
		prompt = s.Input.Focused.Prompt.Render(in.prompt)
	}
	out := prompt + strings.Repeat("•", min(len(in.value), max(in.width, 1)))
	if in.focused {
		out += lipgloss.NewStyle().Reverse(true).Render(" ")
	}
	return out
}
