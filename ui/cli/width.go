package cli

import "github.com/charmbracelet/x/ansi"

// textWidth is the number of terminal cells s takes: its length when it is
// printable ASCII (as names and usernames mostly are: `passtea ls` of
// 10,000 entries would otherwise spend most of its time in grapheme
// segmentation), else what ansi.StringWidth measures (CJK and emoji take
// two cells, a combining accent none).
func textWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}
