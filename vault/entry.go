// This file holds the limits and the rules for what each field may hold
// (FORMAT.md, "Writes" and "Limits"), checked on every change.

package vault

import (
	"errors"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/passtea/passtea/otp"
)

// Limits on field values, checked on every change.
const (
	MaxNameLen      = 256
	MaxFieldLen     = 4096     // a username or one URL
	MaxURLs         = 64       // URLs per entry
	MaxTags         = 64       // tags per entry
	MaxTagLen       = 64       // one tag
	MaxPasswordLen  = 64 << 10 // a password or a custom field's value
	MaxNotesLen     = 1 << 20  // notes
	MaxOTPLen       = 4096     // a one-time-code URI
	MaxFields       = 256      // custom fields per entry
	MaxFieldNameLen = 256      // a custom field's name
	MaxHistory      = 1000     // earlier values kept per field
	// MaxEntries bounds the entries of a vault: live, in the trash, and
	// purged markers.
	MaxEntries = 1_000_000
)

// Limits of the file's structure, which readers enforce too.
const (
	maxAccepted     = 16
	maxFindingLen   = 32
	maxSecretLen    = 8 << 20  // one entry's encoded secret
	maxIndexPage    = 16 << 20 // a sealed index page
	maxSecretPage   = 64 << 20 // a sealed secret page
	maxRoot         = 64 << 20 // the sealed root
	maxGroupEntries = 1024
	maxSettings     = 256
	maxSettingLen   = 4096
	minFileSize     = 4096
	maxFileSize     = 1 << 30
)

var errTooManyEarlier = errors.New("a field has more earlier values than the limit")

// Findings are the audit findings an entry may have accepted.
var Findings = []string{"weak", "reused", "old", "breached", "missing", "conflict"}

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

// validateLine checks a one-line text field: UTF-8 without control
// characters, at most limit bytes.
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

// validateText checks a multi-line text field: UTF-8 whose only control
// characters are tab and line feed, at most limit bytes.
func validateText(what, s string, limit int) error {
	be := "is"
	if what == "notes" {
		be = "are"
	}
	switch {
	case len(s) > limit:
		return invalid(what, "the %s %s longer than %d bytes", what, be, limit)
	case !utf8.ValidString(s):
		return invalid(what, "the %s %s not valid UTF-8", what, be)
	case strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\t' && r != '\n' }) >= 0:
		return invalid(what, "the %s %s a control character other than tab and line feed", what, map[string]string{"is": "has", "are": "have"}[be])
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

// NormalizeURLs trims and drops empty and duplicate URLs, keeping their
// order (the first is the one shown and opened).
func NormalizeURLs(urls []string) []string {
	out := make([]string, 0, len(urls))
	for _, u := range urls {
		if u = strings.TrimSpace(u); u != "" && !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out
}

func validateTags(tags []string) error {
	if len(tags) > MaxTags {
		return invalid("tags", "there are more than %d tags", MaxTags)
	}
	for _, t := range tags {
		if err := validateLine("tag", t, MaxTagLen); err != nil {
			return err
		}
		if t == "" || strings.ContainsAny(t, ", ") {
			return invalid("tag", "a tag is empty or contains a comma or space")
		}
	}
	return nil
}

func validateURLs(urls []string) error {
	if len(urls) > MaxURLs {
		return invalid("URL", "there are more than %d URLs", MaxURLs)
	}
	for _, u := range urls {
		if err := validateLine("URL", u, MaxFieldLen); err != nil {
			return err
		}
	}
	return nil
}

// ValidatePassword checks a password: UTF-8 without control characters
// (C0, DEL, C1: a line break, an escape sequence), at most
// [MaxPasswordLen] bytes.
func ValidatePassword(pw string) error {
	return validateLine("password", pw, MaxPasswordLen)
}

// ValidateNotes checks notes: UTF-8 whose only control characters are tab
// and line feed, at most [MaxNotesLen] bytes.
func ValidateNotes(notes string) error {
	return validateText("notes", notes, MaxNotesLen)
}

// validateOTP checks a one-time code: an otpauth:// URI the otp package
// accepts; an empty one removes the code.
func validateOTP(uri string) error {
	if uri == "" {
		return nil
	}
	if err := validateLine("one-time code", uri, MaxOTPLen); err != nil {
		return err
	}
	if _, err := otp.ParseURI(uri); err != nil {
		return &InvalidError{Field: "one-time code", Reason: err.Error()}
	}
	return nil
}

// validateFields checks custom fields: unique non-empty names without
// control characters, values as passwords (concealed) or notes (not).
func validateFields(fields []Field) error {
	if len(fields) > MaxFields {
		return invalid("field", "there are more than %d custom fields", MaxFields)
	}
	seen := make(map[string]bool, len(fields))
	for _, f := range fields {
		if f.Name == "" {
			return invalid("field", "a custom field has no name")
		}
		if err := validateLine("field name", f.Name, MaxFieldNameLen); err != nil {
			return err
		}
		if seen[f.Name] {
			return invalid("field", "two custom fields are called %q", f.Name)
		}
		seen[f.Name] = true
		// Concealed or not, a value may span lines (an SSH key, an address).
		if err := validateText("value of "+quoteField(f.Name), f.Value, MaxPasswordLen); err != nil {
			var inv *InvalidError
			if errors.As(err, &inv) {
				inv.Field = "field"
			}
			return err
		}
	}
	return nil
}

// quoteField quotes a custom field's name for an error (its characters
// were checked already).
func quoteField(name string) string { return "\"" + name + "\"" }

func validateAccepted(findings []string) error {
	if len(findings) > maxAccepted {
		return invalid("accepted", "too many accepted findings")
	}
	for _, f := range findings {
		if !slices.Contains(Findings, f) {
			return invalid("accepted", "%q is not an audit finding", f)
		}
	}
	return nil
}

// ValidateEntry reports whether an entry to add has acceptable fields and
// secret (the same checks [Vault.Add] makes, without the vault).
func ValidateEntry(e NewEntry) error {
	_, err := newEntryWrites(e, 1)
	return err
}
