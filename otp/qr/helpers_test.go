package qr

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	rscqr "rsc.io/qr"
)

// The texts of the committed screenshots (see testdata/gen).
const (
	setupURI  = "otpauth://totp/Example%20Site:alice@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Example%20Site&algorithm=SHA1&digits=6&period=30"
	exportURI = "otpauth-migration://offline?data=CjUKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBpGgtyYXNwYmVycnlwaSABKAEwAhABGAEgACjr4JKK%2B%2F%2F%2F%2F%2F8B"
)

// modulesOf encodes text with rsc.io/qr, an encoder independent of the
// gozxing that Decode uses.
func modulesOf(t testing.TB, text string) [][]bool {
	t.Helper()
	c, err := rscqr.Encode(text, rscqr.M)
	if err != nil {
		t.Fatal(err)
	}
	m := make([][]bool, c.Size)
	for y := range m {
		m[y] = make([]bool, c.Size)
		for x := range m[y] {
			m[y][x] = c.Black(x, y)
		}
	}
	return m
}

// picture draws modules px pixels each with a quiet zone of q modules,
// placed at off on a canvas of the given size filled with bg.
func picture(m [][]bool, px, q int, size image.Point, off image.Point, dark, light, bg color.Color) *image.NRGBA {
	img := image.NewNRGBA(image.Rectangle{Max: size})
	for y := range size.Y {
		for x := range size.X {
			img.Set(x, y, bg)
		}
	}
	n := len(m) + 2*q
	for y := range n * px {
		for x := range n * px {
			mx, my := x/px-q, y/px-q
			c := light
			if mx >= 0 && my >= 0 && mx < len(m) && my < len(m) && m[my][mx] {
				c = dark
			}
			img.Set(off.X+x, off.Y+y, c)
		}
	}
	return img
}

// simple draws modules black on white, px pixels each, with a 4-module
// quiet zone and nothing around.
func simple(m [][]bool, px int) *image.NRGBA {
	side := (len(m) + 8) * px
	return picture(m, px, 4, image.Pt(side, side), image.Point{}, color.Black, color.White, color.White)
}

func pngBytes(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegBytes(t testing.TB, img image.Image, quality int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: quality}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
