package cli

// This file holds references to fields of entries, the one syntax of
// `passtea run` and `passtea inject`:
//
//	passtea://NAME[:FIELD]
//
// NAME is the entry's name as passtea ls prints it, "/" and spaces
// included; FIELD is what get --field takes (see fields.go): password (the
// default), username, url (the first), urls (one a line), notes, otp (the
// otpauth:// URI), tags, name, a custom field's name or custom:NAME; or
// otp-code, the current one-time code (references only). A
// backslash makes the next character plain: "\:" for a colon in a name,
// "\\" for a backslash, "\}" for a brace in a template. In a template the
// reference is written {{ passtea://NAME[:FIELD] }} (the spaces are
// optional), and ends at the first "}}"; in --env the scheme may be left
// out.
//
// Why this syntax: names hold "/" (so the op://vault/item/field scheme of
// fixed segments cannot cut a name from its field), fields hold spaces,
// and a template may be meant for another tool too ({{ .Values.x }} is
// Helm's). One character, the first unescaped ":", cuts the name from the
// field; the passtea:// scheme marks what is ours; a backslash covers the
// rare name with a colon.

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/passtea/passtea/otp"
	"github.com/passtea/passtea/ui/term"
	"github.com/passtea/passtea/vault"
)

// refScheme starts a reference.
const refScheme = "passtea://"

// maxRefLen bounds a reference: a name and a field name at their longest,
// every character escaped.
const maxRefLen = 2 * (vault.MaxNameLen + vault.MaxFieldNameLen + 1)

// ref is a reference to a field of an entry.
type ref struct {
	name  string
	field string // "password" when the reference names none
}

// String writes the reference back in the syntax it was read in, such
// that it reads back the same in a template too.
func (r ref) String() string {
	if r.field == "password" {
		return refScheme + escapeRef(r.name, ":", true)
	}
	return refScheme + escapeRef(r.name, ":", false) + ":" + escapeRef(r.field, "", true)
}

// escapeRef puts a backslash before each backslash, brace and character of
// special, and (at the end of a reference) before the spaces at the end,
// which a template would drop.
func escapeRef(s, special string, end bool) string {
	keep := len(s)
	if end {
		keep = len(strings.TrimRight(s, " \t"))
	}
	var b strings.Builder
	for i, c := range s {
		if c == '\\' || c == '}' || strings.ContainsRune(special, c) || i >= keep {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// errRef is what every malformed reference matches.
var errRef = errors.New("malformed reference")

// refError says what is wrong with a reference; it quotes what was
// written, which names entries and fields, never holds a secret.
type refError struct {
	text   string
	reason string
}

func (e *refError) Error() string {
	return fmt.Sprintf("reference %q: %s (want passtea://NAME[:FIELD])", e.text, e.reason)
}

func (e *refError) Unwrap() error { return errRef }

// parseRef reads a reference; withScheme says whether it must start with
// passtea:// (in templates and env files) or may leave it out (--env).
func parseRef(s string, withScheme bool) (ref, error) {
	text := s
	rest, found := strings.CutPrefix(s, refScheme)
	if !found && withScheme {
		return ref{}, &refError{text, "it does not start with " + refScheme}
	}
	switch {
	case len(rest) > maxRefLen:
		return ref{}, &refError{text[:64] + "…", fmt.Sprintf("it is longer than %d bytes", maxRefLen)}
	case !utf8.ValidString(rest):
		return ref{}, &refError{strings.ToValidUTF8(text, "\uFFFD"), "it is not valid UTF-8"}
	case strings.IndexFunc(rest, unicode.IsControl) >= 0:
		return ref{}, &refError{text, "it contains a control character"}
	}
	var name, field strings.Builder
	cur := &name
	hasField := false
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		switch {
		case c == '\\':
			if i+1 == len(rest) {
				return ref{}, &refError{text, "it ends with a lone backslash"}
			}
			i++
			cur.WriteByte(rest[i])
		case c == ':' && !hasField:
			hasField, cur = true, &field
		default:
			cur.WriteByte(c)
		}
	}
	r := ref{name: name.String(), field: field.String()}
	switch {
	case r.name == "":
		return ref{}, &refError{text, "the entry's name is empty"}
	case hasField && r.field == "":
		return ref{}, &refError{text, "the field's name after \":\" is empty"}
	case !hasField:
		r.field = "password"
	}
	return r, nil
}

// tplRef is a reference found in a template: the bytes it takes,
// braces included, and its line.
type tplRef struct {
	start, end int
	line       int
	ref        ref
}

// scanTemplate finds the references of a template: {{ passtea://…}}. A
// "{{" not followed by the scheme is left alone (the template may be
// meant for another tool too).
func scanTemplate(tpl string) ([]tplRef, error) {
	var refs []tplRef
	line, counted := 1, 0
	for i := 0; ; {
		j := strings.Index(tpl[i:], "{{")
		if j < 0 {
			return refs, nil
		}
		start := i + j
		k := start + 2
		for k < len(tpl) && (tpl[k] == ' ' || tpl[k] == '\t') {
			k++
		}
		if !strings.HasPrefix(tpl[k:], refScheme) {
			i = start + 1 // "{{{ passtea://…}}": the reference opens at the second brace
			continue
		}
		line += strings.Count(tpl[counted:start], "\n")
		counted = start
		end := refEnd(tpl, k)
		if end < 0 {
			return nil, fmt.Errorf("line %d: a reference opened with {{ is not closed with }} on its line", line)
		}
		r, err := parseRef(trimRefSpace(tpl[k:end]), true)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		refs = append(refs, tplRef{start: start, end: end + 2, line: line, ref: r})
		i = end + 2
	}
}

// refEnd is where the "}}" that closes the reference starting at k is, or
// -1 if the line ends first.
func refEnd(tpl string, k int) int {
	for p := k; p < len(tpl); p++ {
		switch tpl[p] {
		case '\\':
			p++
		case '\n':
			return -1
		case '}':
			if p+1 < len(tpl) && tpl[p+1] == '}' {
				return p
			}
		}
	}
	return -1
}

// trimRefSpace drops the spaces before "}}", but not an escaped one.
func trimRefSpace(s string) string {
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		slashes := 0
		for k := len(s) - 2; k >= 0 && s[k] == '\\'; k-- {
			slashes++
		}
		if slashes%2 == 1 {
			break
		}
		s = s[:len(s)-1]
	}
	return s
}

// refValue is the value of a field, and whether it is secret (masked by
// run): the password, notes, one-time code (its URI, or the code) and a
// concealed field are.
type refValue struct {
	value  string
	secret bool
}

// otpCode is the field of a reference that is the current one-time code
// (references only: get --field otp gives the otpauth:// URI, as a
// reference's otp does).
const otpCode = "otp-code"

// resolveRefs looks every reference up in v, each entry once.
func resolveRefs(v store, refs []ref, now time.Time) (map[ref]refValue, error) {
	out := make(map[ref]refValue, len(refs))
	type opened struct {
		en  vault.Entry
		sec *vault.Secret
	}
	entries := map[string]*opened{}
	for _, r := range refs {
		if _, done := out[r]; done {
			continue
		}
		o := entries[r.name]
		if o == nil {
			en, err := findEntry(v, r.name)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", r, err)
			}
			o = &opened{en: en}
			entries[r.name] = o
		}
		fr, err := parseFieldRef(r.field)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", r, err)
		}
		if o.sec == nil && (fr.needsSecret() || r.field == otpCode) {
			s, err := v.Secret(o.en.ID)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", r, err)
			}
			o.sec = &s
		}
		val, err := fieldValue(o.en, o.sec, r.field, now)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", r, err)
		}
		out[r] = val
	}
	return out, nil
}

// fieldValue is the value of the field called field, named as get --field
// names it (see fields.go), or otp-code; s is nil when the field is not
// in the entry's sealed part.
func fieldValue(en vault.Entry, s *vault.Secret, field string, now time.Time) (refValue, error) {
	var sec vault.Secret
	if s != nil {
		sec = *s
	}
	if field == otpCode {
		if sec.OTP == "" {
			return refValue{}, fmt.Errorf("%s has no one-time code", term.Line(en.Name))
		}
		k, err := otp.ParseURI(sec.OTP)
		if err != nil {
			return refValue{}, fmt.Errorf("%s: its one-time code: %w", term.Line(en.Name), err)
		}
		if !k.Type.TimeBased() {
			return refValue{}, fmt.Errorf("%s has a counter-based (HOTP) code, which a reference cannot advance: use passtea otp", term.Line(en.Name))
		}
		code, err := k.Code(now)
		if err != nil {
			return refValue{}, fmt.Errorf("%s: %w", term.Line(en.Name), err)
		}
		return refValue{code, true}, nil
	}
	fr, err := parseFieldRef(field)
	if err != nil {
		return refValue{}, err
	}
	value, _, err := fr.value(en, sec)
	if err != nil {
		return refValue{}, err
	}
	secret := false
	switch fr.builtin {
	case "password", "notes", "otp":
		secret = true
	case "":
		f, _ := sec.Field(fr.custom)
		secret = f.Concealed
	}
	return refValue{value, secret}, nil
}
