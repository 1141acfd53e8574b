package qr

import (
	"bytes"
	"os"
	"testing"
)

func BenchmarkDecodeScreenshot(b *testing.B) {
	data, err := os.ReadFile("testdata/setup-page.png")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Decode(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTerminal(b *testing.B) {
	for b.Loop() {
		if _, err := Terminal(setupURI, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
