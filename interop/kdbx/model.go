// The document model: what a KDBX file or a KeePass XML export holds, as
// plain values an importer can walk and an exporter can fill.

package kdbx

import (
	"encoding/hex"
	"slices"
	"strings"
	"time"
)

// Database is a KeePass database: its header (zero for an XML export), its
// metadata, its tree of groups and the record of deleted objects.
type Database struct {
	Header         Header
	Meta           Meta
	Root           *Group // the root group; never nil after a successful read
	DeletedObjects []DeletedObject
	// Binaries lists the attachment pool (KDBX 4 inner header, KDBX 3 Meta
	// Binaries): sizes only, the content is not kept. Attachments refer to
	// it by index.
	Binaries []Binary
}

// Meta is the database's <Meta> element: what passtea reports or keeps.
type Meta struct {
	Generator           string // the program that wrote the file, e.g. "KeePassXC"
	DatabaseName        string
	DatabaseNameChanged time.Time
	Description         string
	DefaultUserName     string
	RecycleBinEnabled   bool
	RecycleBinUUID      UUID // zero when there is none
	HistoryMaxItems     int  // -1: unlimited
	HistoryMaxSize      int  // bytes, -1: unlimited
	// MemoryProtection says which standard fields KeePass protects in
	// every entry; KeePassXC also marks each protected field itself.
	MemoryProtection MemoryProtection
	CustomIcons      []CustomIcon
	CustomData       []CustomDataItem
	// HeaderHash is the SHA-256 of the outer header that KDBX 3.1 stores
	// in the XML; the reader checks it.
	HeaderHash []byte
}

// MemoryProtection is <Meta><MemoryProtection>.
type MemoryProtection struct {
	Title, UserName, Password, URL, Notes bool
}

// Group is a KeePass group: a folder of entries and groups.
type Group struct {
	UUID       UUID
	Name       string
	Notes      string
	IconID     int  // one of KeePass's built-in icons
	CustomIcon UUID // zero, or one of Meta.CustomIcons
	Times      Times
	Tags       []string // KDBX 4.1
	CustomData []CustomDataItem
	Groups     []*Group
	Entries    []*Entry
}

// Entry is a KeePass entry, or one of its history items.
type Entry struct {
	UUID       UUID
	IconID     int
	CustomIcon UUID
	Times      Times
	Tags       []string
	// Fields are the entry's strings in file order: the standard Title,
	// UserName, Password, URL and Notes, and any custom ones.
	Fields          []Field
	Attachments     []Attachment
	AutoType        AutoType
	CustomData      []CustomDataItem
	ForegroundColor string // "#RRGGBB" or ""
	BackgroundColor string
	OverrideURL     string
	// ExcludeFromReports is set for entries left out of password quality
	// reports (KDBX 4.1 QualityCheck False, or KeePassXC's older
	// "KnownBad" custom data item).
	ExcludeFromReports bool
	// History holds the entry's earlier versions, oldest first, as KeePass
	// keeps them. History items have no history of their own.
	History []*Entry
}

// The standard field keys.
const (
	FieldTitle    = "Title"
	FieldUserName = "UserName"
	FieldPassword = "Password"
	FieldURL      = "URL"
	FieldNotes    = "Notes"
)

// Field is one of an entry's strings.
type Field struct {
	Key   string
	Value string
	// Protected is set for values KeePass keeps encrypted in the file
	// (Protected="True") or marks for protection in an XML export
	// (ProtectInMemory="True"). It is the "concealed" flag.
	Protected bool
}

// Times are the timestamps KeePass keeps for groups and entries, in UTC.
// A time the file does not hold is the zero time.
type Times struct {
	Created         time.Time
	Modified        time.Time
	Accessed        time.Time
	Expiry          time.Time
	Expires         bool // whether Expiry applies
	UsageCount      int
	LocationChanged time.Time
}

// Attachment is an entry's file attachment: its name and where its bytes are
// in [Database.Binaries] (-1 when the value was inline in the XML).
type Attachment struct {
	Name string
	Ref  int
	Size int // bytes
}

// Binary is one item of the attachment pool.
type Binary struct {
	Size      int
	Protected bool
}

// AutoType is an entry's auto-type setting, which passtea does not use.
// It is kept so an importer can say what it leaves behind. The zero value
// is KeePass's default: enabled, no associations.
type AutoType struct {
	Disabled        bool
	Obfuscation     int
	DefaultSequence string
	Associations    []AutoTypeAssociation
}

// AutoTypeAssociation is one window/keystroke pair of [AutoType].
type AutoTypeAssociation struct {
	Window, Sequence string
}

// CustomDataItem is a key/value pair plugins and KeePassXC store on the
// database, groups and entries.
type CustomDataItem struct {
	Key, Value string
	Modified   time.Time // KDBX 4.1; zero when absent
}

// CustomIcon is an icon image stored in the database.
type CustomIcon struct {
	UUID     UUID
	Name     string // KDBX 4.1
	Size     int    // bytes of image data; the image itself is not kept
	Modified time.Time
}

// DeletedObject records that a group or entry was deleted, for merging.
type DeletedObject struct {
	UUID    UUID
	Deleted time.Time
}

// UUID is a KeePass object identifier (16 bytes, RFC 4122 byte order).
type UUID [16]byte

// IsZero reports whether u is the nil UUID, which KeePass uses for "none".
func (u UUID) IsZero() bool { return u == UUID{} }

// String formats u as 8-4-4-4-12 hex digits.
func (u UUID) String() string {
	h := hex.EncodeToString(u[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// Field returns the field with the given key. KeePass keys are
// case-sensitive.
func (e *Entry) Field(key string) (Field, bool) {
	for _, f := range e.Fields {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

// Get returns the value of the field with the given key, or "".
func (e *Entry) Get(key string) string {
	f, _ := e.Field(key)
	return f.Value
}

// Set sets the field with the given key, adding it at the end when the entry
// has none.
func (e *Entry) Set(key, value string, protected bool) {
	for i := range e.Fields {
		if e.Fields[i].Key == key {
			e.Fields[i].Value, e.Fields[i].Protected = value, protected
			return
		}
	}
	e.Fields = append(e.Fields, Field{Key: key, Value: value, Protected: protected})
}

// IsStandardField reports whether key is one of the five fields every
// KeePass entry has.
func IsStandardField(key string) bool {
	switch key {
	case FieldTitle, FieldUserName, FieldPassword, FieldURL, FieldNotes:
		return true
	}
	return false
}

// splitTags splits a KeePass tag list. KeePass separates tags with ';',
// KeePassXC also accepts ',' (and tabs); spaces around a tag are not part of
// it, and a tag counts once (KeePassXC's Entry::setTags).
func splitTags(s string) []string {
	var tags []string
	for _, t := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' || r == '\t' }) {
		if t = strings.TrimSpace(t); t != "" && !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	return tags
}

// RecycleBin returns the recycle bin group, or nil when the database has
// none (or has it disabled). Importers skip it.
func (db *Database) RecycleBin() *Group {
	if !db.Meta.RecycleBinEnabled || db.Meta.RecycleBinUUID.IsZero() || db.Root == nil {
		return nil
	}
	var found *Group
	var walk func(g *Group)
	walk = func(g *Group) {
		if found != nil {
			return
		}
		if g.UUID == db.Meta.RecycleBinUUID {
			found = g
			return
		}
		for _, c := range g.Groups {
			walk(c)
		}
	}
	walk(db.Root)
	return found
}

// Walk calls fn for every entry (not history items, which hang off their
// entries), depth first in file order: a group's entries, then its
// subgroups. path holds the groups from the root's children down to the
// entry's group (empty for entries in the root group); fn must not keep it.
// An error from fn stops the walk and is returned. An importer skips the
// recycle bin by checking path for [Database.RecycleBin].
func (db *Database) Walk(fn func(path []*Group, e *Entry) error) error {
	if db.Root == nil {
		return nil
	}
	return walkGroup(nil, db.Root, fn)
}

func walkGroup(path []*Group, g *Group, fn func([]*Group, *Entry) error) error {
	for _, e := range g.Entries {
		if err := fn(path, e); err != nil {
			return err
		}
	}
	for _, c := range g.Groups {
		if err := walkGroup(append(path, c), c, fn); err != nil {
			return err
		}
	}
	return nil
}
