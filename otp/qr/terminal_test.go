package qr

import (
	"errors"
	"image"
	"image/color"
	"strings"
	"testing"
	"unicode/utf8"
)

// terminalTexts are drawn and read back: short, a canonical URI, an
// export, non-ASCII, and long.
var terminalTexts = []string{
	"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP",
	setupURI,
	exportURI,
	"otpauth://totp/Caf%C3%A9:b%C3%B6b?secret=JBSWY3DPEHPK3PXP&issuer=Café ☕",
	"otpauth://totp/x?secret=" + strings.Repeat("GEZDGNBVGY3TQOJQ", 100),
}

func TestTerminalReadsBack(t *testing.T) {
	for _, style := range []Style{DarkBackground, LightBackground, BlackOnWhite} {
		for _, quiet := range []int{0, 1, 2, 8} {
			for _, text := range terminalTexts {
				out, err := Terminal(text, Options{Style: style, QuietZone: quiet})
				if err != nil {
					t.Fatalf("style %d: %v", style, err)
				}
				q := quiet
				if q == 0 {
					q = 4
				}
				img := screen(t, out, style, q, style == DarkBackground)
				if got := readUpright(img); got != text {
					t.Errorf("style %d, quiet zone %d, %d bytes: read back %q", style, q, len(text), got)
				}
			}
		}
	}
}

func TestTerminalWrongStyleIsInverted(t *testing.T) {
	// Each plain style shown on the other theme comes out light on dark,
	// which readUpright (like many phone scanners) cannot read.
	for _, style := range []Style{DarkBackground, LightBackground} {
		out, err := Terminal(setupURI, Options{Style: style})
		if err != nil {
			t.Fatal(err)
		}
		if got := readUpright(screen(t, out, style, 4, style != DarkBackground)); got != "" {
			t.Errorf("style %d on the wrong theme read as %q", style, got)
		}
	}
}

// readUpright decodes only dark-on-light codes, without Decode's fallback
// to inverted images, and returns "" if it finds none.
func readUpright(img image.Image) string {
	gray := luminance(img)
	for _, st := range strategies {
		for _, text := range attempt(gray, img.Bounds().Dx(), img.Bounds().Dy(), st) {
			return text
		}
	}
	return ""
}

// screen renders terminal output as a terminal shows it, with a dark or a
// light theme (BlackOnWhite's codes set their own colours: a light theme
// stands for them): each cell 4 pixels wide and 8 high (a module is 4×4),
// the glyphs in the foreground colour, 40 pixels of terminal background
// around. It also checks the output's shape.
func screen(t *testing.T, out string, style Style, quiet int, darkTheme bool) image.Image {
	t.Helper()
	fg, bg := color.Gray{0x20}, color.Gray{0xfa}
	if darkTheme {
		fg, bg = color.Gray{0xe0}, color.Gray{0x1c}
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	width := -1
	const cw, ch, border = 4, 8, 40
	var cells [][]rune
	for i, line := range lines {
		if style == BlackOnWhite {
			const on, off = "\x1b[38;5;16;48;5;231m", "\x1b[0m"
			if !strings.HasPrefix(line, on) || !strings.HasSuffix(line, off) {
				t.Fatalf("line %d does not set and reset its colours: %q", i, line)
			}
			line = strings.TrimSuffix(strings.TrimPrefix(line, on), off)
		}
		if strings.Trim(line, " ▀▄█") != "" {
			t.Fatalf("line %d has other characters: %q", i, line)
		}
		if width == -1 {
			width = utf8.RuneCountInString(line)
		}
		if utf8.RuneCountInString(line) != width {
			t.Fatalf("line %d is %d wide, not %d", i, utf8.RuneCountInString(line), width)
		}
		cells = append(cells, []rune(line))
	}
	// The quiet zone: light all round (drawn on a dark ground, blank on a
	// light one).
	light := ' '
	if style == DarkBackground {
		light = '█'
	}
	if quiet >= 2 {
		for _, r := range cells[0] {
			if r != light {
				t.Fatalf("the first line is not all quiet zone: %q", string(cells[0]))
			}
		}
	}
	if len(lines) != (width+1)/2 {
		t.Fatalf("%d lines for %d columns: modules are not square", len(lines), width)
	}

	img := image.NewGray(image.Rect(0, 0, width*cw+2*border, len(lines)*ch+2*border))
	for y := range img.Bounds().Dy() {
		for x := range img.Bounds().Dx() {
			img.SetGray(x, y, bg)
		}
	}
	for row, rs := range cells {
		for col, r := range rs {
			top := r == '█' || r == '▀'
			bottom := r == '█' || r == '▄'
			for y := range ch {
				if y < ch/2 && !top || y >= ch/2 && !bottom {
					continue
				}
				for x := range cw {
					img.SetGray(border+col*cw+x, border+row*ch+y, fg)
				}
			}
		}
	}
	return img
}

func TestTerminalErrors(t *testing.T) {
	long := "otpauth://totp/x?secret=" + strings.Repeat("A", 3000)
	for _, tt := range []struct {
		name string
		text string
		o    Options
		want string
	}{
		{"too long", long, Options{}, "too long"},
		{"not UTF-8", "otpauth://totp/\xff?secret=AAAA", Options{}, "not valid UTF-8"},
		{"quiet zone 9", "x", Options{QuietZone: 9}, "quiet zone"},
		{"negative quiet zone", "x", Options{QuietZone: -1}, "quiet zone"},
		{"unknown style", "x", Options{Style: 7}, "unknown style"},
	} {
		out, err := Terminal(tt.text, tt.o)
		if err == nil || out != "" || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %q, %v", tt.name, out, err)
		}
		if err != nil && len(tt.text) > 8 && strings.Contains(err.Error(), tt.text[8:]) {
			t.Errorf("%s: the error quotes the text", tt.name)
		}
	}
	if _, err := Terminal(long, Options{}); !errors.Is(err, ErrTooLong) {
		t.Errorf("too long: %v", err)
	}
}
