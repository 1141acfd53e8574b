// Drawing a QR code in a terminal with half-block characters.

package qr

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/makiuchi-d/gozxing/qrcode/encoder"
)

// ErrTooLong means the text does not fit in the largest QR code.
var ErrTooLong = errors.New("text is too long for a QR code")

// Style says how a drawn code's dark and light modules map to the
// terminal's colours. Scanners want dark modules on a light ground with a
// light margin (the quiet zone) around; a terminal draws characters in
// its foreground colour on its background colour, and which of the two is
// light depends on the user's theme. A code drawn with the wrong style
// comes out inverted (light on dark), which many phone scanners do not
// read, so the caller must choose from what it knows of the terminal.
type Style int

const (
	// DarkBackground draws the light modules and the quiet zone as
	// glyphs in the (light) foreground colour; the dark background shows
	// through as the dark modules. It is right for light-on-dark themes,
	// the commonest in terminals, and uses no escape codes.
	DarkBackground Style = iota
	// LightBackground draws the dark modules as glyphs; the (light)
	// background is the light modules and the quiet zone. It is right for
	// dark-on-light themes, and for text files and paper.
	LightBackground
	// BlackOnWhite draws like LightBackground but sets the colours itself
	// on every line (256-colour black, 16, on white, 231, then a reset),
	// so it is right on any theme. Use it whenever colour output is
	// allowed; its escape codes pass through colour-profile downsampling.
	BlackOnWhite
)

// Options say how [Terminal] draws a code.
type Options struct {
	Style Style
	// QuietZone is the light margin in modules, 1 to 8; 0 means 4, what
	// the QR standard asks. Smaller margins save room and most phone
	// scanners still read them.
	QuietZone int
}

// Terminal returns text as a QR code drawn with the half-block characters
// ▀ ▄ █ and spaces: each character is one module wide and two modules
// high, so modules come out about square; each line ends in a newline. The code uses
// error correction level L (7%), the smallest code, as a screen shows it
// undamaged; text that is not ASCII is encoded as UTF-8 with an ECI
// marker. An odd number of module rows is padded with one more light row
// at the bottom.
//
// The text (a URI with a secret) never appears in errors.
func Terminal(text string, o Options) (string, error) {
	q := o.QuietZone
	if q == 0 {
		q = 4
	}
	if q < 1 || q > 8 {
		return "", fmt.Errorf("quiet zone of %d modules: want 1 to 8", o.QuietZone)
	}
	if o.Style < DarkBackground || o.Style > BlackOnWhite {
		return "", fmt.Errorf("unknown style %d", int(o.Style))
	}
	m, err := modules(text)
	if err != nil {
		return "", err
	}
	n := len(m)
	size := n + 2*q
	rows := size + size%2
	// dark reports whether the module at (x, y) of the padded code is dark.
	dark := func(x, y int) bool {
		x, y = x-q, y-q
		return x >= 0 && y >= 0 && x < n && y < n && m[y][x]
	}
	// The glyph draws the modules that are "on": light ones for a dark
	// background, dark ones otherwise.
	on := func(x, y int) bool { return dark(x, y) != (o.Style == DarkBackground) }

	var b strings.Builder
	b.Grow(rows / 2 * (size*3 + 32))
	for y := 0; y < rows; y += 2 {
		if o.Style == BlackOnWhite {
			b.WriteString("\x1b[38;5;16;48;5;231m")
		}
		for x := range size {
			top, bottom := on(x, y), on(x, y+1)
			if y+1 >= size {
				// The padding row is light.
				bottom = o.Style == DarkBackground
			}
			switch {
			case top && bottom:
				b.WriteString("█")
			case top:
				b.WriteString("▀")
			case bottom:
				b.WriteString("▄")
			default:
				b.WriteByte(' ')
			}
		}
		if o.Style == BlackOnWhite {
			b.WriteString("\x1b[0m")
		}
		b.WriteByte('\n')
	}
	return b.String(), nil
}

// modules encodes text and returns its modules, true for dark, without
// a quiet zone.
func modules(text string) ([][]bool, error) {
	var hints map[gozxing.EncodeHintType]any
	if !isASCII(text) {
		if !utf8.ValidString(text) {
			return nil, errors.New("text is not valid UTF-8")
		}
		hints = map[gozxing.EncodeHintType]any{gozxing.EncodeHintType_CHARACTER_SET: "UTF-8"}
	}
	code, err := encoder.Encoder_encode(text, decoder.ErrorCorrectionLevel_L, hints)
	if err != nil {
		return nil, ErrTooLong
	}
	bm := code.GetMatrix()
	n := bm.GetWidth()
	m := make([][]bool, n)
	for y := range n {
		m[y] = make([]bool, n)
		for x := range n {
			m[y][x] = bm.Get(x, y) == 1
		}
	}
	return m, nil
}

// isASCII reports whether s is all 7-bit ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
