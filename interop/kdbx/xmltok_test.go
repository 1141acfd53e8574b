package kdbx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// tokens lists what a tokenizer returns as lines, text runs merged.
func ourTokens(data []byte, oneByte bool) ([]string, error) {
	var r io.Reader = bytes.NewReader(data)
	if oneByte {
		r = iotest.OneByteReader(r)
	}
	t := newTokenizer(r)
	var out []string
	var text []byte
	flush := func() {
		if len(text) > 0 {
			out = append(out, fmt.Sprintf("text %q", text))
			text = nil
		}
	}
	for {
		tok, err := t.next()
		if err == io.EOF {
			flush()
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		switch tok.kind {
		case tokText:
			text = append(text, tok.text...)
		case tokStart:
			flush()
			out = append(out, fmt.Sprintf("start %s %v", tok.name, attrLines(tok.attrs)))
		case tokEnd:
			flush()
			out = append(out, "end "+tok.name)
		}
	}
}

func attrLines(attrs []xml.Attr) string {
	var b strings.Builder
	for _, a := range attrs {
		name := a.Name.Local
		if a.Name.Space != "" {
			name = a.Name.Space + ":" + name
		}
		fmt.Fprintf(&b, "%s=%q ", name, a.Value)
	}
	return b.String()
}

// stdTokens lists what encoding/xml's RawToken returns, the same way.
func stdTokens(data []byte) ([]string, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	var out []string
	var text []byte
	flush := func() {
		if len(text) > 0 {
			out = append(out, fmt.Sprintf("text %q", text))
			text = nil
		}
	}
	name := func(n xml.Name) string {
		if n.Space != "" {
			return n.Space + ":" + n.Local
		}
		return n.Local
	}
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			flush()
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.CharData:
			text = append(text, t...)
		case xml.StartElement:
			flush()
			out = append(out, fmt.Sprintf("start %s %v", name(t.Name), attrLines(t.Attr)))
		case xml.EndElement:
			flush()
			out = append(out, "end "+name(t.Name))
		}
	}
}

// FuzzTokenizer checks the tokenizer against encoding/xml: what it accepts,
// encoding/xml accepts with the same tokens, whatever the read sizes. (It is
// stricter in places: document types, characters XML forbids, and it
// refuses some input encoding/xml takes; element names outside ASCII it
// checks less than encoding/xml, which makes no difference to KeePass
// files.)
func FuzzTokenizer(f *testing.F) {
	f.Add([]byte(keepassXML(`<Entry><String><Key>a&amp;b</Key><Value Protected="True" x='1&lt;2'>v&#13;
w&#x263A;<![CDATA[<raw>]]></Value></String><!-- c --></Entry>`)))
	f.Add([]byte("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<a>\r\n<b/>x\ry</a>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ours, err := ourTokens(data, false)
		if err != nil {
			if !errors.Is(err, errXML) {
				t.Fatalf("error %v is not errXML", err)
			}
			return
		}
		slow, err := ourTokens(data, true)
		if err != nil || strings.Join(slow, "\n") != strings.Join(ours, "\n") {
			t.Fatalf("one byte at a time differs: %v", err)
		}
		std, err := stdTokens(data)
		if err != nil {
			if strings.Contains(err.Error(), "invalid XML name") {
				return // names outside ASCII: encoding/xml checks them more
			}
			t.Fatalf("encoding/xml refuses what the tokenizer accepts: %v\n%q", err, ours)
		}
		if a, b := strings.Join(ours, "\n"), strings.Join(std, "\n"); a != b {
			t.Fatalf("tokens differ:\n%s\nencoding/xml:\n%s", a, b)
		}
	})
}
