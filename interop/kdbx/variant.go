// KDBX 4's VariantDictionary: the typed key/value list that holds the KDF
// parameters and the public custom data of the outer header.

package kdbx

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"unicode/utf8"
)

// VariantItem is one entry of a KDBX 4 variant map. Value is a uint32,
// uint64, bool, int32, int64, string or []byte.
type VariantItem struct {
	Name  string
	Value any
}

// Variant map value types (KeePass's VdType).
const (
	vtEnd    = 0x00
	vtUInt32 = 0x04
	vtUInt64 = 0x05
	vtBool   = 0x08
	vtInt32  = 0x0C
	vtInt64  = 0x0D
	vtString = 0x18
	vtBytes  = 0x42
)

const variantMapVersion = 0x0100

// parseVariantMap decodes a variant map. Like KeePassXC it accepts any minor
// version and a map that ends without its end marker.
func parseVariantMap(b []byte) ([]VariantItem, error) {
	if len(b) < 2 {
		return nil, fmt.Errorf("%w: variant map too short", ErrCorrupt)
	}
	if v := binary.LittleEndian.Uint16(b); v&0xFF00 > variantMapVersion {
		return nil, fmt.Errorf("%w: variant map version %#04x", ErrUnsupported, v)
	}
	b = b[2:]
	var items []VariantItem
	for len(b) > 0 && b[0] != vtEnd {
		typ := b[0]
		b = b[1:]
		name, rest, ok := lengthPrefixed(b)
		if !ok {
			return nil, fmt.Errorf("%w: variant map name truncated", ErrCorrupt)
		}
		value, rest, ok := lengthPrefixed(rest)
		if !ok {
			return nil, fmt.Errorf("%w: variant map value truncated", ErrCorrupt)
		}
		b = rest
		item := VariantItem{Name: string(name)}
		if n := fixedSize(typ); n > 0 && len(value) != n {
			return nil, fmt.Errorf("%w: variant map item %.40q has %d bytes for type %#02x", ErrCorrupt, item.Name, len(value), typ)
		}
		switch typ {
		case vtUInt32:
			item.Value = binary.LittleEndian.Uint32(value)
		case vtUInt64:
			item.Value = binary.LittleEndian.Uint64(value)
		case vtBool:
			item.Value = value[0] != 0
		case vtInt32:
			item.Value = int32(binary.LittleEndian.Uint32(value))
		case vtInt64:
			item.Value = int64(binary.LittleEndian.Uint64(value))
		case vtString:
			if !utf8.Valid(value) {
				return nil, fmt.Errorf("%w: variant map item %.40q is not UTF-8", ErrCorrupt, item.Name)
			}
			item.Value = string(value)
		case vtBytes:
			item.Value = bytes.Clone(value)
		default:
			return nil, fmt.Errorf("%w: variant map item %.40q has unknown type %#02x", ErrCorrupt, item.Name, typ)
		}
		items = append(items, item)
	}
	return items, nil
}

// fixedSize is the size of a fixed-size variant type, or 0.
func fixedSize(typ byte) int {
	switch typ {
	case vtUInt32, vtInt32:
		return 4
	case vtUInt64, vtInt64:
		return 8
	case vtBool:
		return 1
	}
	return 0
}

// lengthPrefixed splits a 32-bit little-endian length and that many bytes
// off b.
func lengthPrefixed(b []byte) (field, rest []byte, ok bool) {
	if len(b) < 4 {
		return nil, nil, false
	}
	n := binary.LittleEndian.Uint32(b)
	b = b[4:]
	if uint64(n) > uint64(len(b)) {
		return nil, nil, false
	}
	return b[:n], b[n:], true
}

// marshalVariantMap encodes items. It fails only on a value of a type a
// variant map cannot hold.
func marshalVariantMap(items []VariantItem) ([]byte, error) {
	b := binary.LittleEndian.AppendUint16(nil, variantMapVersion)
	for _, it := range items {
		var typ byte
		var v []byte
		switch x := it.Value.(type) {
		case uint32:
			typ, v = vtUInt32, binary.LittleEndian.AppendUint32(nil, x)
		case uint64:
			typ, v = vtUInt64, binary.LittleEndian.AppendUint64(nil, x)
		case bool:
			typ, v = vtBool, []byte{0}
			if x {
				v[0] = 1
			}
		case int32:
			typ, v = vtInt32, binary.LittleEndian.AppendUint32(nil, uint32(x))
		case int64:
			typ, v = vtInt64, binary.LittleEndian.AppendUint64(nil, uint64(x))
		case string:
			typ, v = vtString, []byte(x)
		case []byte:
			typ, v = vtBytes, x
		default:
			return nil, fmt.Errorf("variant map item %q: unsupported type %T", it.Name, it.Value)
		}
		if len(it.Name) > math.MaxInt32 || len(v) > math.MaxInt32 {
			return nil, fmt.Errorf("variant map item %q too large", it.Name)
		}
		b = append(b, typ)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(it.Name)))
		b = append(b, it.Name...)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(v)))
		b = append(b, v...)
	}
	return append(b, vtEnd), nil
}

// variantUint returns the item named name as an unsigned integer, whatever
// integer type holds it (KeePassXC's QVariant conversions accept any).
func variantUint(items []VariantItem, name string) (uint64, bool) {
	for _, it := range items {
		if it.Name != name {
			continue
		}
		switch x := it.Value.(type) {
		case uint32:
			return uint64(x), true
		case uint64:
			return x, true
		case int32:
			return uint64(x), x >= 0
		case int64:
			return uint64(x), x >= 0
		}
		return 0, false
	}
	return 0, false
}

// variantBytes returns the byte-array item named name.
func variantBytes(items []VariantItem, name string) ([]byte, bool) {
	for _, it := range items {
		if it.Name == name {
			b, ok := it.Value.([]byte)
			return b, ok
		}
	}
	return nil, false
}
