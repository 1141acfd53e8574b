// Reading XML key files with the same decisions as KeePassXC's
// FileKey::loadXml, which walks the document with QXmlStreamReader's
// readNextStartElement and readElementText; qtReader reproduces those two
// calls over encoding/xml.

package keyfile

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/passtea/passtea/crypto"
)

// parseXML returns the key of an XML key file. A nil key with a nil error
// means data is not an XML key file and the other formats are to be tried.
func parseXML(data []byte) ([]byte, Format, error) {
	q := newQtReader(data)
	if start, ok := q.nextStart(); ok && start.Name.Local != "KeyFile" {
		return nil, 0, nil
	}
	var version string
	var format Format
	var hash, key []byte
	defer func() { crypto.Wipe(key) }()
	for q.err == nil {
		section, ok := q.nextStart()
		if !ok {
			break
		}
		switch section.Name.Local {
		case "Meta":
			for q.err == nil {
				el, ok := q.nextStart()
				if !ok {
					break
				}
				if el.Name.Local != "Version" {
					continue
				}
				version = q.elementText()
				switch {
				case strings.HasPrefix(version, "1.0"):
					format = XMLv1
				case version == "2.0":
					format = XMLv2
				default:
					// The version is the file's own text: quote it
					// escaped so no control character reaches a terminal.
					return nil, 0, fmt.Errorf("%w: unsupported version %.20q", ErrInvalid, version)
				}
			}
		case "Key":
			for q.err == nil {
				el, ok := q.nextStart()
				if !ok {
					break
				}
				if el.Name.Local != "Data" {
					continue
				}
				hash = qtFromHex([]byte(attr(el, "Hash")))
				text := removeSpace(q.elementText())
				crypto.Wipe(key)
				var err error
				key, err = decodeData(version, text, hash)
				crypto.Wipe(text)
				if err != nil {
					return nil, 0, err
				}
			}
		}
	}
	if q.err != nil || len(key) == 0 {
		return nil, 0, nil
	}
	out := make([]byte, KeySize)
	copy(out, key)
	return out, format, nil
}

// decodeData decodes the text of <Data> for the file's version. KeePassXC
// checks the version as it reads <Data>, so a <Key> before <Meta> is refused.
func decodeData(version string, text, hash []byte) ([]byte, error) {
	switch {
	case strings.HasPrefix(version, "1.0") && isBase64(text):
		key := make([]byte, base64.StdEncoding.DecodedLen(len(text)))
		n, err := base64.StdEncoding.Decode(key, text)
		if err != nil {
			crypto.Wipe(key)
			return nil, fmt.Errorf("%w: data is not base64", ErrInvalid)
		}
		return key[:n], nil
	case version == "2.0" && isHex(text):
		key := qtFromHex(text)
		sum := sha256.Sum256(key)
		defer crypto.Wipe(sum[:])
		if !bytes.Equal(hash, sum[:4]) {
			crypto.Wipe(key)
			return nil, ErrChecksum
		}
		return key, nil
	}
	return nil, fmt.Errorf("%w: unexpected key data for version %.20q", ErrInvalid, version)
}

// removeSpace returns s without any white space, as Qt's
// simplified().replace(" ", "") leaves it.
func removeSpace(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		if !unicode.IsSpace(r) {
			out = append(out, string(r)...)
		}
	}
	return out
}

// isBase64 reports whether b is canonical padded base64, as KeePassXC's
// Tools::isBase64 regular expression requires. The empty string matches.
func isBase64(b []byte) bool {
	if len(b)%4 != 0 {
		return false
	}
	pad := 0
	if len(b) > 0 && b[len(b)-1] == '=' {
		pad = 1
		if b[len(b)-2] == '=' {
			pad = 2
		}
	}
	for _, c := range b[:len(b)-pad] {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '/') {
			return false
		}
	}
	return true
}

// qtFromHex decodes hex as Qt's QByteArray::fromHex does: from the end,
// skipping anything that is not a hex digit, an odd leading digit becoming
// a byte of its own.
func qtFromHex(s []byte) []byte {
	out := make([]byte, (len(s)+1)/2)
	i := len(out)
	low := true
	for j := len(s) - 1; j >= 0; j-- {
		v := hexValue(s[j])
		if v < 0 {
			continue
		}
		if low {
			i--
			out[i] = byte(v)
		} else {
			out[i] |= byte(v) << 4
		}
		low = !low
	}
	key := bytes.Clone(out[i:])
	crypto.Wipe(out)
	return key
}

// attr returns the value of the attribute named name, or "".
func attr(el xml.StartElement, name string) string {
	for _, a := range el.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// startsWithKeyFileElement reports whether the first element of the XML in
// prefix (the start of a larger file) is <KeyFile>.
func startsWithKeyFileElement(prefix []byte) bool {
	start, ok := newQtReader(prefix).nextStart()
	return ok && start.Name.Local == "KeyFile"
}

// qtReader walks XML as QXmlStreamReader's readNextStartElement and
// readElementText do. After the first error every call fails.
type qtReader struct {
	d   *xml.Decoder
	err error
}

func newQtReader(data []byte) *qtReader {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	return &qtReader{d: d}
}

// token returns the next token, recording the end of the document as an
// error when elements are still open.
func (q *qtReader) token() (xml.Token, bool) {
	if q.err != nil {
		return nil, false
	}
	tok, err := q.d.Token()
	if err != nil {
		q.err = err
		return nil, false
	}
	return tok, true
}

// nextStart reads to the next start element inside the current element. It
// returns false at the current element's end, at the end of the document or
// on an error (then q.err is set, except at a clean end).
func (q *qtReader) nextStart() (xml.StartElement, bool) {
	for {
		tok, ok := q.token()
		if !ok {
			if errors.Is(q.err, io.EOF) {
				q.err = nil
			}
			return xml.StartElement{}, false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t, true
		case xml.EndElement:
			return xml.StartElement{}, false
		}
	}
}

// elementText returns the text of the element just started, which must hold
// no elements (QXmlStreamReader::ErrorOnUnexpectedElement). Like Qt it
// returns the text read so far when it fails.
func (q *qtReader) elementText() string {
	var b strings.Builder
	for {
		tok, ok := q.token()
		if !ok {
			return b.String()
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			q.err = errors.New("element inside a text element")
			return b.String()
		case xml.EndElement:
			return b.String()
		}
	}
}
