package otp

import (
	"testing"
	"time"
)

func BenchmarkCode(b *testing.B) {
	at := time.Unix(1234567890, 0)
	for _, alg := range []Algorithm{SHA1, SHA256, SHA512} {
		k := mustKey(b, TOTP, rfcSeeds[alg])
		k.Algorithm = alg
		b.Run(alg.String(), func(b *testing.B) {
			for b.Loop() {
				if _, err := k.Code(at); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	steam := mustKey(b, Steam, rfcSeeds[SHA1])
	b.Run("Steam", func(b *testing.B) {
		for b.Loop() {
			if _, err := steam.Code(at); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkParseURI(b *testing.B) {
	const uri = "otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30"
	for b.Loop() {
		if _, err := ParseURI(uri); err != nil {
			b.Fatal(err)
		}
	}
}
