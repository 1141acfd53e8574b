// A tokenizer for the XML KeePass writes, several times faster than
// encoding/xml (which spent three quarters of a read in its tokenizer): it
// returns element names interned, text as a window on its buffer, and
// allocates only for attributes. It reads XML 1.0 in UTF-8: elements,
// attributes, text with the five predefined entities and character
// references, CDATA sections, comments and processing instructions (the XML
// declaration among them). A document type declaration is refused, so no
// entity is ever defined or expanded. Line ends are normalised as XML
// requires (CR LF and lone CR become LF). FuzzTokenizer checks it against
// encoding/xml.

package kdbx

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// tokKind is the kind of a token.
type tokKind int

const (
	tokStart tokKind = iota + 1
	tokEnd
	tokText
)

// token is one token; name and text are valid until the next call.
type token struct {
	kind  tokKind
	name  string     // element name (start and end)
	attrs []xml.Attr // start: attributes, or nil
	text  []byte     // text: decoded character data
}

// tokenizer reads tokens from r. Its buffers hold plaintext: wipe them
// when done.
type tokenizer struct {
	r       io.Reader
	buf     []byte // input window: buf[pos:end] is unread
	pos     int
	end     int
	read    int64 // bytes of input before buf[0], for error offsets
	eof     bool
	err     error
	text    []byte // decoded text when it needs decoding
	names   map[string]string
	pending string // an end token owed for <empty/>
	started bool
}

// wipe clears the buffers.
func (t *tokenizer) wipe() {
	clear(t.buf)
	clear(t.text[:cap(t.text)])
}

func newTokenizer(r io.Reader) *tokenizer {
	return &tokenizer{r: r, buf: make([]byte, 64<<10), names: make(map[string]string, 64)}
}

// errTok is a syntax error at the current offset.
func (t *tokenizer) errTok(format string, args ...any) error {
	return fmt.Errorf("%w at byte %d: %s", errXML, t.read+int64(t.pos), fmt.Sprintf(format, args...))
}

// fill reads more input, keeping buf[pos:end]. It returns false at the end
// of the input (or on a read error, kept in t.err).
func (t *tokenizer) fill() bool {
	if t.eof || t.err != nil {
		return false
	}
	if t.pos > 0 {
		n := copy(t.buf, t.buf[t.pos:t.end])
		t.read += int64(t.pos)
		t.pos, t.end = 0, n
	}
	if t.end == len(t.buf) {
		t.buf = append(t.buf, make([]byte, len(t.buf))...)
	}
	n, err := t.r.Read(t.buf[t.end:])
	t.end += n
	if err == io.EOF {
		t.eof = true
	} else if err != nil {
		t.err = err
	}
	return n > 0 || (!t.eof && t.err == nil)
}

// find returns the index in buf of the first occurrence of sep at or after
// pos+from, reading more input as needed, or -1 at the end of the input.
func (t *tokenizer) find(from int, sep string) int {
	for {
		if i := bytes.Index(t.buf[t.pos+from:t.end], []byte(sep)); i >= 0 {
			return t.pos + from + i
		}
		from = max(0, t.end-t.pos-len(sep)+1)
		if !t.fill() {
			return -1
		}
	}
}

// next returns the next token, or io.EOF at the end of the document.
func (t *tokenizer) next() (token, error) {
	if t.pending != "" {
		name := t.pending
		t.pending = ""
		return token{kind: tokEnd, name: name}, nil
	}
	if !t.started {
		t.started = true
		for t.end-t.pos < 3 && t.fill() {
		}
		if bytes.HasPrefix(t.buf[t.pos:t.end], []byte("\xef\xbb\xbf")) {
			t.pos += 3
		}
	}
	for {
		if t.pos == t.end && !t.fill() {
			if t.err != nil {
				return token{}, t.err
			}
			return token{}, io.EOF
		}
		if t.buf[t.pos] != '<' {
			return t.charData()
		}
		for t.end-t.pos < 9 && t.fill() { // room to tell <!-- and <![CDATA[ apart
		}
		rest := t.buf[t.pos:t.end]
		switch {
		case bytes.HasPrefix(rest, []byte("</")):
			return t.endTag()
		case bytes.HasPrefix(rest, []byte("<?")):
			if err := t.procInst(); err != nil {
				return token{}, err
			}
		case bytes.HasPrefix(rest, []byte("<!--")):
			i := t.find(4, "-->")
			if i < 0 {
				return token{}, t.errTok("unterminated comment")
			}
			if bytes.Contains(t.buf[t.pos+4:i], []byte("--")) {
				return token{}, t.errTok("\"--\" in a comment")
			}
			t.pos = i + 3
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			return t.cdata()
		case bytes.HasPrefix(rest, []byte("<!")):
			return token{}, t.errTok("document type declarations are not allowed")
		default:
			return t.startTag()
		}
	}
}

// charData reads text up to the next '<'.
func (t *tokenizer) charData() (token, error) {
	i := t.find(0, "<")
	if i < 0 {
		i = t.end
	}
	raw := t.buf[t.pos:i]
	if bytes.Contains(raw, []byte("]]>")) {
		return token{}, t.errTok("\"]]>\" in text")
	}
	text, err := t.decode(raw, true)
	t.pos = i
	if err != nil {
		return token{}, err
	}
	return token{kind: tokText, text: text}, nil
}

func (t *tokenizer) cdata() (token, error) {
	i := t.find(9, "]]>")
	if i < 0 {
		return token{}, t.errTok("unterminated CDATA section")
	}
	text, err := t.decode(t.buf[t.pos+9:i], false)
	t.pos = i + 3
	if err != nil {
		return token{}, err
	}
	return token{kind: tokText, text: text}, nil
}

// procInst skips a processing instruction, checking that an XML
// declaration names no encoding but UTF-8.
func (t *tokenizer) procInst() error {
	i := t.find(2, "?>")
	if i < 0 {
		return t.errTok("unterminated processing instruction")
	}
	body := t.buf[t.pos+2 : i]
	n := 0
	for n < len(body) && !isSpace(body[n]) {
		n++
	}
	if !validName(body[:n]) {
		return t.errTok("bad processing instruction target")
	}
	if string(body[:n]) == "xml" {
		if v := declAttr(body, "version"); v != "" && v != "1.0" {
			return t.errTok("XML version %.20q", v)
		}
		if enc := declAttr(body, "encoding"); enc != "" && !equalFoldASCII(enc, "utf-8") {
			return t.errTok("encoding %.20q is not UTF-8", enc)
		}
	}
	t.pos = i + 2
	return nil
}

// declAttr returns the value of a pseudo-attribute of an XML declaration.
func declAttr(body []byte, name string) string {
	i := bytes.Index(body, []byte(name))
	if i < 0 {
		return ""
	}
	rest := bytes.TrimLeft(body[i+len(name):], " \t\r\n")
	if len(rest) == 0 || rest[0] != '=' {
		return ""
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
		return ""
	}
	end := bytes.IndexByte(rest[1:], rest[0])
	if end < 0 {
		return ""
	}
	return string(rest[1 : 1+end])
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range len(a) {
		x, y := a[i]|0x20, b[i]|0x20
		if x != y {
			return false
		}
	}
	return true
}

func (t *tokenizer) endTag() (token, error) {
	i := t.find(2, ">")
	if i < 0 {
		return token{}, t.errTok("unterminated end tag")
	}
	raw := bytes.TrimRight(t.buf[t.pos+2:i], " \t\r\n")
	if !validName(raw) {
		return token{}, t.errTok("bad end tag name")
	}
	name := t.intern(raw)
	t.pos = i + 1
	return token{kind: tokEnd, name: name}, nil
}

// startTag reads <name attr="value" ...> or <name .../>.
func (t *tokenizer) startTag() (token, error) {
	// The tag ends at the first '>' outside quotes; find it first so that
	// the whole tag is in the buffer.
	end, quote := t.pos+1, byte(0)
	for {
		for ; end < t.end; end++ {
			c := t.buf[end]
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '"' || c == '\'':
				quote = c
			case c == '>':
				goto found
			}
		}
		off := end - t.pos
		if !t.fill() {
			return token{}, t.errTok("unterminated start tag")
		}
		end = t.pos + off
	}
found:
	tag := t.buf[t.pos+1 : end]
	selfClose := len(tag) > 0 && tag[len(tag)-1] == '/'
	if selfClose {
		tag = tag[:len(tag)-1]
	}
	n := 0
	for n < len(tag) && !isSpace(tag[n]) {
		n++
	}
	if !validName(tag[:n]) {
		return token{}, t.errTok("bad element name")
	}
	tok := token{kind: tokStart, name: t.intern(tag[:n])}
	rest := tag[n:]
	for {
		rest = bytes.TrimLeft(rest, " \t\r\n")
		if len(rest) == 0 {
			break
		}
		if n == len(tag) || !isSpace(tag[n]) {
			return token{}, t.errTok("attributes must be separated by white space")
		}
		eq := bytes.IndexByte(rest, '=')
		if eq < 0 {
			return token{}, t.errTok("attribute without a value")
		}
		name := bytes.TrimRight(rest[:eq], " \t\r\n")
		if !validName(name) {
			return token{}, t.errTok("bad attribute name")
		}
		rest = bytes.TrimLeft(rest[eq+1:], " \t\r\n")
		if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
			return token{}, t.errTok("unquoted attribute value")
		}
		close := bytes.IndexByte(rest[1:], rest[0])
		if close < 0 {
			return token{}, t.errTok("unterminated attribute value")
		}
		raw := rest[1 : 1+close]
		if bytes.IndexByte(raw, '<') >= 0 {
			return token{}, t.errTok("'<' in an attribute value")
		}
		value, err := t.decode(raw, true)
		if err != nil {
			return token{}, err
		}
		tok.attrs = append(tok.attrs, xml.Attr{Name: xml.Name{Local: string(name)}, Value: string(value)})
		rest = rest[2+close:]
		// The next attribute needs white space before it.
		if len(rest) > 0 && !isSpace(rest[0]) {
			return token{}, t.errTok("attributes must be separated by white space")
		}
	}
	t.pos = end + 1
	if selfClose {
		t.pending = tok.name
	}
	return tok, nil
}

// intern returns name as a string, the same string for the same name (the
// names of a KeePass document are few).
func (t *tokenizer) intern(name []byte) string {
	if s, ok := t.names[string(name)]; ok {
		return s
	}
	s := string(name)
	if len(t.names) < 1024 {
		t.names[s] = s
	}
	return s
}

// decode checks text and returns it with entities (when entities is set)
// and line ends decoded. The result is raw itself when nothing changes, or
// t.text: valid until the next call either way.
func (t *tokenizer) decode(raw []byte, entities bool) ([]byte, error) {
	plain := true
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '&' && entities, c == '\r':
			plain = false
			i++
		case c < 0x20 && c != '\t' && c != '\n':
			return nil, t.errTok("character %#02x not allowed in XML", c)
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && size == 1 || r == 0xFFFE || r == 0xFFFF {
				return nil, t.errTok("text is not valid UTF-8 XML characters")
			}
			i += size
		}
	}
	if plain {
		return raw, nil
	}
	out := t.text[:0]
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '\r':
			out = append(out, '\n')
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
		case c == '&' && entities:
			semi := bytes.IndexByte(raw[i:], ';')
			if semi < 0 {
				return nil, t.errTok("unterminated entity reference")
			}
			var err error
			if out, err = t.entity(out, raw[i+1:i+semi]); err != nil {
				return nil, err
			}
			i += semi
		default:
			out = append(out, c)
		}
	}
	t.text = out
	return out, nil
}

// entity appends the character an entity or character reference stands for.
func (t *tokenizer) entity(out, ref []byte) ([]byte, error) {
	switch string(ref) {
	case "lt":
		return append(out, '<'), nil
	case "gt":
		return append(out, '>'), nil
	case "amp":
		return append(out, '&'), nil
	case "apos":
		return append(out, '\''), nil
	case "quot":
		return append(out, '"'), nil
	}
	if len(ref) < 2 || ref[0] != '#' {
		return nil, t.errTok("unknown entity %.20q", ref)
	}
	var n uint64
	var err error
	if ref[1] == 'x' {
		n, err = strconv.ParseUint(string(ref[2:]), 16, 32)
	} else {
		n, err = strconv.ParseUint(string(ref[1:]), 10, 32)
	}
	if err != nil || !isXMLChar(rune(n)) || (len(ref) > 2 && (ref[1] == '+' || ref[2] == '+')) {
		return nil, t.errTok("bad character reference %.20q", ref)
	}
	return utf8.AppendRune(out, rune(n)), nil
}

// isXMLChar reports whether r is a character XML 1.0 allows.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// validName reports whether b can be an element or attribute name: XML's
// rules for ASCII (a letter, '_' or ':' first; then also digits, '-' and
// '.'); other characters are taken as they come.
func validName(b []byte) bool {
	if len(b) == 0 || !utf8.Valid(b) {
		return false
	}
	for i, c := range b {
		switch {
		case c >= utf8.RuneSelf, c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_', c == ':':
		case i > 0 && (c >= '0' && c <= '9' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
