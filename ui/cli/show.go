package cli

// This file is how stored text reaches standard output. Data from a vault
// is hostile (an older passtea, or someone with the key, may have stored
// escape sequences): on a terminal it is escaped (package ui/term); to a
// pipe or a file it goes byte for byte, so that scripts get exact values.

import "github.com/passtea/passtea/ui/term"

// line returns a one-line stored value as it may be printed on standard
// output.
func (e *env) line(s string) string {
	if e.stdoutIsTerminal != nil && e.stdoutIsTerminal() {
		return term.Line(s)
	}
	return s
}

// text is line for text that may span lines (notes, a multi-line field):
// line feeds and tabs stay.
func (e *env) text(s string) string {
	if e.stdoutIsTerminal != nil && e.stdoutIsTerminal() {
		return term.Text(s)
	}
	return s
}
