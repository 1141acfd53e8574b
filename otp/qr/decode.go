// Finding the one-time code's QR code in a screenshot.

package qr

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"strings"

	"github.com/makiuchi-d/gozxing"
	multiqr "github.com/makiuchi-d/gozxing/multi/qrcode"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// Errors callers tell apart. Match them with errors.Is.
var (
	// ErrFormat means the file is not a PNG or JPEG image.
	ErrFormat = errors.New("not a PNG or JPEG image")
	// ErrTooLarge means the file or the image is over the limits below.
	ErrTooLarge = errors.New("image is too large: crop it to the QR code")
	// ErrNoCode means no QR code could be read in the image.
	ErrNoCode = errors.New("no QR code found in the image: crop it to the code, or take a sharper screenshot")
	// ErrNotOTP means QR codes were read, but none holds an otpauth:// or
	// otpauth-migration:// URI.
	ErrNotOTP = errors.New("the image's QR code is not a one-time code setup (otpauth://)")
)

// Limits on the images read. A screenshot of a 6K display (6016×3384) fits;
// decoding then needs at most about 8 bytes a pixel (16-bit PNG) plus 1
// for the grey copy, about 230 MB.
const (
	MaxFileSize = 32 << 20 // bytes read from the file
	MaxPixels   = 24 << 20 // width × height, checked before decoding
	MaxSide     = 16 << 10 // width or height
)

const (
	// maxPatterns bounds the finder-pattern candidates of one attempt; see
	// tooManyPatterns.
	maxPatterns = 400
	pngMagic    = "\x89PNG\r\n\x1a\n"
	jpegMagic   = "\xff\xd8"
)

// Decode reads a PNG or JPEG image, such as a screenshot of a site's
// two-factor setup page or of Google Authenticator's export screen, and
// returns the text of the first QR code in it that holds an otpauth:// or
// otpauth-migration:// URI. The code may be small and surrounded by other
// content; dark-mode (light on dark) codes are read too.
//
// The image's dimensions are checked against [MaxPixels] and [MaxSide]
// before it is decoded, so a small file that claims a huge image is
// refused without allocating it. The returned text holds a secret; errors
// never contain it.
func Decode(r io.Reader) (string, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return "", fmt.Errorf("read image: %w", err)
	}
	if len(data) > MaxFileSize {
		return "", fmt.Errorf("%w (over %d MiB)", ErrTooLarge, MaxFileSize>>20)
	}
	img, err := decodeImage(data)
	if err != nil {
		return "", err
	}
	gray := luminance(img)
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	found := false
	for _, inverted := range []bool{false, true} {
		if inverted {
			for i := range gray {
				gray[i] = 255 - gray[i]
			}
		}
		for _, st := range strategies {
			for _, t := range attempt(gray, w, h, st) {
				if isOTP(t) {
					return t, nil
				}
				found = true
			}
		}
	}
	if found {
		return "", ErrNotOTP
	}
	return "", ErrNoCode
}

// decodeImage checks the format and the dimensions, then decodes.
func decodeImage(data []byte) (image.Image, error) {
	var (
		config func(io.Reader) (image.Config, error)
		decode func(io.Reader) (image.Image, error)
	)
	switch {
	case bytes.HasPrefix(data, []byte(pngMagic)):
		config, decode = png.DecodeConfig, png.Decode
	case bytes.HasPrefix(data, []byte(jpegMagic)):
		config, decode = jpeg.DecodeConfig, jpeg.Decode
	default:
		return nil, ErrFormat
	}
	cfg, err := config(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: the file is damaged", ErrFormat)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, fmt.Errorf("%w: the image is empty", ErrFormat)
	}
	if cfg.Width > MaxSide || cfg.Height > MaxSide || cfg.Width*cfg.Height > MaxPixels {
		return nil, fmt.Errorf("%w (%d×%d pixels; at most %d million)", ErrTooLarge, cfg.Width, cfg.Height, MaxPixels/1_000_000)
	}
	img, err := decode(bufio.NewReader(bytes.NewReader(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: the file is damaged", ErrFormat)
	}
	return img, nil
}

// strategy is one way of reading the grey image: the local-threshold
// (hybrid) or global-histogram binariser, the multi-code or single-code
// reader.
type strategy struct{ hybrid, multi bool }

// strategies are tried in this order, cheapest and likeliest first: the
// hybrid binariser suits screenshots with mixed content; the multi-code
// reader finds the setup code beside others (an app-store link).
var strategies = []strategy{{true, true}, {true, false}, {false, true}, {false, false}}

// tooManyPatterns is the panic that stops an attempt: gozxing pairs its
// finder-pattern candidates in O(n³), so an image crafted with thousands of
// finder-like squares would take hours. The candidate callback counts them
// and unwinds past maxPatterns.
type tooManyPatterns struct{}

// attempt reads the grey image once and returns the texts decoded. Any
// failure, and any panic inside the decoder on hostile input, is just no
// text.
func attempt(gray []byte, w, h int, st strategy) (texts []string) {
	defer func() {
		if recover() != nil {
			texts = nil
		}
	}()
	src, err := gozxing.NewPlanarYUVLuminanceSource(gray, w, h, 0, 0, w, h, false)
	if err != nil {
		return nil
	}
	var bin gozxing.Binarizer
	if st.hybrid {
		bin = gozxing.NewHybridBinarizer(src)
	} else {
		bin = gozxing.NewGlobalHistgramBinarizer(src)
	}
	bmp, err := gozxing.NewBinaryBitmap(bin)
	if err != nil {
		return nil
	}
	candidates := 0
	hints := map[gozxing.DecodeHintType]any{
		gozxing.DecodeHintType_TRY_HARDER:    true,
		gozxing.DecodeHintType_CHARACTER_SET: "UTF-8",
		gozxing.DecodeHintType_NEED_RESULT_POINT_CALLBACK: gozxing.ResultPointCallback(func(gozxing.ResultPoint) {
			if candidates++; candidates > maxPatterns {
				panic(tooManyPatterns{})
			}
		}),
	}
	if st.multi {
		results, _ := multiqr.NewQRCodeMultiReader().DecodeMultiple(bmp, hints)
		for _, r := range results {
			texts = append(texts, r.GetText())
		}
		return texts
	}
	r, err := qrcode.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		return nil
	}
	return []string{r.GetText()}
}

// isOTP reports whether a QR code's text is a one-time code setup.
func isOTP(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.HasPrefix(s, "otpauth://") || strings.HasPrefix(s, "otpauth-migration://")
}

// luminance returns the image's grey levels, one byte a pixel, row by
// row, with transparent pixels taken as white (a QR code on a transparent
// background is dark on the page it was shown on).
func luminance(img image.Image) []byte {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	out := make([]byte, w*h)
	switch m := img.(type) {
	case *image.YCbCr:
		for y := range h {
			copy(out[y*w:(y+1)*w], m.Y[m.YOffset(b.Min.X, b.Min.Y+y):])
		}
	case *image.Gray:
		for y := range h {
			copy(out[y*w:(y+1)*w], m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):])
		}
	case *image.NRGBA:
		for y := range h {
			row := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			for x := range w {
				p := row[4*x : 4*x+4]
				l := (uint32(p[0]) + 2*uint32(p[1]) + uint32(p[2])) / 4
				a := uint32(p[3])
				out[y*w+x] = byte((l*a + 255*(255-a)) / 255)
			}
		}
	case *image.RGBA:
		for y := range h {
			row := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			for x := range w {
				p := row[4*x : 4*x+4] // premultiplied
				l := (uint32(p[0])+2*uint32(p[1])+uint32(p[2]))/4 + 255 - uint32(p[3])
				out[y*w+x] = byte(min(l, 255))
			}
		}
	default:
		for y := range h {
			for x := range w {
				r, g, bl, a := img.At(b.Min.X+x, b.Min.Y+y).RGBA() // premultiplied, 16 bits
				l := (r+2*g+bl)/4 + 0xffff - a
				out[y*w+x] = byte(min(l, 0xffff) >> 8)
			}
		}
	}
	return out
}
