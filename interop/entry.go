// This file holds what an importer produces: entries with the notes the
// summary shows about each, and the import that collects them.

package interop

import (
	"fmt"
	"strings"

	"github.com/passtea/passtea/vault"
)

// Kind is what the source called an item: a login, a secure note, a card.
// The summary counts entries per kind.
type Kind string

// The kinds most sources share; a source may name others (1Password's
// "bank account", "server", ...).
const (
	Login       Kind = "login"
	SecureNote  Kind = "secure note"
	Card        Kind = "card"
	Identity    Kind = "identity"
	SSHKey      Kind = "SSH key"
	OneTimeCode Kind = "one-time code"
	Document    Kind = "document"
)

// Entry is one entry read from a source: the entry passtea adds, what the
// source called it, where it was, and what the summary says about it.
type Entry struct {
	vault.NewEntry
	Kind Kind
	// Place is where the entry is in the source: "line 12", "items[3]",
	// "work/github.gpg". Errors and the summary name it.
	Place string
	// Dropped lists what the source held that passtea cannot keep
	// (attachments, passkeys, icons, ...), one phrase each.
	Dropped []string
	// Changed lists how the entry was changed to fit passtea (renamed, a
	// multi-line hidden field shown, a tag respelled), one phrase each.
	Changed []string
}

// Drop records something the source held that passtea cannot keep.
// Quote source text with %q: it is shown in a terminal.
func (e *Entry) Drop(format string, args ...any) {
	e.Dropped = append(e.Dropped, fmt.Sprintf(format, args...))
}

// Change records a change made so that the entry fits passtea.
func (e *Entry) Change(format string, args ...any) {
	e.Changed = append(e.Changed, fmt.Sprintf(format, args...))
}

// maxCollected bounds the URLs and tags an entry collects before
// cleaning (which compares each with the others): beyond it they are
// listed as dropped at once.
const maxCollected = 1024

// AddURL appends a URL (blank ones are ignored).
func (e *Entry) AddURL(u string) {
	switch u = strings.TrimSpace(u); {
	case u == "":
	case len(e.URLs) >= maxCollected:
		e.Drop("URL %q (passtea keeps %d URLs per entry)", u, vault.MaxURLs)
	default:
		e.URLs = append(e.URLs, u)
	}
}

// AddNotes appends a paragraph to the notes, after a blank line.
func (e *Entry) AddNotes(text string) {
	text = Text(text)
	switch {
	case strings.TrimSpace(text) == "":
	case e.Notes == "":
		e.Notes = text
	default:
		e.Notes = strings.TrimRight(e.Notes, "\n") + "\n\n" + text
	}
}

// AddField appends a custom field. A name already used gets " (2)", an
// empty one is called "field"; line breaks are normalised to LF. passtea
// conceals only one-line values (FORMAT.md: a concealed value is held
// like a password), so a concealed value with line breaks is kept as a
// visible field, and the summary says so.
func (e *Entry) AddField(name, value string, concealed bool) {
	name = fieldName(name)
	taken := func(n string) bool {
		_, ok := e.Field(n)
		return ok
	}
	// Past the vault's limit the entry is refused anyway: skip the
	// (linear) search for a free name.
	if len(e.Fields) <= vault.MaxFields && taken(name) {
		name = vault.FreeName(name, taken)
	}
	if concealed {
		if strings.ContainsAny(value, "\r\n") {
			concealed = false
			e.Change("hidden field %q has several lines: kept visible", name)
		}
	}
	if !concealed {
		value = Text(value)
	}
	e.Fields = append(e.Fields, vault.Field{Name: name, Value: value, Concealed: concealed})
}

// Import is what a reader read: the entries to add, in source order, and
// what the summary says about the source as a whole.
type Import struct {
	// Format names the format read ("bitwarden-json").
	Format string
	// Entries are the entries, in source order, with unique names.
	Entries []Entry
	// Skipped are records that give no entry (items in the trash, empty
	// rows of a known kind), with why.
	Skipped []SkippedRecord
	// Notes are about the whole source: ignored columns, a skipped
	// recycle bin, merged codes.
	Notes []string

	limits Limits
	names  map[string]int // name → index in Entries
}

// SkippedRecord is a record that gave no entry.
type SkippedRecord struct {
	Place  string
	Name   string
	Reason string
}

// NewImport starts an import of the named format with limits (the zero
// value for [DefaultLimits]).
func NewImport(format string, limits Limits) *Import {
	return &Import{Format: format, limits: limits.Or(), names: map[string]int{}}
}

// Note adds a note about the whole source.
func (im *Import) Note(format string, args ...any) {
	im.Notes = append(im.Notes, fmt.Sprintf(format, args...))
}

// Skip records a record that gives no entry.
func (im *Import) Skip(place, name, reason string) {
	im.Skipped = append(im.Skipped, SkippedRecord{Place: place, Name: name, Reason: reason})
}

// Add cleans e to fit passtea's rules (see [Clean]), checks it as the
// vault would, gives it a name no earlier entry of the import has (" (2)"),
// and appends it. A record the vault would refuse is a [*RecordError] at
// e.Place; past [Limits].Entries, a [*LimitError].
func (im *Import) Add(e Entry) error {
	if im.names == nil {
		im.names, im.limits = map[string]int{}, im.limits.Or()
	}
	if len(im.Entries) >= im.limits.Entries {
		return &LimitError{What: "entries", Limit: int64(im.limits.Entries)}
	}
	Clean(&e)
	if _, dup := im.names[e.Name]; dup {
		old := e.Name
		e.Name = vault.FreeName(e.Name, func(n string) bool { _, ok := im.names[n]; return ok })
		e.Change("renamed from %q: an earlier entry of the import has that name", old)
	}
	if err := vault.ValidateEntry(e.NewEntry); err != nil {
		return AtPlace(e.Place, err)
	}
	im.names[e.Name] = len(im.Entries)
	im.Entries = append(im.Entries, e)
	return nil
}

// NewEntries returns the entries as the vault takes them.
func (im *Import) NewEntries() []vault.NewEntry {
	out := make([]vault.NewEntry, len(im.Entries))
	for i := range im.Entries {
		out[i] = im.Entries[i].NewEntry
	}
	return out
}
