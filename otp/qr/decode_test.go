package qr

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"image/png"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestDecodeScreenshots(t *testing.T) {
	for file, want := range map[string]string{
		"testdata/setup-page.png":   setupURI,
		"testdata/export-phone.png": exportURI,
	} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := Decode(bytes.NewReader(data)); err != nil || got != want {
			t.Errorf("%s: %q, %v", file, got, err)
		}
		// The same screenshot saved as a JPEG.
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := Decode(bytes.NewReader(jpegBytes(t, img, 80))); err != nil || got != want {
			t.Errorf("%s as JPEG: %q, %v", file, got, err)
		}
	}
}

func TestDecodeGenerated(t *testing.T) {
	const text = "otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30"
	m := modulesOf(t, text)
	side := (len(m) + 8) * 4
	gray := color.Gray{0xee}
	rotated := func(img *image.NRGBA) image.Image {
		b := img.Bounds()
		out := image.NewNRGBA(image.Rect(0, 0, b.Dy(), b.Dx()))
		for y := range b.Dy() {
			for x := range b.Dx() {
				out.Set(b.Dy()-1-y, x, img.At(x, y))
			}
		}
		return out
	}
	paletted := func(img image.Image) image.Image {
		p := image.NewPaletted(img.Bounds(), color.Palette{color.White, color.Black, gray})
		draw.Draw(p, p.Bounds(), img, image.Point{}, draw.Src)
		return p
	}
	gray16 := func(img image.Image) image.Image {
		g := image.NewGray16(img.Bounds())
		draw.Draw(g, g.Bounds(), img, image.Point{}, draw.Src)
		return g
	}
	tests := []struct {
		name string
		file []byte
	}{
		{"2 px a module", pngBytes(t, simple(m, 2))},
		{"3 px a module", pngBytes(t, simple(m, 3))},
		{"10 px a module", pngBytes(t, simple(m, 10))},
		{"JPEG, quality 60", jpegBytes(t, simple(m, 4), 60)},
		{"grey JPEG", jpegBytes(t, gray16(simple(m, 4)), 75)},
		{"paletted PNG", pngBytes(t, paletted(simple(m, 3)))},
		{"16-bit grey PNG", pngBytes(t, gray16(simple(m, 3)))},
		{"rotated", pngBytes(t, rotated(simple(m, 3)))},
		{"small, off-centre, on a big grey page", pngBytes(t,
			picture(m, 2, 2, image.Pt(1600, 1000), image.Pt(1250, 700), color.Black, color.White, gray))},
		{"dark mode: light modules on dark", pngBytes(t,
			picture(m, 4, 4, image.Pt(side+80, side+80), image.Pt(40, 40), color.White, color.Black, color.Black))},
		{"coloured", pngBytes(t,
			picture(m, 4, 4, image.Pt(side+80, side+80), image.Pt(40, 40), color.NRGBA{0x0b, 0x3d, 0x91, 255}, color.NRGBA{0xff, 0xf8, 0xe1, 255}, color.NRGBA{0xc6, 0x28, 0x28, 255}))},
		{"transparent ground", pngBytes(t,
			picture(m, 4, 4, image.Pt(side, side), image.Point{}, color.Black, color.Transparent, color.Transparent))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decode(bytes.NewReader(tt.file))
			if err != nil || got != text {
				t.Errorf("got %q, %v", got, err)
			}
		})
	}
}

func TestDecodeChoosesTheOTPCode(t *testing.T) {
	// An app-store link beside the setup code: the setup code is returned
	// wherever it is.
	link, otp := modulesOf(t, "https://apps.example.com/authenticator"), modulesOf(t, setupURI)
	for _, swap := range []bool{false, true} {
		img := image.NewNRGBA(image.Rect(0, 0, 900, 400))
		draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
		a, b := link, otp
		if swap {
			a, b = b, a
		}
		draw.Draw(img, image.Rect(20, 20, 420, 380), simple(a, 4), image.Point{}, draw.Src)
		draw.Draw(img, image.Rect(480, 20, 880, 380), simple(b, 4), image.Point{}, draw.Src)
		if got, err := Decode(bytes.NewReader(pngBytes(t, img))); err != nil || got != setupURI {
			t.Errorf("swap %v: %q, %v", swap, got, err)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	blank := image.NewGray(image.Rect(0, 0, 300, 200))
	var gifData bytes.Buffer
	if err := gif.Encode(&gifData, blank, nil); err != nil {
		t.Fatal(err)
	}
	otherCode := pngBytes(t, simple(modulesOf(t, "https://example.com/not-a-secret"), 4))
	tests := []struct {
		name string
		file []byte
		want error
	}{
		{"empty file", nil, ErrFormat},
		{"text", []byte("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP"), ErrFormat},
		{"GIF", gifData.Bytes(), ErrFormat},
		{"truncated PNG", pngBytes(t, simple(modulesOf(t, setupURI), 3))[:300], ErrFormat},
		{"PNG header only", []byte(pngMagic), ErrFormat},
		{"JPEG header only", []byte(jpegMagic), ErrFormat},
		{"blank", pngBytes(t, blank), ErrNoCode},
		{"another QR code", otherCode, ErrNotOTP},
		{"PNG claiming 100000×100000", pngHeader(100000, 100000), ErrTooLarge},
		{"PNG claiming 5000×5500", pngHeader(5000, 5500), ErrTooLarge},
		{"PNG claiming 20000×1", pngHeader(20000, 1), ErrTooLarge},
		{"JPEG claiming 65535×65535", jpegHeader(65535, 65535), ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			got, err := Decode(bytes.NewReader(tt.file))
			runtime.ReadMemStats(&after)
			if !errors.Is(err, tt.want) || got != "" {
				t.Errorf("got %q, %v; want %v", got, err, tt.want)
			}
			if tt.want == ErrTooLarge {
				if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
					t.Errorf("refusing a huge image allocated %d bytes", n)
				}
			}
		})
	}
}

func TestDecodeFileSizeCap(t *testing.T) {
	r := io.MultiReader(strings.NewReader(pngMagic), zeros{})
	if _, err := Decode(r); !errors.Is(err, ErrTooLarge) {
		t.Errorf("an endless file: %v", err)
	}
}

// zeros is an endless reader.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func TestDecodeFinderPatternFlood(t *testing.T) {
	// 5000 finder-pattern look-alikes: without the cap on candidates,
	// gozxing's O(n³) pairing would run for hours.
	const px, pitch = 2, 20
	img := image.NewGray(image.Rect(0, 0, 100*pitch, 50*pitch))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	for cy := 0; cy < 50; cy++ {
		for cx := 0; cx < 100; cx++ {
			for y := range 7 * px {
				for x := range 7 * px {
					my, mx := y/px, x/px
					ring := max(abs(mx-3), abs(my-3)) // 3 outer, 2 white, ≤1 centre
					if ring != 2 {
						img.SetGray(cx*pitch+x+2, cy*pitch+y+2, color.Gray{})
					}
				}
			}
		}
	}
	start := time.Now()
	_, err := Decode(bytes.NewReader(pngBytes(t, img)))
	if !errors.Is(err, ErrNoCode) {
		t.Errorf("got %v", err)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("took %v", d)
	}
}

func abs(x int) int { return max(x, -x) }

// pngHeader returns the start of a PNG that claims the dimensions.
func pngHeader(w, h uint32) []byte {
	ihdr := make([]byte, 0, 17)
	ihdr = append(ihdr, "IHDR"...)
	ihdr = binary.BigEndian.AppendUint32(ihdr, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 2, 0, 0, 0) // 8-bit RGB
	b := []byte(pngMagic)
	b = binary.BigEndian.AppendUint32(b, 13)
	b = append(b, ihdr...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(ihdr))
}

// jpegHeader returns the start of a baseline JPEG that claims the
// dimensions.
func jpegHeader(w, h uint16) []byte {
	b := []byte(jpegMagic)
	b = append(b, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0) // APP0 JFIF
	b = append(b, 0xff, 0xc0, 0, 11, 8)                                                // SOF0, length 11, 8-bit
	b = binary.BigEndian.AppendUint16(b, h)
	b = binary.BigEndian.AppendUint16(b, w)
	return append(b, 1, 1, 0x11, 0) // one component, 1×1 sampling, table 0
}
