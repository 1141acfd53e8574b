package term

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLineAndText(t *testing.T) {
	for _, tc := range []struct {
		in, line, text string
	}{
		{"", "", ""},
		{"plain ASCII and ünïcödé 🫖", "plain ASCII and ünïcödé 🫖", "plain ASCII and ünïcödé 🫖"},
		{"title\x1b]2;pwned\x07", `title\x1b]2;pwned\x07`, `title\x1b]2;pwned\x07`},
		{"osc52\x1b]52;c;ZWNobw==\x1b\\", `osc52\x1b]52;c;ZWNobw==\x1b\`, `osc52\x1b]52;c;ZWNobw==\x1b\`},
		{"link\x1b]8;;https://evil\x1b\\x\x1b]8;;\x1b\\", `link\x1b]8;;https://evil\x1b\x\x1b]8;;\x1b\`, `link\x1b]8;;https://evil\x1b\x\x1b]8;;\x1b\`},
		{"two\nlines\tand tab\r", `two\x0alines\x09and tab\x0d`, "two\nlines\tand tab\\x0d"},
		{"del\x7f nul\x00", `del\x7f nul\x00`, `del\x7f nul\x00`},
		{"c1 csi\u009b2J", `c1 csi\u009b2J`, `c1 csi\u009b2J`},
		{"bank\u202egro.live", `bank\u202egro.live`, `bank\u202egro.live`},
		{"isolate\u2066x\u2069 mark\u200f", `isolate\u2066x\u2069 mark\u200f`, `isolate\u2066x\u2069 mark\u200f`},
		{"latin-1 caf\xe9", `latin-1 caf\xe9`, `latin-1 caf\xe9`},
		{"raw 8-bit csi \x9b2J", `raw 8-bit csi \x9b2J`, `raw 8-bit csi \x9b2J`},
		{"zero\u200dwidth joiner stays", "zero\u200dwidth joiner stays", "zero\u200dwidth joiner stays"},
	} {
		if got := Line(tc.in); got != tc.line {
			t.Errorf("Line(%q) = %q, want %q", tc.in, got, tc.line)
		}
		if got := Text(tc.in); got != tc.text {
			t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.text)
		}
	}
}

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{
		"PIN":            `"PIN"`,
		`say "hi"`:       `"say \"hi\""`,
		`back\slash`:     `"back\\slash"`,
		"esc\x1b":        `"esc\x1b"`,
		`literal \x1b`:   `"literal \\x1b"`,
		"new\nline":      `"new\x0aline"`,
		"ov\u202eerride": `"ov\u202eerride"`,
	} {
		if got := Quote(in); got != want {
			t.Errorf("Quote(%q) = %q, want %q", in, got, want)
		}
	}
}

// harmless reports whether s holds nothing a terminal acts on: valid
// UTF-8 without C0 (but, when multiline, line feed and tab), DEL, C1 or
// bidirectional controls.
func harmless(s string, multiline bool) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if multiline && (r == '\n' || r == '\t') {
			continue
		}
		if r < 0x20 || r == 0x7f || isC1(r) || isBidi(r) {
			return false
		}
	}
	return true
}

func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "a", "\x1b]2;x\x07", "\xff\xfe", "\u202e\u009b", "é\n\t\r", "\\x1b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		line, text, quoted := Line(s), Text(s), Quote(s)
		if !harmless(line, false) || !harmless(quoted, false) {
			t.Fatalf("Line or Quote of %q leaves something raw: %q, %q", s, line, quoted)
		}
		if !harmless(text, true) {
			t.Fatalf("Text(%q) leaves something raw: %q", s, text)
		}
		if harmless(s, false) && line != s {
			t.Fatalf("Line changed harmless %q to %q", s, line)
		}
		if harmless(s, true) && text != s {
			t.Fatalf("Text changed harmless %q to %q", s, text)
		}
		if strings.Count(text, "\n") != strings.Count(s, "\n") {
			t.Fatalf("Text(%q) changed the lines: %q", s, text)
		}
	})
}

func BenchmarkLinePlain(b *testing.B) {
	s := strings.Repeat("work/github octocat https://github.com ", 4)
	for b.Loop() {
		Line(s)
	}
}

// TestActs: Acts picks exactly the characters Line escapes.
func TestActs(t *testing.T) {
	for r := rune(0); r < 0x3000; r++ {
		if got, want := Acts(r), Line(string(r)) != string(r); got != want {
			t.Errorf("Acts(%U) = %v, Line escapes it: %v", r, got, want)
		}
	}
}
