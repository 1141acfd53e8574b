package cli

// This file names the fields of an entry on the command line (get --field,
// history --field) and edits the custom fields and URLs (add, edit).
//
// Decision: --field takes a built-in name (password, username, url, urls,
// notes, otp, tags, name), which wins over a custom field of the same
// name, or a custom field's name. custom:NAME always means the custom field
// NAME, built-in name or not, so scripts that read custom fields can use
// it and never meet a built-in. The flags that set or remove custom fields
// (--set-field, --set-field-plain, --unset-field) take the name as it is:
// they never mean a built-in field.

import (
	"fmt"
	"slices"
	"strings"

	"github.com/passtea/passtea/ui/term"
	"github.com/passtea/passtea/vault"
)

// customPrefix marks a custom field's name in --field.
const customPrefix = "custom:"

// builtinFields are the names --field takes for an entry's own fields.
var builtinFields = []string{"password", "username", "url", "urls", "notes", "otp", "tags", "name"}

// fieldRef is a field named by --field: a built-in one, or a custom one.
type fieldRef struct {
	builtin string // one of builtinFields, or "" for a custom field
	custom  string
}

// parseFieldRef reads what --field names.
func parseFieldRef(s string) (fieldRef, error) {
	if name, ok := strings.CutPrefix(s, customPrefix); ok {
		if name == "" {
			return fieldRef{}, usagef("--field %s needs the custom field's name after it", customPrefix)
		}
		return fieldRef{custom: name}, nil
	}
	if s == "" {
		return fieldRef{}, usagef("--field needs a field's name")
	}
	if slices.Contains(builtinFields, s) {
		return fieldRef{builtin: s}, nil
	}
	return fieldRef{custom: s}, nil
}

// String names the field as the user wrote it.
func (f fieldRef) String() string {
	if f.builtin != "" {
		return f.builtin
	}
	return term.Line(f.custom)
}

// needsSecret reports whether the field is in the entry's sealed part.
func (f fieldRef) needsSecret() bool {
	switch f.builtin {
	case "username", "url", "urls", "tags", "name":
		return false
	}
	return true
}

// value returns the field's value in the entry en with its secret s, and
// whether it is text that may span lines.
func (f fieldRef) value(en vault.Entry, s vault.Secret) (string, bool, error) {
	switch f.builtin {
	case "password":
		return s.Password, false, nil
	case "username":
		return en.Username, false, nil
	case "url":
		return en.URL(), false, nil
	case "urls":
		return strings.Join(en.URLs, "\n"), true, nil
	case "notes":
		return s.Notes, true, nil
	case "otp":
		return s.OTP, false, nil
	case "tags":
		return strings.Join(en.Tags, " "), false, nil
	case "name":
		return en.Name, false, nil
	}
	fl, ok := s.Field(f.custom)
	if !ok {
		return "", false, noFieldError(en, s, f.custom)
	}
	return fl.Value, strings.Contains(fl.Value, "\n"), nil
}

// historyKind is the kind of the field's earlier values.
func (f fieldRef) historyKind() vault.FieldKind {
	switch f.builtin {
	case "password":
		return vault.KindPassword
	case "username":
		return vault.KindUsername
	case "url", "urls":
		return vault.KindURLs
	case "notes":
		return vault.KindNotes
	case "otp":
		return vault.KindOTP
	case "tags":
		return vault.KindTags
	case "name":
		return vault.KindName
	}
	return vault.KindCustom
}

// noFieldError says that the entry has no custom field called name, and
// which it has.
func noFieldError(en vault.Entry, s vault.Secret, name string) error {
	msg := fmt.Sprintf("%s has no field %s", term.Line(en.Name), term.Quote(name))
	if len(s.Fields) == 0 {
		return fmt.Errorf("%s (it has no custom fields; the built-in ones are %s)", msg, strings.Join(builtinFields, ", "))
	}
	names := make([]string, len(s.Fields))
	for i, fl := range s.Fields {
		names[i] = term.Quote(fl.Name)
	}
	return fmt.Errorf("%s; its custom fields are %s", msg, strings.Join(names, ", "))
}

// fieldEdits are the custom fields and URLs a command sets or removes, in
// the order given.
type fieldEdits struct {
	set    []vault.Field // --set-field-plain, then --set-field
	unset  []string      // --unset-field
	urls   *[]string     // --url: replace them all
	addURL []string      // --add-url
	rmURL  []string      // --remove-url
}

// parsePlainFields reads --set-field-plain NAME=VALUE values.
func parsePlainFields(specs []string) ([]vault.Field, error) {
	out := make([]vault.Field, 0, len(specs))
	for _, spec := range specs {
		name, value, ok := strings.Cut(spec, "=")
		if !ok || name == "" {
			return nil, usagef("--set-field-plain takes NAME=VALUE, e.g. --set-field-plain 'Account=1234 5678'")
		}
		out = append(out, vault.Field{Name: name, Value: value})
	}
	return out, nil
}

// fieldsChange reports whether edits change the custom fields.
func (ed fieldEdits) fieldsChange() bool { return len(ed.set) > 0 || len(ed.unset) > 0 }

// urlsChange reports whether edits change the URLs.
func (ed fieldEdits) urlsChange() bool {
	return ed.urls != nil || len(ed.addURL) > 0 || len(ed.rmURL) > 0
}

// applyFields returns the custom fields after edits: a field set again
// keeps its place (and takes the concealment it is set with), a new one
// goes last.
func (ed fieldEdits) applyFields(en vault.Entry, s vault.Secret) ([]vault.Field, error) {
	out := slices.Clone(s.Fields)
	for _, name := range ed.unset {
		i := slices.IndexFunc(out, func(f vault.Field) bool { return f.Name == name })
		if i < 0 {
			return nil, noFieldError(en, vault.Secret{Fields: out}, name)
		}
		out = slices.Delete(out, i, i+1)
	}
	for _, f := range ed.set {
		if i := slices.IndexFunc(out, func(g vault.Field) bool { return g.Name == f.Name }); i >= 0 {
			out[i] = f
		} else {
			out = append(out, f)
		}
	}
	return out, nil
}

// applyURLs returns the URLs after edits.
func (ed fieldEdits) applyURLs(en vault.Entry) ([]string, error) {
	out := slices.Clone(en.URLs)
	if ed.urls != nil {
		out = slices.Clone(*ed.urls)
	}
	for _, u := range ed.rmURL {
		i := slices.Index(out, u)
		if i < 0 {
			return nil, fmt.Errorf("%s has no URL %s", term.Line(en.Name), term.Quote(u))
		}
		out = slices.Delete(out, i, i+1)
	}
	for _, u := range ed.addURL {
		if !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return vault.NormalizeURLs(out), nil
}

// builtinNote warns when a custom field gets a built-in field's name.
func builtinNote(e *env, fields []vault.Field) {
	for _, f := range fields {
		if slices.Contains(builtinFields, f.Name) {
			fmt.Fprintf(e.stderr, "passtea: note: --field %s means the built-in field; this custom field is --field %s%s\n", f.Name, customPrefix, f.Name)
		}
	}
}
