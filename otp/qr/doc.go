// Package qr moves one-time code setups in and out of QR codes: [Decode]
// finds the otpauth:// (or Google Authenticator otpauth-migration://) code
// in a PNG or JPEG screenshot, and [Terminal] draws a URI as a QR code
// with half-block characters so that a phone can scan it off the screen.
// It knows nothing of keys: pass the text to otp.Parse or
// otp.ParseMigration, and give Terminal the string from Key.URI.
//
// # Choices
//
//   - Reading and writing use github.com/makiuchi-d/gozxing, a Go port of
//     ZXing, the open-source decoder behind many Android scanners: one
//     maintained module for both directions, pure Go. (rsc.io/qr only encodes and
//     picks no mask; github.com/skip2/go-qrcode publishes no release.)
//     The tests draw their codes with rsc.io/qr, so decoding is checked
//     against an encoder we did not pick for production.
//   - Hostile images are bounded before any pixel is decoded: the file is
//     read up to [MaxFileSize], the dimensions in its header are checked
//     against [MaxPixels] and [MaxSide], and only PNG and JPEG are
//     accepted (by their magic numbers, not the global format registry).
//     gozxing pairs finder-pattern candidates in O(n³), so an image
//     crafted with thousands of finder-like squares could make it run for
//     hours; Decode counts candidates through gozxing's result-point
//     callback and abandons an attempt past a few hundred (a real
//     screenshot has a handful). Any panic inside the decoder is an
//     attempt that found nothing.
//   - A screenshot's code may be small (about 2 pixels a module is read),
//     blurred by scaling, beside other codes (an app-store link: the
//     otpauth one is chosen) or light on dark (dark-mode pages): Decode
//     tries two binarisers, a multi-code and a single-code reader, then
//     the inverted image. The worst case, a 24-megapixel image with no
//     code, takes about two seconds.
//   - Terminal output uses error correction level L: a screen shows the
//     code undamaged, and the smallest code has the largest modules. Each
//     character cell holds two modules, one above the other (▀ ▄ █ and
//     space), which comes out about square in usual fonts.
//   - Inversion. A terminal draws glyphs in its foreground colour on its
//     background colour, and scanners want dark modules on a light ground
//     with a light quiet zone; many do not read inverted codes. So the caller picks a [Style] from what it
//     knows of the terminal: [BlackOnWhite] sets the colours itself and
//     is right on any theme when colour is allowed (the default to
//     prefer); without colour (NO_COLOR), [DarkBackground] draws the light
//     modules and the quiet zone as glyphs so that a light-on-dark theme
//     shows dark modules, and [LightBackground] draws the dark modules.
//     Drawing the quiet zone as glyphs on a dark theme is what gives the
//     code its light margin there. Output was checked in xterm under Xvfb
//     with dark and light themes: screenshots decode upright.
package qr
