// Encoding the model as KDBX 4 XML, element for element in the order
// KeePassXC's KdbxXmlWriter writes, protected values encrypted with the
// inner stream in document order.

package kdbx

import (
	"bufio"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/passtea/passtea/crypto"
)

// xmlEncoder writes XML to a buffered writer; the first error sticks.
type xmlEncoder struct {
	w       *bufio.Writer
	stream  innerStream
	version Version
	err     error
	scratch []byte // a protected value, encrypted (wiped after use)
	b64     []byte // its base64
}

func (x *xmlEncoder) raw(s string) {
	if x.err == nil {
		_, x.err = x.w.WriteString(s)
	}
}

func (x *xmlEncoder) open(name string) {
	x.raw("<")
	x.raw(name)
	x.raw(">")
}

func (x *xmlEncoder) close(name string) {
	x.raw("</")
	x.raw(name)
	x.raw(">")
}

// elem writes <name>text</name>, or <name/> for empty text.
func (x *xmlEncoder) elem(name, text string) {
	if text == "" {
		x.raw("<")
		x.raw(name)
		x.raw("/>")
		return
	}
	x.open(name)
	x.text(text)
	x.close(name)
}

// text writes s escaped. A carriage return is written as a character
// reference so XML's line-end normalisation does not turn CR LF into LF.
func (x *xmlEncoder) text(s string) {
	start := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&quot;"
		case '\r':
			esc = "&#13;"
		default:
			continue
		}
		x.raw(s[start:i])
		x.raw(esc)
		start = i + 1
	}
	x.raw(s[start:])
}

func (x *xmlEncoder) bool(name string, b bool) {
	if b {
		x.elem(name, "True")
	} else {
		x.elem(name, "False")
	}
}

func (x *xmlEncoder) int(name string, n int) {
	var b [20]byte
	x.open(name)
	x.rawBytes(strconv.AppendInt(b[:0], int64(n), 10))
	x.close(name)
}

func (x *xmlEncoder) rawBytes(b []byte) {
	if x.err == nil {
		_, x.err = x.w.Write(b)
	}
}

func (x *xmlEncoder) uuid(name string, u UUID) {
	var b [24]byte
	base64.StdEncoding.Encode(b[:], u[:])
	x.open(name)
	x.rawBytes(b[:])
	x.close(name)
}

// time writes t as KDBX 4 does: base64 of the little-endian seconds since
// 0001-01-01 UTC. The zero time is second 0.
func (x *xmlEncoder) time(name string, t time.Time) {
	secs := t.Unix() - unixYear1
	secs = max(0, min(secs, maxKDBXTime))
	var b [8]byte
	var enc [12]byte
	binary.LittleEndian.PutUint64(b[:], uint64(secs))
	base64.StdEncoding.Encode(enc[:], b[:])
	x.open(name)
	x.rawBytes(enc[:])
	x.close(name)
}

// protected writes <name Protected="True"> with s encrypted by the inner
// stream.
func (x *xmlEncoder) protected(name, s string) {
	if s == "" {
		x.raw("<" + name + " Protected=\"True\"/>")
		return
	}
	x.scratch = append(x.scratch[:0], s...)
	x.stream.XORKeyStream(x.scratch, x.scratch)
	n := base64.StdEncoding.EncodedLen(len(x.scratch))
	x.b64 = slices.Grow(x.b64[:0], n)[:n]
	base64.StdEncoding.Encode(x.b64, x.scratch)
	crypto.Wipe(x.scratch)
	x.raw("<")
	x.raw(name)
	x.raw(" Protected=\"True\">")
	x.rawBytes(x.b64)
	x.close(name)
}

func (x *xmlEncoder) database(db *Database) {
	x.raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
	x.open("KeePassFile")
	x.meta(&db.Meta)
	x.open("Root")
	x.group(db.Root)
	x.open("DeletedObjects")
	for _, d := range db.DeletedObjects {
		x.open("DeletedObject")
		x.uuid("UUID", d.UUID)
		x.time("DeletionTime", d.Deleted)
		x.close("DeletedObject")
	}
	x.close("DeletedObjects")
	x.close("Root")
	x.close("KeePassFile")
}

func (x *xmlEncoder) meta(m *Meta) {
	x.open("Meta")
	x.elem("Generator", "passtea")
	x.elem("DatabaseName", m.DatabaseName)
	x.time("DatabaseNameChanged", m.DatabaseNameChanged)
	x.elem("DatabaseDescription", m.Description)
	x.elem("DefaultUserName", m.DefaultUserName)
	x.open("MemoryProtection")
	x.bool("ProtectTitle", m.MemoryProtection.Title)
	x.bool("ProtectUserName", m.MemoryProtection.UserName)
	x.bool("ProtectPassword", true)
	x.bool("ProtectURL", m.MemoryProtection.URL)
	x.bool("ProtectNotes", m.MemoryProtection.Notes)
	x.close("MemoryProtection")
	x.bool("RecycleBinEnabled", m.RecycleBinEnabled)
	x.uuid("RecycleBinUUID", m.RecycleBinUUID)
	historyItems, historySize := m.HistoryMaxItems, m.HistoryMaxSize
	if historyItems == 0 && historySize == 0 {
		historyItems, historySize = -1, -1 // unset: keep every history item
	}
	x.int("HistoryMaxItems", historyItems)
	x.int("HistoryMaxSize", historySize)
	x.customData(m.CustomData)
	x.close("Meta")
}

func (x *xmlEncoder) customData(items []CustomDataItem) {
	if len(items) == 0 {
		return
	}
	x.open("CustomData")
	for _, it := range items {
		x.open("Item")
		x.elem("Key", it.Key)
		x.elem("Value", it.Value)
		if x.version >= Version41 && !it.Modified.IsZero() {
			x.time("LastModificationTime", it.Modified)
		}
		x.close("Item")
	}
	x.close("CustomData")
}

func (x *xmlEncoder) times(t Times) {
	x.open("Times")
	x.time("LastModificationTime", t.Modified)
	x.time("CreationTime", t.Created)
	x.time("LastAccessTime", t.Accessed)
	x.time("ExpiryTime", t.Expiry)
	x.bool("Expires", t.Expires)
	x.int("UsageCount", t.UsageCount)
	x.time("LocationChanged", t.LocationChanged)
	x.close("Times")
}

func (x *xmlEncoder) group(g *Group) {
	x.open("Group")
	x.uuid("UUID", orNewUUID(g.UUID))
	x.elem("Name", g.Name)
	x.elem("Notes", g.Notes)
	if len(g.Tags) > 0 {
		x.elem("Tags", strings.Join(g.Tags, ";"))
	}
	x.int("IconID", g.IconID)
	x.times(g.Times)
	x.bool("IsExpanded", true)
	x.elem("DefaultAutoTypeSequence", "")
	x.elem("EnableAutoType", "null")
	x.elem("EnableSearching", "null")
	x.uuid("LastTopVisibleEntry", UUID{})
	x.customData(g.CustomData)
	for _, e := range g.Entries {
		x.entry(e, orNewUUID(e.UUID), true)
	}
	for _, c := range g.Groups {
		x.group(c)
	}
	x.close("Group")
}

func (x *xmlEncoder) entry(e *Entry, id UUID, withHistory bool) {
	x.open("Entry")
	x.uuid("UUID", id)
	x.int("IconID", e.IconID)
	x.elem("ForegroundColor", e.ForegroundColor)
	x.elem("BackgroundColor", e.BackgroundColor)
	x.elem("OverrideURL", e.OverrideURL)
	x.elem("Tags", strings.Join(e.Tags, ";"))
	x.times(e.Times)
	custom := e.CustomData
	if e.ExcludeFromReports {
		if x.version >= Version41 {
			x.bool("QualityCheck", false)
		} else {
			custom = append(custom[:len(custom):len(custom)], CustomDataItem{Key: "KnownBad", Value: "true"})
		}
	}
	for _, f := range e.Fields {
		x.open("String")
		x.elem("Key", f.Key)
		if f.Protected || needsProtection(f.Value) {
			x.protected("Value", f.Value)
		} else {
			x.elem("Value", f.Value)
		}
		x.close("String")
	}
	x.open("AutoType")
	x.bool("Enabled", !e.AutoType.Disabled)
	x.int("DataTransferObfuscation", e.AutoType.Obfuscation)
	x.elem("DefaultSequence", e.AutoType.DefaultSequence)
	for _, a := range e.AutoType.Associations {
		x.open("Association")
		x.elem("Window", a.Window)
		x.elem("KeystrokeSequence", a.Sequence)
		x.close("Association")
	}
	x.close("AutoType")
	x.customData(custom)
	if withHistory {
		x.open("History")
		for _, h := range e.History {
			x.entry(h, id, false)
		}
		x.close("History")
	}
	x.close("Entry")
}

// orNewUUID returns u, or a random UUID when u is zero: KeePass needs one
// on every group and entry.
func orNewUUID(u UUID) UUID {
	if u.IsZero() {
		rand.Read(u[:])
		u[6] = u[6]&0x0f | 0x40 // version 4
		u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	}
	return u
}

// needsProtection reports whether s holds a character XML 1.0 cannot carry
// as text (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF) or one
// KeePassXC strips when it saves plain text (U+007F–U+009F but U+0085).
// Such values are written protected, as base64, so they survive unchanged.
func needsProtection(s string) bool {
	for _, r := range s {
		switch {
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r',
			r >= 0x7F && r <= 0x9F && r != 0x85,
			r == 0xFFFE, r == 0xFFFF:
			return true
		}
	}
	return false
}

// checkText refuses text the writer cannot write: invalid UTF-8 anywhere,
// and in names, which cannot be protected, the characters of
// needsProtection. where names the text's place for the error, never its
// content.
func checkText(s string, where func() string, protectable bool) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%w: %s holds text that is not valid UTF-8", errWrite, where())
	}
	if !protectable && needsProtection(s) {
		return fmt.Errorf("%w: %s holds a control character KeePass cannot store", errWrite, where())
	}
	return nil
}
