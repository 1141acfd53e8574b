package cli

import "io"

// writeValue prints a value a command was asked for (get, otp): to a
// terminal it ends with a newline, so that the shell's prompt starts on a
// line of its own; to a pipe or a file it is followed by a newline too,
// unless raw asks for the value exactly as stored (for scripts that keep
// every byte: printf-style tools, files of keys).
func writeValue(e *env, value string, raw bool) error {
	if !raw || e.stdoutIsTerminal != nil && e.stdoutIsTerminal() {
		value += "\n"
	}
	_, err := io.WriteString(e.stdout, value)
	return err
}
