package cli

// This file holds the text form of an entry that `passtea edit NAME` opens
// in the user's editor, and its parser:
//
//	name: work/github
//	username: octocat
//	password: correct horse
//	url: https://github.com
//	url: https://github.com/login
//	tags: work code
//	otp: otpauth://totp/GitHub:octocat?secret=…
//	field API base: https://api.github.com
//	secret recovery codes: 1111-2222
//	| 3333-4444
//	notes:
//	Everything after the line "notes:" is the notes, as it is.
//
// Above "notes:", a line starting with "#" is a comment and blank lines
// are skipped. A value is taken as it is, less spaces at either end,
// unless it starts with a double quote: then it is a Go string literal
// ("\t", "\"", "\\", "\u00e9"…), which is how values with spaces at
// either end are written. A custom field's value goes on on the lines
// that follow starting with "|" ("| " and "|" are taken off). A field's
// name that holds ":" or starts with a quote is written quoted too.

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/passtea/passtea/vault"
)

// entryForm is what the text form holds of an entry: everything a user
// edits.
type entryForm struct {
	name, username, password, otp, notes string
	urls, tags                           []string
	fields                               []vault.Field
}

// formOf is the form of an entry and its secret.
func formOf(en vault.Entry, s vault.Secret) entryForm {
	return entryForm{name: en.Name, username: en.Username, password: s.Password, otp: s.OTP, notes: s.Notes,
		urls: en.URLs, tags: en.Tags, fields: s.Fields}
}

// formatForm writes the text form.
func formatForm(f entryForm) string {
	var b strings.Builder
	line := func(key, value string) {
		b.WriteString(key)
		b.WriteByte(':')
		if value != "" {
			b.WriteByte(' ')
			b.WriteString(formValue(value))
		}
		b.WriteByte('\n')
	}
	line("name", f.name)
	line("username", f.username)
	line("password", f.password)
	for _, u := range f.urls {
		line("url", u)
	}
	line("tags", strings.Join(f.tags, " "))
	line("otp", f.otp)
	for _, fl := range f.fields {
		kind := "field "
		if fl.Concealed {
			kind = "secret "
		}
		line(kind+formFieldName(fl.Name), fl.Value)
	}
	b.WriteString("notes:\n")
	if f.notes != "" {
		b.WriteString(f.notes)
		b.WriteByte('\n')
	}
	return b.String()
}

// formValue writes a value: as it is, on "|" lines after the first if it
// spans lines, or quoted when it would not read back the same.
func formValue(v string) string {
	lines := strings.Split(v, "\n")
	for i, l := range lines {
		if !plainLine(l, i == 0) {
			return strconv.Quote(v)
		}
	}
	return strings.Join(lines, "\n| ")
}

// plainLine reports whether l reads back as it is: no spaces at its end
// (nor at its start, or a quote, on the first line), no carriage return.
func plainLine(l string, first bool) bool {
	if strings.ContainsRune(l, '\r') || strings.TrimRight(l, " \t") != l {
		return false
	}
	return !first || strings.TrimLeft(l, " \t") == l && !strings.HasPrefix(l, `"`) && !strings.HasPrefix(l, "|")
}

// formFieldName writes a custom field's name, quoted when it holds a
// colon, starts with a quote or has spaces at either end.
func formFieldName(n string) string {
	if strings.Contains(n, ":") || strings.HasPrefix(n, `"`) || strings.TrimSpace(n) != n {
		return strconv.Quote(n)
	}
	return n
}

// formError says which line of the text form is wrong and why.
type formError struct {
	line int
	msg  string
}

func (e *formError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// formKeys are the keys of the form that appear at most once.
var formKeys = []string{"name", "username", "password", "tags", "otp"}

// parseForm reads the text form.
func parseForm(text string) (entryForm, error) {
	var f entryForm
	seen := map[string]bool{}
	lines := strings.Split(text, "\n")
	// cont is the value a "|" line goes on with (nil: none may).
	var cont *string
scan:
	for i := 0; i < len(lines); i++ {
		n, l := i+1, strings.TrimSuffix(lines[i], "\r")
		fail := func(format string, args ...any) (entryForm, error) {
			return entryForm{}, &formError{n, fmt.Sprintf(format, args...)}
		}
		switch {
		case strings.HasPrefix(l, "#") || strings.TrimSpace(l) == "":
			continue
		case strings.HasPrefix(l, "|"):
			if cont == nil {
				return fail(`a line starting with "|" goes on with a custom field's value, and there is none above it to go on with (quoted values cannot)`)
			}
			*cont += "\n" + strings.TrimRight(strings.TrimPrefix(strings.TrimPrefix(l, "|"), " "), " \t")
			continue
		}
		cont = nil
		if key, rest, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(key) == "notes" {
			f.notes = strings.Join(lines[i+1:], "\n")
			if first := strings.TrimSpace(rest); first != "" {
				f.notes = first + "\n" + f.notes
			}
			f.notes = strings.TrimSuffix(strings.TrimSuffix(f.notes, "\n"), "\r")
			break scan
		}
		kind, name, raw, err := splitFormLine(l)
		if err != nil {
			return fail("%v", err)
		}
		value, quoted, err := formLineValue(raw)
		if err != nil {
			return fail("%v", err)
		}
		switch {
		case kind == "field" || kind == "secret":
			if slices.ContainsFunc(f.fields, func(fl vault.Field) bool { return fl.Name == name }) {
				return fail("a second custom field called %q", name)
			}
			f.fields = append(f.fields, vault.Field{Name: name, Value: value, Concealed: kind == "secret"})
			if !quoted {
				cont = &f.fields[len(f.fields)-1].Value
			}
			continue
		case kind == "url":
			if value != "" {
				f.urls = append(f.urls, value)
			}
			continue
		case !slices.Contains(formKeys, kind):
			return fail("%q is not a key of the form (name, username, password, url, tags, otp, field NAME, secret NAME, notes)", kind)
		case seen[kind]:
			return fail("a second %q line", kind)
		}
		seen[kind] = true
		switch kind {
		case "name":
			f.name = value
		case "username":
			f.username = value
		case "password":
			f.password = value
		case "otp":
			f.otp = value
		case "tags":
			if tags := strings.Fields(value); len(tags) > 0 {
				f.tags = tags
			}
		}
	}
	return f, nil
}

// splitFormLine cuts "key: value" or "field NAME: value" into the key (or
// field/secret), the field's name, and the raw value.
func splitFormLine(l string) (kind, name, raw string, err error) {
	for _, k := range []string{"field ", "secret "} {
		rest, ok := strings.CutPrefix(l, k)
		if !ok {
			continue
		}
		rest = strings.TrimLeft(rest, " \t")
		if strings.HasPrefix(rest, `"`) {
			q, err := strconv.QuotedPrefix(rest)
			if err != nil {
				return "", "", "", errors.New("a quoted field name must end with its quote (Go syntax)")
			}
			name, _ = strconv.Unquote(q)
			rest = strings.TrimLeft(rest[len(q):], " \t")
			if !strings.HasPrefix(rest, ":") {
				return "", "", "", errors.New(`a ":" must follow the field's name`)
			}
			return strings.TrimSpace(k), name, rest[1:], nil
		}
		name, raw, ok := strings.Cut(rest, ":")
		if !ok {
			return "", "", "", fmt.Errorf(`want "%sNAME: value"`, k)
		}
		if name = strings.TrimSpace(name); name == "" {
			return "", "", "", errors.New("a custom field needs a name")
		}
		return strings.TrimSpace(k), name, raw, nil
	}
	key, raw, ok := strings.Cut(l, ":")
	if !ok {
		return "", "", "", errors.New(`want "key: value" (or a comment starting with "#")`)
	}
	return strings.TrimSpace(key), "", raw, nil
}

// formLineValue reads a value: trimmed, or a Go string literal.
func formLineValue(raw string) (value string, quoted bool, err error) {
	v := strings.TrimSpace(raw)
	if !strings.HasPrefix(v, `"`) {
		return v, false, nil
	}
	s, err := strconv.Unquote(v)
	if err != nil {
		return "", false, errors.New(`a value starting with a double quote must be one Go string literal, such as "  two spaces  " or "a \"quote\""`)
	}
	return s, true, nil
}

// formChange is what changed from old to f, for vault.Vault.Edit.
func formChange(old, f entryForm) vault.Change {
	var c vault.Change
	str := func(a, b string, p **string) {
		if a != b {
			*p = &b
		}
	}
	str(old.name, f.name, &c.Name)
	str(old.username, f.username, &c.Username)
	str(old.password, f.password, &c.Password)
	str(old.otp, f.otp, &c.OTP)
	str(old.notes, f.notes, &c.Notes)
	if !slices.Equal(old.urls, f.urls) {
		c.URLs = &f.urls
	}
	if !slices.Equal(old.tags, f.tags) {
		c.Tags = &f.tags
	}
	if !slices.Equal(old.fields, f.fields) {
		c.Fields = &f.fields
	}
	return c
}
