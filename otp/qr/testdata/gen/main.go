// Command gen draws the screenshot-like test images of otp/qr:
//
//	setup-page.png   a website's two-factor setup page (light theme) with a
//	                 small otpauth:// QR code in a card among text, a nav bar
//	                 and a button, scaled to 75% as a HiDPI screenshot is
//	                 (2.25 pixels a module);
//	export-phone.png a phone's dark-mode "transfer accounts" screen with a
//	                 Google Authenticator otpauth-migration:// code.
//
// The codes come from rsc.io/qr, another encoder than the gozxing that
// otp/qr uses, and the "text" is rows of word-like blocks. The output is
// the same on every run (fixed random seed). Run from the repository root:
//
//	go run ./otp/qr/testdata/gen
package main

import (
	"image"
	"image/color"
	"image/png"
	"log"
	"math/rand/v2"
	"os"

	"rsc.io/qr"
)

// The texts of the codes; otp/qr's tests expect exactly these. The secret is
// RFC 6238's SHA-1 seed; the export is scito/extract_otp_secrets' example.
const (
	setupURI  = "otpauth://totp/Example%20Site:alice@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Example%20Site&algorithm=SHA1&digits=6&period=30"
	exportURI = "otpauth-migration://offline?data=CjUKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBpGgtyYXNwYmVycnlwaSABKAEwAhABGAEgACjr4JKK%2B%2F%2F%2F%2F%2F8B"
)

func main() {
	dir := "otp/qr/testdata/"
	write(dir+"setup-page.png", scale(setupPage(), 3, 4))
	write(dir+"export-phone.png", scale(exportPhone(), 3, 4))
}

// setupPage draws a 1440×1000 light page. Its code has 3 pixels a module,
// 2.25 once scaled: small, and blurred across pixel edges.
func setupPage() *image.RGBA {
	r := rand.New(rand.NewPCG(13, 6238))
	img := canvas(1440, 1000, rgb(0xf6f8fa))
	fill(img, image.Rect(0, 0, 1440, 64), rgb(0x24292f))
	words(img, r, image.Rect(24, 22, 600, 42), 16, rgb(0xe6edf3))
	words(img, r, image.Rect(1100, 24, 1420, 40), 12, rgb(0x9198a1))
	// Sidebar and body text.
	for y := 110; y < 900; y += 34 {
		words(img, r, image.Rect(40, y, 300, y+12), 12, rgb(0x57606a))
	}
	words(img, r, image.Rect(360, 100, 1000, 130), 26, rgb(0x1f2328))
	for y := 160; y < 330; y += 26 {
		words(img, r, image.Rect(360, y, 1380, y+12), 12, rgb(0x57606a))
	}
	// The card with the code, its secret in text, an input and a button.
	card := image.Rect(360, 360, 1000, 960)
	fill(img, card, rgb(0xd0d7de))
	fill(img, card.Inset(1), color.RGBA{255, 255, 255, 255})
	words(img, r, image.Rect(392, 388, 800, 406), 18, rgb(0x1f2328))
	code(img, setupURI, image.Pt(470, 530), 3, rgb(0x000000), rgb(0xffffff))
	words(img, r, image.Rect(392, 700, 960, 712), 12, rgb(0x57606a))
	words(img, r, image.Rect(392, 730, 760, 744), 14, rgb(0x0550ae))
	fill(img, image.Rect(392, 780, 700, 820), rgb(0xd0d7de))
	fill(img, image.Rect(393, 781, 699, 819), rgb(0xffffff))
	fill(img, image.Rect(392, 860, 560, 900), rgb(0x1f883d))
	words(img, r, image.Rect(420, 874, 540, 886), 12, rgb(0xffffff))
	// A second column of help text beside the card.
	for y := 380; y < 950; y += 26 {
		words(img, r, image.Rect(1040, y, 1400, y+12), 12, rgb(0x57606a))
	}
	return img
}

// exportPhone draws a 720×1560 dark phone screen.
func exportPhone() *image.RGBA {
	r := rand.New(rand.NewPCG(4226, 13))
	img := canvas(720, 1560, rgb(0x131314))
	words(img, r, image.Rect(40, 40, 300, 56), 14, rgb(0xe3e3e3)) // status bar
	words(img, r, image.Rect(40, 130, 560, 170), 36, rgb(0xe3e3e3))
	for y := 210; y < 330; y += 36 {
		words(img, r, image.Rect(40, y, 680, y+16), 16, rgb(0xc4c7c5))
	}
	panel := image.Rect(120, 400, 600, 880)
	fill(img, panel, rgb(0xffffff))
	code(img, exportURI, image.Pt(360, 640), 6, rgb(0x000000), rgb(0xffffff))
	words(img, r, image.Rect(260, 930, 460, 950), 18, rgb(0xe3e3e3))
	fill(img, image.Rect(440, 1420, 680, 1500), rgb(0xa8c7fa))
	words(img, r, image.Rect(500, 1450, 620, 1468), 16, rgb(0x062e6f))
	return img
}

// code draws text as a QR code with 2 modules of margin and px pixels a
// module, centred on center.
func code(img *image.RGBA, text string, center image.Point, px int, dark, light color.RGBA) {
	c, err := qr.Encode(text, qr.M)
	if err != nil {
		log.Fatal(err)
	}
	const margin = 2
	size := c.Size + 2*margin
	at := center.Sub(image.Pt(size*px/2, size*px/2))
	fill(img, image.Rect(at.X, at.Y, at.X+size*px, at.Y+size*px), light)
	for y := range c.Size {
		for x := range c.Size {
			if c.Black(x, y) {
				p := at.Add(image.Pt((x+margin)*px, (y+margin)*px))
				fill(img, image.Rect(p.X, p.Y, p.X+px, p.Y+px), dark)
			}
		}
	}
}

// words fills a box with rows of word-like blocks of height h.
func words(img *image.RGBA, r *rand.Rand, box image.Rectangle, h int, c color.RGBA) {
	for y := box.Min.Y; y+h <= box.Max.Y+h/2; y += h * 2 {
		for x := box.Min.X; x < box.Max.X; {
			w := h/2 + r.IntN(h*4)
			if x+w > box.Max.X {
				break
			}
			fill(img, image.Rect(x, y, x+w, y+h), c)
			x += w + h/2
		}
	}
}

// scale shrinks img by num/den, averaging the source pixels each target
// pixel covers, as a screenshot scaled for a smaller display is.
func scale(img *image.RGBA, num, den int) *image.RGBA {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx()*num/den, b.Dy()*num/den))
	for y := range out.Bounds().Dy() {
		for x := range out.Bounds().Dx() {
			// Target pixel (x, y) covers source [x*den/num, (x+1)*den/num).
			var sum [3]int
			n := 0
			for sy := y * den; sy < (y+1)*den; sy++ {
				for sx := x * den; sx < (x+1)*den; sx++ {
					p := img.RGBAAt(sx/num, sy/num)
					sum[0] += int(p.R)
					sum[1] += int(p.G)
					sum[2] += int(p.B)
					n++
				}
			}
			out.SetRGBA(x, y, color.RGBA{uint8(sum[0] / n), uint8(sum[1] / n), uint8(sum[2] / n), 255})
		}
	}
	return out
}

func canvas(w, h int, bg color.RGBA) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fill(img, img.Bounds(), bg)
	return img
}

func fill(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.SetRGBA(x, y, c)
		}
	}
}

func rgb(v uint32) color.RGBA {
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}
}

func write(path string, img image.Image) {
	f, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(f, img); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}
