// Decoding the XML payload (and KeePass XML exports) into the model. The
// walk follows KeePassXC's KdbxXmlReader: known elements are read, unknown
// ones skipped, and every Protected value is decrypted with the inner stream
// in document order, wherever it appears.

package kdbx

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

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

// attachmentRef is an attachment whose pool reference is resolved once the
// whole document is read (KeePassXC resolves them at the end too).
type attachmentRef struct {
	entry *Entry
	index int
	id    string
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
	for _, a := range el.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// count adds n to a counter and checks it against its limit.
func count(c *int, n, limit int, what string) error {
	*c += n
	if *c > limit {
		return fmt.Errorf("%w: more than %d %s", ErrLimit, limit, what)
	}
	return nil
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
	for {
		el, ok, err := x.child()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		switch el.Name.Local {
		case "Meta":
			err = x.meta()
		case "Root":
			roots++
			err = x.root()
		default:
			err = x.skip()
		}
		if err != nil {
			return err
		}
	}
	if roots != 1 || x.db.Root == nil {
		return fmt.Errorf("%w: %d <Root> elements with a root group, want 1", errXML, roots)
	}
	x.resolveAttachments()
	return nil
}

func (x *xmlDecoder) meta() error {
	m := &x.db.Meta
	for {
		el, ok, err := x.child()
		if err != nil || !ok {
			return err
		}
		switch el.Name.Local {
		case "Generator":
			m.Generator, err = x.text()
		case "HeaderHash":
			m.HeaderHash, err = x.binaryValue(el)
		case "DatabaseName":
			m.DatabaseName, _, err = x.value(el)
		case "DatabaseNameChanged":
			m.DatabaseNameChanged, err = x.time()
		case "DatabaseDescription":
			m.Description, _, err = x.value(el)
		case "DefaultUserName":
			m.DefaultUserName, _, err = x.value(el)
		case "RecycleBinEnabled":
			m.RecycleBinEnabled, err = x.bool()
		case "RecycleBinUUID":
			m.RecycleBinUUID, err = x.uuid()
		case "HistoryMaxItems":
			m.HistoryMaxItems, err = x.number()
		case "HistoryMaxSize":
			m.HistoryMaxSize, err = x.number()
		case "MemoryProtection":
			err = x.memoryProtection()
		case "CustomIcons":
			err = x.customIcons()
		case "Binaries":
			err = x.binaries()
		case "CustomData":
			m.CustomData, err = x.customData()
		default:
			err = x.skip()
		}
		if err != nil {
			return err
		}
	}
}

func (x *xmlDecoder) memoryProtection() error {
	mp := &x.db.Meta.MemoryProtection
	for {
		el, ok, err := x.child()
		if err != nil || !ok {
			return err
		}
		switch el.Name.Local {
		case "ProtectTitle":
			mp.Title, err = x.bool()
		case "ProtectUserName":
			mp.UserName, err = x.bool()
		case "ProtectPassword":
			mp.Password, err = x.bool()
		case "ProtectURL":
			mp.URL, err = x.bool()
		case "ProtectNotes":
			mp.Notes, err = x.bool()
		default:
			err = x.skip()
		}
		if err != nil {
			return err
		}
	}
}

func (x *xmlDecoder) customIcons() error {
	for {
		el, ok, err := x.child()
		if err != nil || !ok {
			return err
		}
		if el.Name.Local != "Icon" {
			if err := x.skip(); err != nil {
				return err
			}
			continue
		}
		if err := count(&x.items, 1, x.lim.MaxItems, "items"); err != nil {
			return err
		}
		var icon CustomIcon
		for {
			f, ok, err := x.child()
			if err != nil {
				return err
			}
			if !ok {
				break
			}
			switch f.Name.Local {
			case "UUID":
				icon.UUID, err = x.uuid()
			case "Data":
				var data []byte
				data, err = x.binaryValue(f)
				icon.Size = len(data)
			case "Name":
				icon.Name, err = x.text()
			case "LastModificationTime":
				icon.Modified, err = x.time()
			default:
				err = x.skip()
			}
			if err != nil {
				return err
			}
		}
		x.db.Meta.CustomIcons = append(x.db.Meta.CustomIcons, icon)
	}
}

// binaries reads KDBX 3's attachment pool, keeping sizes only.
func (x *xmlDecoder) binaries() error {
	for {
		el, ok, err := x.child()
		if err != nil || !ok {
			return err
		}
		if el.Name.Local != "Binary" {
			if err := x.skip(); err != nil {
				return err
			}
			continue
		}
		if err := count(&x.items, 1, x.lim.MaxItems, "items"); err != nil {
			return err
		}
		data, err := x.binaryValue(el)
		if err != nil {
			return err
		}
		size := len(data)
		if isTrue(attr(el, "Compressed")) {
			size, err = gunzippedSize(data, x.lim.MaxXMLSize)
			if err != nil {
				return err
			}
		}
		crypto.Wipe(data)
		x.pool[attr(el, "ID")] = len(x.db.Binaries)
		x.db.Binaries = append(x.db.Binaries, Binary{Size: size, Protected: isTrue(attr(el, "Protected"))})
	}
}

// gunzippedSize returns the size of gzip data once decompressed, refusing
// more than limit bytes.
func gunzippedSize(data []byte, limit int64) (int, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return 0, fmt.Errorf("%w: compressed attachment: %v", ErrCorrupt, err)
	}
	n, err := discard(io.LimitReader(zr, limit+1))
	if err != nil {
		return 0, fmt.Errorf("%w: compressed attachment: %v", ErrCorrupt, err)
	}
	if n > limit {
		return 0, fmt.Errorf("%w: an attachment larger than %d bytes", ErrLimit, limit)
	}
	return int(n), nil
}

// discard reads r to its end through a buffer it wipes, and returns how
// many bytes it read.
func discard(r io.Reader) (int64, error) {
	buf := make([]byte, 32<<10)
	defer crypto.Wipe(buf)
	var total int64
	for {
		n, err := r.Read(buf)
		total += int64(n)
		if err == io.EOF {
			return total, nil
		}
		if err != nil {
			return total, err
		}
	}
}

func (x *xmlDecoder) customData() ([]CustomDataItem, error) {
	var items []CustomDataItem
	for {
		el, ok, err := x.child()
		if err != nil || !ok {
			return items, err
		}
		if el.Name.Local != "Item" {
			if err := x.skip(); err != nil {
				return nil, err
			}
			continue
		}
		if err := count(&x.items, 1, x.lim.MaxItems, "items"); err != nil {
			return nil, err
		}
		var it CustomDataItem
		var hasKey, hasValue bool
		for {
			f, ok, err := x.child()
			if err != nil {
				return nil, err
			}
			if !ok {
				break
			}
			switch f.Name.Local {
			case "Key":
				it.Key, _, err = x.value(f)
				hasKey = true
			case "Value":
				it.Value, _, err = x.value(f)
				hasValue = true
			case "LastModificationTime":
				it.Modified, err = x.time()
			default:
				err = x.skip()
			}
			if err != nil {
				return nil, err
			}
		}
		if !hasKey || !hasValue {
			return nil, fmt.Errorf("%w: custom data item without key or value", errXML)
		}
		items = append(items, it)
	}
}

func (x *xmlDecoder) root() error {
	for {
		el, ok, err := x.child()
		if err != nil || !ok {
			return err
		}
		switch el.Name.Local {
		case "Group":
			if x.db.Root != nil {
				return fmt.Errorf("%w: more than one root group", errXML)
			}
			x.db.Root, err = x.group()
		case "DeletedObjects":
			err = x.deletedObjects()
		default:
			err = x.skip()
		}
		if err != nil {
			return err
		}
	}
}

func (x *xmlDecoder) group() (*Group, error) {
	if err := count(&x.groups, 1, x.lim.MaxGroups, "groups"); err != nil {
		return nil, err
	}
	g := &Group{}
	for {
		el, ok, err := x.child()
		if err != nil {
			return nil, err
		}
		if !ok {
			return g, nil
		}
		switch el.Name.Local {
		case "UUID":
			g.UUID, err = x.uuid()
		case "Name":
			g.Name, _, err = x.value(el)
		case "Notes":
			g.Notes, _, err = x.value(el)
		case "IconID":
			g.IconID, err = x.number()
		case "CustomIconUUID":
			g.CustomIcon, err = x.uuid()
		case "Times":
			g.Times, err = x.times()
		case "Tags":
			g.Tags, err = x.tags()
		case "CustomData":
			g.CustomData, err = x.customData()
		case "Group":
			var c *Group
			if c, err = x.group(); err == nil {
				g.Groups = append(g.Groups, c)
			}
		case "Entry":
			var e *Entry
			if e, err = x.entry(false); err == nil {
				g.Entries = append(g.Entries, e)
			}
		default:
			err = x.skip()
		}
		if err != nil {
			return nil, err
		}
	}
}

func (x *xmlDecoder) tags() ([]string, error) {
	s, err := x.text()
	if err != nil {
		return nil, err
	}
	tags := splitTags(s)
	return tags, count(&x.items, len(tags), x.lim.MaxItems, "items")
}

func (x *xmlDecoder) entry(history bool) (*Entry, error) {
	if err := count(&x.entries, 1, x.lim.MaxEntries, "entries"); err != nil {
		return nil, err
	}
	e := &Entry{}
	for {
		el, ok, err := x.child()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		switch el.Name.Local {
		case "UUID":
			e.UUID, err = x.uuid()
		case "IconID":
			e.IconID, err = x.number()
		case "CustomIconUUID":
			e.CustomIcon, err = x.uuid()
		case "ForegroundColor":
			e.ForegroundColor, err = x.text()
		case "BackgroundColor":
			e.BackgroundColor, err = x.text()
		case "OverrideURL":
			e.OverrideURL, _, err = x.value(el)
		case "Tags":
			e.Tags, err = x.tags()
		case "Times":
			e.Times, err = x.times()
		case "QualityCheck":
			var check bool
			check, err = x.bool()
			e.ExcludeFromReports = !check
		case "String":
			err = x.entryString(e)
		case "Binary":
			err = x.entryBinary(e)
		case "AutoType":
			err = x.autoType(&e.AutoType)
		case "CustomData":
			e.CustomData, err = x.customData()
		case "History":
			if history {
				return nil, fmt.Errorf("%w: history inside a history item", errXML)
			}
			err = x.history(e)
		default:
			err = x.skip()
		}
		if err != nil {
			return nil, err
		}
	}
	// KeePassXC before KDBX 4.1 kept "exclude from reports" in custom data.
	for i, it := range e.CustomData {
		if it.Key == "KnownBad" {
			e.ExcludeFromReports = it.Value == "true"
			e.CustomData = append(e.CustomData[:i:i], e.CustomData[i+1:]...)
			break
		}
	}
	return e, nil
}

func (x *xmlDecoder) entryString(e *Entry) error {
	if err := count(&x.items, 1, x.lim.MaxItems, "items"); err != nil {
		return err
	}
	var f Field
	var hasKey, hasValue bool
	for {
		el, ok, err := x.child()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		switch el.Name.Local {
		case "Key":
			f.Key, _, err = x.value(el)
			hasKey = true
		case "Value":
			f.Value, f.Protected, err = x.value(el)
			hasValue = true
		default:
			err = x.skip()
		}
		if err != nil {
			return err
		}
	}
	if !hasKey || !hasValue {
		return fmt.Errorf("%w: entry string without key or value", errXML)
	}
	for i := range e.Fields {
		if e.Fields[i].Key == f.Key {
			if e.Fields[i].Value != "" {
				return fmt.Errorf("%w: an entry has two %.40q fields", errXML, f.Key)
			}
			e.Fields[i] = f
			return nil
		}
	}
	e.Fields = append(e.Fields, f)
	return nil
}

func (x *xmlDecoder) entryBinary(e *Entry) error {
	if err := count(&x.items, 1, x.lim.MaxItems, "items"); err != nil {
		return err
	}
	a := Attachment{Ref: -1}
	var ref string
	var hasRef, hasKey, hasValue bool
	for {
		el, ok, err := x.child()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		switch el.Name.Local {
		case "Key":
			a.Name, err = x.text()
			hasKey = true
		case "Value":
			hasValue = true
			if ref, hasRef = attrOK(el, "Ref"); hasRef {
				err = x.skip()
			} else {
				var data []byte
				data, err = x.binaryValue(el)
				a.Size = len(data)
				crypto.Wipe(data)
			}
		default:
			err = x.skip()
		}
		if err != nil {
			return err
		}
	}
	if !hasKey || !hasValue {
		return fmt.Errorf("%w: attachment without name or value", errXML)
	}
	e.Attachments = append(e.Attachments, a)
	if hasRef {
		x.refs = append(x.refs, attachmentRef{entry: e, index: len(e.Attachments) - 1, id: ref})
	}
	return nil
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

// resolveAttachments points attachments at the pool: by ID in KDBX 3's Meta
// Binaries, by index in KDBX 4's inner header. Unknown references keep Ref
// -1 and size 0, as KeePassXC drops them.
func (x *xmlDecoder) resolveAttachments() {
	for _, r := range x.refs {
		a := &r.entry.Attachments[r.index]
		i, ok := x.pool[r.id]
		if !ok && len(x.pool) == 0 {
			n, err := strconv.Atoi(r.id)
			i, ok = n, err == nil && n >= 0 && n < len(x.db.Binaries)
		}
		if ok {
			a.Ref, a.Size = i, x.db.Binaries[i].Size
		}
	}
}

func (x *xmlDecoder) autoType(at *AutoType) error {
	for {
		el, ok, err := x.child()
		if err != nil || !ok {
			return err
		}
		switch el.Name.Local {
		case "Enabled":
			var on bool
			on, err = x.bool()
			at.Disabled = !on
		case "DataTransferObfuscation":
			at.Obfuscation, err = x.number()
		case "DefaultSequence":
			at.DefaultSequence, err = x.text()
		case "Association":
			if err = count(&x.items, 1, x.lim.MaxItems, "items"); err != nil {
				return err
			}
			var a AutoTypeAssociation
			for {
				f, ok, ferr := x.child()
				if ferr != nil {
					return ferr
				}
				if !ok {
					break
				}
				switch f.Name.Local {
				case "Window":
					a.Window, err = x.text()
				case "KeystrokeSequence":
					a.Sequence, err = x.text()
				default:
					err = x.skip()
				}
				if err != nil {
					return err
				}
			}
			at.Associations = append(at.Associations, a)
		default:
			err = x.skip()
		}
		if err != nil {
			return err
		}
	}
}

func (x *xmlDecoder) history(e *Entry) error {
	for {
		el, ok, err := x.child()
		if err != nil || !ok {
			return err
		}
		if el.Name.Local != "Entry" {
			if err := x.skip(); err != nil {
				return err
			}
			continue
		}
		h, err := x.entry(true)
		if err != nil {
			return err
		}
		e.History = append(e.History, h)
	}
}

func (x *xmlDecoder) times() (Times, error) {
	var t Times
	for {
		el, ok, err := x.child()
		if err != nil || !ok {
			return t, err
		}
		switch el.Name.Local {
		case "CreationTime":
			t.Created, err = x.time()
		case "LastModificationTime":
			t.Modified, err = x.time()
		case "LastAccessTime":
			t.Accessed, err = x.time()
		case "ExpiryTime":
			t.Expiry, err = x.time()
		case "Expires":
			t.Expires, err = x.bool()
		case "UsageCount":
			t.UsageCount, err = x.number()
		case "LocationChanged":
			t.LocationChanged, err = x.time()
		default:
			err = x.skip()
		}
		if err != nil {
			return t, err
		}
	}
}

func (x *xmlDecoder) deletedObjects() error {
	for {
		el, ok, err := x.child()
		if err != nil || !ok {
			return err
		}
		if el.Name.Local != "DeletedObject" {
			if err := x.skip(); err != nil {
				return err
			}
			continue
		}
		if err := count(&x.items, 1, x.lim.MaxItems, "items"); err != nil {
			return err
		}
		var d DeletedObject
		for {
			f, ok, err := x.child()
			if err != nil {
				return err
			}
			if !ok {
				break
			}
			switch f.Name.Local {
			case "UUID":
				d.UUID, err = x.uuid()
			case "DeletionTime":
				d.Deleted, err = x.time()
			default:
				err = x.skip()
			}
			if err != nil {
				return err
			}
		}
		if !d.UUID.IsZero() {
			x.db.DeletedObjects = append(x.db.DeletedObjects, d)
		}
	}
}
