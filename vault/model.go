// This file holds the entry types callers see: what lists show (Entry),
// what is sealed (Secret), and what a new entry or a change carries.

package vault

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"
)

// ID identifies an entry for its whole life; names can change.
type ID [16]byte

// String returns the id in hex.
func (id ID) String() string { return hex.EncodeToString(id[:]) }

// ParseID reads an id written by [ID.String].
func ParseID(s string) (ID, error) {
	var id ID
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != len(id) {
		return id, fmt.Errorf("%q is not an entry id (32 hex digits)", s)
	}
	copy(id[:], b)
	return id, nil
}

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
	ID ID
	// Revision changes whenever the entry changes (here or in a merged
	// copy): a front end that holds an entry can tell it is stale.
	Revision uint64
	// Name is unique among live entries; "/" may group, e.g. "work/github".
	// Two entries merged from different copies under one name are told
	// apart as "NAME (2)" (see FORMAT.md, "Entries").
	Name     string
	Username string
	URLs     []string
	Tags     []string
	Created  time.Time
	Modified time.Time
	// HasOTP reports whether the entry has a one-time code.
	HasOTP bool
	// Conflict reports that a merge kept two concurrent changes of a field
	// (the other one is in the history) and the user has not looked at the
	// entry since; [Vault.Resolve] clears it.
	Conflict bool
	// Accepted lists audit findings the user accepted for this entry.
	Accepted []string
	// Deleted reports that the entry is in the trash.
	Deleted bool
}

// URL returns the first URL, or "".
func (e Entry) URL() string {
	if len(e.URLs) == 0 {
		return ""
	}
	return e.URLs[0]
}

// Field is a custom field: a named value such as a PIN, a security answer or
// an account number, shown masked when concealed.
type Field struct {
	Name      string
	Value     string
	Concealed bool
}

// Secret is the sealed part of an entry, opened only when it is shown or
// copied.
type Secret struct {
	Password string
	Notes    string
	// OTP is the one-time-code secret as an otpauth:// URI, or "".
	OTP string
	// Fields are the custom fields, in their order.
	Fields []Field
	// History holds every earlier value of every field, oldest first.
	History []OldValue
}

// Field returns the custom field called name.
func (s Secret) Field(name string) (Field, bool) {
	for _, f := range s.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// PasswordHistory returns the earlier passwords, oldest first.
func (s Secret) PasswordHistory() []OldValue {
	var out []OldValue
	for _, h := range s.History {
		if h.Kind == KindPassword {
			out = append(out, h)
		}
	}
	return out
}

// FieldKind names a field of an entry, for its history.
type FieldKind uint8

// The fields of an entry.
const (
	KindName FieldKind = 1 + iota
	KindUsername
	KindURLs
	KindTags
	KindPassword
	KindNotes
	KindOTP
	KindCustom // a custom field; OldValue.Field names it
	kindOrder
	kindAccepted
	kindLimit // one past the last kind
)

// String names the kind as people would: "name", "password", "custom field".
func (k FieldKind) String() string {
	switch k {
	case KindName:
		return "name"
	case KindUsername:
		return "username"
	case KindURLs:
		return "URLs"
	case KindTags:
		return "tags"
	case KindPassword:
		return "password"
	case KindNotes:
		return "notes"
	case KindOTP:
		return "one-time code"
	case KindCustom:
		return "custom field"
	case kindOrder:
		return "field order"
	case kindAccepted:
		return "accepted findings"
	}
	return fmt.Sprintf("FieldKind(%d)", uint8(k))
}

// OldValue is a value a field had before (or a concurrent value a merge
// did not keep as the current one).
type OldValue struct {
	Kind FieldKind
	// Field is the custom field's name, for KindCustom.
	Field string
	// Value is the value; for KindURLs and KindTags, one per line.
	Value string
	// Concealed is set for passwords, one-time codes and concealed custom
	// fields: values a front end masks until asked.
	Concealed bool
	// Removed is set when a custom field was deleted by this write.
	Removed bool
	// Set is when the value was set; Replaced when the value after it was
	// (zero when nothing replaced it: a concurrent value a merge set aside).
	Set, Replaced time.Time
}

// NewEntry is an entry to add: its fields, its secret, and for imports, its
// times and history.
type NewEntry struct {
	Name     string
	Username string
	URLs     []string
	Tags     []string
	Secret
	// Created and Modified are when the entry was made and last changed
	// elsewhere (an import); zero means now.
	Created, Modified time.Time
	// Accepted lists audit findings accepted for the entry.
	Accepted []string
}

// Change lists what an edit changes; nil fields stay as they are. The value
// a change replaces goes into the history.
type Change struct {
	Name     *string
	Username *string
	URLs     *[]string
	Tags     *[]string
	Password *string
	Notes    *string
	OTP      *string
	// Fields replaces the custom fields and their order: fields missing
	// from it are removed (their values stay in the history).
	Fields   *[]Field
	Accepted *[]string
	// IfRevision, when not 0, makes the edit happen only if the entry is
	// still at that revision when the change is saved (under the lock,
	// after merging what other processes saved); else it fails with a
	// [*ChangedError]. A front end that showed the entry passes the
	// revision it showed, so it never overwrites a change it did not see.
	IfRevision uint64
}

// Credentials open a vault: the master password and, for a vault with a
// key file, the 32-byte key read from it (see the crypto/keyfile package).
type Credentials struct {
	Password []byte
	KeyFile  []byte
}
