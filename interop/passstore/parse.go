package passstore

import (
	"strings"

	"github.com/passtea/passtea/interop"
)

// Parse fills e from a decrypted pass file (see the package doc).
func Parse(e *interop.Entry, content string) {
	content = interop.Text(content)
	first, rest, _ := strings.Cut(content, "\n")
	e.Password = first
	var notes []string
	for _, line := range strings.Split(strings.TrimRight(rest, "\n"), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "---" && len(notes) == 0 && len(e.Fields) == 0:
			// gopass opens its key-value section with it.
		case strings.HasPrefix(trimmed, "otpauth://"):
			e.SetOTP("otpauth", trimmed, true)
		default:
			key, value, ok := keyValue(line)
			if !ok {
				notes = append(notes, line)
				continue
			}
			switch strings.ToLower(key) {
			case "user", "username", "login":
				if e.Username == "" {
					e.Username = value
					continue
				}
			case "url", "website", "site":
				e.AddURL(value)
				continue
			}
			e.AddField(key, value, interop.Sensitive(key))
		}
	}
	e.AddNotes(strings.Trim(strings.Join(notes, "\n"), "\n"))
}

// keyValue splits "key: value": a key of 1 to 64 characters with no
// colon that does not start with a space, then ": " or ":" at the end
// of the line. "https://x" is not one (its value would start with "//").
func keyValue(line string) (string, string, bool) {
	key, value, ok := strings.Cut(line, ":")
	if !ok || key == "" || len(key) > 64 || key != strings.TrimLeft(key, " \t") || strings.HasPrefix(value, "//") {
		return "", "", false
	}
	if value != "" && value[0] != ' ' && value[0] != '\t' {
		return "", "", false
	}
	return strings.TrimSpace(key), strings.TrimSpace(value), true
}
