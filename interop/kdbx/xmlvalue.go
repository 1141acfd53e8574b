// Reading values from the XML: text, protected strings, binary data,
// booleans, numbers, UUIDs, times and attributes.

package kdbx

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/passtea/passtea/crypto"
)

// rawText returns the text of the element just started, which must hold no
// elements. The bytes are valid until the next call.
func (x *xmlDecoder) rawText() ([]byte, error) {
	b := x.buf[:0]
	defer func() { x.buf = b }()
	for {
		tok, err := x.token()
		if err != nil {
			return nil, err
		}
		switch tok.kind {
		case tokText:
			b = append(b, tok.text...)
		case tokStart:
			return nil, fmt.Errorf("%w: element <%.40s> inside a value", errXML, tok.name)
		case tokEnd:
			return b, nil
		}
	}
}

// text returns the element's text as a string.
func (x *xmlDecoder) text() (string, error) {
	b, err := x.rawText()
	return string(b), err
}

// value reads a string value, decrypting it when it is Protected. It also
// reports whether the value is protected or marked ProtectInMemory.
func (x *xmlDecoder) value(el xml.StartElement) (string, bool, error) {
	raw, err := x.rawText()
	if err != nil {
		return "", false, err
	}
	if !isTrue(attr(el, "Protected")) {
		return string(raw), isTrue(attr(el, "ProtectInMemory")), nil
	}
	if len(raw) == 0 {
		return "", true, nil
	}
	plain, err := x.unprotect(raw)
	if err != nil {
		return "", false, err
	}
	defer crypto.Wipe(plain)
	if !utf8.Valid(plain) {
		// KeePassXC would replace the bad bytes; an importer must not
		// silently change a secret, so this is an error.
		return "", false, fmt.Errorf("%w: a protected value is not UTF-8", ErrCorrupt)
	}
	return string(plain), true, nil
}

// unprotect base64-decodes a protected value and XORs it with the inner
// stream. The caller wipes the result.
func (x *xmlDecoder) unprotect(b64 []byte) ([]byte, error) {
	if x.stream == nil {
		return nil, fmt.Errorf("%w: a protected value in a file without an inner stream", ErrCorrupt)
	}
	plain := make([]byte, base64.StdEncoding.DecodedLen(len(b64)))
	n, err := base64.StdEncoding.Decode(plain, bytes.TrimSpace(b64))
	if err != nil {
		crypto.Wipe(plain)
		return nil, fmt.Errorf("%w: a protected value is not base64", ErrCorrupt)
	}
	plain = plain[:n]
	x.stream.XORKeyStream(plain, plain)
	return plain, nil
}

// binaryValue reads base64 data, advancing the inner stream when it is
// Protected, and returns its decoded size. The data is not kept.
func (x *xmlDecoder) binaryValue(el xml.StartElement) ([]byte, error) {
	raw, err := x.rawText()
	if err != nil {
		return nil, err
	}
	if isTrue(attr(el, "Protected")) && len(raw) > 0 {
		return x.unprotect(raw)
	}
	data := make([]byte, base64.StdEncoding.DecodedLen(len(raw)))
	n, err := base64.StdEncoding.Decode(data, bytes.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("%w: binary data is not base64", ErrCorrupt)
	}
	return data[:n], nil
}

func (x *xmlDecoder) bool() (bool, error) {
	s, err := x.text()
	if err != nil {
		return false, err
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true":
		return true, nil
	case "false", "":
		return false, nil
	}
	return false, fmt.Errorf("%w: boolean %.20q", errXML, s)
}

func (x *xmlDecoder) number() (int, error) {
	s, err := x.text()
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 32)
	if err != nil {
		return 0, fmt.Errorf("%w: number %.20q", errXML, s)
	}
	return int(n), nil
}

func (x *xmlDecoder) uuid() (UUID, error) {
	s, err := x.text()
	if err != nil {
		return UUID{}, err
	}
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != 16 {
		return UUID{}, nil // KeePassXC treats a malformed UUID as none
	}
	return UUID(b), nil
}

// Time range KeePass uses: 0001-01-01 to 9999-12-31 23:59:59 UTC.
const (
	unixYear1    = -62135596800
	maxKDBXTime  = 315537897599 // seconds from year 1 to the end of 9999
	isoNoZone    = "2006-01-02T15:04:05"
	isoFractions = "2006-01-02T15:04:05.999999999"
)

// time reads a timestamp: KDBX 4's base64 of little-endian seconds since
// 0001-01-01, or ISO 8601 (KDBX 3, XML exports). Unreadable times are zero,
// as KeePassXC leniently accepts them (it would put the current time).
func (x *xmlDecoder) time() (time.Time, error) {
	s, err := x.text()
	if err != nil {
		return time.Time{}, err
	}
	s = strings.TrimSpace(s)
	if b, err := base64.StdEncoding.DecodeString(s); err == nil && !strings.ContainsAny(s, "-:") {
		var secs [8]byte
		copy(secs[:], b)
		n := binary.LittleEndian.Uint64(secs[:])
		if n == 0 || n > maxKDBXTime {
			return time.Time{}, nil
		}
		return time.Unix(int64(n)+unixYear1, 0).UTC(), nil
	}
	for _, layout := range []string{time.RFC3339Nano, isoFractions, isoNoZone} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, nil
}

// isTrue is KeePassXC's isTrueValue: "true" in any case, or "1".
func isTrue(s string) bool { return strings.EqualFold(s, "true") || s == "1" }

// attr returns the attribute named name, or "".
func attr(el xml.StartElement, name string) string {
	v, _ := attrOK(el, name)
	return v
}

// attrOK returns the attribute named name and whether it is there.
func attrOK(el xml.StartElement, name string) (string, bool) {
	for _, a := range el.Attr {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}
