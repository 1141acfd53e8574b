package clipboard

import (
	"bytes"
	"testing"
)

func TestFingerprintMatches(t *testing.T) {
	fp, err := NewFingerprint("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !fp.Matches("correct horse") {
		t.Error("does not match its own value")
	}
	for _, s := range []string{"", "correct horse ", "Correct horse", "correct hors"} {
		if fp.Matches(s) {
			t.Errorf("matches %q", s)
		}
	}
	var zero Fingerprint
	if zero.Matches("") || !zero.IsZero() || fp.IsZero() {
		t.Error("zero fingerprint misbehaves")
	}
}

func TestFingerprintIsKeyed(t *testing.T) {
	a, _ := NewFingerprint("same")
	b, _ := NewFingerprint("same")
	ab, _ := a.MarshalBinary()
	bb, _ := b.MarshalBinary()
	if bytes.Equal(ab, bb) || bytes.Equal(ab[32:], bb[32:]) {
		t.Error("two fingerprints of one value are equal: the key is not random")
	}
	if bytes.Contains(ab, []byte("same")) {
		t.Error("marshalled fingerprint holds the value")
	}
}

func TestFingerprintMarshalRoundTrip(t *testing.T) {
	fp, _ := NewFingerprint("s3cret")
	b, err := fp.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != fingerprintSize {
		t.Fatalf("%d bytes, want %d", len(b), fingerprintSize)
	}
	var got Fingerprint
	if err := got.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if !got.Matches("s3cret") || got.Matches("other") {
		t.Error("round trip lost the fingerprint")
	}
	for _, n := range []int{0, 32, 63, 65} {
		if err := got.UnmarshalBinary(make([]byte, n)); err == nil {
			t.Errorf("%d bytes accepted", n)
		}
	}
	if _, err := (Fingerprint{}).MarshalBinary(); err == nil {
		t.Error("zero fingerprint marshalled")
	}
}
