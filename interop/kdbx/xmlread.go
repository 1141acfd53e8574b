// Decoding the XML payload (and KeePass XML exports) into the model. The
// walk follows KeePassXC's KdbxXmlReader: known elements are read, unknown
// ones skipped, and every Protected value is decrypted with the inner stream
// in document order, wherever it appears.
//
// This file holds the decoder and its walk over child elements; the values
// are read in xmlvalue.go, Meta in xmlmeta.go, groups in xmlgroup.go and
// entries in xmlentry.go.

package kdbx

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"

	"github.com/passtea/passtea/crypto"
)

// xmlDecoder walks the XML with the tokenizer, checking element nesting, and
// counts what it builds against the limits.
type xmlDecoder struct {
	t      *tokenizer
	stream innerStream // nil for an XML export
	lim    Limits
	names  []string // open elements
	db     *Database
	buf    []byte // rawText's buffer, wiped at the end

	entries, groups, items int
	pool                   map[string]int // KDBX 3 Meta Binaries ID → index in db.Binaries
	refs                   []attachmentRef
}

// errXML marks malformed XML; decode wraps it in ErrCorrupt.
var errXML = errors.New("malformed XML")

func decodeXML(r io.Reader, stream innerStream, lim Limits, db *Database) error {
	x := &xmlDecoder{t: newTokenizer(r), stream: stream, lim: lim, db: db, pool: map[string]int{}}
	err := x.document()
	x.t.wipe()
	crypto.Wipe(x.buf[:cap(x.buf)])
	if err == nil {
		return nil
	}
	// errXML, or an error of a layer below (gzip, a read).
	return corrupt("XML", err)
}

// token returns the next token, tracking and checking element nesting.
func (x *xmlDecoder) token() (token, error) {
	tok, err := x.t.next()
	if err == io.EOF {
		if len(x.names) > 0 {
			return token{}, fmt.Errorf("%w: document ends inside <%.40s>", errXML, x.names[len(x.names)-1])
		}
		return token{}, err
	}
	if err != nil {
		return token{}, err
	}
	switch tok.kind {
	case tokStart:
		if len(x.names) >= x.lim.MaxDepth {
			return token{}, fmt.Errorf("%w: XML nested deeper than %d", ErrLimit, x.lim.MaxDepth)
		}
		x.names = append(x.names, tok.name)
	case tokEnd:
		if len(x.names) == 0 || x.names[len(x.names)-1] != tok.name {
			return token{}, fmt.Errorf("%w: unexpected </%.40s>", errXML, tok.name)
		}
		x.names = x.names[:len(x.names)-1]
	}
	return tok, nil
}

// child returns the next child element of the element being read, or false
// at that element's end.
func (x *xmlDecoder) child() (xml.StartElement, bool, error) {
	for {
		tok, err := x.token()
		if err != nil {
			return xml.StartElement{}, false, err
		}
		switch tok.kind {
		case tokStart:
			return xml.StartElement{Name: xml.Name{Local: tok.name}, Attr: tok.attrs}, true, nil
		case tokEnd:
			return xml.StartElement{}, false, nil
		}
	}
}

// skip reads past the end of the element just started.
func (x *xmlDecoder) skip() error {
	depth := len(x.names)
	for len(x.names) >= depth {
		if _, err := x.token(); err != nil {
			return err
		}
	}
	return nil
}

// eachChild calls read with each child element of the element being read,
// up to that element's end. read reads the children it knows to their end;
// eachChild skips those it leaves unread, as KeePassXC skips elements it
// does not know.
func (x *xmlDecoder) eachChild(read func(el xml.StartElement) error) error {
	for {
		el, ok, err := x.child()
		if err != nil || !ok {
			return err
		}
		open := len(x.names)
		if err := read(el); err != nil {
			return err
		}
		if len(x.names) == open {
			if err := x.skip(); err != nil {
				return err
			}
		}
	}
}

// eachNamed calls read with each child element named name, and skips the
// other children.
func (x *xmlDecoder) eachNamed(name string, read func(el xml.StartElement) error) error {
	return x.eachChild(func(el xml.StartElement) error {
		if el.Name.Local != name {
			return nil
		}
		return read(el)
	})
}

// eachItem is eachNamed for the elements Limits.MaxItems counts: each one
// is counted before it is read.
func (x *xmlDecoder) eachItem(name string, read func(el xml.StartElement) error) error {
	return x.eachNamed(name, func(el xml.StartElement) error {
		if err := x.countItems(1); err != nil {
			return err
		}
		return read(el)
	})
}

// count adds n to a counter and checks it against its limit.
func count(c *int, n, limit int, what string) error {
	*c += n
	if *c > limit {
		return fmt.Errorf("%w: more than %d %s", ErrLimit, limit, what)
	}
	return nil
}

// countItems counts n items against Limits.MaxItems.
func (x *xmlDecoder) countItems(n int) error {
	return count(&x.items, n, x.lim.MaxItems, "items")
}

// document reads <KeePassFile>, which must hold exactly one <Root> with one
// root <Group>.
func (x *xmlDecoder) document() error {
	el, ok, err := x.child()
	if err != nil {
		return err
	}
	if !ok || el.Name.Local != "KeePassFile" {
		return fmt.Errorf("%w: no <KeePassFile> element", errXML)
	}
	roots := 0
	err = x.eachChild(func(el xml.StartElement) error {
		switch el.Name.Local {
		case "Meta":
			return x.meta()
		case "Root":
			roots++
			return x.root()
		}
		return nil
	})
	if err != nil {
		return err
	}
	if roots != 1 || x.db.Root == nil {
		return fmt.Errorf("%w: %d <Root> elements with a root group, want 1", errXML, roots)
	}
	x.resolveAttachments()
	return nil
}
