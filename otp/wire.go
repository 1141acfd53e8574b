package otp

// This file reads protocol buffers' wire format, as much of it as a
// Google Authenticator export needs: tags, varints, length-delimited
// values, and skipping any field. The format is protobuf's encoding
// (protobuf.dev/programming-guides/encoding). It is read here rather than
// with google.golang.org/protobuf/encoding/protowire, whose package
// imports protobuf's internal/detrand: that package hashes the running
// executable when any program importing it starts, about 0.1 ms of every
// passtea command. TestWireAsProtowire holds these functions to protowire's.

// wireType is the low three bits of a tag.
type wireType uint8

// The wire types.
const (
	varintType     wireType = 0
	fixed64Type    wireType = 1
	bytesType      wireType = 2
	startGroupType wireType = 3
	endGroupType   wireType = 4
	fixed32Type    wireType = 5
)

// maxFieldNumber is the largest field number a tag is read with: that of
// an int32, as protowire reads tags (the format's own limit is 2²⁹−1;
// fields above it are skipped like any unknown field).
const maxFieldNumber = 1<<31 - 1

// maxGroupDepth bounds the nesting of groups skipped, as protowire does.
const maxGroupDepth = 10000

// consumeVarint returns the varint that starts b and its length in bytes,
// or n < 0 when b does not start with one (truncated, or over 64 bits).
func consumeVarint(b []byte) (v uint64, n int) {
	for i := 0; i < len(b) && i < 10; i++ {
		c := b[i]
		if i == 9 && c > 1 {
			return 0, -1
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			return v, i + 1
		}
	}
	return 0, -1
}

// consumeTag returns the field number and wire type of the tag that
// starts b, and its length, or n < 0.
func consumeTag(b []byte) (num int32, typ wireType, n int) {
	v, n := consumeVarint(b)
	if n < 0 || v>>3 == 0 || v>>3 > maxFieldNumber {
		return 0, 0, -1
	}
	return int32(v >> 3), wireType(v & 7), n
}

// consumeBytes returns the length-delimited value that starts b and the
// bytes it takes, or n < 0.
func consumeBytes(b []byte) (v []byte, n int) {
	l, n := consumeVarint(b)
	if n < 0 || l > uint64(len(b)-n) {
		return nil, -1
	}
	return b[n : n+int(l)], n + int(l)
}

// consumeFieldValue returns how many bytes the value of field num, of wire
// type typ, takes at the start of b, or -1 when it is malformed.
func consumeFieldValue(num int32, typ wireType, b []byte) int {
	return skipValue(num, typ, b, 0)
}

func skipValue(num int32, typ wireType, b []byte, depth int) int {
	switch typ {
	case varintType:
		_, n := consumeVarint(b)
		return n
	case fixed32Type:
		if len(b) < 4 {
			return -1
		}
		return 4
	case fixed64Type:
		if len(b) < 8 {
			return -1
		}
		return 8
	case bytesType:
		_, n := consumeBytes(b)
		return n
	case startGroupType:
		if depth >= maxGroupDepth {
			return -1
		}
		total := 0
		for {
			inner, innerTyp, n := consumeTag(b[total:])
			if n < 0 {
				return -1
			}
			total += n
			if innerTyp == endGroupType {
				if inner != num {
					return -1
				}
				return total
			}
			m := skipValue(inner, innerTyp, b[total:], depth+1)
			if m < 0 {
				return -1
			}
			total += m
		}
	}
	return -1 // an end of group where none started, or wire type 6 or 7
}
