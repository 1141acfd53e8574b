package vault

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/passtea/passtea/crypto"
)

// ID identifies an entry for its whole life; names can change.
type ID [16]byte

// String returns the id in hex.
func (id ID) String() string { return hex.EncodeToString(id[:]) }

func newID() (ID, error) {
	var id ID
	if _, err := rand.Read(id[:]); err != nil {
		return id, fmt.Errorf("new entry id: %w", err)
	}
	return id, nil
}

// Entry is what the vault shows of an entry without opening its secrets:
// enough to list, filter and find it.
type Entry struct {
	ID       ID
	Revision uint64 // starts at 1, grows with every change
	Name     string // unique in the vault; "/" may group, e.g. "work/github"
	Username string
	URL      string
	Tags     []string
	Created  time.Time
	Modified time.Time
}

// Secret is the sealed part of an entry, opened only when it is shown or
// copied.
type Secret struct {
	Password string
	Notes    string
	History  []OldPassword // previous passwords, oldest first
}

// OldPassword is a password an entry had before, and when it was replaced.
type OldPassword struct {
	Password string
	Replaced time.Time
}

// Fields are the plain fields of a new entry.
type Fields struct {
	Name     string
	Username string
	URL      string
	Tags     []string
}

// Change lists what an edit changes; nil fields stay as they are. A new
// password moves the old one into the history.
type Change struct {
	Name     *string
	Username *string
	URL      *string
	Tags     *[]string
	Password *string
	Notes    *string
}

// Limits on field sizes, checked on every change and every read.
const (
	MaxNameLen     = 256
	MaxFieldLen    = 4096      // username, URL, tag list entries
	MaxPasswordLen = 64 << 10  // one password
	MaxNotesLen    = 1 << 20   // notes
	MaxTags        = 64        // tags per entry
	MaxTagLen      = 64        // one tag
	MaxHistory     = 1000      // passwords kept in the history
	maxSecretLen   = 8 << 20   // a whole sealed secret
	maxIndexLen    = 256 << 20 // the whole sealed index
)

// NormalizeName returns name in Unicode normalisation form C, the form
// names are stored in: two spellings of one name (a precomposed "é" and "e"
// with a combining accent) are one name. Add, Edit and Get apply it.
func NormalizeName(name string) string { return norm.NFC.String(name) }

// ValidateName reports whether name can name an entry: not empty, at most
// [MaxNameLen] bytes of UTF-8 in normalisation form C, without control or
// format characters (which include bidirectional overrides and zero-width
// characters: "bank\u202egro.live" must not pose as "bankevil.org"), no
// leading or trailing space or "/", no empty group ("a//b").
func ValidateName(name string) error {
	switch {
	case name == "":
		return invalid("name", "the name is empty")
	case len(name) > MaxNameLen:
		return invalid("name", "the name is longer than %d bytes", MaxNameLen)
	case !utf8.ValidString(name):
		return invalid("name", "the name is not valid UTF-8")
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return invalid("name", "the name contains a control character")
	case strings.IndexFunc(name, isFormat) >= 0:
		return invalid("name", "the name contains an invisible formatting character (a direction override or zero-width character)")
	case !norm.NFC.IsNormalString(name):
		return invalid("name", "the name is not in Unicode normalisation form C")
	case strings.TrimSpace(name) != name:
		return invalid("name", "the name starts or ends with a space")
	case strings.HasPrefix(name, "/") || strings.HasSuffix(name, "/"):
		return invalid("name", "the name starts or ends with /")
	case strings.Contains(name, "//"):
		return invalid("name", "the name has an empty group (//)")
	}
	return nil
}

// isFormat reports whether r is an invisible formatting character (Unicode
// category Cf: bidirectional controls, zero-width spaces and joiners, the
// byte order mark, ...).
func isFormat(r rune) bool { return unicode.Is(unicode.Cf, r) }

func validateLine(what, s string, limit int) error {
	switch {
	case len(s) > limit:
		return invalid(what, "the %s is longer than %d bytes", what, limit)
	case !utf8.ValidString(s):
		return invalid(what, "the %s is not valid UTF-8", what)
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return invalid(what, "the %s contains a control character", what)
	}
	return nil
}

// NormalizeTags trims, drops empty and duplicate tags, and sorts them.
func NormalizeTags(tags []string) []string {
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		if t = strings.TrimSpace(t); t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}

func validateFields(f Fields) error {
	if err := ValidateName(f.Name); err != nil {
		return err
	}
	if err := validateLine("username", f.Username, MaxFieldLen); err != nil {
		return err
	}
	if err := validateLine("URL", f.URL, MaxFieldLen); err != nil {
		return err
	}
	if len(f.Tags) > MaxTags {
		return invalid("tags", "there are more than %d tags", MaxTags)
	}
	for _, t := range f.Tags {
		if err := validateLine("tag", t, MaxTagLen); err != nil {
			return err
		}
		if t == "" || strings.ContainsAny(t, ", ") {
			return invalid("tag", "a tag is empty or contains a comma or space")
		}
	}
	return nil
}

func validateSecret(s Secret) error {
	switch {
	case len(s.Password) > MaxPasswordLen:
		return invalid("password", "the password is longer than %d bytes", MaxPasswordLen)
	case strings.ContainsAny(s.Password, "\n\r"):
		return invalid("password", "the password contains a line break")
	case len(s.Notes) > MaxNotesLen:
		return invalid("notes", "the notes are longer than %d bytes", MaxNotesLen)
	case !utf8.ValidString(s.Notes):
		return invalid("notes", "the notes are not valid UTF-8")
	case secretSize(s) > maxSecretLen-crypto.Overhead:
		return invalid("entry", "the entry's password, notes and history together are longer than %d bytes", maxSecretLen-crypto.Overhead)
	}
	return nil
}

// secretSize is the length of s as marshalSecret writes it.
func secretSize(s Secret) int {
	n := 3*binary.MaxVarintLen64 + len(s.Password) + len(s.Notes)
	for _, h := range s.History {
		n += 2*binary.MaxVarintLen64 + len(h.Password)
	}
	return n
}

// trimHistory drops the oldest previous passwords until s fits in a sealed
// secret the reader accepts.
func trimHistory(s *Secret) {
	for len(s.History) > 0 && secretSize(*s) > maxSecretLen-crypto.Overhead {
		s.History = s.History[1:]
	}
}

func (e Entry) fields() Fields {
	return Fields{Name: e.Name, Username: e.Username, URL: e.URL, Tags: e.Tags}
}

// ValidateEntry reports whether an entry to add has acceptable fields and
// secret (the same checks [Vault.Add] makes, without the vault).
func ValidateEntry(e NewEntry) error {
	if err := validateFields(Fields{Name: NormalizeName(e.Name), Username: e.Username, URL: e.URL, Tags: NormalizeTags(e.Tags)}); err != nil {
		return err
	}
	return validateSecret(e.Secret)
}
