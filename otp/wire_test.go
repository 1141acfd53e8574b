package otp

import (
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

// wireCases are inputs for the wire readers: valid and malformed varints,
// tags, lengths and groups.
var wireCases = [][]byte{
	{}, {0x00}, {0x01}, {0x7f}, {0x80}, {0x80, 0x01}, {0xff, 0xff, 0xff, 0xff, 0x0f},
	{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01},
	{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02},
	{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00},
	{0x08, 0x96, 0x01}, {0x0a, 0x03, 'a', 'b', 'c'}, {0x0a, 0x04, 'a'}, {0x0a},
	{0x0b, 0x08, 0x01, 0x0c}, {0x0b, 0x08, 0x01, 0x14}, {0x0b, 0x13, 0x14, 0x0c}, {0x0b},
	{0x0c}, {0x0e}, {0x0f}, {0x0d, 1, 2, 3, 4}, {0x0d, 1, 2}, {0x09, 1, 2, 3, 4, 5, 6, 7, 8}, {0x09, 1},
	{0xf8, 0xff, 0xff, 0xff, 0x0f, 0x00}, {0x80, 0x80, 0x80, 0x80, 0x10, 0x00},
}

// The readers give protowire's answers: the same values and lengths, and
// a failure where protowire fails.
func TestWireAsProtowire(t *testing.T) {
	for _, b := range wireCases {
		checkWire(t, b)
	}
}

func FuzzWireAsProtowire(f *testing.F) {
	for _, b := range wireCases {
		f.Add(b)
	}
	f.Fuzz(checkWire)
}

func checkWire(t *testing.T, b []byte) {
	v, n := consumeVarint(b)
	pv, pn := protowire.ConsumeVarint(b)
	if n != pn && !(n < 0 && pn < 0) || n >= 0 && v != pv {
		t.Errorf("consumeVarint(%x) = %d, %d; protowire %d, %d", b, v, n, pv, pn)
	}
	num, typ, n := consumeTag(b)
	pnum, ptyp, pn := protowire.ConsumeTag(b)
	if n != pn && !(n < 0 && pn < 0) || n >= 0 && (num != int32(pnum) || typ != wireType(ptyp)) {
		t.Errorf("consumeTag(%x) = %d, %d, %d; protowire %d, %d, %d", b, num, typ, n, pnum, ptyp, pn)
	}
	val, n := consumeBytes(b)
	pval, pn := protowire.ConsumeBytes(b)
	if n != pn && !(n < 0 && pn < 0) || n >= 0 && string(val) != string(pval) {
		t.Errorf("consumeBytes(%x) = %x, %d; protowire %x, %d", b, val, n, pval, pn)
	}
	if tn := max(0, n); tn <= len(b) {
		if num, typ, n := consumeTag(b); n >= 0 {
			got := consumeFieldValue(num, typ, b[n:])
			want := protowire.ConsumeFieldValue(protowire.Number(num), protowire.Type(typ), b[n:])
			if got != want && !(got < 0 && want < 0) {
				t.Errorf("consumeFieldValue(%d, %d, %x) = %d; protowire %d", num, typ, b[n:], got, want)
			}
		}
	}
}
