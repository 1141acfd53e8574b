// Package words holds how the front ends (ui/cli, ui/tui) write numbers
// for people, so that a count reads the same in a command's output and in
// the app.
package words

import "strconv"

// Thousands writes n with a comma between groups of three digits:
// 100,000; -1,234.
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	first := 0 // where the digits start: after a minus sign
	if n < 0 {
		first = 1
	}
	for i := len(s) - 3; i > first; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
