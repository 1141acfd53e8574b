package qr

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecode feeds Decode arbitrary files: it must not panic, and must
// return an otpauth text or one of its errors.
func FuzzDecode(f *testing.F) {
	small := simple(modulesOf(f, "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP"), 2)
	f.Add(pngBytes(f, small))
	f.Add(jpegBytes(f, small, 90))
	f.Add(pngHeader(100000, 100000))
	f.Add(jpegHeader(640, 480))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Decode(bytes.NewReader(b))
		switch {
		case err == nil:
			if !isOTP(s) {
				t.Fatalf("returned a text that is not otpauth: %q", s)
			}
		case !errors.Is(err, ErrFormat) && !errors.Is(err, ErrTooLarge) &&
			!errors.Is(err, ErrNoCode) && !errors.Is(err, ErrNotOTP):
			t.Fatalf("unexpected error %v", err)
		}
	})
}

// FuzzTerminal draws arbitrary texts: no panic, square output of the
// four characters, no text in errors.
func FuzzTerminal(f *testing.F) {
	for _, s := range terminalTexts {
		f.Add(s, 0)
	}
	f.Add("\x00\xff", 3)
	f.Fuzz(func(t *testing.T, s string, quiet int) {
		out, err := Terminal(s, Options{QuietZone: quiet})
		if err != nil {
			if len(s) > 16 && strings.Contains(err.Error(), s) {
				t.Fatalf("error quotes the text: %v", err)
			}
			return
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		w := utf8.RuneCountInString(lines[0])
		if len(lines) != (w+1)/2 {
			t.Fatalf("%d lines for %d columns", len(lines), w)
		}
		for _, l := range lines {
			if utf8.RuneCountInString(l) != w || strings.Trim(l, " ▀▄█") != "" {
				t.Fatalf("bad line %q", l)
			}
		}
	})
}
